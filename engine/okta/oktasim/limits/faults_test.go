package limits

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func countServerErrors(seed uint64, n int) int {
	f := NewFaults(seed)
	f.Add(Fault{PathPrefix: "/api/v1/", ErrorRate: 0.3, Status: http.StatusServiceUnavailable})
	h := f.Wrap(okHandler)
	errs := 0
	for range n {
		switch serve(h, "GET", "/api/v1/users").Code {
		case http.StatusServiceUnavailable:
			errs++
		case http.StatusOK:
		default:
			panic("unexpected status")
		}
	}
	return errs
}

func TestErrorRateIsRoughlyAsConfiguredAndRepeatable(t *testing.T) {
	const n = 2000
	a := countServerErrors(7, n)
	if a < n*25/100 || a > n*35/100 {
		t.Errorf("%d of %d requests failed, want about 30%%", a, n)
	}
	if b := countServerErrors(7, n); a != b {
		t.Errorf("same seed gave %d then %d failures", a, b)
	}
}

func TestFaultMatchingAndTimes(t *testing.T) {
	f := NewFaults(1)
	id := f.Add(Fault{Method: "POST", PathPrefix: "/api/v1/users", ErrorRate: 1, Times: 2})
	h := f.Wrap(okHandler)
	steps := []struct {
		method, path string
		want         int
	}{
		{"GET", "/api/v1/users", 200},
		{"POST", "/api/v1/groups", 200},
		{"POST", "/api/v1/users", 500},
		{"POST", "/api/v1/users/00u1/lifecycle/activate", 500},
		{"POST", "/api/v1/users", 200}, // Times used up
	}
	for i, s := range steps {
		if got := serve(h, s.method, s.path).Code; got != s.want {
			t.Errorf("step %d %s %s: status %d, want %d", i, s.method, s.path, got, s.want)
		}
	}
	f.Remove(id)
	f.Add(Fault{ErrorRate: 1})
	if got := serve(h, "GET", "/x").Code; got != 500 {
		t.Errorf("after Add: status %d", got)
	}
	f.Clear()
	if got := serve(h, "GET", "/x").Code; got != 200 {
		t.Errorf("after Clear: status %d", got)
	}
}

func TestLatency(t *testing.T) {
	f := NewFaults(1)
	var slept time.Duration
	f.SetSleep(func(_ context.Context, d time.Duration) error { slept += d; return nil })
	f.Add(Fault{PathPrefix: "/api/v1/logs", Latency: 3 * time.Second})
	h := f.Wrap(okHandler)
	serve(h, "GET", "/api/v1/users")
	if slept != 0 {
		t.Errorf("latency added to a request the fault does not match")
	}
	if rec := serve(h, "GET", "/api/v1/logs"); rec.Code != 200 || slept != 3*time.Second {
		t.Errorf("status %d, slept %v; want 200 after 3s", rec.Code, slept)
	}
}

// newMutatingServer serves a handler that counts the mutations it applied.
func newMutatingServer(t *testing.T, l *Limiter) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var applied atomic.Int32
	h := l.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		applied.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"id":"00u1","status":"ACTIVE"}`)
	}))
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv, &applied
}

func post(srv *httptest.Server) (*http.Response, error) {
	// A fresh connection per request, so net/http has no idle connection to retry on.
	c := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second}
	resp, err := c.Post(srv.URL+"/api/v1/users", "application/json", strings.NewReader(`{"profile":{}}`))
	if err == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	return resp, err
}

func TestConnectionResets(t *testing.T) {
	cases := []struct {
		name        string
		fault       Fault
		wantApplied int32
	}{
		{"reset after the handler ran", Fault{Method: "POST", PathPrefix: "/api/v1/users", ResetAfterRate: 1, Times: 1}, 1},
		{"reset before the handler ran", Fault{Method: "POST", PathPrefix: "/api/v1/users", ResetBeforeRate: 1, Times: 1}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			l := New(Options{})
			srv, applied := newMutatingServer(t, l)
			l.Faults().Add(c.fault)
			if resp, err := post(srv); err == nil {
				t.Fatalf("the client got a response (%d) through a dropped connection", resp.StatusCode)
			}
			if got := applied.Load(); got != c.wantApplied {
				t.Errorf("the handler applied %d mutations, want %d", got, c.wantApplied)
			}
			resp, err := post(srv)
			if err != nil || resp.StatusCode != 200 {
				t.Fatalf("the request after the fault: %v", err)
			}
			if got := applied.Load(); got != c.wantApplied+1 {
				t.Errorf("after a normal request, %d mutations, want %d", got, c.wantApplied+1)
			}
			if l.Used(BucketUsers) != 2 {
				t.Errorf("rate limit counted %d requests, want 2 (a dropped request still reached the org)", l.Used(BucketUsers))
			}
		})
	}
}
