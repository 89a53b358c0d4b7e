package poll

import (
	"context"
	"database/sql"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/trigger"
)

const userCreated = "okta.event.userCreated"

func TestFirstPollStartsFromNowOrTheChosenTime(t *testing.T) {
	tests := []struct {
		name      string
		startBack time.Duration // 0: from now
		wantOld   bool
	}{
		{"from now: older events are not fetched", 0, false},
		{"from a chosen time: events since then are fetched", 150 * time.Minute, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			e.saveFlow("f1", userCreated, flowOpts{})
			tooOld := e.inject(userEvent("user.lifecycle.create", "00utooold"))
			e.clock.Advance(2 * time.Hour)
			old := e.inject(userEvent("user.lifecycle.create", "00uold"))
			e.clock.Advance(time.Hour)
			since := e.clock.Now().Add(-tt.startBack)
			p := e.poller(func(c *Config) {
				if tt.startBack > 0 {
					c.StartFrom = since
				}
			})
			fresh := e.inject(userEvent("user.lifecycle.create", "00ufresh"))

			res := e.poll(p)
			runs := e.runs("f1")
			if _, ok := runs[fresh.UUID]; !ok {
				t.Error("the event published after the start has no run")
			}
			if _, ok := runs[old.UUID]; ok != tt.wantOld {
				t.Errorf("event published 1 h before now: run = %v, want %v", ok, tt.wantOld)
			}
			if _, ok := runs[tooOld.UUID]; ok {
				t.Error("an event published before the start time has a run")
			}
			if want := map[bool]int{false: 1, true: 2}[tt.wantOld]; res.New != want || res.Queued != want {
				t.Errorf("result = %+v, want %d new and queued", res, want)
			}

			reqs := e.logRequests()
			if len(reqs) != 1 {
				t.Fatalf("requests = %v, want 1", reqs)
			}
			u, err := url.Parse(reqs[0])
			if err != nil {
				t.Fatal(err)
			}
			q := u.Query()
			want := url.Values{
				"since":     {since.UTC().Format(publishedLayout)},
				"sortOrder": {"ASCENDING"},
				"limit":     {"1000"},
				"filter":    {trigger.ServerFilter(catalog.Global())},
			}
			for k := range want {
				if q.Get(k) != want.Get(k) {
					t.Errorf("first request %s = %q, want %q", k, q.Get(k), want.Get(k))
				}
			}
			if len(q) != len(want) {
				t.Errorf("first request query = %v, want only %v (no until: a polling request)", q, want)
			}
			if c := e.cursor(); !c.StartedFrom.Equal(since.Truncate(time.Millisecond)) {
				t.Errorf("cursor started from %v, want %v", c.StartedFrom, since)
			}
		})
	}
}

func TestStartFromBounds(t *testing.T) {
	e := newEnv(t)
	now := e.clock.Now()
	tests := []struct {
		name    string
		start   time.Time
		wantErr string
	}{
		{"now", time.Time{}, ""},
		{"seven days back", now.Add(-MaxStartBack), ""},
		{"more than seven days back", now.Add(-MaxStartBack - time.Minute), "more than 7 days back"},
		{"in the future", now.Add(time.Minute), "in the future"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(Config{ConnectionID: e.conn.ID, Client: e.cl, DB: e.db, Clock: e.clock, StartFrom: tt.start})
			if tt.wantErr == "" && err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("err = %v, want it to say %q", err, tt.wantErr)
			}
		})
	}
	if _, err := New(Config{ConnectionID: e.conn.ID, DB: e.db}); err == nil {
		t.Error("a poller without a client was accepted")
	}
}

func TestNextLinkIsStoredExactlyAndFollowed(t *testing.T) {
	e := newEnv(t)
	p := e.poller()
	e.poll(p)
	first := e.cursor()
	if first.NextLink == "" {
		t.Fatal("no next link stored after the first poll")
	}
	u, err := url.Parse(first.NextLink)
	if err != nil {
		t.Fatal(err)
	}
	if u.Query().Get("filter") != trigger.ServerFilter(catalog.Global()) || u.Query().Get("after") == "" {
		t.Errorf("stored next link %s does not carry the filter and an after cursor", first.NextLink)
	}

	e.clock.Advance(time.Second)
	e.inject(userEvent("user.lifecycle.create", "00u1"))
	e.poll(p)
	second := e.cursor()
	// Enabling a flow must not rewrite the link: the next request is still Okta's.
	e.saveFlow("f1", userCreated, flowOpts{})
	e.clock.Advance(time.Second)
	e.poll(p)

	reqs := e.logRequests()
	if len(reqs) != 3 {
		t.Fatalf("requests = %v, want 3", reqs)
	}
	if reqs[1] != first.NextLink {
		t.Errorf("second request\n%s\nwant the stored link exactly\n%s", reqs[1], first.NextLink)
	}
	if reqs[2] != second.NextLink {
		t.Errorf("third request\n%s\nwant the stored link exactly\n%s", reqs[2], second.NextLink)
	}
	if second.NextLink == first.NextLink {
		t.Error("the cursor did not move past a page with an event")
	}
}

