package poll

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/syslog"
	"github.com/flowdeck/flowdeck/engine/trigger"
	"github.com/flowdeck/flowdeck/storage"
)

// Two pollers on one database: the one that commits second rolls its whole page back.
func TestCursorMovedRollsBackThePage(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.saveFlow("f1", userCreated, flowOpts{})
	a, b := e.poller(), e.poller()
	e.poll(a)
	e1 := e.inject(userEvent("user.lifecycle.create", "00u1"))
	var e2 syslog.Event
	var bErr error
	hooked := false
	// While a's request is on its way, b polls and commits; then e2 arrives, so a's page (from
	// the same link) has an event b's had not.
	e.setLogsHook(func(w http.ResponseWriter, r *http.Request) bool {
		if hooked {
			return false
		}
		hooked = true
		_, bErr = b.PollOnce(ctx)
		e2 = e.inject(userEvent("user.lifecycle.create", "00u2"))
		return false
	})
	_, err := a.PollOnce(ctx)
	e.setLogsHook(nil)
	if bErr != nil {
		t.Fatalf("the first poller to commit failed: %v", bErr)
	}
	if !errors.Is(err, storage.ErrCursorMoved) {
		t.Fatalf("second commit: err = %v, want ErrCursorMoved", err)
	}
	if _, err := e.db.GetEvent(ctx, e2.UUID); !errors.Is(err, storage.ErrNotFound) {
		t.Fatalf("the rolled-back page's new event was kept (err = %v)", err)
	}
	if runs := e.runs("f1"); len(runs) != 1 {
		t.Fatalf("runs after the rollback = %v, want only e1's", runs)
	}
	if s := a.Status(); s.LastError == "" {
		t.Error("the rolled-back poll is not shown as an error")
	}

	// Both go on from the stored cursor: every event ends with exactly one run.
	e.poll(a)
	e.poll(b)
	runs := e.runs("f1")
	for _, ev := range []syslog.Event{e1, e2} {
		if _, ok := runs[ev.UUID]; !ok {
			t.Errorf("event %s has no run", ev.UUID)
		}
	}
	if len(runs) != 2 {
		t.Errorf("runs = %d, want 2", len(runs))
	}
}

// Okta's events become visible late and out of `published` order; each is still picked up once.
func TestLateOutOfOrderEventsArePickedUpOnce(t *testing.T) {
	e := newEnv(t)
	e.saveFlow("f1", userCreated, flowOpts{})
	var order []trigger.Event
	p := e.poller(func(c *Config) {
		c.OnEvent = func(_ context.Context, ev trigger.Event) { order = append(order, ev) }
	})
	e.poll(p)

	e.org.Logs().SetIngestion(0, 30*time.Second, 7)
	var want []string
	for i := range 20 {
		want = append(want, e.inject(userEvent("user.lifecycle.create", fmt.Sprintf("00u%02d", i))).UUID)
		e.clock.Advance(time.Second)
	}
	// One event much later than the rest: published now, visible in 45 s.
	e.org.Logs().SetIngestion(0, 0, 7)
	late := e.org.Logs().AppendAt(userEvent("user.lifecycle.create", "00ulate"), e.clock.Now().Add(45*time.Second))
	want = append(want, late.UUID)
	want = append(want, e.inject(userEvent("user.lifecycle.create", "00uontime")).UUID)

	for range 15 {
		e.poll(p)
		e.clock.Advance(5 * time.Second)
	}
	runs := e.runs("f1")
	for _, uuid := range want {
		if _, ok := runs[uuid]; !ok {
			t.Errorf("event %s was never picked up", uuid)
		}
	}
	if len(runs) != len(want) || len(order) != len(want) {
		t.Errorf("%d runs and %d new events for %d events", len(runs), len(order), len(want))
	}
	// The scenario must really be out of order, or this test proves nothing.
	if sort.SliceIsSorted(order, func(i, j int) bool { return order[i].Published() < order[j].Published() }) {
		t.Error("events arrived in published order: the ingestion jitter did not reorder them")
	}
	if order[len(order)-1].UUID() != late.UUID {
		t.Errorf("the late event was not the last one seen")
	}
}

func TestPausedConnectionKeepsItsCursor(t *testing.T) {
	for _, status := range []string{storage.StatusNeedsSignIn, storage.StatusRevoked} {
		t.Run(status, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			e.saveFlow("f1", userCreated, flowOpts{})
			p := e.poller()
			e.poll(p)
			before := e.cursor()
			if err := e.db.SetConnectionStatus(ctx, e.conn.ID, status); err != nil {
				t.Fatal(err)
			}
			ev := e.inject(userEvent("user.lifecycle.create", "00u1"))
			e.clock.Advance(time.Minute)
			requests := len(e.logRequests())

			res := e.poll(p)
			if res.Paused == "" || res != (PageResult{Paused: res.Paused}) {
				t.Fatalf("poll of a %s connection = %+v, want paused and nothing else", status, res)
			}
			if after := e.cursor(); after != before {
				t.Errorf("cursor moved while paused: %+v, was %+v", after, before)
			}
			if n := len(e.logRequests()); n != requests {
				t.Errorf("%d System Log requests while paused", n-requests)
			}
			if s := p.Status(); s.Paused == "" {
				t.Error("status does not show the pause")
			}

			if err := e.db.SetConnectionStatus(ctx, e.conn.ID, storage.StatusOK); err != nil {
				t.Fatal(err)
			}
			if res := e.poll(p); res.Queued != 1 {
				t.Fatalf("poll after sign-in = %+v, want the waiting event queued", res)
			}
			if _, ok := e.runs("f1")[ev.UUID]; !ok {
				t.Error("the event from the pause has no run")
			}
			if s := p.Status(); s.Paused != "" {
				t.Errorf("status still paused: %q", s.Paused)
			}
		})
	}
}

func TestDeletedConnection(t *testing.T) {
	e := newEnv(t)
	p := e.poller()
	e.poll(p)
	if err := e.db.DeleteConnection(context.Background(), e.conn.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := p.PollOnce(context.Background()); !errors.Is(err, ErrConnectionGone) {
		t.Fatalf("err = %v, want ErrConnectionGone", err)
	}
}
