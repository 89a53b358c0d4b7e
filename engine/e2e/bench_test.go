package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/demo"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/syslog"
	"github.com/flowdeck/flowdeck/engine/poll"
	"github.com/flowdeck/flowdeck/storage"
)

// BenchmarkEventToLastCard measures, on the running engine, the time from a new hire's event
// entering the simulated System Log to the last card of the demo's "Welcome new hires" flow
// (Add User to Group, a real call to the org) finishing. New hires arrive every 100 ms, so they
// land at every point of the poll cycle.
//
// At interval=2s (the poller's fast interval, used here between every poll) an event waits for
// the next poll, on average half the interval; at interval=1ms what remains is Flowdeck's own
// overhead: fetch, match, queue, claim, execute. The latency at any poll interval is the wait for
// the next poll (up to the interval) plus that overhead.
func BenchmarkEventToLastCard(b *testing.B) {
	for _, interval := range []time.Duration{poll.DefaultFastInterval, time.Millisecond} {
		b.Run("interval="+interval.String(), func(b *testing.B) {
			const hires = 40
			v := newEnv(b, envOptions{org: oktasim.Options{Seed: oktasim.SeedDemo},
				engine: engine.Options{PollIdle: interval, PollFast: interval, Resync: 10 * time.Millisecond}})
			welcome := v.demoWelcomeFlow()
			v.start()
			waitFor(b, "the first poll", func() bool { return !v.e.PollerStatus()[v.conn].LastPoll.IsZero() })
			var lat []time.Duration
			for i := 0; b.Loop(); i++ {
				published := map[string]time.Time{} // user id -> when its event entered the log
				for j := range hires {
					id := v.createUser("Hire", fmt.Sprintf("N%03d%03d", i, j))
					published[id] = v.createdAt(id)
					time.Sleep(100 * time.Millisecond)
				}
				done := 0
				waitFor(b, "the welcome runs", func() bool {
					done = 0
					for _, r := range v.runs(welcome) {
						if finished(r) {
							done++
						}
					}
					return done == (i+1)*hires
				})
				for _, r := range v.runs(welcome)[i*hires:] {
					steps := v.steps(r.ID)
					if r.Status != storage.RunSucceeded || len(steps) != 1 {
						b.Fatalf("run %s: %s %s", r.ID, r.Status, r.Error)
					}
					var in struct{ UserID string }
					if err := json.Unmarshal(steps[0].Inputs, &in); err != nil || published[in.UserID].IsZero() {
						b.Fatalf("run %s is not about one of this round's new hires: %s", r.ID, steps[0].Inputs)
					}
					lat = append(lat, steps[0].FinishedAt.Sub(published[in.UserID]))
				}
			}
			slices.Sort(lat)
			b.ReportMetric(ms(percentile(lat, 0.50)), "p50-ms")
			b.ReportMetric(ms(percentile(lat, 0.99)), "p99-ms")
			b.ReportMetric(float64(len(lat)), "samples")
		})
	}
}

// BenchmarkAPICallsPerEvent counts the requests the org serves per new hire for the demo's
// "Welcome new hires" flow: the card's own call, plus the System Log polls that read the events,
// here one page for a batch of 100 hires. An idle engine adds one logs request per idle interval
// (10 s) whatever the number of events.
func BenchmarkAPICallsPerEvent(b *testing.B) {
	const batch = 100
	v := newEnv(b, envOptions{org: oktasim.Options{Seed: oktasim.SeedDemo}})
	welcome := v.demoWelcomeFlow()
	v.pollAndRun()
	events := 0
	api0, logs0 := v.served.api.Load(), v.served.logs.Load()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		for j := range batch {
			v.createUser("Hire", fmt.Sprintf("C%03d%03d", i, j))
		}
		b.StartTimer()
		v.pollAndRun()
		events += batch
	}
	for _, r := range v.runs(welcome) {
		if r.Status != storage.RunSucceeded {
			b.Fatalf("run %s: %s %s", r.ID, r.Status, r.Error)
		}
	}
	if n := len(v.runs(welcome)); n != events {
		b.Fatalf("%d runs for %d new hires", n, events)
	}
	api, logs := float64(v.served.api.Load()-api0), float64(v.served.logs.Load()-logs0)
	b.ReportMetric(api/float64(events), "card-calls/event")
	b.ReportMetric(logs/float64(events), "log-polls/event")
	b.ReportMetric((api+logs)/float64(events), "calls/event")
}

