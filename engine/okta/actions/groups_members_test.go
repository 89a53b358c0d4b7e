package actions

import (
	"net/http"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

var (
	_ = covers("okta.action.addNewUserToGroup", TestGroupMembership)
	_ = covers("okta.action.removeUserFromGroup", TestGroupMembership)
	_ = covers("okta.action.listGroupMembers", TestListGroupMembers)
	_ = covers("okta.action.getUsersGroups", TestGetUsersGroups)
)

// members lists a group's member ids through the SDK, as an admin would check.
func (s *simOrg) members(t *testing.T, gid string) map[string]bool {
	t.Helper()
	us, _, err := s.Client.SDK.Group.ListGroupUsers(t.Context(), gid, nil)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, u := range us {
		out[u.Id] = true
	}
	return out
}

func TestGroupMembership(t *testing.T) {
	s := newSim(t)
	gid := s.addGroup(t, "Crew")
	uid := s.addUser(t, "crew@example.com")
	in := map[string]any{"groupId": gid, "userId": uid}
	steps := []struct {
		name       string
		card       string
		wantMember bool
	}{
		{"add", "okta.action.addNewUserToGroup", true},
		{"add again is success", "okta.action.addNewUserToGroup", true},
		{"remove", "okta.action.removeUserFromGroup", false},
		{"remove again is success", "okta.action.removeUserFromGroup", false},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			out := s.runOK(t, st.card, in, nil)
			if out["statusCode"] != 204 {
				t.Errorf("Status = %v, want 204", out["statusCode"])
			}
			if got := s.members(t, gid)[uid]; got != st.wantMember {
				t.Errorf("member afterwards = %v, want %v", got, st.wantMember)
			}
		})
	}
	if n := s.Org.MutationsOfKind("group.member.add") + s.Org.MutationsOfKind("group.member.remove"); n != 2 {
		t.Errorf("membership changes = %d, want 2 (repeats change nothing)", n)
	}
	for _, card := range []string{"okta.action.addNewUserToGroup", "okta.action.removeUserFromGroup"} {
		t.Run("unknown group/"+card, func(t *testing.T) {
			_, err := s.run(t, card, map[string]any{"groupId": "00gunknown", "userId": uid}, nil)
			wantOktaError(t, err, specName(t, card), "E0000007")
		})
		t.Run("unknown user/"+card, func(t *testing.T) {
			_, err := s.run(t, card, map[string]any{"groupId": gid, "userId": "00uunknown"}, nil)
			wantOktaError(t, err, specName(t, card), "E0000007")
		})
	}
}

func TestListGroupMembers(t *testing.T) {
	s := newSim(t)
	gid := s.addGroup(t, "Big")
	ids := s.seedUsers(t, "m", 230)
	for _, id := range ids {
		s.do(t, http.MethodPut, "/api/v1/groups/"+gid+"/users/"+id, nil)
	}
	tests := []struct {
		name     string
		options  map[string]any
		inputs   map[string]any
		want     int
		wantMore bool
	}{
		{name: "first 200", want: 200, wantMore: true},
		{name: "stream every page", options: map[string]any{"resultSet": "Stream Records"}, want: 230},
		{name: "record limit", options: map[string]any{"resultSet": "Stream Records"}, inputs: map[string]any{"limit": 201}, want: 201, wantMore: true},
		{name: "record limit equal to the size", options: map[string]any{"resultSet": "Stream Records"}, inputs: map[string]any{"limit": 230}, want: 230},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := map[string]any{"groupId": gid}
			for k, v := range tt.inputs {
				in[k] = v
			}
			out := s.runOK(t, "okta.action.listGroupMembers", in, tt.options)
			if n := listLen(t, out, "users"); n != tt.want || out["more"] != tt.wantMore {
				t.Errorf("got %d members, more %v; want %d, %v", n, out["more"], tt.want, tt.wantMore)
			}
			if first := out["users"].([]any)[0].(map[string]any); first["id"] != ids[0] || first["login"] != "m000@example.com" {
				t.Errorf("first member = %v", first)
			}
		})
	}
	t.Run("unknown group", func(t *testing.T) {
		_, err := s.run(t, "okta.action.listGroupMembers", map[string]any{"groupId": "00gunknown"}, nil)
		wantOktaError(t, err, "List Group Members", "E0000007")
	})
}

func TestGetUsersGroups(t *testing.T) {
	s := newSim(t)
	uid := s.addUser(t, "joiner@example.com")
	a, b := s.addGroup(t, "Alpha"), s.addGroup(t, "Beta")
	s.addGroup(t, "Gamma")
	for _, g := range []string{a, b} {
		s.do(t, http.MethodPut, "/api/v1/groups/"+g+"/users/"+uid, nil)
	}
	out := s.runOK(t, "okta.action.getUsersGroups", map[string]any{"userId": uid}, nil)
	var names []string
	for _, g := range out["groups"].([]any) {
		names = append(names, g.(map[string]any)["name"].(string))
	}
	if len(names) != 3 || names[0] != "Everyone" || names[1] != "Alpha" || names[2] != "Beta" || out["more"] != false {
		t.Errorf("groups = %v (more %v), want Everyone, Alpha, Beta", names, out["more"])
	}
	t.Run("record limit", func(t *testing.T) {
		out := s.runOK(t, "okta.action.getUsersGroups", map[string]any{"userId": uid, "limit": 2}, nil)
		if n := listLen(t, out, "groups"); n != 2 || out["more"] != true {
			t.Errorf("got %d groups, more %v", n, out["more"])
		}
	})
	t.Run("unknown user", func(t *testing.T) {
		_, err := s.run(t, "okta.action.getUsersGroups", map[string]any{"userId": "00uunknown"}, nil)
		wantOktaError(t, err, "Get Users Groups", "E0000007")
	})
}

// TestRequestIDsMatchTheOrgsChanges: a card's result carries the X-Okta-Request-Id of each call,
// the key the loop guard matches against System Log transaction ids.
func TestRequestIDsMatchTheOrgsChanges(t *testing.T) {
	s := newSim(t)
	gid, uid := s.addGroup(t, "Tracked"), s.addUser(t, "tracked@example.com")
	spec, _ := catalog.Global().Lookup("okta.action.addNewUserToGroup")
	res, err := Run(t.Context(), &Call{Spec: spec, Client: s.Client, Inputs: map[string]any{"groupId": gid, "userId": uid}})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.RequestIDs) != 1 || s.Org.MutationCount(res.RequestIDs[0]) != 1 {
		t.Errorf("request ids %v; want the one call that changed the org", res.RequestIDs)
	}
}
