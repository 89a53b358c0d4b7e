package actions

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

var (
	_ = covers("okta.action.hTTPRequest", TestCustomAPIAction)
	_ = covers("okta.action.hTTPRequest", TestCustomAPIActionNeverLeavesTheOrg)
)

const customCard = "okta.action.hTTPRequest"

func TestCustomAPIAction(t *testing.T) {
	s := newSim(t)
	s.seedUsers(t, "c", 3)
	t.Run("GET with a query", func(t *testing.T) {
		out := s.runOK(t, customCard, map[string]any{"relativeUrl": "/api/v1/users", "query": map[string]any{"limit": 2.0}}, nil)
		if out["statusCode"] != 200 {
			t.Errorf("Status Code = %v", out["statusCode"])
		}
		if l, _ := out["body"].([]any); len(l) != 2 {
			t.Errorf("body = %v, want a list of 2 users", out["body"])
		}
		h, _ := out["headers"].(map[string]any)
		if h["X-Okta-Request-Id"] == nil || !strings.Contains(h["Link"].(string), `rel="next"`) {
			t.Errorf("headers = %v, want the request id and the Link header", h)
		}
	})
	var gid string
	t.Run("POST with a body", func(t *testing.T) {
		out := s.runOK(t, customCard, map[string]any{"relativeUrl": "/api/v1/groups", "body": `{"profile":{"name":"Custom"}}`},
			map[string]any{"requestType": "POST"})
		gid, _ = out["body"].(map[string]any)["id"].(string)
		if g := s.object(t, http.MethodGet, "/api/v1/groups/"+gid, nil); path(g, "profile", "name") != "Custom" {
			t.Errorf("the org's group = %v", g)
		}
	})
	t.Run("PUT", func(t *testing.T) {
		s.runOK(t, customCard, map[string]any{"relativeUrl": "/api/v1/groups/" + gid, "body": map[string]any{"profile": map[string]any{"name": "Renamed"}}},
			map[string]any{"requestType": "PUT"})
		if g := s.object(t, http.MethodGet, "/api/v1/groups/"+gid, nil); path(g, "profile", "name") != "Renamed" {
			t.Errorf("the org's group = %v", g)
		}
	})
	t.Run("DELETE", func(t *testing.T) {
		out := s.runOK(t, customCard, map[string]any{"relativeUrl": "/api/v1/groups/" + gid}, map[string]any{"requestType": "DELETE"})
		if out["statusCode"] != 204 || out["body"] != nil {
			t.Errorf("outputs = %v", out)
		}
		if _, err := s.Client.Do(t.Context(), http.MethodGet, "/api/v1/groups/"+gid, nil, nil, nil); !isNotFound(err) {
			t.Errorf("the group is still there: %v", err)
		}
	})
	t.Run("a body that is not JSON is refused before sending", func(t *testing.T) {
		before := s.Org.MutationCount("")
		_, err := s.run(t, customCard, map[string]any{"relativeUrl": "/api/v1/groups", "body": "{name: x"}, map[string]any{"requestType": "POST"})
		if err == nil || !strings.Contains(err.Error(), `"Body" is not JSON`) || s.Org.MutationCount("") != before {
			t.Errorf("err = %v, want a refusal and no change", err)
		}
	})
	t.Run("Okta's error", func(t *testing.T) {
		_, err := s.run(t, customCard, map[string]any{"relativeUrl": "/api/v1/users/00uunknown"}, nil)
		wantOktaError(t, err, "Custom API Action", "E0000007")
	})
	t.Run("a lost GET is retried", func(t *testing.T) {
		s.faults().Add(limits.Fault{Method: http.MethodGet, PathPrefix: "/api/v1/users", ResetAfterRate: 1, Times: 1})
		s.runOK(t, customCard, map[string]any{"relativeUrl": "/api/v1/users"}, nil)
	})
	t.Run("a lost POST is not repeated", func(t *testing.T) {
		before := s.Org.MutationsOfKind("group.create")
		s.faults().Add(limits.Fault{Method: http.MethodPost, PathPrefix: "/api/v1/groups", ResetAfterRate: 1, Times: 1})
		_, err := s.run(t, customCard, map[string]any{"relativeUrl": "/api/v1/groups", "body": map[string]any{"profile": map[string]any{"name": "Once"}}},
			map[string]any{"requestType": "POST"})
		if !isOutcomeUnknown(err) {
			t.Errorf("err = %v, want outcome unknown", err)
		}
		if n := s.Org.MutationsOfKind("group.create") - before; n != 1 {
			t.Errorf("groups created = %d, want 1", n)
		}
	})
}

