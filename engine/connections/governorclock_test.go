package connections

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth/vault"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
	"github.com/flowdeck/flowdeck/storage"
)

// The clients' governors wait on Options.GovernorClock: a rate-limit wait moves the fake clock
// to the bucket's reset exactly, and takes no real time.
func TestGovernorWaitsOnTheInjectedClock(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	start := time.Date(2026, 11, 20, 10, 0, 15, 0, time.UTC)
	clk := governor.NewFakeClock(start)
	org := oktasim.New(oktasim.Options{Clock: clk.Now, RateLimits: &limits.Options{
		Buckets: []limits.Bucket{{Name: "users", Method: http.MethodGet, Path: "/api/v1/users/*", Limit: 2}}}})
	srv := httptest.NewServer(org)
	t.Cleanup(srv.Close)
	ctx := context.Background()
	dir := t.TempDir()
	db, err := storage.Open(ctx, dir+"/"+storage.FileName, storage.WithClock(clk.Now))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	v, err := vault.Open(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := New(Options{DB: db, Vault: v, Now: clk.Now, GovernorClock: clk})
	st, err := m.AddAPIToken(ctx, APITokenRequest{OrgURL: srv.URL, Name: "sim", Token: org.APIToken()})
	if err != nil {
		t.Fatal(err)
	}
	cl, err := m.Client(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	began := time.Now()
	for i := range 3 {
		if _, err := cl.Do(ctx, http.MethodGet, "/api/v1/users/me", nil, nil, nil); err != nil {
			t.Fatalf("call %d: %v", i, err)
		}
	}
	// Four calls on a bucket of two a minute (the governor keeps to its share of it) cannot
	// fit one window: the governor waited for a reset, a whole minute, on the fake clock.
	got := clk.Now()
	if got.Before(start.Truncate(time.Minute).Add(time.Minute)) || got.Sub(got.Truncate(time.Minute)) > time.Second {
		t.Errorf("fake clock after the calls = %s, want a bucket reset (a whole minute, plus at most the governor's jitter)", got)
	}
	if real := time.Since(began); real > 5*time.Second {
		t.Errorf("the rate-limit wait took %s of real time", real)
	}
}
