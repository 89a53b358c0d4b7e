package syslog

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPollingAlwaysHasNextEvenWhenEmpty(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)

	first := get(t, srv, srv.URL+`/api/v1/logs?sortOrder=ASCENDING&limit=10&filter=`+url.QueryEscape(`eventType eq "user.lifecycle.create"`))
	if first.status != 200 || len(first.events) != 0 {
		t.Fatalf("status %d, %d events; want 200 and an empty page", first.status, len(first.events))
	}
	next, ok := first.links["next"]
	if !ok {
		t.Fatal("a polling response without events has no next link")
	}
	if _, ok := first.links["self"]; !ok {
		t.Error("no self link")
	}
	nu, err := url.Parse(next)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range map[string]string{"filter": `eventType eq "user.lifecycle.create"`, "limit": "10", "sortOrder": "ASCENDING"} {
		if got := nu.Query().Get(k); got != want {
			t.Errorf("next link %s = %q, want %q (the next link must carry the query)", k, got, want)
		}
	}
	if nu.Query().Get("after") == "" {
		t.Error("next link has no after cursor")
	}

	s.Append(Event{EventType: "user.lifecycle.create"})
	s.Append(Event{EventType: "user.lifecycle.deactivate"})
	second := get(t, srv, next)
	if len(second.events) != 1 || second.events[0].EventType != "user.lifecycle.create" {
		t.Fatalf("re-poll returned %v, want the one matching event", second.events)
	}
	third := get(t, srv, second.links["next"])
	if len(third.events) != 0 || third.links["next"] == "" {
		t.Fatalf("third poll: %d events, next %q; want none and a next link", len(third.events), third.links["next"])
	}
}

// TestPollingSeesLateEventsExactlyOnce ingests events late and out of `published` order while a
// poller follows next links with a small page size: every event arrives once, none is lost.
func TestPollingSeesLateEventsExactlyOnce(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	s.SetIngestion(2*time.Second, 30*time.Second, 42)
	srv := newServer(t, s)

	next := srv.URL + "/api/v1/logs?limit=3"
	seen := map[string]int{}
	var order []Event
	poll := func() {
		r := get(t, srv, next)
		if r.status != 200 {
			t.Fatalf("poll status %d: %v", r.status, r.err)
		}
		for _, e := range r.events {
			seen[e.UUID]++
		}
		order = append(order, r.events...)
		if r.links["next"] == "" {
			t.Fatal("polling response without a next link")
		}
		next = r.links["next"]
	}
	const total = 120
	for i := range total {
		s.Append(Event{EventType: "user.lifecycle.create", DisplayMessage: fmt.Sprint("event ", i)})
		if i == 50 {
			// One event that the org ingests very late, published now.
			s.AppendAt(Event{EventType: "user.lifecycle.delete.initiated"}, clk.Now().Add(90*time.Second))
		}
		clk.Advance(time.Second)
		if i%4 == 0 {
			poll()
		}
	}
	clk.Advance(5 * time.Minute)
	for range 100 {
		before := len(order)
		poll()
		if len(order) == before {
			break
		}
	}
	if len(seen) != total+1 {
		t.Fatalf("saw %d distinct events, want %d", len(seen), total+1)
	}
	for id, n := range seen {
		if n != 1 {
			t.Errorf("event %s seen %d times", id, n)
		}
	}
	backwards := 0
	for i := 1; i < len(order); i++ {
		if order[i].Published.Before(order[i-1].Published) {
			backwards++
		}
	}
	if backwards == 0 {
		t.Error("no event arrived out of published order: the test does not exercise jitter")
	}
	if s.Count("user.lifecycle.create") != total || s.Count("user.lifecycle.delete.initiated") != 1 {
		t.Errorf("Count = %d and %d", s.Count("user.lifecycle.create"), s.Count("user.lifecycle.delete.initiated"))
	}
}

func TestInvisibleEventsAreNotReturnedYet(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	s.AppendAt(Event{EventType: "user.lifecycle.create"}, clk.Now().Add(time.Minute))
	r := get(t, srv, srv.URL+"/api/v1/logs")
	if len(r.events) != 0 {
		t.Fatalf("an event not yet ingested was returned")
	}
	b := get(t, srv, srv.URL+"/api/v1/logs?sortOrder=DESCENDING")
	if len(b.events) != 0 {
		t.Fatalf("a bounded query returned an event not yet ingested")
	}
	clk.Advance(time.Minute)
	r = get(t, srv, r.links["next"])
	if len(r.events) != 1 {
		t.Fatalf("after ingestion the next link returned %d events, want 1", len(r.events))
	}
}