// TestCustomAPIActionNeverLeavesTheOrg sends the card's requests at other hosts and schemes:
// each is refused, and a second server standing in for the attacker sees nothing, above all no
// Authorization header.
func TestCustomAPIActionNeverLeavesTheOrg(t *testing.T) {
	var evilHits, evilAuth atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		evilHits.Add(1)
		if r.Header.Get("Authorization") != "" {
			evilAuth.Add(1)
		}
	}))
	defer evil.Close()
	var orgAuth atomic.Value
	s := newSim(t, withTLS(), withHandler(func(org http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/api/v1/redirect":
				http.Redirect(w, r, evil.URL+"/steal", http.StatusFound)
				return
			case "/api/v1/redirect-http":
				http.Redirect(w, r, "http://"+r.Host+"/api/v1/users", http.StatusFound)
				return
			}
			orgAuth.Store(r.Header.Get("Authorization"))
			org.ServeHTTP(w, r)
		})
	}))
	host := strings.TrimPrefix(s.Srv.URL, "https://")
	evilHost := strings.TrimPrefix(evil.URL, "http://")
	tests := []struct{ name, url, want string }{
		{"another host", evil.URL + "/api/v1/users", "another host"},
		{"another host over https", "https://" + evilHost + "/api/v1/users", "another host"},
		{"scheme-relative", "//" + evilHost + "/x", "another host"},
		{"http downgrade of the org", "http://" + host + "/api/v1/users", "another host or scheme"},
		{"credentials in the URL", "https://admin@" + host + "/api/v1/users", "credentials"},
		{"dot segments", "/api/v1/../../evil", "dot segment"},
		{"encoded dot segments", "/api/v1/%2e%2e/%2E%2E/evil", "dot segment"},
		{"encoded slash", "/api/v1/users/%2F%2Fevil", "percent-encoding"},
		{"backslash", `/\` + evilHost + "/x", "backslash"},
		{"redirect to another host", "/api/v1/redirect", "refused a redirect"},
		{"redirect to http on the org's host", "/api/v1/redirect-http", "refused a redirect"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.run(t, customCard, map[string]any{"relativeUrl": tt.url}, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want a refusal (%s)", err, tt.want)
			}
		})
	}
	if evilHits.Load() != 0 || evilAuth.Load() != 0 {
		t.Errorf("the other host received %d requests, %d with an Authorization header", evilHits.Load(), evilAuth.Load())
	}
	t.Run("the card cannot set Authorization", func(t *testing.T) {
		s.runOK(t, customCard, map[string]any{"relativeUrl": "/api/v1/users/me", "headers": map[string]any{"Authorization": "SSWS stolen"}}, nil)
		if got, _ := orgAuth.Load().(string); !strings.HasPrefix(got, "Bearer ") {
			t.Errorf("the org saw Authorization %q, want the connection's Bearer token", got)
		}
	})
	t.Run("an absolute URL on the org works", func(t *testing.T) {
		out := s.runOK(t, customCard, map[string]any{"relativeUrl": s.Srv.URL + "/api/v1/users/me"}, nil)
		if out["statusCode"] != 200 {
			t.Errorf("Status Code = %v", out["statusCode"])
		}
	})
}
