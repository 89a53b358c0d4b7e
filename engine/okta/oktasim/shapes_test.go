package oktasim

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The tests in this file hold shapes to Okta's documented examples (the Users API "Links object"
// table and its List Users examples, Unlock a user, the System Log's LogEvent example, the OAuth
// error examples) and to recorded traffic of real orgs.

func linkNames(t *testing.T, u map[string]any) []string {
	t.Helper()
	links, ok := u["_links"].(map[string]any)
	if !ok {
		t.Fatalf("no _links in %v", u)
	}
	var out []string
	for k := range links {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func TestUserLinksAndCredentials(t *testing.T) {
	org, srv := testOrg(t, Options{})
	tok := org.APIToken()
	var u map[string]any
	do(t, srv, tok, "POST", "/api/v1/users?activate=true",
		`{"profile":{"login":"ada@example.com","email":"ada@example.com","firstName":"Ada","lastName":"Lovelace"},"credentials":{"password":{"value":"Tr0ub4dor&3xyz"}}}`, &u)
	id := u["id"].(string)
	// An ACTIVE Okta-sourced user with a password: every relation of Okta's example.
	active := []string{"changePassword", "changeRecoveryQuestion", "deactivate", "expirePassword", "forgotPassword",
		"resetFactors", "resetPassword", "schema", "self", "suspend", "type"}
	for _, step := range []struct{ name, method, path, body string }{
		{"create", "", "", ""},
		{"read", "GET", "/api/v1/users/" + id, ""},
		{"update (POST)", "POST", "/api/v1/users/" + id, `{"profile":{"title":"Countess"}}`},
		{"replace (PUT)", "PUT", "/api/v1/users/" + id, `{"profile":{"login":"ada@example.com","email":"ada@example.com","firstName":"Ada","lastName":"Lovelace"}}`},
	} {
		if step.method != "" {
			u = nil
			do(t, srv, tok, step.method, step.path, step.body, &u)
		}
		if got := linkNames(t, u); !slices.Equal(got, active) {
			t.Errorf("%s: _links %v, want %v", step.name, got, active)
		}
		creds, _ := u["credentials"].(map[string]any)
		emails, _ := creds["emails"].([]any)
		if _, ok := creds["password"].(map[string]any); !ok || len(emails) != 1 || creds["provider"] == nil {
			t.Errorf("%s: credentials %v, want password {}, emails and provider", step.name, creds)
		} else if e := emails[0].(map[string]any); e["value"] != "ada@example.com" || e["status"] != "VERIFIED" || e["type"] != "PRIMARY" {
			t.Errorf("%s: credentials.emails %v", step.name, emails)
		}
	}
	u = nil
	do(t, srv, tok, "POST", "/api/v1/users/"+id+"/lifecycle/expire_password", "", &u)
	if u["status"] != "PASSWORD_EXPIRED" || !slices.Equal(linkNames(t, u), active) {
		t.Errorf("expire_password: status %v, _links %v", u["status"], linkNames(t, u))
	}
	var temp map[string]any
	do(t, srv, tok, "POST", "/api/v1/users/"+id+"/lifecycle/expire_password?tempPassword=true", "", &temp)
	if s, _ := temp["tempPassword"].(string); len(temp) != 1 || s == "" {
		t.Errorf("expire_password?tempPassword=true = %v, want {\"tempPassword\": …}", temp)
	}

	// A list holds only each user's self link (Okta: "For a collection of users, the links
	// object contains only the self link").
	var list []map[string]any
	do(t, srv, tok, "GET", "/api/v1/users", "", &list)
	for _, item := range list {
		if got := linkNames(t, item); !slices.Equal(got, []string{"self"}) {
			t.Errorf("listed user %v has _links %v, want only self", item["id"], got)
		}
	}

	// Unset timestamps are null, not absent (List Users example: "activated: null").
	var staged map[string]any
	do(t, srv, tok, "POST", "/api/v1/users?activate=false",
		`{"profile":{"login":"sam@example.com","email":"sam@example.com","firstName":"Sam","lastName":"Staged"}}`, &staged)
	for _, k := range []string{"activated", "statusChanged", "lastLogin", "passwordChanged"} {
		if v, ok := staged[k]; !ok || v != nil {
			t.Errorf("STAGED user's %s = %v (present %v), want null", k, v, ok)
		}
	}
	if got := linkNames(t, staged); !slices.Equal(got, []string{"activate", "deactivate", "schema", "self", "type"}) {
		t.Errorf("STAGED user's _links %v", got)
	}
}

// Unlock a user: "Unlocks a user with a LOCKED_OUT status or unlocks a user with an ACTIVE
// status that's blocked from unknown devices"; the documented answers are 200, 403 and 404.
func TestUnlockPerStatus(t *testing.T) {
	org, srv := testOrg(t, Options{Seed: SeedDemo})
	tok := org.APIToken()
	first := func(status string) string {
		t.Helper()
		var us []map[string]any
		do(t, srv, tok, "GET", "/api/v1/users?filter="+url.QueryEscape(`status eq "`+status+`"`), "", &us)
		if len(us) == 0 {
			t.Fatalf("the demo org has no %s user", status)
		}
		return us[0]["id"].(string)
	}
	locked, active, suspended := first("LOCKED_OUT"), first("ACTIVE"), first("SUSPENDED")
	var u map[string]any
	do(t, srv, tok, "GET", "/api/v1/users/"+locked, "", &u)
	if !slices.Contains(linkNames(t, u), "unlock") {
		t.Errorf("LOCKED_OUT user's _links %v lack unlock", linkNames(t, u))
	}
	for _, tc := range []struct {
		id, name   string
		status     int
		code, then string
	}{
		{locked, "LOCKED_OUT", 200, "", "ACTIVE"},
		{active, "ACTIVE", 200, "", "ACTIVE"},
		{suspended, "SUSPENDED", 403, "E0000038", "SUSPENDED"},
	} {
		var body map[string]any
		resp := do(t, srv, tok, "POST", "/api/v1/users/"+tc.id+"/lifecycle/unlock", "", &body)
		if resp.StatusCode != tc.status || (tc.code != "" && body["errorCode"] != tc.code) {
			t.Errorf("unlock of a %s user: %d %v, want %d %s", tc.name, resp.StatusCode, body, tc.status, tc.code)
		}
		u = nil
		do(t, srv, tok, "GET", "/api/v1/users/"+tc.id, "", &u)
		if u["status"] != tc.then {
			t.Errorf("after unlocking a %s user it is %v, want %s", tc.name, u["status"], tc.then)
		}
	}
}

func TestListsSendLinkHeaders(t *testing.T) {
	org, srv := testOrg(t, Options{Seed: SeedDemo})
	tok := org.APIToken()
	admin := org.AdminID()
	var def map[string]any
	do(t, srv, tok, "POST", "/api/v1/meta/schemas/user/linkedObjects", `{"primary":{"name":"mentor","title":"Mentor"},"associated":{"name":"mentee","title":"Mentee"}}`, &def)
	for _, path := range []string{"/api/v1/users/" + admin + "/groups", "/api/v1/users/" + admin + "/linkedObjects/mentee"} {
		resp := do(t, srv, tok, "GET", path, "", nil)
		if l := resp.Header.Values("Link"); resp.StatusCode != http.StatusOK || len(l) == 0 || !strings.Contains(l[0], `rel="self"`) || !strings.Contains(l[0], path) {
			t.Errorf("GET %s: %d, Link %v; want Okta's self link", path, resp.StatusCode, l)
		}
	}
}

func TestGroupRuleAllGroupsValid(t *testing.T) {
	org, srv := testOrg(t, Options{})
	tok := org.APIToken()
	var g, r, got map[string]any
	do(t, srv, tok, "POST", "/api/v1/groups", `{"profile":{"name":"Sales"}}`, &g)
	do(t, srv, tok, "POST", "/api/v1/groups/rules", `{"type":"group_rule","name":"Sales people","conditions":{"expression":{"type":"urn:okta:expression:1.0","value":"user.department==\"Sales\""}},"actions":{"assignUserToGroups":{"groupIds":["`+g["id"].(string)+`"]}}}`, &r)
	if r["allGroupsValid"] != true {
		t.Fatalf("new rule: allGroupsValid = %v, want true", r["allGroupsValid"])
	}
	do(t, srv, tok, "DELETE", "/api/v1/groups/"+g["id"].(string), "", nil)
	do(t, srv, tok, "GET", "/api/v1/groups/rules/"+r["id"].(string), "", &got)
	if got["allGroupsValid"] != false {
		t.Errorf("rule whose group was deleted: allGroupsValid = %v, want false", got["allGroupsValid"])
	}
}

// The LogEvent example: authenticationContext.rootSessionId is set, client.geographicalContext
// is an address where the client's place is known and null where it is not.
func TestLogEventSessionAndPlace(t *testing.T) {
	org, srv := testOrg(t, Options{Seed: SeedDemo})
	tok := org.APIToken()
	do(t, srv, tok, "POST", "/api/v1/users/"+org.AdminID(), `{"profile":{"title":"CIO"}}`, nil)
	api := eventsOfType(t, org, "user.account.update_profile")
	ev := api[len(api)-1]
	ac := ev["authenticationContext"].(map[string]any)
	if s, _ := ac["rootSessionId"].(string); s == "" || ac["externalSessionId"] != s {
		t.Errorf("authenticationContext = %v, want rootSessionId set (as externalSessionId)", ac)
	}
	cl := ev["client"].(map[string]any)
	if v, ok := cl["geographicalContext"]; !ok || v != nil {
		t.Errorf("a loopback API call's client.geographicalContext = %v (present %v), want null", v, ok)
	}
	placed := 0
	for _, ev := range eventsOfType(t, org, "user.session.start") {
		geo, _ := ev["client"].(map[string]any)["geographicalContext"].(map[string]any)
		if geo == nil {
			continue
		}
		placed++
		if geo["city"] == "" || geo["country"] == "" || geo["geolocation"] == nil {
			t.Fatalf("geographicalContext %v is not an address", geo)
		}
	}
	if placed == 0 {
		t.Error("no sign-in in the demo's history says where it came from")
	}
}

// The token endpoint refuses a bad grant as Okta's examples show: 400 invalid_grant.
func TestTokenBadGrant(t *testing.T) {
	_, srv := testOrg(t, Options{})
	for _, tc := range []struct {
		form url.Values
		desc string
	}{
		{url.Values{"grant_type": {"authorization_code"}, "code": {"nosuchcode"}, "code_verifier": {strings.Repeat("v", 43)},
			"redirect_uri": {"http://127.0.0.1:8765/callback"}, "client_id": {"0oaflowdeckdemo"}}, "The authorization code is invalid or has expired."},
		{url.Values{"grant_type": {"refresh_token"}, "refresh_token": {"nosuchtoken"}, "client_id": {"0oaflowdeckdemo"}}, "The refresh token is invalid or expired."},
	} {
		resp, err := srv.Client().PostForm(srv.URL+"/oauth2/v1/token", tc.form)
		if err != nil {
			t.Fatal(err)
		}
		var body map[string]any
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusBadRequest || body["error"] != "invalid_grant" || body["error_description"] != tc.desc {
			t.Errorf("%s grant: %d %v, want 400 invalid_grant %q", tc.form.Get("grant_type"), resp.StatusCode, body, tc.desc)
		}
	}
}
