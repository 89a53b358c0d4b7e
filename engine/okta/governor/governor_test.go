package governor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// fakeOkta is a minimal Okta-like endpoint with one per-minute bucket on the shared fake clock.
type fakeOkta struct {
	clock *FakeClock
	limit int

	mu        sync.Mutex
	window    int64 // minute number of the current window
	count     int   // requests in the current window
	maxCount  int   // most requests seen in any window
	served429 int
	total     int
	active    int
	maxActive int
	handle    func(w http.ResponseWriter, r *http.Request) bool // returns true if it answered
}

func (f *fakeOkta) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.total++
	f.active++
	f.maxActive = max(f.maxActive, f.active)
	now := f.clock.Now()
	win := now.Unix() / 60
	if win != f.window {
		f.window, f.count = win, 0
	}
	reset := (win + 1) * 60
	over := f.count >= f.limit
	if !over {
		f.count++
		f.maxCount = max(f.maxCount, f.count)
	} else {
		f.served429++
	}
	remaining := max(0, f.limit-f.count)
	handle := f.handle
	f.mu.Unlock()
	defer func() { f.mu.Lock(); f.active--; f.mu.Unlock() }()

	w.Header().Set("X-Rate-Limit-Limit", strconv.Itoa(f.limit))
	w.Header().Set("X-Rate-Limit-Remaining", strconv.Itoa(remaining))
	w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(reset, 10))
	if over {
		w.WriteHeader(http.StatusTooManyRequests)
		io.WriteString(w, `{"errorCode":"E0000047"}`)
		return
	}
	if handle != nil && handle(w, r) {
		return
	}
	time.Sleep(100 * time.Microsecond) // let concurrent calls overlap
	io.WriteString(w, `{"ok":true}`)
}

func newTest(t *testing.T, limit int, cfg Config) (*fakeOkta, *httptest.Server, *http.Client) {
	t.Helper()
	clock := NewFakeClock(time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC))
	f := &fakeOkta{clock: clock, limit: limit}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	cfg.Clock = clock
	g := New(srv.Client().Transport, cfg)
	return f, srv, &http.Client{Transport: g}
}

func get(ctx context.Context, c *http.Client, url string) (int, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	resp, err := c.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode, nil
}

func TestBucketNeverExceeded(t *testing.T) {
	f, srv, c := newTest(t, 60, Config{MaxConcurrent: 10})
	ctx := context.Background()
	var failed atomic.Int32
	var wg sync.WaitGroup
	work := make(chan int)
	for w := 0; w < 20; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				code, err := get(ctx, c, fmt.Sprintf("%s/api/v1/users/00u%d", srv.URL, i))
				if err != nil || code != 200 {
					failed.Add(1)
				}
			}
		}()
	}
	for i := 0; i < 500; i++ {
		work <- i
	}
	close(work)
	wg.Wait()
	if failed.Load() != 0 {
		t.Errorf("%d of 500 calls failed", failed.Load())
	}
	if f.served429 != 0 {
		t.Errorf("the org answered 429 %d times: the governor let the bucket overflow", f.served429)
	}
	if f.maxCount > 30 {
		t.Errorf("used %d of a 60/min bucket in one window; the share is 50%% (30)", f.maxCount)
	}
	if f.total != 500 {
		t.Errorf("the org saw %d requests, want 500", f.total)
	}
}

func TestConcurrencyCap(t *testing.T) {
	f, srv, c := newTest(t, 100000, Config{MaxConcurrent: 3})
	var wg sync.WaitGroup
	for i := 0; i < 60; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := get(context.Background(), c, srv.URL+"/api/v1/groups"); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if f.maxActive > 3 {
		t.Errorf("%d requests were in flight at once; the cap is 3", f.maxActive)
	}
}

