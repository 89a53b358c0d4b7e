package actions

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

var (
	_ = covers("okta.action.assignUserToApplicationForSSO", TestAssignUserToApplication)
	_ = covers("okta.action.assignUserToApplicationForSSOAndProvisioning", TestAssignUserToApplication)
)

func TestAssignUserToApplication(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	for _, tc := range []struct {
		card, name  string
		login       string
		withProfile bool
	}{
		{"okta.action.assignUserToApplicationForSSO", "Assign User to Application for SSO", "sso@example.com", false},
		{"okta.action.assignUserToApplicationForSSOAndProvisioning", "Assign User to Application for SSO and Provisioning", "prov@example.com", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			uid := s.addUser(t, tc.login)
			in := map[string]any{"appId": app, "userId": uid, "username": "app-" + tc.login, "password": "App-Secret-1",
				"profile": map[string]any{"role": "admin"}}
			out := s.runOK(t, tc.card, in, nil)
			if out["id"] != uid || out["scope"] != "USER" || out["status"] == nil {
				t.Errorf("outputs id %v scope %v status %v", out["id"], out["scope"], out["status"])
			}
			if cr, _ := out["credentials"].(map[string]any); cr["userName"] != "app-"+tc.login {
				t.Errorf("credentials = %v", out["credentials"])
			}
			if b, _ := json.Marshal(out); strings.Contains(string(b), "App-Secret-1") {
				t.Errorf("the outputs carry the password: %s", b)
			}
			got := s.object(t, http.MethodGet, "/api/v1/apps/"+app+"/users/"+uid, nil)
			profile, _ := got["profile"].(map[string]any)
			if tc.withProfile != (profile["role"] == "admin") {
				t.Errorf("the org's app profile = %v; profile sent: %v", profile, tc.withProfile)
			}
			if got["passwordChanged"] == nil {
				t.Errorf("the org's app user has no password: %v", got)
			}

			// Again, by login and without credentials: the assignment is updated, not doubled.
			again := s.runOK(t, tc.card, map[string]any{"appId": app, "userId": tc.login}, nil)
			if again["id"] != uid {
				t.Errorf("assigning by login gave user %v, want %s", again["id"], uid)
			}
			n := 0
			for _, au := range s.list(t, "/api/v1/apps/"+app+"/users") {
				if au["id"] == uid {
					n++
				}
			}
			if n != 1 {
				t.Errorf("the user is assigned %d times, want once", n)
			}
		})
	}
	t.Run("unknown user", func(t *testing.T) {
		_, err := s.run(t, "okta.action.assignUserToApplicationForSSO", map[string]any{"appId": app, "userId": "00u000000000unknown0"}, nil)
		wantOktaError(t, err, "Assign User to Application for SSO", "E0000007")
	})
	t.Run("unknown app", func(t *testing.T) {
		uid := s.addUser(t, "nobody@example.com")
		_, err := s.run(t, "okta.action.assignUserToApplicationForSSO", map[string]any{"appId": "0oaunknown", "userId": uid}, nil)
		wantOktaError(t, err, "Assign User to Application for SSO", "E0000007")
	})
}

var _ = covers("okta.action.getAssignedUserForApplication", TestGetAssignedUserForApplication)

func TestGetAssignedUserForApplication(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	uid := s.addUser(t, "gus@example.com")
	s.do(t, http.MethodPost, "/api/v1/apps/"+app+"/users", map[string]any{"id": uid, "scope": "USER",
		"credentials": map[string]any{"userName": "gus"}, "profile": map[string]any{"team": "blue"}})
	for _, key := range []string{uid, "gus@example.com"} {
		t.Run(key, func(t *testing.T) {
			out := s.runOK(t, "okta.action.getAssignedUserForApplication", map[string]any{"userId": key}, map[string]any{"application": app})
			if out["id"] != uid || out["scope"] != "USER" || out["syncState"] == nil || out["created"] == nil {
				t.Errorf("outputs = %v", out)
			}
			if p, _ := out["profile"].(map[string]any); p["team"] != "blue" {
				t.Errorf("profile = %v", out["profile"])
			}
			if raw, _ := out["raw"].(map[string]any); raw["_links"] == nil {
				t.Errorf("raw = %v, want the app user with its _links", out["raw"])
			}
		})
	}
	t.Run("not assigned", func(t *testing.T) {
		other := s.addUser(t, "ned@example.com")
		_, err := s.run(t, "okta.action.getAssignedUserForApplication", map[string]any{"appId": app, "userId": other}, nil)
		wantOktaError(t, err, "Get Assigned User for Application", "E0000007")
	})
}