func TestEmptyPageKeepsPolling(t *testing.T) {
	e := newEnv(t)
	e.saveFlow("f1", userCreated, flowOpts{})
	p := e.poller()
	for i := range 3 {
		res := e.poll(p)
		if res != (PageResult{}) {
			t.Fatalf("poll %d of an empty log = %+v, want nothing", i, res)
		}
		if c := e.cursor(); !c.LastPollAt.Equal(e.clock.Now()) || c.NextLink == "" {
			t.Fatalf("poll %d: cursor = %+v, want a next link and the poll time", i, c)
		}
		e.clock.Advance(10 * time.Second)
	}
	if n := len(e.logRequests()); n != 3 {
		t.Fatalf("%d requests, want 3", n)
	}
	if n := e.countEvents(); n != 0 {
		t.Fatalf("%d events stored from empty pages", n)
	}
	ev := e.inject(userEvent("user.lifecycle.create", "00u1"))
	if res := e.poll(p); res.New != 1 || res.Queued != 1 {
		t.Fatalf("poll after the empty pages = %+v, want the new event queued", res)
	}
	if _, ok := e.runs("f1")[ev.UUID]; !ok {
		t.Fatal("the event after the empty pages has no run")
	}
	if s := p.Status(); !s.LastEvent.Equal(ev.Published) || s.Events != 1 || s.Queued != 1 || s.LastError != "" {
		t.Errorf("status = %+v", s)
	}
}

func TestReplayedPageCreatesNoSecondRun(t *testing.T) {
	e := newEnv(t)
	e.saveFlow("f1", userCreated, flowOpts{})
	var seen []string
	p := e.poller(func(c *Config) {
		c.OnEvent = func(_ context.Context, ev trigger.Event) { seen = append(seen, ev.UUID()) }
	})
	e.poll(p)
	start := e.cursor()
	a := e.inject(userEvent("user.lifecycle.create", "00ua"))
	b := e.inject(userEvent("user.lifecycle.create", "00ub"))
	if res := e.poll(p); res.New != 2 || res.Queued != 2 {
		t.Fatalf("first pass = %+v, want 2 new events queued", res)
	}

	// A crash between Okta's answer and a later page, or a restored backup: the same page again.
	ctx := context.Background()
	err := e.db.WriteTx(ctx, func(tx *sql.Tx) error {
		moved := start
		return e.db.PutCursorIf(ctx, tx, e.cursor().NextLink, moved)
	})
	if err != nil {
		t.Fatal(err)
	}
	res := e.poll(p)
	if res.Duplicates != 2 || res.New != 0 || res.Queued+res.Skipped+res.Held != 0 {
		t.Fatalf("replayed page = %+v, want 2 duplicates and no runs", res)
	}
	if runs := e.runs("f1"); len(runs) != 2 {
		t.Fatalf("runs after the replay = %d, want 2", len(runs))
	}
	if want := []string{a.UUID, b.UUID}; strings.Join(seen, ",") != strings.Join(want, ",") {
		t.Errorf("OnEvent saw %v, want each new event once: %v", seen, want)
	}
}

func TestFlowEnabledMidwayGetsOnlyLaterEvents(t *testing.T) {
	e := newEnv(t)
	e.saveFlow("f1", userCreated, flowOpts{disabled: true})
	p := e.poller()
	e.poll(p)
	before := e.inject(userEvent("user.lifecycle.create", "00ubefore"))
	if res := e.poll(p); res.New != 1 || res.Queued != 0 {
		t.Fatalf("poll with the flow off = %+v, want the event stored and no run", res)
	}
	if err := e.db.SetFlowEnabled(context.Background(), "f1", true); err != nil {
		t.Fatal(err)
	}
	after := e.inject(userEvent("user.lifecycle.create", "00uafter"))
	e.poll(p)
	runs := e.runs("f1")
	if _, ok := runs[before.UUID]; ok {
		t.Error("an event stored while the flow was off got a run when it was switched on")
	}
	if _, ok := runs[after.UUID]; !ok || len(runs) != 1 {
		t.Errorf("runs = %v, want one for the event after enabling", runs)
	}
}
