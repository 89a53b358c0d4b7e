package actions

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

var _ = covers("okta.action.assignGroupToApplication", TestAssignGroupToApplication)

func TestAssignGroupToApplication(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	gid := s.addGroup(t, "Intranet Users")
	uid := s.addUser(t, "ida@example.com")
	s.do(t, http.MethodPut, "/api/v1/groups/"+gid+"/users/"+uid, nil)

	t.Run("assign", func(t *testing.T) {
		out := s.runOK(t, "okta.action.assignGroupToApplication",
			map[string]any{"groupId": gid, "priority": "3", "profile": map[string]any{"role": "reader"}},
			map[string]any{"application": app})
		if out["id"] != gid || out["priority"] != float64(3) {
			t.Errorf("outputs id %v priority %v", out["id"], out["priority"])
		}
		if p, _ := out["profile"].(map[string]any); p["role"] != "reader" {
			t.Errorf("profile = %v", out["profile"])
		}
		if l, _ := out["links"].(map[string]any); l["group"] == nil {
			t.Errorf("links = %v, want Okta's _links", out["links"])
		}
		got := s.object(t, http.MethodGet, "/api/v1/apps/"+app+"/groups/"+gid, nil)
		if p, _ := got["profile"].(map[string]any); p["role"] != "reader" {
			t.Errorf("the org's assignment = %v", got)
		}
		if au := s.object(t, http.MethodGet, "/api/v1/apps/"+app+"/users/"+uid, nil); au["scope"] != "GROUP" {
			t.Errorf("the group's member got app user %v, want scope GROUP", au)
		}
	})
	t.Run("assign again updates", func(t *testing.T) {
		// Priority 0 must reach Okta: the SDK drops a zero Priority unless sent as a pointer.
		out := s.runOK(t, "okta.action.assignGroupToApplication", map[string]any{"appId": app, "groupId": gid, "priority": 0}, nil)
		if out["priority"] != float64(0) {
			t.Errorf("priority = %v, want 0", out["priority"])
		}
		if p, _ := out["profile"].(map[string]any); p["role"] != "reader" {
			t.Errorf("profile = %v, want the first assignment's profile kept", out["profile"])
		}
		if n := len(s.list(t, "/api/v1/apps/"+app+"/groups")); n != 1 {
			t.Errorf("the app has %d group assignments, want 1", n)
		}
	})
	t.Run("negative priority", func(t *testing.T) {
		if _, err := s.run(t, "okta.action.assignGroupToApplication", map[string]any{"appId": app, "groupId": gid, "priority": -1}, nil); err == nil {
			t.Error("a negative priority was sent")
		}
	})
	t.Run("unknown group", func(t *testing.T) {
		_, err := s.run(t, "okta.action.assignGroupToApplication", map[string]any{"appId": app, "groupId": "00gunknown"}, nil)
		wantOktaError(t, err, "Assign Group to Application", "E0000007")
	})
}

var _ = covers("okta.action.removeGroupFromApplication", TestRemoveGroupFromApplication)

func TestRemoveGroupFromApplication(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	gid := s.addGroup(t, "Intranet Users")
	s.do(t, http.MethodPut, "/api/v1/apps/"+app+"/groups/"+gid, map[string]any{})
	// The second removal finds nothing to remove, which is success.
	for i := 1; i <= 2; i++ {
		out := s.runOK(t, "okta.action.removeGroupFromApplication", map[string]any{"appId": app, "groupId": gid}, nil)
		if out["statusCode"] != http.StatusNoContent {
			t.Errorf("removal #%d: statusCode = %v, want 204", i, out["statusCode"])
		}
		if got := s.status(t, "/api/v1/apps/"+app+"/groups/"+gid); got != http.StatusNotFound {
			t.Errorf("after removal #%d the assignment answers %d, want 404", i, got)
		}
	}
	for name, in := range map[string]map[string]any{
		"unknown group": {"appId": app, "groupId": "00gunknown"},
		"unknown app":   {"appId": "0oaunknown", "groupId": gid},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.run(t, "okta.action.removeGroupFromApplication", in, nil)
			wantOktaError(t, err, "Remove Group from Application", "E0000007")
		})
	}
}

