package poll

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/syslog"
	"github.com/flowdeck/flowdeck/storage"
)

// benchFlows are ten enabled flows on the cards an org typically automates.
var benchFlows = []struct {
	card    string
	options map[string]any
}{
	{"okta.event.userCreated", nil},
	{"okta.event.userCreated", map[string]any{"outcome": "Any"}},
	{"okta.event.userActivated", nil},
	{"okta.event.userDeactivated", nil},
	{"okta.event.userSuspended", nil},
	{"okta.event.userAddedToGroupMembership", nil},
	{"okta.event.userRemovedFromGroupMembership", nil},
	{"okta.event.userAddedToApplicationMembership", map[string]any{"appInstanceId": "0oaA"}},
	{"okta.event.userAddedToApplicationMembership", nil},
	{"okta.event.userAccountLocked", nil},
}

// benchTypes is the page's mix: most events start one or two flows, some none.
var benchTypes = []string{
	"user.lifecycle.create", "user.lifecycle.activate", "user.lifecycle.deactivate", "user.lifecycle.suspend",
	"group.user_membership.add", "group.user_membership.remove", "application.user_membership.add",
	"user.account.lock", "user.session.start", "user.account.update_profile",
}

// BenchmarkMatchAndQueue measures what happens to a fetched page: parsing its 1000 events,
// matching them against ten enabled flows and committing events, runs and cursor in one
// transaction (the Okta fetch itself is excluded: the logs bucket, not Flowdeck, bounds it).
func BenchmarkMatchAndQueue(b *testing.B) {
	ctx := context.Background()
	clock := governor.NewFakeClock(simStart)
	db := openDB(b, clock.Now)
	conn, err := db.CreateConnection(ctx, storage.Connection{Name: "Bench", OrgURL: "https://bench.okta.com", Kind: storage.KindAPIToken})
	if err != nil {
		b.Fatal(err)
	}
	for i, f := range benchFlows {
		id := fmt.Sprintf("flow%02d", i)
		doc := &flow.Flow{Schema: flow.SchemaVersion, ID: id, Name: id, Connection: conn.ID,
			Cards: []flow.Card{{ID: "c_trigger", Type: f.card, Version: 1, Options: f.options}}}
		var buf bytes.Buffer
		if err := flow.Encode(&buf, doc); err != nil {
			b.Fatal(err)
		}
		if _, _, err := db.SaveFlow(ctx, storage.FlowDraft{ID: id, Name: id, ConnectionID: conn.ID, Document: buf.Bytes()}); err != nil {
			b.Fatal(err)
		}
		if err := db.SetFlowEnabled(ctx, id, true); err != nil {
			b.Fatal(err)
		}
	}
	// The client is never called: pages are handed to the poller as if fetched.
	p, err := New(Config{ConnectionID: conn.ID, Client: &client.Client{}, DB: db, Clock: clock})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	link := func(i int) string { return fmt.Sprintf("https://bench.okta.com/api/v1/logs?after=%d", i) }

	runs := 0
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		body := benchPage(rng, i)
		clock.Advance(time.Second)
		pg := &page{now: clock.Now(), next: link(i), started: simStart, first: i == 0}
		if i > 0 {
			pg.expected = link(i - 1)
		}
		b.StartTimer()

		if err := p.parseEvents(pg, body, "bench"); err != nil {
			b.Fatal(err)
		}
		out, err := p.commit(ctx, pg)
		if err != nil {
			b.Fatal(err)
		}
		res := out.res
		if res.New != PageLimit {
			b.Fatalf("page %d: %+v", i, res)
		}
		runs += res.Queued + res.Skipped + res.Held
	}
	events := float64(b.N * PageLimit)
	b.ReportMetric(events/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(runs)/events, "runs/event")
}

// benchPage is one page of 1000 events in Okta's JSON, about 200 users, 20 groups and 5 apps.
func benchPage(rng *rand.Rand, n int) []byte {
	events := make([]syslog.Event, PageLimit)
	for i := range events {
		typ := benchTypes[rng.IntN(len(benchTypes))]
		user := syslog.Target{ID: fmt.Sprintf("00u%05d", rng.IntN(200)), Type: "User", AlternateID: "user@example.com", DisplayName: "A User"}
		ev := syslog.Event{
			UUID: fmt.Sprintf("%08d-0000-4000-8000-%012d", n, i), Published: simStart.Add(time.Duration(n*PageLimit+i) * time.Millisecond),
			EventType: typ, Version: "0", Severity: "INFO", DisplayMessage: typ,
			Actor:       syslog.Actor{ID: "00uadmin", Type: "User", AlternateID: "admin@example.com", DisplayName: "Admin"},
			Outcome:     syslog.Outcome{Result: "SUCCESS"},
			Transaction: syslog.Transaction{Type: "WEB", ID: fmt.Sprintf("req%08d%05d", n, i)},
			DebugContext: syslog.DebugContext{DebugData: map[string]any{
				"requestId": fmt.Sprintf("req%08d%05d", n, i), "requestUri": "/api/v1/users", "url": "/api/v1/users?activate=true"}},
			Target: []syslog.Target{user},
		}
		switch typ {
		case "group.user_membership.add", "group.user_membership.remove":
			ev.Target = append(ev.Target, syslog.Target{ID: fmt.Sprintf("00g%03d", rng.IntN(20)), Type: "UserGroup", DisplayName: "A Group"})
		case "application.user_membership.add":
			ev.Target = append(ev.Target, syslog.Target{ID: fmt.Sprintf("0oa%c", 'A'+rng.IntN(5)), Type: "AppInstance", DisplayName: "An App"},
				syslog.Target{ID: "0ua1", Type: "AppUser"})
		}
		events[i] = ev
	}
	body, err := json.Marshal(events)
	if err != nil {
		panic(err)
	}
	return body
}
