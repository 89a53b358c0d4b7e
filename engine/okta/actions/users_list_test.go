package actions

import (
	"fmt"
	"net/http"
	"testing"
)

var (
	_ = covers("okta.action.searchUsers", TestFindUsers)
	_ = covers("okta.action.listUsersWithFilter", TestListUsersWithFilterAndSearch)
	_ = covers("okta.action.listUsersWithSearch", TestListUsersWithFilterAndSearch)
)

// seedUsers creates n ACTIVE users prefix0@example.com … and returns their ids in order.
func (s *simOrg) seedUsers(t *testing.T, prefix string, n int) []string {
	t.Helper()
	ids := make([]string, n)
	for i := range ids {
		ids[i] = s.addUser(t, fmt.Sprintf("%s%03d@example.com", prefix, i))
	}
	return ids
}

func listLen(t *testing.T, out map[string]any, key string) int {
	t.Helper()
	l, ok := out[key].([]any)
	if !ok {
		t.Fatalf("%s = %T, want a list", key, out[key])
	}
	return len(l)
}

func TestFindUsers(t *testing.T) {
	s := newSim(t)
	s.seedUsers(t, "zed", 3)
	s.seedUsers(t, "amy", 2)
	tests := []struct {
		name     string
		options  map[string]any
		inputs   map[string]any
		want     int
		wantMore bool
	}{
		{name: "first matching record", inputs: map[string]any{"query": "zed"}, want: 1, wantMore: true},
		{name: "all matching", options: map[string]any{"resultSet": "All Matching Records"}, inputs: map[string]any{"query": "zed"}, want: 3},
		{name: "record limit", options: map[string]any{"resultSet": "All Matching Records"}, inputs: map[string]any{"query": "zed", "limit": 2}, want: 2, wantMore: true},
		{name: "no match", options: map[string]any{"resultSet": "All Matching Records"}, inputs: map[string]any{"query": "nobody"}, want: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := s.runOK(t, "okta.action.searchUsers", tt.inputs, tt.options)
			if n := listLen(t, out, "users"); n != tt.want || out["more"] != tt.wantMore {
				t.Errorf("got %d users, more %v; want %d, %v", n, out["more"], tt.want, tt.wantMore)
			}
		})
	}
	t.Run("user outputs", func(t *testing.T) {
		out := s.runOK(t, "okta.action.searchUsers", map[string]any{"query": "amy"}, nil)
		u := out["users"].([]any)[0].(map[string]any)
		if u["login"] != "amy000@example.com" || u["status"] != "ACTIVE" || u["raw"] == nil {
			t.Errorf("user = %v", u)
		}
	})
	t.Run("Okta's 200 ceiling is reported, not hidden", func(t *testing.T) {
		s := newSim(t)
		s.seedUsers(t, "many", 201)
		out := s.runOK(t, "okta.action.searchUsers", map[string]any{"query": "many"}, map[string]any{"resultSet": "All Matching Records"})
		if n := listLen(t, out, "users"); n != 200 || out["more"] != true {
			t.Errorf("got %d users, more %v; want 200 and more=true", n, out["more"])
		}
	})
}

func TestListUsersWithFilterAndSearch(t *testing.T) {
	s := newSim(t)
	ids := s.seedUsers(t, "u", 230)
	for _, id := range ids[:3] {
		s.do(t, http.MethodPost, "/api/v1/users/"+id+"/lifecycle/suspend", nil)
	}
	s.object(t, http.MethodPost, "/api/v1/users/"+ids[5], map[string]any{"profile": map[string]any{"department": "Sales"}})
	const filter, search = "okta.action.listUsersWithFilter", "okta.action.listUsersWithSearch"
	stream := map[string]any{"resultSet": "Stream Matching Records"}
	tests := []struct {
		name     string
		card     string
		options  map[string]any
		inputs   map[string]any
		want     int
		wantMore bool
		first    string // login of the first user, if checked
	}{
		{name: "filter streams every page", card: filter, options: stream, inputs: map[string]any{"status": "ACTIVE"}, want: 228},
		{name: "filter first 200", card: filter, options: map[string]any{"resultSet": "First 200 Matching Records"},
			inputs: map[string]any{"status": "ACTIVE"}, want: 200, wantMore: true},
		{name: "filter record limit across pages", card: filter, options: stream, inputs: map[string]any{"status": "ACTIVE", "limit": 210}, want: 210, wantMore: true},
		{name: "filter first matching record", card: filter, inputs: map[string]any{"status": "SUSPENDED"}, want: 1, wantMore: true, first: "u000@example.com"},
		{name: "filter by login", card: filter, options: stream, inputs: map[string]any{"login": "u007@example.com"}, want: 1, first: "u007@example.com"},
		{name: "filter with custom filter", card: filter, options: stream,
			inputs: map[string]any{"status": "SUSPENDED", "customFilter": `profile.login eq "u001@example.com" or profile.login eq "u002@example.com"`}, want: 2},
		{name: "search streams every page", card: search, options: stream, inputs: map[string]any{}, want: 231},
		{name: "search custom criteria", card: search, options: stream, inputs: map[string]any{"customSearch": `profile.department eq "Sales"`}, want: 1, first: "u005@example.com"},
		{name: "search sorted descending", card: search, options: stream,
			inputs: map[string]any{"status": "SUSPENDED", "sortBy": "profile.login", "sortOrder": "desc"}, want: 3, first: "u002@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := s.runOK(t, tt.card, tt.inputs, tt.options)
			n := listLen(t, out, "users")
			if n != tt.want || out["more"] != tt.wantMore {
				t.Errorf("got %d users, more %v; want %d, %v", n, out["more"], tt.want, tt.wantMore)
			}
			if tt.first != "" && n > 0 {
				if got := out["users"].([]any)[0].(map[string]any)["login"]; got != tt.first {
					t.Errorf("first user = %v, want %s", got, tt.first)
				}
			}
		})
	}
	t.Run("bad filter is Okta's error", func(t *testing.T) {
		_, err := s.run(t, filter, map[string]any{"customFilter": `profile.department eq "Sales"`}, nil)
		wantOktaError(t, err, "List Users with Filter", "E0000031")
	})
}
