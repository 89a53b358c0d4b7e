package actions

import (
	"net/http"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

var _ = covers("okta.action.readUser", TestReadUser)

func TestReadUser(t *testing.T) {
	s := newSim(t)
	id := s.addUser(t, "ada@example.com")
	s.object(t, http.MethodPost, "/api/v1/users/"+id, map[string]any{"profile": map[string]any{"costCenter": "42"}})
	for _, key := range []string{id, "ada@example.com"} {
		t.Run(key, func(t *testing.T) {
			out := s.runOK(t, "okta.action.readUser", map[string]any{"userId": key}, nil)
			if out["id"] != id || out["status"] != "ACTIVE" || out["login"] != "ada@example.com" || out["firstName"] != "ada" {
				t.Errorf("outputs = id %v status %v login %v firstName %v", out["id"], out["status"], out["login"], out["firstName"])
			}
			if p, _ := out["profile"].(map[string]any); p["costCenter"] != "42" {
				t.Errorf("profile = %v, want the custom attribute costCenter", out["profile"])
			}
			if raw, _ := out["raw"].(map[string]any); raw["_links"] == nil {
				t.Errorf("raw = %v, want the object with its _links", out["raw"])
			}
			if _, ok := out["middleName"]; !ok {
				t.Error("every declared output must be present, middleName is missing")
			}
		})
	}
	t.Run("unknown id", func(t *testing.T) {
		_, err := s.run(t, "okta.action.readUser", map[string]any{"userId": "00unknown"}, nil)
		wantOktaError(t, err, "Read User", "E0000007")
	})
	t.Run("path traversal stays one segment", func(t *testing.T) {
		_, err := s.run(t, "okta.action.readUser", map[string]any{"userId": "00u1/../../groups"}, nil)
		wantOktaError(t, err, "Read User", "E0000007")
	})
	t.Run("a lost answer is retried", func(t *testing.T) {
		s.faults().Add(limits.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/users/", ResetAfterRate: 1, Times: 1})
		out := s.runOK(t, "okta.action.readUser", map[string]any{"userId": id}, nil)
		if out["id"] != id {
			t.Errorf("id = %v", out["id"])
		}
	})
}

var (
	_ = covers("okta.action.createUser", TestCreateUser)
	_ = covers("okta.action.createUser", TestCreateUserAfterALostAnswerNeverCreatesTwice)
	_ = covers("okta.action.updateUser", TestUpdateUser)
)

func newUserInputs(login string) map[string]any {
	return map[string]any{"login": login, "email": login, "firstName": "Grace", "lastName": "Hopper"}
}

func TestCreateUser(t *testing.T) {
	s := newSim(t)
	gid := s.addGroup(t, "Engineering")
	tests := []struct {
		name       string
		option     string
		inputs     map[string]any
		wantStatus string
		check      func(t *testing.T, u map[string]any)
	}{
		{name: "staged", option: "without Credentials", inputs: map[string]any{"activate": false}, wantStatus: "STAGED"},
		{name: "activated without password", option: "without Credentials", wantStatus: "PROVISIONED"},
		{name: "password", option: "with Password", inputs: map[string]any{"password": "Secr3t-Passw0rd"}, wantStatus: "ACTIVE",
			check: func(t *testing.T, u map[string]any) {
				if path(u, "credentials", "password") == nil {
					t.Errorf("credentials = %v, want a password", u["credentials"])
				}
			}},
		{name: "password and recovery", option: "with Password & Recovery Question",
			inputs:     map[string]any{"password": "Secr3t-Passw0rd", "recoveryQuestion": "First ship?", "recoveryAnswer": "Mark I"},
			wantStatus: "ACTIVE",
			check: func(t *testing.T, u map[string]any) {
				if q := path(u, "credentials", "recovery_question", "question"); q != "First ship?" {
					t.Errorf("recovery question = %v", q)
				}
			}},
		{name: "provider", option: "with Authentication Provider", inputs: map[string]any{"providerType": "FEDERATION"}, wantStatus: "ACTIVE",
			check: func(t *testing.T, u map[string]any) {
				if p := path(u, "credentials", "provider", "type"); p != "FEDERATION" {
					t.Errorf("provider = %v", p)
				}
			}},
		{name: "in group with custom attributes", option: "in Group",
			inputs: map[string]any{"groupIds": []any{gid}, "customProfile": map[string]any{"costCenter": "7"}, "title": "Rear Admiral"},
			check: func(t *testing.T, u map[string]any) {
				if p := u["profile"].(map[string]any); p["costCenter"] != "7" || p["title"] != "Rear Admiral" {
					t.Errorf("profile = %v", p)
				}
				members, _, err := s.Client.SDK.Group.ListGroupUsers(t.Context(), gid, nil)
				if err != nil {
					t.Fatal(err)
				}
				if len(members) != 1 || members[0].Id != u["id"] {
					t.Errorf("group members = %v, want the new user", members)
				}
			}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			login := "grace" + string(rune('a'+i)) + "@example.com"
			in := newUserInputs(login)
			for k, v := range tt.inputs {
				in[k] = v
			}
			out := s.runOK(t, "okta.action.createUser", in, map[string]any{"option": tt.option})
			u := s.object(t, http.MethodGet, "/api/v1/users/"+login, nil)
			if out["id"] != u["id"] || out["login"] != login || out["lastName"] != "Hopper" {
				t.Errorf("outputs id %v login %v lastName %v; the org has %v", out["id"], out["login"], out["lastName"], u["id"])
			}
			if tt.wantStatus != "" && (u["status"] != tt.wantStatus || out["status"] != tt.wantStatus) {
				t.Errorf("status: org %v, output %v, want %s", u["status"], out["status"], tt.wantStatus)
			}
			if tt.check != nil {
				tt.check(t, u)
			}
		})
	}
	t.Run("missing password", func(t *testing.T) {
		_, err := s.run(t, "okta.action.createUser", newUserInputs("nopass@example.com"), map[string]any{"option": "with Password"})
		if err == nil || !strings.Contains(err.Error(), `"Password" is required`) {
			t.Errorf("err = %v, want Password required", err)
		}
		if s.userStatus(t, "nopass@example.com") != "" {
			t.Error("a user was created without the required password")
		}
	})
	t.Run("duplicate login", func(t *testing.T) {
		_, err := s.run(t, "okta.action.createUser", newUserInputs("gracea@example.com"), nil)
		wantOktaError(t, err, "Create User", "E0000001")
	})
	t.Run("unknown group", func(t *testing.T) {
		in := newUserInputs("lost@example.com")
		in["groupIds"] = "00gunknown"
		_, err := s.run(t, "okta.action.createUser", in, map[string]any{"option": "in Group"})
		wantOktaError(t, err, "Create User", "E0000007")
	})
}

func TestCreateUserAfterALostAnswerNeverCreatesTwice(t *testing.T) {
	t.Run("created: the user is returned", func(t *testing.T) {
		s := newSim(t)
		s.faults().Add(limits.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/users", ResetAfterRate: 1, Times: 1})
		out := s.runOK(t, "okta.action.createUser", newUserInputs("lost.answer@example.com"), nil)
		if n := s.Org.MutationsOfKind("user.create"); n != 1 {
			t.Errorf("the org created %d users, want exactly 1", n)
		}
		if out["login"] != "lost.answer@example.com" || out["id"] == nil {
			t.Errorf("outputs = %v", out)
		}
	})
	t.Run("not created: reported, not repeated", func(t *testing.T) {
		s := newSim(t)
		s.faults().Add(limits.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/users", ResetBeforeRate: 1, Times: 1})
		_, err := s.run(t, "okta.action.createUser", newUserInputs("never@example.com"), nil)
		if err == nil || !strings.Contains(err.Error(), "was not created") {
			t.Errorf("err = %v, want a report that the user was not created", err)
		}
		if n := s.Org.MutationsOfKind("user.create"); n != 0 {
			t.Errorf("the org created %d users after a dropped request, want 0 (no blind retry)", n)
		}
	})
	t.Run("someone else's user with that login: outcome unknown", func(t *testing.T) {
		s := newSim(t)
		s.addUser(t, "taken@example.com")
		s.faults().Add(limits.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/users", ResetBeforeRate: 1, Times: 1})
		in := newUserInputs("taken@example.com")
		_, err := s.run(t, "okta.action.createUser", in, nil)
		if !isOutcomeUnknown(err) || !strings.Contains(err.Error(), "differs") {
			t.Errorf("err = %v, want outcome unknown naming the difference", err)
		}
	})
}

func TestUpdateUser(t *testing.T) {
	s := newSim(t)
	id := s.addUser(t, "linus@example.com")
	s.object(t, http.MethodPost, "/api/v1/users/"+id, map[string]any{"profile": map[string]any{"title": "Engineer", "costCenter": "1"}})
	tests := []struct {
		name    string
		options map[string]any
		inputs  map[string]any
		want    map[string]any // profile attribute -> value; nil means absent
	}{
		{name: "partial changes only what is given", inputs: map[string]any{"title": "Architect"},
			want: map[string]any{"title": "Architect", "costCenter": "1", "firstName": "linus"}},
		{name: "partial passes empty values", options: map[string]any{"passEmptyValues": true},
			inputs: map[string]any{"title": "", "customProfile": map[string]any{"department": "R&D"}},
			want:   map[string]any{"title": nil, "department": "R&D", "costCenter": "1"}},
		{name: "strict replaces the profile", options: map[string]any{"updateSemantics": "Strict"},
			inputs: map[string]any{"login": "linus@example.com", "email": "linus@example.com", "firstName": "Linus", "lastName": "T"},
			want:   map[string]any{"firstName": "Linus", "costCenter": nil, "department": nil}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := map[string]any{"userId": id}
			for k, v := range tt.inputs {
				in[k] = v
			}
			out := s.runOK(t, "okta.action.updateUser", in, tt.options)
			p := s.object(t, http.MethodGet, "/api/v1/users/"+id, nil)["profile"].(map[string]any)
			for k, v := range tt.want {
				if p[k] != v {
					t.Errorf("profile.%s = %v, want %v", k, p[k], v)
				}
			}
			if out["id"] != id {
				t.Errorf("output id = %v", out["id"])
			}
		})
	}
	t.Run("new password", func(t *testing.T) {
		s.runOK(t, "okta.action.updateUser", map[string]any{"userId": id, "password": "An0ther-Passw0rd"}, nil)
		if n := s.Org.MutationsOfKind("user.password"); n != 1 {
			t.Errorf("password changes = %d, want 1", n)
		}
	})
	t.Run("unknown id", func(t *testing.T) {
		_, err := s.run(t, "okta.action.updateUser", map[string]any{"userId": "00unknown", "title": "x"}, nil)
		wantOktaError(t, err, "Update User", "E0000007")
	})
}