var _ = covers("okta.action.listUsersAssignedToApplication", TestListUsersAssignedToApplication)

func TestListUsersAssignedToApplication(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	var want []string
	for _, login := range []string{"u1@example.com", "u2@example.com", "u3@example.com", "u4@example.com", "u5@example.com", "u6@example.com", "u7@example.com"} {
		uid := s.addUser(t, login)
		s.do(t, http.MethodPost, "/api/v1/apps/"+app+"/users", map[string]any{"id": uid, "scope": "USER"})
		want = append(want, uid)
	}
	calls := s.smallPages(t, 3)
	for _, tc := range []struct {
		name      string
		resultSet string
		limit     any
		want      []string
		more      bool
	}{
		{"stream over three pages", "Stream Records", nil, want, false},
		{"first 500", "First 500 Records", nil, want, false},
		{"first 500 with a record limit", "First 500 Records", 4, want[:4], true},
		{"record limit at a page's end", "Stream Records", 6, want[:6], true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls.Store(0)
			out := s.runOK(t, "okta.action.listUsersAssignedToApplication", map[string]any{"appId": app, "limit": tc.limit},
				map[string]any{"resultSet": tc.resultSet})
			users, _ := out["users"].([]any)
			if got := idsOf(users); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("users = %v, want %v", got, tc.want)
			}
			if out["more"] != tc.more {
				t.Errorf("more = %v, want %v", out["more"], tc.more)
			}
			if !tc.more && calls.Load() < 3 {
				t.Errorf("%d requests for 7 users in pages of 3, want 3", calls.Load())
			}
		})
	}
	t.Run("unknown app", func(t *testing.T) {
		_, err := s.run(t, "okta.action.listUsersAssignedToApplication", map[string]any{"appId": "0oaunknown"}, nil)
		wantOktaError(t, err, "List Users Assigned to Application", "E0000007")
	})
}

func TestAppUsersCap(t *testing.T) {
	spec := mustSpec(t, "okta.action.listUsersAssignedToApplication")
	for _, tc := range []struct {
		resultSet string
		limit     any
		want      int
	}{
		{"First 500 Records", nil, 500},
		{"First 500 Records", 20, 20},
		{"First 500 Records", 900, 500},
		{"Stream Records", nil, 0},
		{"Stream Records", 900, 900},
	} {
		got, err := appUsersCap(args{spec: spec, in: map[string]any{"limit": tc.limit}, opt: map[string]any{"resultSet": tc.resultSet}})
		if err != nil || got != tc.want {
			t.Errorf("%s, limit %v: cap %d (%v), want %d", tc.resultSet, tc.limit, got, err, tc.want)
		}
	}
}

var _ = covers("okta.action.removeUserFromApplication", TestRemoveUserFromApplication)

func TestRemoveUserFromApplication(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	uid := s.addUser(t, "rita@example.com")
	s.do(t, http.MethodPost, "/api/v1/apps/"+app+"/users", map[string]any{"id": uid, "scope": "USER"})
	// The second removal finds nothing to remove, which is success.
	for i := 1; i <= 2; i++ {
		out := s.runOK(t, "okta.action.removeUserFromApplication", map[string]any{"appId": app, "userId": uid, "sendEmail": true}, nil)
		if out["statusCode"] != http.StatusNoContent {
			t.Errorf("removal #%d: statusCode = %v, want 204", i, out["statusCode"])
		}
		if got := s.status(t, "/api/v1/apps/"+app+"/users/"+uid); got != http.StatusNotFound {
			t.Errorf("after removal #%d the app user answers %d, want 404", i, got)
		}
	}
	t.Run("removed, answer lost", func(t *testing.T) {
		// The governor repeats the DELETE (the card is idempotent); its 404 is success.
		s.do(t, http.MethodPost, "/api/v1/apps/"+app+"/users", map[string]any{"id": uid, "scope": "USER"})
		s.faults().Add(limits.Fault{Method: http.MethodDelete, PathPrefix: "/api/v1/apps/" + app + "/users/", ResetAfterRate: 1, Times: 1})
		out := s.runOK(t, "okta.action.removeUserFromApplication", map[string]any{"appId": app, "userId": uid}, nil)
		if out["statusCode"] != http.StatusNoContent {
			t.Errorf("statusCode = %v, want 204", out["statusCode"])
		}
		if got := s.status(t, "/api/v1/apps/"+app+"/users/"+uid); got != http.StatusNotFound {
			t.Errorf("the app user answers %d, want 404", got)
		}
	})
	t.Run("assigned through a group", func(t *testing.T) {
		gid := s.addGroup(t, "Intranet")
		s.do(t, http.MethodPut, "/api/v1/groups/"+gid+"/users/"+uid, nil)
		s.do(t, http.MethodPut, "/api/v1/apps/"+app+"/groups/"+gid, map[string]any{})
		_, err := s.run(t, "okta.action.removeUserFromApplication", map[string]any{"appId": app, "userId": uid}, nil)
		wantOktaError(t, err, "Remove User from Application", "E0000006")
	})
	for name, in := range map[string]map[string]any{
		"unknown user": {"appId": app, "userId": "00u000000000unknown0"},
		"unknown app":  {"appId": "0oaunknown", "userId": uid},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.run(t, "okta.action.removeUserFromApplication", in, nil)
			wantOktaError(t, err, "Remove User from Application", "E0000007")
		})
	}
}

