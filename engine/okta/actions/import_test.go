package actions

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

// importUsers is n users in Bulk User Import's shape, with logins n1@…, n2@….
func importUsers(prefix string, n int) []any {
	var out []any
	for i := 1; i <= n; i++ {
		login := fmt.Sprintf("%s%d@example.com", prefix, i)
		out = append(out, map[string]any{"externalId": fmt.Sprintf("%s-%d", prefix, i), "profile": map[string]any{
			"userName": login, "email": login, "firstName": prefix, "lastName": fmt.Sprint(i)}})
	}
	return out
}

var (
	_ = covers("okta.action.createAnImportSession", TestImportSessionLifecycle)
	_ = covers("okta.action.listImportSessions", TestImportSessionLifecycle)
	_ = covers("okta.action.readImportSession", TestImportSessionLifecycle)
	_ = covers("okta.action.bulkUserImport", TestImportSessionLifecycle)
	_ = covers("okta.action.triggerImportSession", TestImportSessionLifecycle)
)

// TestImportSessionLifecycle walks a session through create → bulk upsert → trigger → read, the
// way an import flow does, and checks the org after each step.
func TestImportSessionLifecycle(t *testing.T) {
	s := newSim(t, withDemo())
	src := s.appByLabel(t, "HR Source of Truth")
	opt := map[string]any{"application": src}

	created := s.runOK(t, "okta.action.createAnImportSession", nil, opt)
	id, _ := created["id"].(string)
	if id == "" || created["status"] != "CREATED" || created["identitySourceId"] != src || created["importType"] != "INCREMENTAL" {
		t.Fatalf("Create Import Session outputs = %v", created)
	}
	if raw, _ := created["raw"].(map[string]any); raw["id"] != id {
		t.Errorf("raw = %v", created["raw"])
	}

	t.Run("a second session while one is open is refused", func(t *testing.T) {
		_, err := s.run(t, "okta.action.createAnImportSession", map[string]any{"appId": src}, nil)
		wantOktaError(t, err, "Create Import Session", "E0000001")
		if err != nil && !strings.Contains(err.Error(), id) {
			t.Errorf("err = %v, want Okta's cause naming the open session %s", err, id)
		}
	})

	t.Run("list shows the open session", func(t *testing.T) {
		out := s.runOK(t, "okta.action.listImportSessions", nil, opt)
		sessions, _ := out["sessions"].([]any)
		if got := idsOf(sessions); len(got) != 1 || got[0] != id {
			t.Errorf("sessions = %v, want [%s]", got, id)
		}
		if first, _ := sessions[0].(map[string]any); first["status"] != "CREATED" || first["raw"] == nil {
			t.Errorf("first session = %v", first)
		}
	})

	users := importUsers("imp", 5)
	t.Run("bulk upsert in pages", func(t *testing.T) {
		before := s.Org.MutationsOfKind("import.session.load")
		out := s.runOK(t, "okta.action.bulkUserImport", map[string]any{"sessionId": id, "users": users, "usersPerPage": 2},
			map[string]any{"application": src, "importOperation": "UPSERT"})
		if out["recordsImported"] != 5 {
			t.Errorf("recordsImported = %v, want 5", out["recordsImported"])
		}
		if n := s.Org.MutationsOfKind("import.session.load") - before; n != 3 {
			t.Errorf("%d bulk requests for 5 users at 2 per page, want 3", n)
		}
		if got := s.userStatus(t, "imp1@example.com"); got != "" {
			t.Errorf("a user exists before the trigger (status %s)", got)
		}
	})

	t.Run("read before the trigger", func(t *testing.T) {
		out := s.runOK(t, "okta.action.readImportSession", map[string]any{"sessionId": id}, opt)
		if out["status"] != "CREATED" {
			t.Errorf("status = %v, want CREATED", out["status"])
		}
	})

	t.Run("trigger", func(t *testing.T) {
		out := s.runOK(t, "okta.action.triggerImportSession", map[string]any{"appId": src, "sessionId": id}, nil)
		if out["id"] != id || out["status"] != "TRIGGERED" {
			t.Errorf("outputs id %v status %v, want TRIGGERED", out["id"], out["status"])
		}
		for i := 1; i <= 5; i++ {
			if got := s.userStatus(t, fmt.Sprintf("imp%d@example.com", i)); got != "ACTIVE" {
				t.Errorf("imported user %d is %q, want ACTIVE", i, got)
			}
		}
	})

	t.Run("read after the trigger", func(t *testing.T) {
		out := s.runOK(t, "okta.action.readImportSession", map[string]any{"appId": src, "sessionId": id}, nil)
		if out["status"] != "COMPLETED" {
			t.Errorf("status = %v, want COMPLETED", out["status"])
		}
	})

	t.Run("trigger again is success", func(t *testing.T) {
		out := s.runOK(t, "okta.action.triggerImportSession", map[string]any{"appId": src, "sessionId": id}, nil)
		if out["id"] != id || out["status"] != "COMPLETED" {
			t.Errorf("outputs id %v status %v, want the completed session", out["id"], out["status"])
		}
	})

	t.Run("the list no longer has it", func(t *testing.T) {
		out := s.runOK(t, "okta.action.listImportSessions", map[string]any{"appId": src}, nil)
		if sessions, ok := out["sessions"].([]any); !ok || len(sessions) != 0 {
			t.Errorf("sessions = %v, want an empty list", out["sessions"])
		}
	})

	t.Run("no more data into a completed session", func(t *testing.T) {
		out, err := s.run(t, "okta.action.bulkUserImport", map[string]any{"appId": src, "sessionId": id, "users": users}, nil)
		wantOktaError(t, err, "Bulk User Import", "E0000001")
		if out["recordsImported"] != 0 {
			t.Errorf("recordsImported = %v, want 0", out["recordsImported"])
		}
	})

	t.Run("bulk delete", func(t *testing.T) {
		next := s.runOK(t, "okta.action.createAnImportSession", map[string]any{"appId": src}, nil)["id"]
		out := s.runOK(t, "okta.action.bulkUserImport", map[string]any{"appId": src, "sessionId": next,
			"users": []any{map[string]any{"externalId": "imp-2"}}}, map[string]any{"importOperation": "DELETE"})
		if out["recordsImported"] != 1 {
			t.Errorf("recordsImported = %v, want 1", out["recordsImported"])
		}
		s.runOK(t, "okta.action.triggerImportSession", map[string]any{"appId": src, "sessionId": next}, nil)
		if got := s.userStatus(t, "imp2@example.com"); got != "DEPROVISIONED" {
			t.Errorf("the deleted user is %q, want DEPROVISIONED", got)
		}
		if got := s.userStatus(t, "imp1@example.com"); got != "ACTIVE" {
			t.Errorf("another user is %q, want ACTIVE", got)
		}
	})
}