// TestBoundedPagination pages through a window in published order, ascending and descending,
// and checks the last page has no next link.
func TestBoundedPagination(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	start := clk.Now()
	var want []string
	for i := range 57 {
		ev := s.Append(Event{EventType: "group.user_membership.add", Published: start.Add(time.Duration(i) * time.Second)})
		want = append(want, ev.UUID)
	}
	clk.Advance(time.Hour)
	since := url.QueryEscape(start.Format(time.RFC3339))
	until := url.QueryEscape(clk.Now().Format(time.RFC3339))

	for _, order := range []string{"ASCENDING", "DESCENDING"} {
		t.Run(order, func(t *testing.T) {
			next := srv.URL + "/api/v1/logs?limit=10&sortOrder=" + order + "&since=" + since + "&until=" + until
			var got []string
			pages := 0
			for next != "" {
				r := get(t, srv, next)
				if r.status != 200 {
					t.Fatalf("status %d: %v", r.status, r.err)
				}
				got = append(got, uuids(r.events)...)
				next = r.links["next"]
				pages++
				if pages > 20 {
					t.Fatal("pagination does not end")
				}
			}
			exp := slices.Clone(want)
			if order == "DESCENDING" {
				slices.Reverse(exp)
			}
			if !slices.Equal(got, exp) {
				t.Errorf("got %d events in another order than the %d published", len(got), len(exp))
			}
			if pages != 6 {
				t.Errorf("%d pages, want 6 (57 events by 10)", pages)
			}
		})
	}
}

func TestDescendingWithoutUntilIsBounded(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	a := s.Append(Event{EventType: "user.lifecycle.create"})
	clk.Advance(time.Second)
	b := s.Append(Event{EventType: "user.lifecycle.create"})
	r := get(t, srv, srv.URL+"/api/v1/logs?sortOrder=DESCENDING")
	if !slices.Equal(uuids(r.events), []string{b.UUID, a.UUID}) {
		t.Errorf("got %v, want newest first", uuids(r.events))
	}
	if _, ok := r.links["next"]; ok {
		t.Error("a bounded query with no more results has a next link")
	}
}

func TestSinceUntilWindow(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	base := clk.Now().Add(-10 * 24 * time.Hour)
	var ids []string
	for d := range 10 {
		ids = append(ids, s.Append(Event{EventType: "user.lifecycle.create", Published: base.Add(time.Duration(d) * 24 * time.Hour)}).UUID)
	}
	cases := []struct {
		name, query string
		want        []string
	}{
		{"default is the last 7 days", "sortOrder=DESCENDING", reversed(ids[3:])},
		{"since and until", "since=" + q(base.Add(24*time.Hour)) + "&until=" + q(base.Add(3*24*time.Hour)), ids[1:4]},
		{"since only, ascending, bounded by until now", "since=" + q(base.Add(8*24*time.Hour)) + "&until=" + q(clk.Now()), ids[8:]},
		{"until only: since is 7 days before it", "until=" + q(base.Add(2*24*time.Hour)), ids[0:3]},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := get(t, srv, srv.URL+"/api/v1/logs?"+c.query)
			if r.status != 200 {
				t.Fatalf("status %d: %v", r.status, r.err)
			}
			if !slices.Equal(uuids(r.events), c.want) && !(len(c.want) == 0 && len(r.events) == 0) {
				t.Errorf("got %v, want %v", uuids(r.events), c.want)
			}
		})
	}
}

func TestRetentionHidesOldEvents(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	s.Append(Event{EventType: "user.lifecycle.create", Published: clk.Now().Add(-100 * 24 * time.Hour)})
	r := get(t, srv, srv.URL+"/api/v1/logs?since="+q(clk.Now().Add(-120*24*time.Hour))+"&until="+q(clk.Now()))
	if r.status != 200 || len(r.events) != 0 {
		t.Errorf("status %d, %d events; an event older than 90 days must not be returned", r.status, len(r.events))
	}
}