// BenchmarkBacklogDrain100k drains a backlog of 100,000 System Log events through the running
// engine: poll (100 pages of 1000), match, durable queueing, and execution of a Compose-only
// flow's run for every twentieth event (user.lifecycle.create; the rest are sign-ins, which
// start no flow, as most of an org's System Log does). It reports the in-process throughput
// (events/s over the whole drain; polled-s: until every event was stored and its runs queued;
// runs/s) and, beside it, the drain time the org's logs bucket allows: 100 pages at this app's
// half of Okta's default 120 requests a minute, 100 s. The logs bucket, not Flowdeck, bounds a
// real org's drain.
func BenchmarkBacklogDrain100k(b *testing.B) {
	const events, everyNth = 100_000, 20
	for b.Loop() {
		b.StopTimer()
		v := newEnv(b, envOptions{engine: engine.Options{PollIdle: time.Millisecond, PollFast: time.Millisecond, Resync: 10 * time.Millisecond}})
		v.addFlow(&flow.Flow{ID: "compose", Cards: []flow.Card{
			{ID: "c_trigger", Type: "okta.event.userCreated", Version: 1},
			{ID: "c_compose", Type: "function.compose", Version: 1,
				Inputs: map[string]flow.Input{"text": {Template: []flow.TemplatePart{{Text: "Welcome "}, refPart("c_trigger", "user.displayName")}}}},
		}})
		if err := v.e.PollAllOnce(v.ctx); err != nil { // the cursor starts now
			b.Fatal(err)
		}
		logs := v.org.Logs()
		for i := range events {
			id := fmt.Sprintf("00ubacklog%07d", i)
			typ := "user.session.start"
			if i%everyNth == 0 {
				typ = "user.lifecycle.create"
			}
			if _, err := logs.Inject(syslog.Event{EventType: typ,
				Target: []syslog.Target{{ID: id, Type: "User", AlternateID: id + "@example.com", DisplayName: "Backlog User"}}}); err != nil {
				b.Fatal(err)
			}
		}
		const runs = events / everyNth
		start := time.Now()
		b.StartTimer()
		v.start()
		var polled time.Duration // until every event is stored and its runs queued
		waitForLong(b, "the backlog's runs", func() bool {
			if polled == 0 && v.e.PollerStatus()[v.conn].Events == events {
				polled = time.Since(start)
			}
			c, err := v.e.DB().StatusCounts(v.ctx)
			if err != nil {
				b.Fatal(err)
			}
			if c[storage.RunFailed]+c[storage.RunSkipped]+c[storage.RunCatchUpPending] > 0 {
				b.Fatalf("runs that did not succeed: %v", c)
			}
			return c[storage.RunSucceeded] == runs
		})
		elapsed := time.Since(start)
		if st := v.e.PollerStatus()[v.conn]; st.Events != events {
			b.Fatalf("the poller stored %d events, want %d", st.Events, events)
		}
		b.ReportMetric(events/elapsed.Seconds(), "events/s")
		b.ReportMetric(polled.Seconds(), "polled-s")
		b.ReportMetric(runs/elapsed.Seconds(), "runs/s")
		b.ReportMetric(elapsed.Seconds(), "in-process-drain-s")
		pages := math.Ceil(events / float64(poll.PageLimit))
		perMinute := float64(limitOf(limits.BucketLogs)) * 0.5
		b.ReportMetric(pages/perMinute*60, "bucket-bound-drain-s")
	}
}

// demoWelcomeFlow switches on the demo's "Welcome new hires" flow on the env's connection.
func (v *env) demoWelcomeFlow() string {
	v.tb.Helper()
	var groups []struct {
		ID      string
		Profile struct{ Name string }
	}
	v.call(http.MethodGet, "/api/v1/groups?q=New%20Hires", nil, &groups)
	for _, g := range groups {
		if g.Profile.Name == "New Hires" {
			f := demo.Flows(v.conn, g.ID)[0]
			v.addFlow(f)
			return f.ID
		}
	}
	v.tb.Fatal("the demo org has no New Hires group")
	return ""
}

// createdAt is when the org logged a user's creation.
func (v *env) createdAt(userID string) time.Time {
	for _, ev := range slices.Backward(v.org.Logs().Events()) {
		if ev.EventType == "user.lifecycle.create" && len(ev.Target) > 0 && ev.Target[0].ID == userID {
			return ev.Published
		}
	}
	v.tb.Fatalf("no user.lifecycle.create event for %s", userID)
	return time.Time{}
}

func limitOf(bucket string) int {
	for _, bk := range limits.DefaultBuckets() {
		if bk.Name == bucket {
			return bk.Limit
		}
	}
	return 0
}

func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// waitForLong is waitFor for a benchmark's long drain: the deadline is only a safety net.
func waitForLong(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(10 * time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