var _ = covers("okta.action.readAssignedGroupForApplication", TestReadAssignedGroupForApplication)

func TestReadAssignedGroupForApplication(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	gid := s.addGroup(t, "Intranet Users")
	s.do(t, http.MethodPut, "/api/v1/apps/"+app+"/groups/"+gid, map[string]any{"priority": 2, "profile": map[string]any{"role": "editor"}})
	out := s.runOK(t, "okta.action.readAssignedGroupForApplication", map[string]any{"appId": app, "groupId": gid}, nil)
	if out["id"] != gid || out["priority"] != float64(2) || out["lastUpdated"] == nil {
		t.Errorf("outputs id %v priority %v lastUpdated %v", out["id"], out["priority"], out["lastUpdated"])
	}
	if p, _ := out["profile"].(map[string]any); p["role"] != "editor" {
		t.Errorf("profile = %v", out["profile"])
	}
	t.Run("group not assigned", func(t *testing.T) {
		other := s.addGroup(t, "Not Assigned")
		_, err := s.run(t, "okta.action.readAssignedGroupForApplication", map[string]any{"appId": app, "groupId": other}, nil)
		wantOktaError(t, err, "Read Assigned Group for Application", "E0000007")
	})
}

var _ = covers("okta.action.listGroupsAssignedToApplication", TestListGroupsAssignedToApplication)

func TestListGroupsAssignedToApplication(t *testing.T) {
	s := newSim(t, withDemo())
	app := s.appByLabel(t, "Legacy Intranet")
	var want []string
	for i := range 5 {
		gid := s.addGroup(t, fmt.Sprintf("Intranet %d", i))
		s.do(t, http.MethodPut, "/api/v1/apps/"+app+"/groups/"+gid, map[string]any{})
		want = append(want, gid)
	}
	calls := s.smallPages(t, 2)
	for _, tc := range []struct {
		name      string
		resultSet string
		limit     any
		want      []string
		more      bool
	}{
		{"stream over three pages", "Stream Records", nil, want, false},
		{"first 200", "First 200 Records", nil, want, false},
		{"record limit", "Stream Records", 3, want[:3], true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls.Store(0)
			out := s.runOK(t, "okta.action.listGroupsAssignedToApplication", map[string]any{"appId": app, "limit": tc.limit},
				map[string]any{"resultSet": tc.resultSet})
			groups, _ := out["groups"].([]any)
			if got := idsOf(groups); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("groups = %v, want %v", got, tc.want)
			}
			if out["more"] != tc.more {
				t.Errorf("more = %v, want %v", out["more"], tc.more)
			}
			if !tc.more && calls.Load() < 3 {
				t.Errorf("%d requests for 5 groups in pages of 2, want 3", calls.Load())
			}
			if g, _ := groups[0].(map[string]any); g["links"] == nil || g["raw"] == nil || g["priority"] == nil {
				t.Errorf("first item = %v, want links, raw and priority", g)
			}
		})
	}
	t.Run("unknown app", func(t *testing.T) {
		_, err := s.run(t, "okta.action.listGroupsAssignedToApplication", map[string]any{"appId": "0oaunknown"}, nil)
		wantOktaError(t, err, "List Groups Assigned to Application", "E0000007")
	})
}

var _ = covers("okta.action.listApplicationsAssignedToGroup", TestListApplicationsAssignedToGroup)