func TestKeywordSearch(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	jane := s.Append(sampleEvent())
	other := sampleEvent()
	other.UUID = ""
	other.Target = []Target{{ID: "00ubob", Type: "User", DisplayName: "Bob Smith"}}
	other.Client.GeographicalContext = nil
	other.Transaction.ID = "abc"
	other.DebugContext.DebugData = nil
	s.Append(other)
	cases := []struct {
		q    string
		want []string
	}{
		{"jane doe", []string{jane.UUID}},
		{"JANE", []string{jane.UUID}},
		{"san francisco", []string{jane.UUID}},
		{"XOxBw", []string{jane.UUID}},
		{"2JIRnCFd0gG0GjHAAABjY", []string{jane.UUID}},
		{"jan", nil},
		{"jane smith", nil},
		{"member", nil},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			r := get(t, srv, srv.URL+"/api/v1/logs?sortOrder=DESCENDING&q="+url.QueryEscape(c.q))
			if r.status != 200 {
				t.Fatalf("status %d: %v", r.status, r.err)
			}
			if !slices.Equal(uuids(r.events), c.want) && !(len(c.want) == 0 && len(r.events) == 0) {
				t.Errorf("got %v, want %v", uuids(r.events), c.want)
			}
		})
	}
	all := get(t, srv, srv.URL+"/api/v1/logs?sortOrder=DESCENDING&q="+url.QueryEscape("add user group"))
	if len(all.events) != 2 {
		t.Errorf("q matching both events returned %d", len(all.events))
	}
}

func TestQueryErrors(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	cases := []struct {
		name, query, code, contains string
	}{
		{"limit over 1000", "limit=1001", "E0000001", "limit"},
		{"negative limit", "limit=-1", "E0000001", "limit"},
		{"limit not a number", "limit=ten", "E0000001", "limit"},
		{"gt on published", "filter=" + url.QueryEscape(`published gt "2024-01-01T00:00:00.000Z"`), "E0000031", "Field: published"},
		{"bad operator", "filter=" + url.QueryEscape(`eventType eqq "x"`), "E0000031", "Invalid filter 'eventType eqq \"x\"'"},
		{"unknown field", "filter=" + url.QueryEscape(`foo eq "x"`), "E0000031", "field is not valid: foo"},
		{"since over 180 days", "since=" + q(clk.Now().Add(-181*24*time.Hour)), "E0000053", "over 180 days"},
		{"until not a date", "until=01-01-2017", "E0000001", "The date format in your query is not recognized"},
		{"since not a date", "since=foobar", "E0000001", "'since'"},
		{"bad sortOrder", "sortOrder=UP", "E0000001", "sortOrder"},
		{"after not issued", "after=zzz", "E0000001", "after"},
		{"keyword too long", "q=" + strings.Repeat("a", 41), "E0000001", "longer than 40 characters"},
		{"too many keywords", "q=" + url.QueryEscape("a b c d e f g h i j k"), "E0000001", "more than 10"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := get(t, srv, srv.URL+"/api/v1/logs?"+c.query)
			if r.status != 400 {
				t.Fatalf("status %d, want 400", r.status)
			}
			if r.err["errorCode"] != c.code || !strings.Contains(fmt.Sprint(r.err["errorSummary"]), c.contains) {
				t.Errorf("got %v %q, want %s containing %q", r.err["errorCode"], r.err["errorSummary"], c.code, c.contains)
			}
		})
	}
}

func TestPollingCursorIsNotABoundedCursor(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	r := get(t, srv, srv.URL+"/api/v1/logs")
	after, _ := url.Parse(r.links["next"])
	bad := get(t, srv, srv.URL+"/api/v1/logs?sortOrder=DESCENDING&after="+after.Query().Get("after"))
	if bad.status != 400 {
		t.Errorf("a polling cursor on a DESCENDING query: status %d, want 400", bad.status)
	}
}

func TestLimitZero(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	s.Append(Event{EventType: "user.lifecycle.create"})
	r := get(t, srv, srv.URL+"/api/v1/logs?limit=0")
	if len(r.events) != 0 || r.links["next"] == "" {
		t.Fatalf("limit=0 poll: %d events, next %q", len(r.events), r.links["next"])
	}
	nu, _ := url.Parse(r.links["next"])
	v := nu.Query()
	v.Set("limit", "5")
	nu.RawQuery = v.Encode()
	again := get(t, srv, nu.String())
	if len(again.events) != 1 {
		t.Errorf("the limit=0 cursor skipped an event: got %d, want 1", len(again.events))
	}
}

func q(t time.Time) string { return url.QueryEscape(t.UTC().Format(time.RFC3339Nano)) }

func reversed(s []string) []string {
	out := slices.Clone(s)
	slices.Reverse(out)
	return out
}