var _ = covers("okta.action.deleteImportSession", TestDeleteImportSession)

func TestDeleteImportSession(t *testing.T) {
	s := newSim(t, withDemo())
	src := s.appByLabel(t, "HR Source of Truth")
	id := s.object(t, http.MethodPost, "/api/v1/identity-sources/"+src+"/sessions", nil)["id"].(string)
	// The second run finds the session closed already, which is success.
	for i := 1; i <= 2; i++ {
		out := s.runOK(t, "okta.action.deleteImportSession", map[string]any{"appId": src, "sessionId": id}, nil)
		if out["statusCode"] != http.StatusNoContent {
			t.Errorf("run #%d: statusCode = %v, want 204", i, out["statusCode"])
		}
		if got := s.object(t, http.MethodGet, "/api/v1/identity-sources/"+src+"/sessions/"+id, nil)["status"]; got != "CLOSED" {
			t.Errorf("after run #%d the session is %v, want CLOSED", i, got)
		}
	}
	t.Run("a new session can open", func(t *testing.T) {
		s.runOK(t, "okta.action.createAnImportSession", map[string]any{"appId": src}, nil)
	})
	t.Run("a triggered session is not closed", func(t *testing.T) {
		open := s.runOK(t, "okta.action.listImportSessions", map[string]any{"appId": src}, nil)["sessions"].([]any)
		sid := idsOf(open)[0]
		s.do(t, http.MethodPost, "/api/v1/identity-sources/"+src+"/sessions/"+sid+"/bulk-upsert",
			map[string]any{"entityType": "USERS", "profiles": importUsers("del", 1)})
		s.do(t, http.MethodPost, "/api/v1/identity-sources/"+src+"/sessions/"+sid+"/start-import", nil)
		_, err := s.run(t, "okta.action.deleteImportSession", map[string]any{"appId": src, "sessionId": sid}, nil)
		wantOktaError(t, err, "Delete Import Session", "E0000001")
	})
}