func TestListApplicationsAssignedToGroup(t *testing.T) {
	s := newSim(t, withDemo())
	gid := s.addGroup(t, "Tool Users")
	var want []string
	for _, label := range []string{"Slack", "Zoom", "Salesforce", "Box", "DocuSign"} {
		app := s.appByLabel(t, label)
		s.do(t, http.MethodPut, "/api/v1/apps/"+app+"/groups/"+gid, map[string]any{})
		want = append(want, app)
	}
	calls := s.smallPages(t, 2)
	for _, tc := range []struct {
		name  string
		limit any
		want  []string
		more  bool
	}{
		{"every page", nil, want, false},
		{"record limit", 4, want[:4], true},
		{"record limit above the count", 9, want, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls.Store(0)
			out := s.runOK(t, "okta.action.listApplicationsAssignedToGroup", map[string]any{"groupId": gid, "limit": tc.limit},
				map[string]any{"resultSet": "Stream Records"})
			apps, _ := out["applications"].([]any)
			if got := idsOf(apps); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("apps = %v, want %v", got, tc.want)
			}
			if out["more"] != tc.more {
				t.Errorf("more = %v, want %v", out["more"], tc.more)
			}
			if calls.Load() < 2 {
				t.Errorf("%d requests, want several pages", calls.Load())
			}
		})
	}
	t.Run("unknown group", func(t *testing.T) {
		_, err := s.run(t, "okta.action.listApplicationsAssignedToGroup", map[string]any{"groupId": "00gunknown"}, nil)
		wantOktaError(t, err, "List Applications Assigned to Group", "E0000007")
	})
}

var _ = covers("okta.action.listApplicationsAssignedToUser", TestListApplicationsAssignedToUser)

func TestListApplicationsAssignedToUser(t *testing.T) {
	s := newSim(t, withDemo())
	uid := s.addUser(t, "una@example.com")
	gid := s.addGroup(t, "Una's Tools")
	s.do(t, http.MethodPut, "/api/v1/groups/"+gid+"/users/"+uid, nil)
	// Direct assignments and group-based ones both count.
	direct := map[string]bool{"Slack": true, "Box": true, "DocuSign": true}
	var want []string
	for _, a := range s.list(t, "/api/v1/apps?limit=200") {
		label := a["label"].(string)
		id := a["id"].(string)
		switch {
		case direct[label]:
			s.do(t, http.MethodPost, "/api/v1/apps/"+id+"/users", map[string]any{"id": uid, "scope": "USER"})
		case label == "Zoom" || label == "Workday":
			s.do(t, http.MethodPut, "/api/v1/apps/"+id+"/groups/"+gid, map[string]any{})
		default:
			continue
		}
		want = append(want, id)
	}
	calls := s.smallPages(t, 2)
	for _, key := range []string{uid, "una@example.com"} {
		t.Run(key, func(t *testing.T) {
			calls.Store(0)
			out := s.runOK(t, "okta.action.listApplicationsAssignedToUser", map[string]any{"userId": key}, nil)
			apps, _ := out["applications"].([]any)
			if got := idsOf(apps); !reflect.DeepEqual(got, want) {
				t.Errorf("apps = %v, want %v", got, want)
			}
			if out["more"] != false || calls.Load() < 3 {
				t.Errorf("more = %v after %d requests, want false after 3 pages of 2", out["more"], calls.Load())
			}
		})
	}
	t.Run("record limit", func(t *testing.T) {
		out := s.runOK(t, "okta.action.listApplicationsAssignedToUser", map[string]any{"userId": uid, "limit": 2}, nil)
		if apps, _ := out["applications"].([]any); len(apps) != 2 || out["more"] != true {
			t.Errorf("%d apps, more %v; want 2 and more", len(apps), out["more"])
		}
	})
	t.Run("a user without apps", func(t *testing.T) {
		other := s.addUser(t, "otto@example.com")
		out := s.runOK(t, "okta.action.listApplicationsAssignedToUser", map[string]any{"userId": other}, nil)
		if apps, ok := out["applications"].([]any); !ok || len(apps) != 0 {
			t.Errorf("applications = %v, want an empty list", out["applications"])
		}
	})
	t.Run("unknown user", func(t *testing.T) {
		_, err := s.run(t, "okta.action.listApplicationsAssignedToUser", map[string]any{"userId": "00u000000000unknown0"}, nil)
		wantOktaError(t, err, "List Applications Assigned to User", "E0000007")
	})
}
