package actions

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

var (
	_ = covers("okta.action.createGroupRule", TestGroupRuleCards)
	_ = covers("okta.action.readGroupRule", TestGroupRuleCards)
	_ = covers("okta.action.updateGroupRule", TestGroupRuleCards)
	_ = covers("okta.action.activateGroupRule", TestGroupRuleCards)
	_ = covers("okta.action.deactivateGroupRule", TestGroupRuleCards)
	_ = covers("okta.action.deleteGroupRule", TestGroupRuleCards)
	_ = covers("okta.action.searchGroupRules", TestSearchGroupRules)
)

func TestGroupRuleCards(t *testing.T) {
	s := newSim(t)
	sales := s.addGroup(t, "Sales")
	emea := s.addGroup(t, "EMEA")
	seller := s.addUser(t, "seller@example.com")
	excluded := s.addUser(t, "excluded@example.com")
	for _, id := range []string{seller, excluded} {
		s.object(t, http.MethodPost, "/api/v1/users/"+id, map[string]any{"profile": map[string]any{"department": "Sales"}})
	}
	var rid string
	t.Run("create", func(t *testing.T) {
		out := s.runOK(t, "okta.action.createGroupRule", map[string]any{"name": "Sales people",
			"expression": `user.department == "Sales"`, "groupIds": []any{sales}, "excludeUsers": excluded}, nil)
		rid, _ = out["id"].(string)
		r := s.object(t, http.MethodGet, "/api/v1/groups/rules/"+rid, nil)
		if r["status"] != "INACTIVE" || path(r, "conditions", "expression", "value") != `user.department == "Sales"` {
			t.Errorf("the org's rule = %v", r)
		}
		if out["status"] != "INACTIVE" || out["type"] != "group_rule" || out["expression"] != `user.department == "Sales"` {
			t.Errorf("outputs = %v", out)
		}
		if ex, _ := out["excludedUsers"].([]any); len(ex) != 1 || ex[0] != excluded {
			t.Errorf("excludedUsers = %v", out["excludedUsers"])
		}
	})
	t.Run("activate assigns matching users", func(t *testing.T) {
		for range 2 { // activating an active rule is success
			out := s.runOK(t, "okta.action.activateGroupRule", map[string]any{"ruleId": rid}, nil)
			if out["statusCode"] != 204 {
				t.Errorf("Status Code = %v", out["statusCode"])
			}
		}
		m := s.members(t, sales)
		if !m[seller] || m[excluded] {
			t.Errorf("Sales members = %v, want the seller and not the excluded user", m)
		}
	})
	t.Run("read", func(t *testing.T) {
		out := s.runOK(t, "okta.action.readGroupRule", map[string]any{"ruleId": rid}, nil)
		if out["status"] != "ACTIVE" || out["name"] != "Sales people" || out["raw"] == nil {
			t.Errorf("outputs = %v", out)
		}
		if ga, _ := out["groupAssignments"].([]any); len(ga) != 1 || ga[0] != sales {
			t.Errorf("groupAssignments = %v", out["groupAssignments"])
		}
	})
	t.Run("update of an active rule is Okta's error", func(t *testing.T) {
		_, err := s.run(t, "okta.action.updateGroupRule", map[string]any{"ruleId": rid, "name": "x", "expression": "true", "groupIds": emea}, nil)
		wantOktaError(t, err, "Update Group Rule", "E0000001")
	})
	t.Run("deactivate, update, delete", func(t *testing.T) {
		s.runOK(t, "okta.action.deactivateGroupRule", map[string]any{"ruleId": rid}, nil)
		if st := s.object(t, http.MethodGet, "/api/v1/groups/rules/"+rid, nil)["status"]; st != "INACTIVE" {
			t.Fatalf("status after deactivate = %v", st)
		}
		out := s.runOK(t, "okta.action.updateGroupRule", map[string]any{"ruleId": rid, "name": "EMEA sellers",
			"expression": `user.department == "Sales"`, "groupIds": fmt.Sprintf("%s,%s", sales, emea)}, nil)
		r := s.object(t, http.MethodGet, "/api/v1/groups/rules/"+rid, nil)
		if r["name"] != "EMEA sellers" || len(path(r, "actions", "assignUserToGroups", "groupIds").([]any)) != 2 {
			t.Errorf("the org's rule = %v", r)
		}
		if ex, _ := out["excludedUsers"].([]any); len(ex) != 0 {
			t.Errorf("excludedUsers = %v, want none after the update", out["excludedUsers"])
		}
		del := s.runOK(t, "okta.action.deleteGroupRule", map[string]any{"ruleId": rid}, nil)
		if del["statusCode"] != 202 {
			t.Errorf("delete Status Code = %v", del["statusCode"])
		}
		if _, err := s.Client.Do(t.Context(), http.MethodGet, "/api/v1/groups/rules/"+rid, nil, nil, nil); !isNotFound(err) {
			t.Errorf("the rule is still there: %v", err)
		}
		if !s.members(t, sales)[seller] {
			t.Error("deleting the rule removed the users it had added")
		}
	})
	t.Run("invalid expression is Okta's error", func(t *testing.T) {
		_, err := s.run(t, "okta.action.createGroupRule", map[string]any{"name": "bad", "expression": "user.(", "groupIds": sales}, nil)
		wantOktaError(t, err, "Create Group Rule", "E0000001")
	})
	for _, card := range []string{"okta.action.readGroupRule", "okta.action.updateGroupRule", "okta.action.activateGroupRule",
		"okta.action.deactivateGroupRule", "okta.action.deleteGroupRule"} {
		t.Run("unknown id/"+card, func(t *testing.T) {
			_, err := s.run(t, card, map[string]any{"ruleId": "0prunknown", "name": "x", "expression": "true", "groupIds": sales}, nil)
			wantOktaError(t, err, specName(t, card), "E0000007")
		})
	}
}

