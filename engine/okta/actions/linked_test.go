package actions

import (
	"net/http"
	"reflect"
	"strings"
	"testing"
)

// linkedOrg is an empty org with the manager/subordinate relationship, a manager and two
// reports.
func linkedOrg(t *testing.T) (s *simOrg, boss, ann, bob string) {
	t.Helper()
	s = newSim(t)
	s.do(t, http.MethodPost, "/api/v1/meta/schemas/user/linkedObjects", map[string]any{
		"primary":    map[string]any{"name": "manager", "title": "Manager", "type": "USER"},
		"associated": map[string]any{"name": "subordinate", "title": "Subordinate", "type": "USER"},
	})
	return s, s.addUser(t, "boss@example.com"), s.addUser(t, "ann@example.com"), s.addUser(t, "bob@example.com")
}

// managerOf reads an associated user's manager id as an admin ("" for none).
func (s *simOrg) managerOf(t *testing.T, user string) string {
	t.Helper()
	links := s.list(t, "/api/v1/users/"+user+"/linkedObjects/manager")
	if len(links) == 0 {
		return ""
	}
	_, id := linkTarget(links[0])
	return id
}

var _ = covers("okta.action.setLinkedObjectValueForPrimary", TestSetLinkedObjectValue)

func TestSetLinkedObjectValue(t *testing.T) {
	s, boss, ann, bob := linkedOrg(t)
	const card = "okta.action.setLinkedObjectValueForPrimary"
	for _, tc := range []struct{ name, assoc, primary, wantUser string }{
		{"by ids", ann, boss, ann},
		{"by logins", "bob@example.com", "boss@example.com", bob},
		{"again: the same state", ann, boss, ann},
		{"replace the manager", bob, ann, bob},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := s.runOK(t, card, map[string]any{"associatedUserId": tc.assoc, "primaryUserId": tc.primary, "primaryName": "manager"}, nil)
			if out["statusCode"] != http.StatusNoContent {
				t.Errorf("statusCode = %v, want 204", out["statusCode"])
			}
			want := tc.primary
			if strings.Contains(want, "@") {
				want = boss
			}
			if got := s.managerOf(t, tc.wantUser); got != want {
				t.Errorf("manager = %q, want %q", got, want)
			}
		})
	}
	for name, in := range map[string]map[string]any{
		"unknown relationship": {"associatedUserId": ann, "primaryUserId": boss, "primaryName": "mentor"},
		"unknown user":         {"associatedUserId": "00u000000000unknown0", "primaryUserId": boss, "primaryName": "manager"},
		"unknown primary":      {"associatedUserId": ann, "primaryUserId": "00u000000000unknown0", "primaryName": "manager"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := s.run(t, card, in, nil)
			wantOktaError(t, err, "Set Linked Object Value for Primary", "E0000007")
		})
	}
}

var _ = covers("okta.action.getPrimaryLinkedObjectValue", TestGetPrimaryLinkedObjectValue)

func TestGetPrimaryLinkedObjectValue(t *testing.T) {
	s, boss, ann, bob := linkedOrg(t)
	s.do(t, http.MethodPut, "/api/v1/users/"+ann+"/linkedObjects/manager/"+boss, nil)
	const card = "okta.action.getPrimaryLinkedObjectValue"
	for _, tc := range []struct{ name, user, want string }{
		{"by id", ann, boss},
		{"by login", "ann@example.com", boss},
		{"no manager", bob, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := s.runOK(t, card, map[string]any{"associatedUserId": tc.user, "primaryName": "manager"}, nil)
			if out["primaryUserId"] != tc.want {
				t.Errorf("primaryUserId = %v, want %q", out["primaryUserId"], tc.want)
			}
			link, _ := out["link"].(string)
			if tc.want != "" && !strings.HasSuffix(link, "/api/v1/users/"+tc.want) || tc.want == "" && link != "" {
				t.Errorf("link = %q", link)
			}
		})
	}
	t.Run("unknown relationship", func(t *testing.T) {
		_, err := s.run(t, card, map[string]any{"associatedUserId": ann, "primaryName": "mentor"}, nil)
		wantOktaError(t, err, "Get Primary Linked Object Value", "E0000007")
	})
}

