package actions

import (
	"net/http"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

// TestOktaErrorsAreWordedAlike checks sdkErr on the answers whose shape differs: the SDK reads a
// missing-scope 403 from WWW-Authenticate only, and appends the request id to a 500's summary.
func TestOktaErrorsAreWordedAlike(t *testing.T) {
	t.Run("missing scope", func(t *testing.T) {
		s := newSim(t, withScopes("okta.groups.read"))
		_, err := s.run(t, "okta.action.readUser", map[string]any{"userId": "admin@example.com"}, nil)
		wantOktaError(t, err, "Read User", "E0000006")
		for _, want := range []string{"403 Forbidden", "request id ", "admin's role"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %q", err, want)
			}
		}
	})
	t.Run("server error after the governor's retries", func(t *testing.T) {
		s := newSim(t)
		s.faults().Add(limits.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/groups/", ErrorRate: 1})
		_, err := s.run(t, "okta.action.readGroup", map[string]any{"groupId": "00gany"}, nil)
		wantOktaError(t, err, "Read Group", "E0000009")
		if strings.Contains(err.Error(), "x-okta-request-id=") || !strings.Contains(err.Error(), "500 Internal Server Error") {
			t.Errorf("error %q: want the status once and the request id once", err)
		}
	})
}

func TestPathIDKeepsOneSegment(t *testing.T) {
	tests := []struct{ in, want, wantErr string }{
		{in: "00u1abc", want: "00u1abc"},
		{in: " ada@example.com ", want: "ada@example.com"},
		{in: "00u1/../../groups", want: "00u1%2F..%2F..%2Fgroups"},
		{in: "a?b#c", want: "a%3Fb%23c"},
		{in: "..", wantErr: "not an Okta id"},
		{in: "", wantErr: "empty"},
	}
	for _, tt := range tests {
		got, err := pathID("the id", tt.in)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("pathID(%q) error = %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("pathID(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestListCardsReportOktasErrors covers the list cards whose inputs hold no id: a search Okta
// cannot run, or a token without the card's scope.
func TestListCardsReportOktasErrors(t *testing.T) {
	s := newSim(t)
	t.Run("search with an unsupported operator", func(t *testing.T) {
		_, err := s.run(t, "okta.action.listUsersWithSearch", map[string]any{"customSearch": `profile.department ne "x"`}, nil)
		wantOktaError(t, err, "List Users with Search", "E0000031")
	})
	weak := newSim(t, withScopes("okta.apps.read"))
	for _, card := range []string{"okta.action.searchUsers", "okta.action.searchGroupRules", "okta.action.searchSystemLogs"} {
		t.Run("no scope/"+card, func(t *testing.T) {
			_, err := weak.run(t, card, map[string]any{"query": "a"}, nil)
			wantOktaError(t, err, specName(t, card), "E0000006")
		})
	}
}
