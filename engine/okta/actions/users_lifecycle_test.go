package actions

import (
	"net/http"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

var (
	_ = covers("okta.action.activateUser", TestUserLifecycleCards)
	_ = covers("okta.action.deactivateUser", TestUserLifecycleCards)
	_ = covers("okta.action.suspendUser", TestUserLifecycleCards)
	_ = covers("okta.action.unsuspendUser", TestUserLifecycleCards)
	_ = covers("okta.action.resetPassword", TestUserLifecycleCards)
	_ = covers("okta.action.clearUserSessions", TestUserLifecycleCards)
	_ = covers("okta.action.deleteUser", TestDeleteUser)
	_ = covers("okta.action.deleteUser", TestDeleteUserAfterALostAnswer)
)

// stagedUser creates a STAGED user without credentials.
func (s *simOrg) stagedUser(t *testing.T, login string) string {
	t.Helper()
	u := s.object(t, http.MethodPost, "/api/v1/users?activate=false", map[string]any{
		"profile": map[string]any{"login": login, "email": login, "firstName": "S", "lastName": "Taged"}})
	return u["id"].(string)
}

func (s *simOrg) lifecycle(t *testing.T, id, op string) {
	t.Helper()
	s.do(t, http.MethodPost, "/api/v1/users/"+id+"/lifecycle/"+op, nil)
}

func TestUserLifecycleCards(t *testing.T) {
	s := newSim(t)
	tests := []struct {
		name       string
		card       string
		setup      func(t *testing.T) string // returns the user's login
		options    map[string]any
		inputs     map[string]any
		wantStatus string // the user's status afterwards
		wantCode   int
		changes    int // mutations the card must make
		check      func(t *testing.T, out map[string]any, login string)
	}{
		{name: "activate staged, link returned", card: "okta.action.activateUser", options: map[string]any{"sendEmail": false},
			setup:      func(t *testing.T) string { s.stagedUser(t, "act1@example.com"); return "act1@example.com" },
			wantStatus: "PROVISIONED", wantCode: 200, changes: 1,
			check: func(t *testing.T, out map[string]any, _ string) {
				if u, _ := out["activationUrl"].(string); !strings.Contains(u, "/welcome/") || out["activationToken"] == "" {
					t.Errorf("activation outputs = %v / %v", out["activationUrl"], out["activationToken"])
				}
			}},
		{name: "activate staged, email sent", card: "okta.action.activateUser",
			setup:      func(t *testing.T) string { s.stagedUser(t, "act2@example.com"); return "act2@example.com" },
			wantStatus: "PROVISIONED", wantCode: 200, changes: 1,
			check: func(t *testing.T, out map[string]any, _ string) {
				if out["activationUrl"] != nil {
					t.Errorf("activationUrl = %v, want none when Okta sends the email", out["activationUrl"])
				}
			}},
		{name: "activate an active user is success", card: "okta.action.activateUser",
			setup:      func(t *testing.T) string { s.addUser(t, "act3@example.com"); return "act3@example.com" },
			wantStatus: "ACTIVE", wantCode: 200},
		{name: "deactivate", card: "okta.action.deactivateUser",
			setup:      func(t *testing.T) string { s.addUser(t, "de1@example.com"); return "de1@example.com" },
			wantStatus: "DEPROVISIONED", wantCode: 200, changes: 1},
		{name: "deactivate a deactivated user is success", card: "okta.action.deactivateUser",
			setup: func(t *testing.T) string {
				s.lifecycle(t, s.addUser(t, "de2@example.com"), "deactivate")
				return "de2@example.com"
			},
			wantStatus: "DEPROVISIONED", wantCode: 200},
		{name: "suspend", card: "okta.action.suspendUser",
			setup:      func(t *testing.T) string { s.addUser(t, "su1@example.com"); return "su1@example.com" },
			wantStatus: "SUSPENDED", wantCode: 200, changes: 1},
		{name: "suspend a suspended user is success", card: "okta.action.suspendUser",
			setup: func(t *testing.T) string {
				s.lifecycle(t, s.addUser(t, "su2@example.com"), "suspend")
				return "su2@example.com"
			},
			wantStatus: "SUSPENDED", wantCode: 200},
		{name: "unsuspend", card: "okta.action.unsuspendUser",
			setup: func(t *testing.T) string {
				s.lifecycle(t, s.addUser(t, "un1@example.com"), "suspend")
				return "un1@example.com"
			},
			wantStatus: "ACTIVE", wantCode: 200, changes: 1},
		{name: "unsuspend an active user is success", card: "okta.action.unsuspendUser",
			setup:      func(t *testing.T) string { s.addUser(t, "un2@example.com"); return "un2@example.com" },
			wantStatus: "ACTIVE", wantCode: 200},
		{name: "reset password, link returned", card: "okta.action.resetPassword", options: map[string]any{"sendEmail": false},
			setup:      func(t *testing.T) string { s.addUser(t, "rp1@example.com"); return "rp1@example.com" },
			wantStatus: "RECOVERY", wantCode: 200, changes: 1,
			check: func(t *testing.T, out map[string]any, _ string) {
				if u, _ := out["resetPasswordUrl"].(string); !strings.Contains(u, "reset-password") {
					t.Errorf("resetPasswordUrl = %v", out["resetPasswordUrl"])
				}
			}},
		{name: "convert to federated user", card: "okta.action.resetPassword", options: map[string]any{"convert": true},
			setup:      func(t *testing.T) string { s.addUser(t, "rp2@example.com"); return "rp2@example.com" },
			wantStatus: "ACTIVE", wantCode: 200, changes: 1,
			check: func(t *testing.T, _ map[string]any, login string) {
				u := s.object(t, http.MethodGet, "/api/v1/users/"+login, nil)
				if p := path(u, "credentials", "provider", "type"); p != "FEDERATION" {
					t.Errorf("provider = %v, want FEDERATION", p)
				}
			}},
		{name: "clear sessions and tokens", card: "okta.action.clearUserSessions", inputs: map[string]any{"oauthTokens": true},
			setup:      func(t *testing.T) string { s.addUser(t, "cs@example.com"); return "cs@example.com" },
			wantStatus: "ACTIVE", wantCode: 204, changes: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			login := tt.setup(t)
			in := map[string]any{"userId": login}
			if tt.card == "okta.action.clearUserSessions" {
				in["userId"] = s.object(t, http.MethodGet, "/api/v1/users/"+login, nil)["id"]
			}
			for k, v := range tt.inputs {
				in[k] = v
			}
			before := s.Org.MutationCount("")
			out := s.runOK(t, tt.card, in, tt.options)
			if got := s.userStatus(t, login); got != tt.wantStatus {
				t.Errorf("status afterwards = %s, want %s", got, tt.wantStatus)
			}
			if out["statusCode"] != tt.wantCode {
				t.Errorf("Status Code = %v, want %d", out["statusCode"], tt.wantCode)
			}
			if n := s.Org.MutationCount("") - before; n != tt.changes {
				t.Errorf("the card made %d changes, want %d", n, tt.changes)
			}
			if tt.check != nil {
				tt.check(t, out, login)
			}
		})
	}
	for _, card := range []string{"okta.action.activateUser", "okta.action.deactivateUser", "okta.action.suspendUser",
		"okta.action.unsuspendUser", "okta.action.resetPassword", "okta.action.clearUserSessions"} {
		t.Run("unknown id/"+card, func(t *testing.T) {
			_, err := s.run(t, card, map[string]any{"userId": "00unknown"}, nil)
			wantOktaError(t, err, specName(t, card), "E0000007")
		})
	}
	t.Run("suspend a staged user is Okta's error", func(t *testing.T) {
		s.stagedUser(t, "st@example.com")
		_, err := s.run(t, "okta.action.suspendUser", map[string]any{"userId": "st@example.com"}, nil)
		wantOktaError(t, err, "Suspend User", "E0000001")
	})
}

