package limits

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

var okHandler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })

// serve runs one request through h without a network.
func serve(h http.Handler, method, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
	return rec
}

func headerInt(t *testing.T, rec *httptest.ResponseRecorder, name string) int64 {
	t.Helper()
	v := rec.Header().Get(name)
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		t.Fatalf("%s = %q, want an integer", name, v)
	}
	return n
}

func TestRateLimitHeadersAnd429(t *testing.T) {
	clk := &fakeClock{t: time.Date(2024, 8, 13, 15, 0, 20, 0, time.UTC)}
	var violations []string
	l := New(Options{Clock: clk.Now, OnViolation: func(b string, crowded bool) {
		violations = append(violations, b+" crowded="+strconv.FormatBool(crowded))
	}})
	if err := l.SetLimit(BucketLogs, 60); err != nil {
		t.Fatal(err)
	}
	h := l.Wrap(okHandler)
	wantReset := time.Date(2024, 8, 13, 15, 1, 0, 0, time.UTC).Unix()

	for i := 1; i <= 60; i++ {
		rec := serve(h, "GET", "/api/v1/logs")
		if rec.Code != 200 {
			t.Fatalf("request %d: status %d", i, rec.Code)
		}
		if got := headerInt(t, rec, "X-Rate-Limit-Limit"); got != 60 {
			t.Fatalf("Limit = %d, want 60", got)
		}
		if got := headerInt(t, rec, "X-Rate-Limit-Remaining"); got != int64(60-i) {
			t.Fatalf("request %d: Remaining = %d, want %d", i, got, 60-i)
		}
		if got := headerInt(t, rec, "X-Rate-Limit-Reset"); got != wantReset {
			t.Fatalf("Reset = %d, want %d", got, wantReset)
		}
	}

	rec := serve(h, "GET", "/api/v1/logs")
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("request 61: status %d, want 429", rec.Code)
	}
	var body map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body["errorCode"] != "E0000047" {
		t.Errorf("429 body %s, want errorCode E0000047", rec.Body.String())
	}
	if headerInt(t, rec, "X-Rate-Limit-Limit") != 60 || headerInt(t, rec, "X-Rate-Limit-Remaining") != 0 || headerInt(t, rec, "X-Rate-Limit-Reset") != wantReset {
		t.Errorf("429 headers %v", rec.Header())
	}
	if len(violations) != 1 || violations[0] != BucketLogs+" crowded=false" {
		t.Errorf("OnViolation calls %v, want one for %s", violations, BucketLogs)
	}

	// Other buckets are not affected.
	if rec := serve(h, "GET", "/api/v1/users"); rec.Code != 200 || headerInt(t, rec, "X-Rate-Limit-Limit") != 600 {
		t.Errorf("users bucket: status %d, limit %s", rec.Code, rec.Header().Get("X-Rate-Limit-Limit"))
	}

	// At the reset time a new window begins.
	clk.Set(time.Unix(wantReset, 0))
	rec = serve(h, "GET", "/api/v1/logs")
	if rec.Code != 200 || headerInt(t, rec, "X-Rate-Limit-Remaining") != 59 || headerInt(t, rec, "X-Rate-Limit-Reset") != wantReset+60 {
		t.Errorf("after rollover: status %d, headers %v", rec.Code, rec.Header())
	}
	if l.Used(BucketLogs) != 1 {
		t.Errorf("Used = %d, want 1", l.Used(BucketLogs))
	}
}

func TestConcurrencyLimit(t *testing.T) {
	var violations []string
	var vmu sync.Mutex
	l := New(Options{Concurrency: 2, OnViolation: func(b string, crowded bool) {
		vmu.Lock()
		defer vmu.Unlock()
		if crowded {
			violations = append(violations, b)
		}
	}})
	entered := make(chan struct{})
	release := make(chan struct{})
	h := l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	}))
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { serve(h, "GET", "/api/v1/users/00u1") })
		<-entered
	}
	rec := serve(h, "GET", "/api/v1/groups")
	close(release)
	wg.Wait()
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("third concurrent request: status %d, want 429", rec.Code)
	}
	if rec.Header().Get("X-Rate-Limit-Limit") != "0" || rec.Header().Get("X-Rate-Limit-Remaining") != "0" || rec.Header().Get("X-Rate-Limit-Reset") == "" {
		t.Errorf("concurrency 429 headers %v, want Limit 0", rec.Header())
	}
	if len(violations) != 1 || violations[0] != BucketGroups {
		t.Errorf("violations %v", violations)
	}
	if rec := serve(l.Wrap(okHandler), "GET", "/api/v1/groups"); rec.Code != 200 {
		t.Errorf("after the others finished: status %d", rec.Code)
	}
}

func TestBucketFor(t *testing.T) {
	l := New(Options{})
	cases := []struct{ method, path, want string }{
		{"GET", "/api/v1/logs", BucketLogs},
		{"GET", "/api/v1/users", BucketUsers},
		{"POST", "/api/v1/users", BucketUsers},
		{"GET", "/api/v1/users/00u1", BucketUserByID},
		{"POST", "/api/v1/users/00u1/lifecycle/suspend", BucketUserWrites},
		{"GET", "/api/v1/groups", BucketGroups},
		{"PUT", "/api/v1/groups/00g1/users/00u1", BucketGroupByID},
		{"GET", "/api/v1/apps", BucketApps},
		{"GET", "/api/v1/apps/0oa1", BucketAppByID},
		{"GET", "/api/v1/meta/schemas/user/default", BucketAPIOther},
		{"POST", "/oauth2/v1/token", BucketToken},
		{"GET", "/oauth2/v1/authorize", BucketAuthorize},
		{"POST", "/oauth2/v1/revoke", BucketOAuthOther},
		{"GET", "/.well-known/okta-organization", BucketWellKnown},
		{"POST", "/sim/v1/logs", ""},
	}
	for _, c := range cases {
		t.Run(c.method+" "+c.path, func(t *testing.T) {
			if got := l.BucketFor(c.method, c.path); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
	if rec := serve(l.Wrap(okHandler), "POST", "/sim/v1/logs"); rec.Header().Get("X-Rate-Limit-Limit") != "" {
		t.Error("the simulator's admin endpoint got rate-limit headers")
	}
	if err := l.SetLimit("/api/v9/nothing", 1); err == nil {
		t.Error("SetLimit accepted an unknown bucket")
	}
}