func TestImportCardsUnknownIDs(t *testing.T) {
	s := newSim(t, withDemo())
	src := s.appByLabel(t, "HR Source of Truth")
	slack := s.appByLabel(t, "Slack")
	users := importUsers("x", 1)
	for _, tc := range []struct {
		card, name string
		in         map[string]any
	}{
		{"okta.action.createAnImportSession", "Create Import Session", map[string]any{"appId": "0oaunknown"}},
		{"okta.action.createAnImportSession", "Create Import Session", map[string]any{"appId": slack}}, // not an identity source
		{"okta.action.listImportSessions", "List Import Sessions", map[string]any{"appId": "0oaunknown"}},
		{"okta.action.readImportSession", "Read Import Session", map[string]any{"appId": src, "sessionId": "apsunknown"}},
		{"okta.action.triggerImportSession", "Trigger Import Session", map[string]any{"appId": src, "sessionId": "apsunknown"}},
		{"okta.action.deleteImportSession", "Delete Import Session", map[string]any{"appId": src, "sessionId": "apsunknown"}},
		{"okta.action.bulkUserImport", "Bulk User Import", map[string]any{"appId": src, "sessionId": "apsunknown", "users": users}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.run(t, tc.card, tc.in, nil)
			wantOktaError(t, err, tc.name, "E0000007")
		})
	}
	t.Run("path traversal is refused before sending", func(t *testing.T) {
		_, err := s.run(t, "okta.action.readImportSession", map[string]any{"appId": src, "sessionId": "aps1/../../x"}, nil)
		if err == nil || !strings.Contains(err.Error(), "refused") {
			t.Errorf("err = %v, want the request refused", err)
		}
	})
}

func TestBulkUserImportChecksBeforeSending(t *testing.T) {
	s := newSim(t, withDemo())
	src := s.appByLabel(t, "HR Source of Truth")
	id := s.object(t, http.MethodPost, "/api/v1/identity-sources/"+src+"/sessions", nil)["id"].(string)
	good := importUsers("ok", 3)
	tooMany := make([]any, maxImportUsers+1)
	for i := range tooMany {
		tooMany[i] = map[string]any{"externalId": fmt.Sprint(i), "profile": map[string]any{"email": "a@example.com"}}
	}
	for _, tc := range []struct {
		name    string
		in      map[string]any
		op      string
		wantErr string
	}{
		{"a user without externalId", map[string]any{"users": append(good, map[string]any{"profile": map[string]any{"email": "x@example.com"}})}, "UPSERT", "user 4 of 4 has no externalId"},
		{"upsert without profile", map[string]any{"users": []any{map[string]any{"externalId": "e1"}}}, "UPSERT", "has no profile"},
		{"not objects", map[string]any{"users": []any{"e1"}}, "UPSERT", "not an object"},
		{"too many users", map[string]any{"users": tooMany}, "UPSERT", "at most 10000"},
		{"too many requests", map[string]any{"users": importUsers("p", 60), "usersPerPage": 1}, "UPSERT", "at most 50"},
		{"page too large", map[string]any{"users": good, "usersPerPage": 201}, "UPSERT", "1 to 200"},
		{"unknown operation", map[string]any{"users": good}, "MERGE", "UPSERT or DELETE"},
		{"JSON text that is not a list", map[string]any{"users": "{"}, "UPSERT", "not a JSON list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := s.Org.MutationCount("")
			in := map[string]any{"appId": src, "sessionId": id}
			for k, v := range tc.in {
				in[k] = v
			}
			// Options are checked against their choices by Run; a bad operation reaches the
			// executor only through the inputs map, as a flow's mapped value would.
			spec := mustSpec(t, "okta.action.bulkUserImport")
			_, err := bulkUserImport(t.Context(), &Call{Spec: spec, Client: s.Client, Inputs: in, Options: map[string]any{"importOperation": tc.op}})
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("err = %v, want %q", err, tc.wantErr)
			}
			if n := s.Org.MutationCount("") - before; n != 0 {
				t.Errorf("%d changes reached the org, want none", n)
			}
		})
	}
	t.Run("JSON text is read", func(t *testing.T) {
		out := s.runOK(t, "okta.action.bulkUserImport", map[string]any{"appId": src, "sessionId": id,
			"users": `[{"externalId": "j1", "profile": {"email": "j1@example.com", "firstName": "J", "lastName": "One"}}]`}, nil)
		if out["recordsImported"] != 1 {
			t.Errorf("recordsImported = %v, want 1", out["recordsImported"])
		}
	})
}

