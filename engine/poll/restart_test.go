package poll

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// seenOnce checks that every injected event has exactly one run of f1 and no other run exists.
func (e *env) seenOnce(want ...string) {
	e.t.Helper()
	runs := e.runs("f1") // fails on a second run of one event
	for _, id := range want {
		if _, ok := runs[id]; !ok {
			e.t.Errorf("event %s has no run: it was lost", id)
		}
	}
	if len(runs) != len(want) {
		e.t.Errorf("%d runs, want %d", len(runs), len(want))
	}
}

// Okta answers 400 when a stored next link no longer works (its cursor expired or was
// corrupted): the poller must restart its query from the last seen event instead of retrying
// the dead link forever, losing nothing and running nothing twice.
func TestRefusedNextLinkRestartsFromTheLastEvent(t *testing.T) {
	e := newEnv(t)
	e.saveFlow("f1", userCreated, flowOpts{})
	p := e.poller()
	e.poll(p)
	e.clock.Advance(time.Second)
	a := e.inject(userEvent("user.lifecycle.create", "00ua"))
	e.clock.Advance(time.Second)
	b := e.inject(userEvent("user.lifecycle.create", "00ub"))
	if res := e.poll(p); res.New != 2 {
		t.Fatalf("first page = %+v, want 2 new events", res)
	}
	dead := e.cursor().NextLink
	// The link's cursor stops working: the simulated org answers it as Okta answers a bad after.
	e.setLogsHook(func(w http.ResponseWriter, r *http.Request) bool {
		if r.URL.Query().Get("after") != "" && "http://"+r.Host+r.URL.RequestURI() == dead {
			q := r.URL.Query()
			q.Set("after", "expired")
			r.URL.RawQuery = q.Encode()
		}
		return false
	})
	e.clock.Advance(time.Minute)
	c := e.inject(userEvent("user.lifecycle.create", "00uc"))

	res := e.poll(p)
	if res.New != 1 || res.Duplicates != 2 || res.Queued != 1 {
		t.Fatalf("restarted page = %+v, want c new, a and b duplicates (the margin re-reads them), one run queued", res)
	}
	e.seenOnce(a.UUID, b.UUID, c.UUID)
	reqs := e.logRequests()
	restart, err := url.Parse(reqs[len(reqs)-1])
	if err != nil {
		t.Fatal(err)
	}
	if q := restart.Query(); q.Get("after") != "" || q.Get("since") != b.Published.Add(-RestartMargin).Format(publishedLayout) ||
		q.Get("filter") != p.filter {
		t.Errorf("restart request %s, want since = the last event's published minus %s, this build's filter, no after", restart, RestartMargin)
	}
	s := p.Status()
	if s.Restarts != 1 || !strings.Contains(s.RestartReason, "E0000001") || s.LastError != "" {
		t.Errorf("status = %+v, want one restart naming Okta's error, no error left", s)
	}
	if next := e.cursor().NextLink; next == dead || next == "" {
		t.Fatalf("the cursor still holds the dead link")
	}

	// From there on the new link is followed as Okta sent it.
	e.clock.Advance(time.Second)
	d := e.inject(userEvent("user.lifecycle.create", "00ud"))
	stored := e.cursor().NextLink
	if res := e.poll(p); res.New != 1 || res.Duplicates != 0 {
		t.Fatalf("page after the restart = %+v, want only d", res)
	}
	if reqs := e.logRequests(); reqs[len(reqs)-1] != stored {
		t.Errorf("request after the restart %s, want the stored link %s", reqs[len(reqs)-1], stored)
	}
	e.seenOnce(a.UUID, b.UUID, c.UUID, d.UUID)
	if p.Status().Restarts != 1 {
		t.Error("a followed link counted as a restart")
	}
}

// A new build reads other event types: the stored link carries the old build's filter, and
// following it would never deliver the new types. The poller restarts with its own filter.
func TestChangedFilterRestartsTheQuery(t *testing.T) {
	e := newEnv(t)
	e.saveFlow("f1", userCreated, flowOpts{})
	p := e.poller()
	e.poll(p)
	e.clock.Advance(time.Second)
	a := e.inject(userEvent("user.lifecycle.create", "00ua"))
	e.poll(p)

	// The cursor as an older build left it: same position, a narrower filter.
	ctx := context.Background()
	cur := e.cursor()
	u, err := url.Parse(cur.NextLink)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("filter", `eventType eq "user.lifecycle.activate"`)
	u.RawQuery = q.Encode()
	old := cur
	old.NextLink = u.String()
	if err := e.db.WriteTx(ctx, func(tx *sql.Tx) error { return e.db.PutCursorIf(ctx, tx, cur.NextLink, old) }); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(time.Second)
	b := e.inject(userEvent("user.lifecycle.create", "00ub"))

	res := e.poll(p)
	if res.New != 1 || res.Duplicates != 1 || res.Queued != 1 {
		t.Fatalf("page = %+v, want b new (the old filter would have hidden it), a a duplicate", res)
	}
	e.seenOnce(a.UUID, b.UUID)
	if s := p.Status(); s.Restarts != 1 || !strings.Contains(s.RestartReason, "filter") {
		t.Errorf("status = %+v, want one restart for the filter", s)
	}
	if f := linkFilter(e.cursor().NextLink); f != p.filter {
		t.Errorf("stored link's filter %q, want this build's", f)
	}
	e.clock.Advance(time.Second)
	if res := e.poll(p); res.New != 0 || p.Status().Restarts != 1 {
		t.Errorf("the next poll restarted again: %+v, %+v", res, p.Status())
	}
}
