package syslog

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock shared by the store and the test.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2024, 8, 13, 15, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// newServer serves the store's endpoints as the simulated org mounts them.
func newServer(t *testing.T, s *Store) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/api/v1/logs", s.Handler())
	mux.Handle("/sim/v1/logs", s.AdminHandler())
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

type logsResponse struct {
	status int
	events []Event
	links  map[string]string
	err    map[string]any
}

var linkRE = regexp.MustCompile(`^<([^>]*)>; rel="([a-z]+)"$`)

// get requests a URL and checks the Link headers' shape: one header per rel.
func get(t *testing.T, srv *httptest.Server, u string) logsResponse {
	t.Helper()
	resp, err := srv.Client().Get(u)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	out := logsResponse{status: resp.StatusCode, links: map[string]string{}}
	for _, h := range resp.Header.Values("Link") {
		m := linkRE.FindStringSubmatch(h)
		if m == nil {
			t.Fatalf("Link header %q is not <url>; rel=\"x\"", h)
		}
		if _, dup := out.links[m[2]]; dup {
			t.Fatalf("two Link headers with rel=%q", m[2])
		}
		out.links[m[2]] = m[1]
	}
	if resp.StatusCode == http.StatusOK {
		if err := json.NewDecoder(resp.Body).Decode(&out.events); err != nil {
			t.Fatalf("decode events of %s: %v", u, err)
		}
	} else if err := json.NewDecoder(resp.Body).Decode(&out.err); err != nil {
		t.Fatalf("decode error body of %s: %v", u, err)
	}
	return out
}

func uuids(evs []Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.UUID
	}
	return out
}