func TestDeleteUser(t *testing.T) {
	s := newSim(t)
	t.Run("deactivated user is deleted", func(t *testing.T) {
		id := s.addUser(t, "gone@example.com")
		s.lifecycle(t, id, "deactivate")
		out := s.runOK(t, "okta.action.deleteUser", map[string]any{"userId": id}, nil)
		if out["outcome"] != "deleted" || out["statusCode"] != 204 {
			t.Errorf("outputs = %v", out)
		}
		if st := s.userStatus(t, id); st != "" {
			t.Errorf("the user is still there (%s)", st)
		}
	})
	t.Run("active user is refused", func(t *testing.T) {
		id := s.addUser(t, "stays@example.com")
		_, err := s.run(t, "okta.action.deleteUser", map[string]any{"userId": id}, nil)
		if err == nil || !strings.Contains(err.Error(), "Deactivate first") || !strings.Contains(err.Error(), "ACTIVE") {
			t.Errorf("err = %v, want a refusal naming the status and the option", err)
		}
		if st := s.userStatus(t, id); st != "ACTIVE" {
			t.Errorf("status = %q, want the user untouched", st)
		}
	})
	t.Run("deactivate first", func(t *testing.T) {
		id := s.addUser(t, "both@example.com")
		out := s.runOK(t, "okta.action.deleteUser", map[string]any{"userId": id}, map[string]any{"deactivateFirst": true})
		if out["outcome"] != "deleted" {
			t.Errorf("outcome = %v", out["outcome"])
		}
		if st := s.userStatus(t, id); st != "" {
			t.Errorf("the user is still there (%s)", st)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		_, err := s.run(t, "okta.action.deleteUser", map[string]any{"userId": "00unknown"}, nil)
		wantOktaError(t, err, "Delete User", "E0000007")
	})
}

// TestDeleteUserAfterALostAnswer drops connections after Okta acted: the card must never send a
// second DELETE, which on a user that the first call only deactivated deletes for good.
func TestDeleteUserAfterALostAnswer(t *testing.T) {
	t.Run("lost deactivate is retried, then one delete", func(t *testing.T) {
		s := newSim(t)
		id := s.addUser(t, "retry@example.com")
		s.faults().Add(limits.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/users/" + id + "/lifecycle/deactivate", ResetAfterRate: 1, Times: 1})
		out := s.runOK(t, "okta.action.deleteUser", map[string]any{"userId": id}, map[string]any{"deactivateFirst": true})
		if out["outcome"] != "deleted" {
			t.Errorf("outcome = %v", out["outcome"])
		}
		if d, x := s.Org.MutationsOfKind("user.deactivate"), s.Org.MutationsOfKind("user.delete"); d != 1 || x != 1 {
			t.Errorf("deactivations %d, deletions %d; want 1 and 1", d, x)
		}
	})
	t.Run("lost delete is read back, not repeated", func(t *testing.T) {
		s := newSim(t)
		id := s.addUser(t, "once@example.com")
		s.lifecycle(t, id, "deactivate")
		s.faults().Add(limits.Fault{Method: http.MethodDelete, PathPrefix: "/api/v1/users/", ResetAfterRate: 1, Times: 1})
		out := s.runOK(t, "okta.action.deleteUser", map[string]any{"userId": id}, nil)
		if out["outcome"] != "deleted" {
			t.Errorf("outcome = %v", out["outcome"])
		}
		if n := s.Org.MutationsOfKind("user.delete"); n != 1 {
			t.Errorf("deletions = %d, want 1", n)
		}
	})
	t.Run("a dropped delete is reported, never repeated", func(t *testing.T) {
		s := newSim(t)
		id := s.addUser(t, "kept@example.com")
		s.lifecycle(t, id, "deactivate")
		s.faults().Add(limits.Fault{Method: http.MethodDelete, PathPrefix: "/api/v1/users/", ResetBeforeRate: 1, Times: 1})
		_, err := s.run(t, "okta.action.deleteUser", map[string]any{"userId": id}, nil)
		if !isOutcomeUnknown(err) || !strings.Contains(err.Error(), "outcome unknown") {
			t.Errorf("err = %v, want outcome unknown", err)
		}
		if st := s.userStatus(t, id); st != "DEPROVISIONED" {
			t.Errorf("status = %q, want the deactivated user kept", st)
		}
	})
	t.Run("an active user is never sent a DELETE", func(t *testing.T) {
		s := newSim(t)
		id := s.addUser(t, "safe@example.com")
		s.faults().Add(limits.Fault{Method: http.MethodDelete, PathPrefix: "/api/v1/users/", ResetAfterRate: 1})
		_, err := s.run(t, "okta.action.deleteUser", map[string]any{"userId": id}, nil)
		if err == nil {
			t.Fatal("want a refusal")
		}
		if n := s.Org.MutationCount(""); n != 1 { // the user's creation only
			t.Errorf("the org changed %d times, want only the setup's create", n)
		}
	})
}

var _ = covers("okta.action.activateUser", TestActivateUserAfterALostAnswer)

func TestActivateUserAfterALostAnswer(t *testing.T) {
	tests := []struct {
		name      string
		sendEmail bool
		wantErr   string
	}{
		{name: "email sent: done", sendEmail: true},
		{name: "link lost: told how to get a new one", sendEmail: false, wantErr: "activation link was lost"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSim(t)
			id := s.stagedUser(t, "lost.act@example.com")
			s.faults().Add(limits.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/users/" + id + "/lifecycle/activate", ResetAfterRate: 1, Times: 1})
			_, err := s.run(t, "okta.action.activateUser", map[string]any{"userId": id}, map[string]any{"sendEmail": tt.sendEmail})
			if tt.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Errorf("err = %v, want %q", err, tt.wantErr)
			}
			if n := s.Org.MutationsOfKind("user.activate"); n != 1 {
				t.Errorf("activations = %d, want exactly 1 (never repeated)", n)
			}
		})
	}
}