// TestImportAfterALostAnswer: Create Import Session is not safe to repeat, so after a lost
// answer it looks before it creates again; Bulk User Import is not either, so a lost answer is
// reported, never resent; Trigger Import Session is, so a lost answer is retried and "already
// triggered" is success.
func TestImportAfterALostAnswer(t *testing.T) {
	s := newSim(t, withDemo())
	src := s.appByLabel(t, "HR Source of Truth")
	sessions := "/api/v1/identity-sources/" + src + "/sessions/"
	id := s.object(t, http.MethodPost, strings.TrimSuffix(sessions, "/"), nil)["id"].(string)

	s.runOK(t, "okta.action.deleteImportSession", map[string]any{"appId": src, "sessionId": id}, nil)
	for _, tc := range []struct {
		name  string
		fault limits.Fault
	}{
		{"created, answer lost", limits.Fault{ResetAfterRate: 1, Times: 1}},
		{"not created, answer lost", limits.Fault{ResetBeforeRate: 1, Times: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.fault.Method, tc.fault.PathPrefix = http.MethodPost, strings.TrimSuffix(sessions, "/")
			s.faults().Add(tc.fault)
			before := s.Org.MutationsOfKind("import.session.create")
			out := s.runOK(t, "okta.action.createAnImportSession", map[string]any{"appId": src}, nil)
			if n := s.Org.MutationsOfKind("import.session.create") - before; n != 1 {
				t.Errorf("%d sessions created, want 1", n)
			}
			open := s.list(t, strings.TrimSuffix(sessions, "/"))
			if len(open) != 1 || open[0]["id"] != out["id"] || out["status"] != "CREATED" {
				t.Errorf("open sessions %v, card gave %v (%v)", open, out["id"], out["status"])
			}
			id = out["id"].(string)
			if tc.name == "created, answer lost" {
				s.do(t, http.MethodDelete, sessions+id, nil)
			}
		})
	}

	s.faults().Add(limits.Fault{Method: http.MethodPost, PathPrefix: sessions + id + "/bulk-upsert", ResetAfterRate: 1, Times: 1})
	before := s.Org.MutationsOfKind("import.session.load")
	_, err := s.run(t, "okta.action.bulkUserImport", map[string]any{"appId": src, "sessionId": id, "users": importUsers("lost", 2)}, nil)
	if err == nil || !strings.Contains(err.Error(), "outcome unknown") {
		t.Errorf("err = %v, want outcome unknown", err)
	}
	if n := s.Org.MutationsOfKind("import.session.load") - before; n != 1 {
		t.Errorf("the page was loaded %d times, want once (no blind retry)", n)
	}

	s.faults().Add(limits.Fault{Method: http.MethodPost, PathPrefix: sessions + id + "/start-import", ResetAfterRate: 1, Times: 1})
	out := s.runOK(t, "okta.action.triggerImportSession", map[string]any{"appId": src, "sessionId": id}, nil)
	if out["id"] != id || out["status"] != "COMPLETED" {
		t.Errorf("outputs id %v status %v, want the session, triggered by the lost call", out["id"], out["status"])
	}
	if n := s.Org.MutationsOfKind("import.session.trigger"); n != 1 {
		t.Errorf("the session was triggered %d times, want once", n)
	}
	if got := s.userStatus(t, "lost1@example.com"); got != "ACTIVE" {
		t.Errorf("the imported user is %q, want ACTIVE", got)
	}
}