var _ = covers("okta.action.getAssociatedLinkedObjectValues", TestGetAssociatedLinkedObjectValues)

func TestGetAssociatedLinkedObjectValues(t *testing.T) {
	s, boss, ann, bob := linkedOrg(t)
	for _, u := range []string{ann, bob} {
		s.do(t, http.MethodPut, "/api/v1/users/"+u+"/linkedObjects/manager/"+boss, nil)
	}
	const card = "okta.action.getAssociatedLinkedObjectValues"
	out := s.runOK(t, card, map[string]any{"primaryUserId": "boss@example.com", "associatedName": "subordinate"}, nil)
	if want := []any{ann, bob}; !reflect.DeepEqual(out["userIds"], want) {
		t.Errorf("userIds = %v, want %v", out["userIds"], want)
	}
	assoc, _ := out["associated"].([]any)
	if len(assoc) != 2 {
		t.Fatalf("associated = %v, want 2 entries", out["associated"])
	}
	first, _ := assoc[0].(map[string]any)
	if link, _ := first["link"].(string); first["id"] != ann || !strings.HasSuffix(link, "/api/v1/users/"+ann) || first["raw"] == nil {
		t.Errorf("first entry = %v", first)
	}
	t.Run("none", func(t *testing.T) {
		out := s.runOK(t, card, map[string]any{"primaryUserId": ann, "associatedName": "subordinate"}, nil)
		if ids, ok := out["userIds"].([]any); !ok || len(ids) != 0 {
			t.Errorf("userIds = %v, want an empty list", out["userIds"])
		}
	})
	t.Run("unknown user", func(t *testing.T) {
		_, err := s.run(t, card, map[string]any{"primaryUserId": "00u000000000unknown0", "associatedName": "subordinate"}, nil)
		wantOktaError(t, err, "Get Associated Linked Object Values", "E0000007")
	})
}

var _ = covers("okta.action.deleteLinkedObjectValue", TestDeleteLinkedObjectValue)

func TestDeleteLinkedObjectValue(t *testing.T) {
	s, boss, ann, _ := linkedOrg(t)
	s.do(t, http.MethodPut, "/api/v1/users/"+ann+"/linkedObjects/manager/"+boss, nil)
	const card = "okta.action.deleteLinkedObjectValue"
	// The second run finds no link, which is success.
	for i := 1; i <= 2; i++ {
		out := s.runOK(t, card, map[string]any{"associatedUserId": ann, "primaryName": "manager"}, nil)
		if out["statusCode"] != http.StatusNoContent {
			t.Errorf("run #%d: statusCode = %v, want 204", i, out["statusCode"])
		}
		if got := s.managerOf(t, ann); got != "" {
			t.Errorf("after run #%d the manager is %q, want none", i, got)
		}
	}
	t.Run("unknown relationship", func(t *testing.T) {
		_, err := s.run(t, card, map[string]any{"associatedUserId": ann, "primaryName": "mentor"}, nil)
		wantOktaError(t, err, "Delete Linked Object Value", "E0000007")
	})
}

func TestLinkTarget(t *testing.T) {
	for _, tc := range []struct {
		entry    map[string]any
		href, id string
	}{
		{map[string]any{"_links": map[string]any{"self": map[string]any{"href": "https://acme.okta.com/api/v1/users/00u1"}}},
			"https://acme.okta.com/api/v1/users/00u1", "00u1"},
		{map[string]any{"_links": map[string]any{"self": map[string]any{"href": "https://acme.okta.com/api/v1/users/00u2/"}}},
			"https://acme.okta.com/api/v1/users/00u2/", "00u2"},
		{map[string]any{}, "", ""},
	} {
		href, id := linkTarget(tc.entry)
		if href != tc.href || id != tc.id {
			t.Errorf("linkTarget(%v) = %q, %q; want %q, %q", tc.entry, href, id, tc.href, tc.id)
		}
	}
}
