package poll

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
	"github.com/flowdeck/flowdeck/storage"
)

// scriptClock is a virtual clock that records every wait of Run and lets the test change the
// world between two polls.
type scriptClock struct {
	*governor.FakeClock
	waits   []time.Duration
	between func(n int) // called after the n-th wait is recorded (from 1)
}

func (c *scriptClock) SleepUntil(ctx context.Context, t time.Time) error {
	c.waits = append(c.waits, t.Sub(c.Now()))
	c.between(len(c.waits))
	return c.FakeClock.SleepUntil(ctx, t)
}

func TestRunAdaptsItsInterval(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.saveFlow("f1", userCreated, flowOpts{})
	for i := range PageLimit + 1 {
		e.inject(userEvent("user.lifecycle.create", fmt.Sprintf("00u%04d", i)))
	}
	failing := func(w http.ResponseWriter, _ *http.Request) bool {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte(`{"errorCode":"E0000009","errorSummary":"Internal Server Error"}`))
		return true
	}
	clock := &scriptClock{FakeClock: e.clock}
	clock.between = func(n int) {
		switch n {
		case 2: // Okta starts failing
			e.setLogsHook(failing)
		case 4: // Okta is back, but the connection needs sign-in
			e.setLogsHook(nil)
			if err := e.db.SetConnectionStatus(ctx, e.conn.ID, storage.StatusNeedsSignIn); err != nil {
				t.Error(err)
			}
		case 5: // the connection is deleted
			if err := e.db.DeleteConnection(ctx, e.conn.ID); err != nil {
				t.Error(err)
			}
		}
	}
	p := e.poller(func(c *Config) { c.Clock = clock })

	err := p.Run(ctx)
	if !errors.Is(err, ErrConnectionGone) {
		t.Fatalf("Run = %v, want ErrConnectionGone once the connection is deleted", err)
	}
	want := []time.Duration{
		DefaultFastInterval,     // a full page: more is waiting
		DefaultIdleInterval,     // the rest of it: caught up
		DefaultIdleInterval,     // first failure
		2 * DefaultIdleInterval, // second failure backs off
		DefaultIdleInterval,     // paused
	}
	if fmt.Sprint(clock.waits) != fmt.Sprint(want) {
		t.Errorf("waits = %v, want %v", clock.waits, want)
	}
	if n := len(e.runs("f1")); n != PageLimit+1 {
		t.Errorf("%d runs, want %d", n, PageLimit+1)
	}
}

func TestRunStopsWithItsContext(t *testing.T) {
	e := newEnv(t)
	ctx, cancel := context.WithCancel(context.Background())
	clock := &scriptClock{FakeClock: e.clock, between: func(n int) {
		if n == 3 {
			cancel()
		}
	}}
	p := e.poller(func(c *Config) { c.Clock = clock })
	if err := p.Run(ctx); err != nil {
		t.Fatalf("Run = %v, want nil after the context ended", err)
	}
	if n := len(e.logRequests()); n != 3 {
		t.Errorf("%d polls, want 3", n)
	}
}

func TestBackoff(t *testing.T) {
	tests := []struct {
		n    int
		want time.Duration
	}{
		{1, 10 * time.Second},
		{2, 20 * time.Second},
		{3, 40 * time.Second},
		{6, 5 * time.Minute},
		{100, 5 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.n), func(t *testing.T) {
			if got := backoff(10*time.Second, tt.n); got != tt.want {
				t.Errorf("backoff(10s, %d) = %v, want %v", tt.n, got, tt.want)
			}
		})
	}
}

// The poller stays inside its share of the logs bucket: the governor under the client waits for
// the bucket's reset instead of letting Okta answer 429.
func TestPollingStaysInsideTheLogsBucketShare(t *testing.T) {
	const limit = 4 // per minute; this app's share is half
	e := newEnv(t, func(o *oktasim.Options, _ *governor.Config) {
		o.RateLimits = &limits.Options{Buckets: []limits.Bucket{{Name: limits.BucketLogs, Path: logsPath, Limit: limit}}, Concurrency: -1}
	})
	e.saveFlow("f1", userCreated, flowOpts{})
	p := e.poller()
	var want []string
	for i := range 10 {
		want = append(want, e.inject(userEvent("user.lifecycle.create", fmt.Sprintf("00u%d", i))).UUID)
		e.poll(p)
	}
	e.mu.Lock()
	statuses, times := append([]int(nil), e.statuses...), append([]time.Time(nil), e.times...)
	e.mu.Unlock()
	perWindow := map[int64]int{}
	for i, st := range statuses {
		if st != http.StatusOK {
			t.Errorf("request %d answered %d", i, st)
		}
		perWindow[times[i].Unix()/60]++
	}
	for w, n := range perWindow {
		if n > limit/2 {
			t.Errorf("%d requests in the minute starting %v, over this app's share of %d", n, time.Unix(w*60, 0).UTC(), limit/2)
		}
	}
	if len(perWindow) < 5 {
		t.Errorf("10 polls fit in %d minutes: the share was not kept", len(perWindow))
	}
	if len(e.runs("f1")) != len(want) {
		t.Errorf("%d runs, want %d", len(e.runs("f1")), len(want))
	}
}
