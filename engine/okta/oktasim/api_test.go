package oktasim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

func TestPaginationOverManyUsers(t *testing.T) {
	org, srv := testOrg(t, Options{})
	tok := org.APIToken()
	const n = 1050
	for i := 0; i < n; i++ {
		body := fmt.Sprintf(`{"profile":{"firstName":"Page","lastName":"User%04d","email":"page.user%04d@example.com","login":"page.user%04d@example.com"}}`, i, i, i)
		if resp := do(t, srv, tok, "POST", "/api/v1/users?activate=false", body, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("create user %d: %d", i, resp.StatusCode)
		}
	}
	c := sdkClient(t, srv, tok)
	ctx := context.Background()
	users, resp, err := c.User.ListUsers(ctx, &query.Params{Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	if links := resp.Header.Values("Link"); len(links) != 2 || !strings.HasSuffix(links[0], `rel="self"`) || !strings.HasSuffix(links[1], `rel="next"`) {
		t.Fatalf("Link headers %q", links)
	}
	seen := map[string]bool{}
	pages := 1
	for {
		for _, u := range users {
			if seen[u.Id] {
				t.Fatalf("user %s seen twice", u.Id)
			}
			seen[u.Id] = true
		}
		if !resp.HasNextPage() {
			break
		}
		users = nil
		if resp, err = resp.Next(ctx, &users); err != nil {
			t.Fatal(err)
		}
		pages++
	}
	if len(seen) != n+1 || pages != 6 {
		t.Fatalf("walked %d users in %d pages, want %d in 6", len(seen), pages, n+1)
	}
	// q does not paginate: limit only, and no next link.
	found, resp, err := c.User.ListUsers(ctx, &query.Params{Q: "Page", Limit: 500})
	if err != nil || len(found) != 200 || resp.HasNextPage() {
		t.Fatalf("q: %d users, next %v, %v", len(found), resp.HasNextPage(), err)
	}
	found, _, err = c.User.ListUsers(ctx, &query.Params{Q: "page.user00"})
	if err != nil || len(found) != 10 {
		t.Fatalf("q default limit: %d %v", len(found), err)
	}
	// A cursor the org did not issue is rejected.
	var e struct{ ErrorCode string }
	if r := do(t, srv, tok, "GET", "/api/v1/users?after=bogus", "", &e); r.StatusCode != http.StatusBadRequest || e.ErrorCode != "E0000031" {
		t.Fatalf("bogus cursor: %d %s", r.StatusCode, e.ErrorCode)
	}
}

func TestListUsersFilterAndSearch(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	for i, dept := range []string{"Sales", "Sales", "Engineering"} {
		b := newUser(fmt.Sprintf("Fil%d", i), "Ter")
		(*b.Profile)["department"] = dept
		if _, _, err := c.User.CreateUser(ctx, b, &query.Params{Activate: boolPtr(i != 2)}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name string
		qp   *query.Params
		want int
		code string
	}{
		{"filter status", &query.Params{Filter: `status eq "STAGED"`}, 1, ""},
		{"filter login", &query.Params{Filter: `profile.login eq "Fil0.Ter@example.com"`}, 1, ""},
		{"filter unsupported attribute", &query.Params{Filter: `profile.department eq "Sales"`}, 0, "E0000031"},
		{"search department", &query.Params{Search: `profile.department eq "sales"`}, 2, ""},
		{"search sw and or", &query.Params{Search: `profile.firstName sw "Fil" and (status eq "STAGED" or profile.department eq "Sales")`}, 3, ""},
		{"search sorted", &query.Params{Search: `profile.lastName eq "Ter"`, SortBy: "profile.firstName", SortOrder: "desc"}, 3, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			us, _, err := c.User.ListUsers(ctx, tt.qp)
			if tt.code != "" {
				if code, _ := oktaErr(t, err); code != tt.code {
					t.Fatalf("got %s, want %s", code, tt.code)
				}
				return
			}
			if err != nil || len(us) != tt.want {
				t.Fatalf("got %d users (%v), want %d", len(us), err, tt.want)
			}
			if tt.qp.SortBy != "" && (*us[0].Profile)["firstName"] != "Fil2" {
				t.Fatalf("sort desc: first is %v", (*us[0].Profile)["firstName"])
			}
		})
	}
}

func TestSystemLogCarriesRequestID(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	u, resp, err := c.User.CreateUser(ctx, newUser("Log", "Ged"), nil)
	if err != nil {
		t.Fatal(err)
	}
	reqID := resp.Header.Get("X-Okta-Request-Id")
	logs, _, err := c.LogEvent.GetLogs(ctx, &query.Params{Filter: `eventType eq "user.lifecycle.create"`})
	if err != nil || len(logs) != 1 {
		t.Fatalf("GetLogs: %d %v", len(logs), err)
	}
	ev := logs[0]
	debug, _ := ev.DebugContext.DebugData.(map[string]any)
	if ev.Transaction.Id != reqID || debug["requestId"] != reqID {
		t.Fatalf("event transaction %q / requestId %v, want %q", ev.Transaction.Id, debug["requestId"], reqID)
	}
	if ev.Actor.Id != org.AdminID() || len(ev.Target) != 1 || ev.Target[0].Id != u.Id || ev.Target[0].Type != "User" || ev.Outcome.Result != "SUCCESS" {
		t.Fatalf("event %+v", ev)
	}
	if org.MutationCount(reqID) != 1 {
		t.Fatalf("mutations of the create: %d", org.MutationCount(reqID))
	}
}

func TestOAuthTokensAndScopes(t *testing.T) {
	org, srv := testOrg(t, Options{})
	read := org.MintAccessToken("0oaflowdeckdemo", "okta.users.read")
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+read)
	resp, err := srv.Client().Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("read with okta.users.read: %v %v", resp.Status, err)
	}
	resp.Body.Close()
	req, _ = http.NewRequest("POST", srv.URL+"/api/v1/users", strings.NewReader(`{"profile":{"login":"x@example.com","email":"x@example.com","firstName":"X","lastName":"Y"}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+read)
	resp, err = srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var e struct{ ErrorCode string }
	_ = json.NewDecoder(resp.Body).Decode(&e)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || e.ErrorCode != "E0000006" || !strings.Contains(resp.Header.Get("WWW-Authenticate"), "insufficient_scope") {
		t.Fatalf("create without okta.users.manage: %d %s %q", resp.StatusCode, e.ErrorCode, resp.Header.Get("WWW-Authenticate"))
	}
	// An event caused through an OAuth client names the client.
	manage := org.MintAccessToken("0oaflowdeckdemo", "okta.users.manage")
	req, _ = http.NewRequest("POST", srv.URL+"/api/v1/users", strings.NewReader(`{"profile":{"login":"x@example.com","email":"x@example.com","firstName":"X","lastName":"Y"}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+manage)
	resp, err = srv.Client().Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("create with okta.users.manage: %v %v", resp.Status, err)
	}
	resp.Body.Close()
	evs := eventsOfType(t, org, "user.lifecycle.create")
	if len(evs) != 1 || evs[0]["client"].(map[string]any)["id"] != "0oaflowdeckdemo" {
		t.Fatalf("create event client: %v", evs)
	}
	if r := do(t, srv, "", "GET", "/api/v1/users", "", &e); r.StatusCode != http.StatusUnauthorized || e.ErrorCode != "E0000011" {
		t.Fatalf("no token: %d %s", r.StatusCode, e.ErrorCode)
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	org, srv := testOrg(t, Options{Pipeline: PipelineClassic})
	tests := []struct {
		method, path string
		status       int
		code         string
	}{
		{"GET", "/api/v1/nothing", http.StatusNotFound, "E0000007"},
		{"PATCH", "/api/v1/users", http.StatusMethodNotAllowed, "E0000022"},
		{"GET", "/api/v1/users/00unope", http.StatusNotFound, "E0000007"},
		{"GET", "/api/v1/groups/00gnope/users", http.StatusNotFound, "E0000007"},
		{"GET", "/api/v1/groups/rules/0prnope", http.StatusNotFound, "E0000007"},
		{"POST", "/api/v1/users", http.StatusBadRequest, "E0000003"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			var e struct{ ErrorCode, ErrorID string }
			body := ""
			if tt.method == "POST" {
				body = "{not json"
			}
			resp := do(t, srv, org.APIToken(), tt.method, tt.path, body, &e)
			if resp.StatusCode != tt.status || e.ErrorCode != tt.code || e.ErrorID == "" {
				t.Fatalf("got %d %s %q, want %d %s", resp.StatusCode, e.ErrorCode, e.ErrorID, tt.status, tt.code)
			}
			if resp.Header.Get("X-Okta-Request-Id") == "" {
				t.Error("no X-Okta-Request-Id on an error")
			}
		})
	}
	var wk struct {
		ID       string
		Pipeline string
		Links    map[string]map[string]string `json:"_links"`
	}
	if resp := do(t, srv, "", "GET", "/.well-known/okta-organization", "", &wk); resp.StatusCode != http.StatusOK || wk.Pipeline != "v1" ||
		wk.ID != org.ID() || wk.Links["organization"]["href"] != srv.URL {
		t.Fatalf("well-known: %+v", wk)
	}
}

func TestEveryEndpointIsRouted(t *testing.T) {
	org, srv := testOrg(t, Options{})
	eps := org.Endpoints()
	if len(eps) < 50 {
		t.Fatalf("only %d endpoints", len(eps))
	}
	for _, ep := range eps {
		method, path, _ := strings.Cut(ep, " ")
		path = strings.NewReplacer("{", "x", "}", "").Replace(path)
		resp := do(t, srv, org.APIToken(), method, path, "", nil)
		if resp.StatusCode == http.StatusMethodNotAllowed || (resp.StatusCode == http.StatusNotFound && !strings.Contains(path, "x")) {
			t.Errorf("%s answered %d", ep, resp.StatusCode)
		}
	}
}

func TestImportSessions(t *testing.T) {
	org, srv := testOrg(t, Options{})
	tok := org.APIToken()
	src := createApp(t, srv, tok, "custom_identity_source", "HR Source")
	base := "/api/v1/identity-sources/" + src + "/sessions"
	type session struct{ ID, IdentitySourceID, Status, ImportType string }
	var schema struct {
		Definitions struct {
			Base, Custom struct {
				Properties map[string]any
				Required   []string
			}
		}
	}
	if resp := do(t, srv, tok, "GET", "/api/v1/meta/schemas/apps/"+src+"/default", "", &schema); resp.StatusCode != http.StatusOK ||
		schema.Definitions.Base.Properties["userName"] == nil || schema.Definitions.Custom.Properties["department"] == nil {
		t.Fatalf("identity source schema: %d %+v", resp.StatusCode, schema)
	}
	var s session
	if resp := do(t, srv, tok, "POST", base, "", &s); resp.StatusCode != http.StatusOK || s.Status != "CREATED" || s.ImportType != "INCREMENTAL" {
		t.Fatalf("create session: %d %+v", resp.StatusCode, s)
	}
	var e struct{ ErrorCode string }
	if resp := do(t, srv, tok, "POST", base, "", &e); resp.StatusCode != http.StatusBadRequest || e.ErrorCode != "E0000001" {
		t.Fatalf("second open session: %d %s", resp.StatusCode, e.ErrorCode)
	}
	upsert := `{"entityType":"USERS","profiles":[
		{"externalId":"hr-1","profile":{"userName":"imp.one@example.com","login":"imp.one@example.com","email":"imp.one@example.com","firstName":"Imp","lastName":"One"}},
		{"externalId":"hr-2","profile":{"login":"imp.two@example.com","email":"imp.two@example.com","firstName":"Imp","lastName":"Two"}}]}`
	if resp := do(t, srv, tok, "POST", base+"/"+s.ID+"/bulk-upsert", upsert, nil); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("bulk-upsert: %d", resp.StatusCode)
	}
	var list []session
	if do(t, srv, tok, "GET", base, "", &list); len(list) != 1 {
		t.Fatalf("open sessions %v", list)
	}
	var trig session
	if resp := do(t, srv, tok, "POST", base+"/"+s.ID+"/start-import", "", &trig); resp.StatusCode != http.StatusOK || trig.Status != "TRIGGERED" {
		t.Fatalf("start-import: %d %+v", resp.StatusCode, trig)
	}
	var got session
	if do(t, srv, tok, "GET", base+"/"+s.ID, "", &got); got.Status != "COMPLETED" {
		t.Fatalf("after processing: %+v", got)
	}
	var u struct{ ID, Status string }
	if resp := do(t, srv, tok, "GET", "/api/v1/users/imp.two@example.com", "", &u); resp.StatusCode != http.StatusOK || u.Status != "ACTIVE" {
		t.Fatalf("imported user: %d %+v", resp.StatusCode, u)
	}
	// A second session deactivates through bulk-delete.
	var s2 session
	do(t, srv, tok, "POST", base, "", &s2)
	if resp := do(t, srv, tok, "POST", base+"/"+s2.ID+"/bulk-delete", `{"entityType":"USERS","profiles":[{"externalId":"hr-2"}]}`, nil); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("bulk-delete: %d", resp.StatusCode)
	}
	do(t, srv, tok, "POST", base+"/"+s2.ID+"/start-import", "", nil)
	if do(t, srv, tok, "GET", "/api/v1/users/"+u.ID, "", &u); u.Status != "DEPROVISIONED" {
		t.Fatalf("after bulk-delete: %+v", u)
	}
	var s3 session
	do(t, srv, tok, "POST", base, "", &s3)
	if resp := do(t, srv, tok, "DELETE", base+"/"+s3.ID, "", nil); resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete session: %d", resp.StatusCode)
	}
	if do(t, srv, tok, "GET", base+"/"+s3.ID, "", &got); got.Status != "CLOSED" {
		t.Fatalf("deleted session: %+v", got)
	}
	if resp := do(t, srv, tok, "POST", "/api/v1/identity-sources/0oanope/sessions", "", &e); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown identity source: %d", resp.StatusCode)
	}
	for _, et := range []string{"system.import.session.created", "system.import.session.triggered", "system.import.session.cancelled"} {
		if len(eventsOfType(t, org, et)) == 0 {
			t.Errorf("no %s event", et)
		}
	}
}