func TestServerErrorsAreRetried(t *testing.T) {
	f, srv, c := newTest(t, 100000, Config{MaxConcurrent: 10})
	rng := rand.New(rand.NewPCG(1, 2))
	var mu sync.Mutex
	f.handle = func(w http.ResponseWriter, r *http.Request) bool {
		mu.Lock()
		fail := rng.IntN(10) == 0
		mu.Unlock()
		if fail {
			w.WriteHeader(http.StatusServiceUnavailable)
			return true
		}
		return false
	}
	for i := 0; i < 300; i++ {
		code, err := get(context.Background(), c, srv.URL+"/api/v1/users")
		if err != nil || code != 200 {
			t.Fatalf("call %d: %d %v; with 10%% injected 5xx every call should succeed", i, code, err)
		}
	}
	if f.total <= 300 {
		t.Errorf("the org saw %d requests: no 5xx was injected, the test proves nothing", f.total)
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	f, srv, c := newTest(t, 100000, Config{})
	f.handle = func(w http.ResponseWriter, r *http.Request) bool {
		w.WriteHeader(http.StatusNotFound)
		return true
	}
	code, err := get(context.Background(), c, srv.URL+"/api/v1/users/00unope")
	if err != nil || code != 404 {
		t.Fatalf("got %d %v, want 404", code, err)
	}
	if f.total != 1 {
		t.Errorf("a 404 was sent %d times; it must not be retried", f.total)
	}
}

func TestTooManyRequestsWaitsForReset(t *testing.T) {
	f, srv, c := newTest(t, 100000, Config{})
	start := f.clock.Now()
	var calls atomic.Int32
	f.handle = func(w http.ResponseWriter, r *http.Request) bool {
		if calls.Add(1) == 1 {
			w.Header().Set("X-Rate-Limit-Reset", strconv.FormatInt(start.Add(45*time.Second).Unix(), 10))
			w.WriteHeader(http.StatusTooManyRequests)
			return true
		}
		return false
	}
	code, err := get(context.Background(), c, srv.URL+"/api/v1/logs")
	if err != nil || code != 200 {
		t.Fatalf("got %d %v, want 200 after waiting", code, err)
	}
	if waited := f.clock.Now().Sub(start); waited < 45*time.Second {
		t.Errorf("retried after %v; a 429 must wait for X-Rate-Limit-Reset (45s)", waited)
	}
}

// resetAfterWrite drops the connection after the handler read the request: the org acted, the
// client never hears back.
func resetAfterWrite(w http.ResponseWriter) {
	hj := w.(http.Hijacker)
	conn, _, err := hj.Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestAmbiguousFailures(t *testing.T) {
	for _, tc := range []struct {
		name      string
		method    string
		ctx       func(context.Context) context.Context
		wantCalls int32
		wantErr   bool
	}{
		{"POST is not repeated", http.MethodPost, func(c context.Context) context.Context { return c }, 1, true},
		{"a card declared non-idempotent is not repeated", http.MethodDelete, func(c context.Context) context.Context { return WithRepeatSafe(c, false) }, 1, true},
		{"GET is repeated", http.MethodGet, func(c context.Context) context.Context { return c }, 2, false},
		{"a card declared idempotent is repeated", http.MethodPut, func(c context.Context) context.Context { return WithRepeatSafe(c, true) }, 2, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, srv, c := newTest(t, 100000, Config{})
			var calls atomic.Int32
			f.handle = func(w http.ResponseWriter, r *http.Request) bool {
				_, _ = io.Copy(io.Discard, r.Body)
				if calls.Add(1) == 1 {
					resetAfterWrite(w)
					return true
				}
				return false
			}
			req, _ := http.NewRequestWithContext(tc.ctx(context.Background()), tc.method, srv.URL+"/api/v1/users", strings.NewReader(`{"profile":{}}`))
			resp, err := c.Do(req)
			if resp != nil {
				resp.Body.Close()
			}
			if got := calls.Load(); got != tc.wantCalls {
				t.Errorf("the org received the call %d times, want %d", got, tc.wantCalls)
			}
			if tc.wantErr {
				if !errors.Is(err, ErrOutcomeUnknown) {
					t.Errorf("err = %v, want ErrOutcomeUnknown", err)
				}
			} else if err != nil {
				t.Errorf("err = %v, want success after a retry", err)
			}
		})
	}
}

func TestBucketKey(t *testing.T) {
	for in, want := range map[string]string{
		"/api/v1/users":                                            "/api/v1/users",
		"/api/v1/users/00u1abcd":                                   "/api/v1/users/{id}",
		"/api/v1/users/jane%40example.com":                         "/api/v1/users/{id}",
		"/api/v1/users/00u1/lifecycle/activate":                    "/api/v1/users/{id}/lifecycle/activate",
		"/api/v1/groups/00g1/users/00u2":                           "/api/v1/groups/{id}/users/{id}",
		"/api/v1/logs":                                             "/api/v1/logs",
		"/api/v1/identity-sources/0oa1/sessions/ims2/start-import": "/api/v1/identity-sources/{id}/sessions/{id}/start-import",
	} {
		if got := BucketKey(in); got != want {
			t.Errorf("BucketKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestErrorsDoNotUnwrapToEOF(t *testing.T) {
	// okta-sdk-golang v2 retries io.EOF forever; the governor's errors must never look like it.
	for _, err := range []error{
		&AmbiguousError{Method: "POST", Path: "/api/v1/users", Cause: io.EOF.Error()},
		&NetworkError{Method: "GET", Path: "/api/v1/users", Cause: io.EOF.Error()},
	} {
		if errors.Is(err, io.EOF) {
			t.Errorf("%T unwraps to io.EOF", err)
		}
	}
}
