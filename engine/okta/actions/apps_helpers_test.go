package actions

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
)

// Test helpers of the Applications, Application Users, Linked Objects and Import cards.

// withDemo seeds the org with the demo company: its apps (which the API cannot create), with
// group and user assignments, and a Custom Identity Source app.
func withDemo() func(*simConfig) {
	return func(c *simConfig) { c.opts.Seed = oktasim.SeedDemo }
}

// appByLabel returns the id of the demo app with that label.
func (s *simOrg) appByLabel(t *testing.T, label string) string {
	t.Helper()
	for _, a := range s.list(t, "/api/v1/apps?limit=200") {
		if a["label"] == label {
			return a["id"].(string)
		}
	}
	t.Fatalf("the org has no app labelled %q", label)
	return ""
}

// list GETs every page of a list endpoint as an admin.
func (s *simOrg) list(t *testing.T, target string) []map[string]any {
	t.Helper()
	var all []map[string]any
	err := s.Client.Pages(context.Background(), target, nil, func(r *client.Response) (bool, error) {
		page, err := decodeList(r.Body)
		all = append(all, page...)
		return true, err
	})
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return all
}

// status reads the HTTP status of a GET as an admin (404 for a missing object).
func (s *simOrg) status(t *testing.T, target string) int {
	t.Helper()
	resp, err := s.Client.Do(context.Background(), http.MethodGet, target, nil, nil, nil)
	if ae, ok := apiError(err); ok {
		return ae.Status
	}
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	return resp.Status
}

// smallPages reconnects s's client through a transport that caps every `limit` at n, as an org
// that serves smaller pages would: the demo org is too small to fill the pages the list cards
// ask for, and these tests must walk several. It returns the count of requests sent since.
func (s *simOrg) smallPages(t *testing.T, n int) *atomic.Int32 {
	t.Helper()
	calls := &atomic.Int32{}
	s.reconnect(t, capLimit{next: s.Srv.Client().Transport, n: n, calls: calls}, allScopes...)
	return calls
}

// reconnect replaces s's client by one over base whose token carries only scopes.
func (s *simOrg) reconnect(t *testing.T, base http.RoundTripper, scopes ...string) {
	t.Helper()
	tok := s.Org.MintAccessToken(authz.DefaultClientID, scopes...)
	c, err := client.New(context.Background(), client.Config{
		OrgURL: s.Srv.URL,
		Tokens: client.StaticToken{Scheme: "Bearer", Value: tok},
		Base:   base,
		Governor: governor.Config{BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond,
			Jitter: func(time.Duration) time.Duration { return 0 }},
	})
	if err != nil {
		t.Fatal(err)
	}
	s.Client = c
}

type capLimit struct {
	next  http.RoundTripper
	n     int
	calls *atomic.Int32
}

func (c capLimit) RoundTrip(r *http.Request) (*http.Response, error) {
	c.calls.Add(1)
	q := r.URL.Query()
	if l, err := strconv.Atoi(q.Get("limit")); err == nil && l > c.n {
		r = r.Clone(r.Context())
		q.Set("limit", strconv.Itoa(c.n))
		u := *r.URL
		u.RawQuery = q.Encode()
		r.URL = &u
	}
	return c.next.RoundTrip(r)
}

// idsOf returns the "id" outputs of a list card's items.
func idsOf(items []any) []string {
	var out []string
	for _, it := range items {
		m, _ := it.(map[string]any)
		id, _ := m["id"].(string)
		out = append(out, id)
	}
	return out
}

// mustSpec returns a card's spec from the catalog.
func mustSpec(t *testing.T, cardID string) *catalog.Spec {
	t.Helper()
	spec, ok := catalog.Global().Lookup(cardID)
	if !ok {
		t.Fatalf("no card %s in the catalog", cardID)
	}
	return spec
}
