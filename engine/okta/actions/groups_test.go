package actions

import (
	"fmt"
	"net/http"
	"testing"
)

var (
	_ = covers("okta.action.readGroup", TestGroupCards)
	_ = covers("okta.action.createGroup", TestGroupCards)
	_ = covers("okta.action.updateGroup", TestGroupCards)
	_ = covers("okta.action.deleteGroup", TestGroupCards)
	_ = covers("okta.action.searchGroups", TestSearchGroups)
)

func TestGroupCards(t *testing.T) {
	s := newSim(t)
	var gid string
	t.Run("create", func(t *testing.T) {
		out := s.runOK(t, "okta.action.createGroup", map[string]any{"name": "Pilots", "description": "Fly",
			"customProfile": map[string]any{"costCenter": "9"}}, nil)
		gid, _ = out["id"].(string)
		g := s.object(t, http.MethodGet, "/api/v1/groups/"+gid, nil)
		p := g["profile"].(map[string]any)
		if p["name"] != "Pilots" || p["description"] != "Fly" || p["costCenter"] != "9" || g["type"] != "OKTA_GROUP" {
			t.Errorf("the org's group = %v", g)
		}
		if out["name"] != "Pilots" || out["type"] != "OKTA_GROUP" || out["raw"] == nil {
			t.Errorf("outputs = %v", out)
		}
	})
	t.Run("read", func(t *testing.T) {
		out := s.runOK(t, "okta.action.readGroup", map[string]any{"groupId": gid}, nil)
		if out["id"] != gid || out["name"] != "Pilots" || out["description"] != "Fly" || out["lastMembershipUpdated"] == nil {
			t.Errorf("outputs = %v", out)
		}
		if oc, _ := out["objectClass"].([]any); len(oc) != 1 || oc[0] != "okta:user_group" {
			t.Errorf("objectClass = %v", out["objectClass"])
		}
	})
	t.Run("update replaces the profile", func(t *testing.T) {
		out := s.runOK(t, "okta.action.updateGroup", map[string]any{"groupId": gid, "name": "Aviators"}, nil)
		p := s.object(t, http.MethodGet, "/api/v1/groups/"+gid, nil)["profile"].(map[string]any)
		if p["name"] != "Aviators" || p["costCenter"] != nil {
			t.Errorf("profile = %v, want the name replaced and costCenter gone", p)
		}
		if out["name"] != "Aviators" {
			t.Errorf("output name = %v", out["name"])
		}
	})
	t.Run("create a duplicate name is Okta's error", func(t *testing.T) {
		_, err := s.run(t, "okta.action.createGroup", map[string]any{"name": "Aviators"}, nil)
		wantOktaError(t, err, "Create Group", "E0000001")
	})
	t.Run("delete", func(t *testing.T) {
		out := s.runOK(t, "okta.action.deleteGroup", map[string]any{"groupId": gid}, nil)
		if out["statusCode"] != 204 {
			t.Errorf("Status Code = %v", out["statusCode"])
		}
		_, err := s.Client.Do(t.Context(), http.MethodGet, "/api/v1/groups/"+gid, nil, nil, nil)
		if !isNotFound(err) {
			t.Errorf("the group is still there: %v", err)
		}
	})
	for _, card := range []string{"okta.action.readGroup", "okta.action.updateGroup", "okta.action.deleteGroup"} {
		t.Run("unknown id/"+card, func(t *testing.T) {
			_, err := s.run(t, card, map[string]any{"groupId": "00gunknown", "name": "x"}, nil)
			wantOktaError(t, err, specName(t, card), "E0000007")
		})
	}
}

func TestSearchGroups(t *testing.T) {
	s := newSim(t)
	for i := range 250 {
		s.addGroup(t, fmt.Sprintf("Team %03d", i))
	}
	stream := map[string]any{"resultSet": "Stream Matching Records"}
	tests := []struct {
		name     string
		options  map[string]any
		inputs   map[string]any
		want     int
		wantMore bool
	}{
		{name: "every group over two pages", options: stream, want: 251},
		{name: "first 200", options: map[string]any{"resultSet": "First 200 Matching Records"}, want: 200, wantMore: true},
		{name: "by name", options: stream, inputs: map[string]any{"name": "Team 042"}, want: 1},
		{name: "by type", options: stream, inputs: map[string]any{"type": "BUILT_IN"}, want: 1},
		{name: "custom criteria with limit", options: stream, inputs: map[string]any{"customSearch": `profile.name sw "Team 1"`, "limit": 20}, want: 20, wantMore: true},
		{name: "first matching record", inputs: map[string]any{"type": "OKTA_GROUP"}, want: 1, wantMore: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := s.runOK(t, "okta.action.searchGroups", tt.inputs, tt.options)
			if n := listLen(t, out, "groups"); n != tt.want || out["more"] != tt.wantMore {
				t.Errorf("got %d groups, more %v; want %d, %v", n, out["more"], tt.want, tt.wantMore)
			}
		})
	}
	t.Run("group outputs", func(t *testing.T) {
		out := s.runOK(t, "okta.action.searchGroups", map[string]any{"name": "Team 007"}, nil)
		g := out["groups"].([]any)[0].(map[string]any)
		if g["name"] != "Team 007" || g["id"] == nil || g["raw"] == nil {
			t.Errorf("group = %v", g)
		}
	})
	t.Run("bad search is Okta's error", func(t *testing.T) {
		_, err := s.run(t, "okta.action.searchGroups", map[string]any{"customSearch": `profile.name zz "x"`}, nil)
		wantOktaError(t, err, "Search Groups", "E0000031")
	})
}