func TestSearchGroupRules(t *testing.T) {
	s := newSim(t)
	gid := s.addGroup(t, "Target")
	for i := range 210 {
		name := fmt.Sprintf("Rule %03d", i)
		if i%2 == 0 {
			name = fmt.Sprintf("Even rule %03d", i)
		}
		s.object(t, http.MethodPost, "/api/v1/groups/rules", map[string]any{"type": "group_rule", "name": name,
			"conditions": map[string]any{"expression": map[string]any{"type": "urn:okta:expression:1.0", "value": "true"}},
			"actions":    map[string]any{"assignUserToGroups": map[string]any{"groupIds": []string{gid}}}})
	}
	stream := map[string]any{"resultSet": "Stream Matching Records"}
	tests := []struct {
		name     string
		options  map[string]any
		inputs   map[string]any
		want     int
		wantMore bool
	}{
		{name: "every rule over two pages", options: stream, want: 210},
		{name: "first 200", options: map[string]any{"resultSet": "First 200 Matching Records"}, want: 200, wantMore: true},
		{name: "keyword", options: stream, inputs: map[string]any{"search": "even"}, want: 105},
		{name: "first matching record", inputs: map[string]any{"search": "Even"}, want: 1, wantMore: true},
		{name: "no match", options: stream, inputs: map[string]any{"search": "nothing"}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := s.runOK(t, "okta.action.searchGroupRules", tt.inputs, tt.options)
			if n := listLen(t, out, "groupRules"); n != tt.want || out["more"] != tt.wantMore {
				t.Errorf("got %d rules, more %v; want %d, %v", n, out["more"], tt.want, tt.wantMore)
			}
		})
	}
	t.Run("rule outputs", func(t *testing.T) {
		out := s.runOK(t, "okta.action.searchGroupRules", map[string]any{"search": "Rule 001"}, nil)
		r := out["groupRules"].([]any)[0].(map[string]any)
		if r["name"] != "Rule 001" || r["expression"] != "true" || r["status"] != "INACTIVE" {
			t.Errorf("rule = %v", r)
		}
	})
}

var _ = covers("okta.action.deactivateGroupRule", TestGroupRuleAlreadyInThatState)

// TestGroupRuleAlreadyInThatState: should Okta refuse to (de)activate a rule that already is, the
// card reads the rule back and counts the state reached as success; any other refusal stays an
// error.
func TestGroupRuleAlreadyInThatState(t *testing.T) {
	s := newSim(t, withHandler(func(org http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost && strings.Contains(r.URL.Path, "/lifecycle/") && strings.HasPrefix(r.URL.Path, "/api/v1/groups/rules/") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusBadRequest)
				io.WriteString(w, `{"errorCode":"E0000001","errorSummary":"Api validation failed: status","errorCauses":[]}`)
				return
			}
			org.ServeHTTP(w, r)
		})
	}))
	gid := s.addGroup(t, "G")
	r := s.object(t, http.MethodPost, "/api/v1/groups/rules", map[string]any{"type": "group_rule", "name": "R",
		"conditions": map[string]any{"expression": map[string]any{"type": "urn:okta:expression:1.0", "value": "true"}},
		"actions":    map[string]any{"assignUserToGroups": map[string]any{"groupIds": []string{gid}}}})
	in := map[string]any{"ruleId": r["id"]}
	if out := s.runOK(t, "okta.action.deactivateGroupRule", in, nil); out["statusCode"] != 204 {
		t.Errorf("Status Code = %v", out["statusCode"])
	}
	_, err := s.run(t, "okta.action.activateGroupRule", in, nil)
	wantOktaError(t, err, "Activate Group Rule", "E0000001")
}