var _ = covers("okta.action.updateApplicationCredentialsForAnAssignedUser", TestUpdateApplicationCredentials)

func TestUpdateApplicationCredentials(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	uid := s.addUser(t, "cleo@example.com")
	s.do(t, http.MethodPost, "/api/v1/apps/"+app+"/users", map[string]any{"id": uid, "scope": "USER", "credentials": map[string]any{"userName": "cleo"}})
	const card = "okta.action.updateApplicationCredentialsForAnAssignedUser"
	appUser := func() map[string]any { return s.object(t, http.MethodGet, "/api/v1/apps/"+app+"/users/"+uid, nil) }

	t.Run("password only keeps the username", func(t *testing.T) {
		out := s.runOK(t, card, map[string]any{"appId": app, "userId": uid, "password": "New-Secret-2"}, nil)
		if b, _ := json.Marshal(out); strings.Contains(string(b), "New-Secret-2") {
			t.Errorf("the outputs carry the password: %s", b)
		}
		got := appUser()
		if cr, _ := got["credentials"].(map[string]any); cr["userName"] != "cleo" || got["passwordChanged"] == nil {
			t.Errorf("the org's app user = %v, want username cleo and a password", got)
		}
	})
	t.Run("username", func(t *testing.T) {
		out := s.runOK(t, card, map[string]any{"appId": app, "userId": "cleo@example.com", "username": "cleo.p"}, nil)
		if cr, _ := out["credentials"].(map[string]any); cr["userName"] != "cleo.p" {
			t.Errorf("credentials = %v", out["credentials"])
		}
		if cr, _ := appUser()["credentials"].(map[string]any); cr["userName"] != "cleo.p" {
			t.Errorf("the org's username = %v", cr["userName"])
		}
	})
	t.Run("nothing to change", func(t *testing.T) {
		_, err := s.run(t, card, map[string]any{"appId": app, "userId": uid}, nil)
		if err == nil || !strings.Contains(err.Error(), "nothing to change") {
			t.Errorf("err = %v, want nothing to change", err)
		}
	})
	t.Run("not assigned", func(t *testing.T) {
		other := s.addUser(t, "ned@example.com")
		_, err := s.run(t, card, map[string]any{"appId": app, "userId": other, "username": "x"}, nil)
		wantOktaError(t, err, "Update Application Credentials for an Assigned User", "E0000007")
	})
}

var _ = covers("okta.action.updateApplicationProfileForAssignedUser", TestUpdateApplicationProfile)

func TestUpdateApplicationProfile(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	uid := s.addUser(t, "paz@example.com")
	s.do(t, http.MethodPost, "/api/v1/apps/"+app+"/users", map[string]any{"id": uid, "scope": "USER", "profile": map[string]any{"team": "blue"}})
	const card = "okta.action.updateApplicationProfileForAssignedUser"
	out := s.runOK(t, card, map[string]any{"appId": app, "userId": uid, "profile": `{"role": "lead"}`}, nil)
	want := map[string]any{"team": "blue", "role": "lead"}
	if !reflect.DeepEqual(out["profile"], want) {
		t.Errorf("profile output = %v, want %v", out["profile"], want)
	}
	if got := s.object(t, http.MethodGet, "/api/v1/apps/"+app+"/users/"+uid, nil)["profile"]; !reflect.DeepEqual(got, want) {
		t.Errorf("the org's app profile = %v, want %v (attributes left out are kept)", got, want)
	}
	t.Run("empty profile", func(t *testing.T) {
		if _, err := s.run(t, card, map[string]any{"appId": app, "userId": uid, "profile": map[string]any{}}, nil); err == nil {
			t.Error("an empty profile was sent")
		}
	})
	t.Run("unknown app", func(t *testing.T) {
		_, err := s.run(t, card, map[string]any{"appId": "0oaunknown", "userId": uid, "profile": want}, nil)
		wantOktaError(t, err, "Update Application Profile for an Assigned User", "E0000007")
	})
}