func TestSDKWithOAuthAccessToken(t *testing.T) {
	org, srv := testOrg(t, Options{Seed: SeedEmpty})
	tok := org.MintAccessToken("0oaflowdeckdemo", "okta.users.manage", "okta.groups.read")
	c := sdkClientMode(t, srv, tok, "Bearer")
	ctx := context.Background()
	u, _, err := c.User.CreateUser(ctx, newUser("Oauth", "Made"), nil)
	if err != nil {
		t.Fatalf("create with a Bearer token: %v", err)
	}
	if _, _, err := c.Group.ListGroups(ctx, nil); err != nil {
		t.Fatalf("read groups with okta.groups.read: %v", err)
	}
	// For a 403 with a Bearer WWW-Authenticate challenge the SDK reports the challenge's
	// error_description, not the JSON body.
	_, resp, err := c.Application.ListApplications(ctx, nil)
	if err == nil || resp.StatusCode != http.StatusForbidden || !strings.Contains(err.Error(), "required scopes") {
		t.Fatalf("apps without okta.apps.read: %v", err)
	}
	// Deactivating the admin ends the admin's OAuth tokens, as at Okta.
	if _, err := c.User.DeactivateUser(ctx, u.Id, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := c.User.DeactivateUser(ctx, org.AdminID(), nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.User.GetUser(ctx, u.Id); err == nil {
		t.Fatal("the deactivated admin's token still works")
	}
}

func TestSearchIsEventuallyConsistent(t *testing.T) {
	clock := newTestClock()
	org, srv := testOrg(t, Options{Clock: clock.Now, SearchDelay: time.Minute})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	if _, _, err := c.User.CreateUser(ctx, newUser("Late", "Indexed"), nil); err != nil {
		t.Fatal(err)
	}
	search := &query.Params{Search: `profile.lastName eq "Indexed"`}
	if got, _, err := c.User.ListUsers(ctx, search); err != nil || len(got) != 0 {
		t.Fatalf("search right after create found %d users (%v); Okta's search lags", len(got), err)
	}
	if got, _, err := c.User.ListUsers(ctx, &query.Params{Filter: `profile.lastName eq "Indexed"`}); err != nil || len(got) != 1 {
		t.Fatalf("filter right after create: %d %v", len(got), err)
	}
	clock.Advance(2 * time.Minute)
	if got, _, err := c.User.ListUsers(ctx, search); err != nil || len(got) != 1 {
		t.Fatalf("search a while later: %d %v", len(got), err)
	}
}
