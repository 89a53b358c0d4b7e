//go:build unix

package crashtest

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/connections"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/internal/crashpoint"
	"github.com/flowdeck/flowdeck/storage"
)

var (
	seedFlag   = flag.Uint64("crash.seed", 0, "seed of the crash test's kill schedule (0: a new one, logged)")
	eventsFlag = flag.Int("crash.events", 10000, "how many matching events the org emits during the crash test (two per user)")
)

const (
	createdFlowID   = "crash-created-to-group"   // User Created → Add User to Group (idempotent)
	activatedFlowID = "crash-activated-to-group" // User Activated → Add User to Group (idempotent)
	resetFlowID     = "crash-reset-password"     // User Created → Reset Password (non-idempotent)
	randomKills     = 12
	// Generous bounds: they only turn a hung engine into a failure instead of a stuck test.
	readyDeadline = time.Minute
	pointDeadline = 2 * time.Minute
	drainDeadline = 5 * time.Minute
)

// round is one life of the engine process: killed after a random delay once started, or by
// itself at an armed crash point.
type round struct {
	point string        // "" for a random kill
	delay time.Duration // after the engine reported started
}

// TestCrash is the crash test of issue 6: while the simulated org emits 10,000 matching events
// (User Created and User Activated, matched by three flows), the engine process is killed with
// SIGKILL at random moments and at fixed points (before and after an Okta call, mid-way through
// and after a page's commit) and restarted; at the end every event has exactly one run per
// matching flow and the org's own mutation log shows no change applied twice.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test kills and restarts the engine process about 20 times over 10,000 events (a minute or more); skipped with -short")
	}
	start := time.Now()
	seed := *seedFlag
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	t.Logf("kill schedule seed %d (repeat it with -crash.seed=%d)", seed, seed)
	rng := rand.New(rand.NewPCG(seed, seed^0x5DEECE66D))

	n := *eventsFlag
	if n%2 != 0 {
		t.Fatalf("-crash.events=%d: give an even number (each user has two events)", n)
	}
	org := serveOrg(t)
	created, err := org.createGroup("Crash Created")
	if err != nil {
		t.Fatal(err)
	}
	activated, err := org.createGroup("Crash Activated")
	if err != nil {
		t.Fatal(err)
	}
	// The users exist before the engine's first poll, so their creation is history it never
	// reads; the test then has the org emit a User Created and a User Activated event for each,
	// as the run goes on. Two events per user halve the users the simulated org must create
	// (its create checks the login against every user, so that cost grows with the square).
	users := &producer{org: org}
	for i := range n / 2 {
		u, err := org.newUser(i)
		if err != nil {
			t.Fatal(err)
		}
		users.users = append(users.users, u)
	}
	dir := t.TempDir()
	setUp(t, dir, org.URL, created, activated)
	t.Logf("%d users created and the engine set up in %v", n/2, time.Since(start).Round(time.Millisecond))

	logs := &logSink{}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("tail of the engine processes' output:\n%s", logs.String())
		}
	})

	batch := n / (randomKills + len(crashPoints) + 1)
	if batch < 10 {
		t.Fatalf("-crash.events=%d is too few: each of the %d engine processes needs some events", n, randomKills+len(crashPoints)+1)
	}
	rounds := schedule(rng, batch)
	db := openReadOnly(t, dir)
	for i, r := range rounds {
		began := time.Now()
		produced := users.produce(batch)
		lifeOf(t, dir, r, logs)
		if err := <-produced; err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d/%d (%s, %v): %d events emitted, %s", i+1, len(rounds), r, time.Since(began).Round(time.Millisecond), users.count(), progress(db))
		if t.Failed() {
			return
		}
	}

	// The last engine runs undisturbed until every event is read and every run has ended.
	c := startChild(t, dir, "", logs)
	if err := <-users.produce(n - users.count()); err != nil {
		c.kill(t)
		t.Fatal(err)
	}
	drainStart := time.Now()
	if err := waitDrained(db, n); err != nil {
		c.kill(t)
		t.Fatal(err)
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
		if code := c.cmd.ProcessState.ExitCode(); code != 0 {
			t.Fatalf("the last engine process exited with %d after SIGTERM, want a clean stop", code)
		}
	case <-time.After(time.Minute):
		c.kill(t)
		t.Fatal("the last engine process did not stop within a minute of SIGTERM")
	}
	t.Logf("all %d events processed across %d engine processes in %v (the last one drained the backlog in %v)",
		n, len(rounds)+1, time.Since(start).Round(time.Millisecond), time.Since(drainStart).Round(time.Millisecond))

	check(t, db, org, users.emitted(), created, activated)
}

// setUp gives the data directory its connection and the flows, and reads the System Log once
// so the cursor stands at "now": every event the org writes afterwards must be run.
func setUp(t *testing.T, dir, orgURL, createdGroup, activatedGroup string) {
	t.Helper()
	ctx := context.Background()
	e, err := engine.Open(ctx, engine.Options{DataDir: dir, Kind: "engine", NoPolling: true})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := e.Close(); err != nil {
			t.Fatal(err)
		}
	}()
	st, err := e.Connections().AddAPIToken(ctx, connections.APITokenRequest{OrgURL: orgURL, Name: "Crash test org", Token: apiToken})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range flows(st.ID, createdGroup, activatedGroup) {
		if _, err := e.SaveFlow(ctx, f); err != nil {
			t.Fatal(err)
		}
		if err := e.EnableFlow(ctx, f.ID, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.PollAllOnce(ctx); err != nil {
		t.Fatal(err)
	}
}

// flows are "User Created → Add User to Group" and "User Activated → Add User to Group" (a
// repeat is harmless) and "User Created → Reset Password" (every repeat is a second reset the
// org records).
func flows(connectionID, createdGroup, activatedGroup string) []*flow.Flow {
	user := func(card string) flow.Input {
		return flow.Input{Ref: &flow.Ref{ID: "w_user", Card: card, Path: "user.id"}}
	}
	addToGroup := func(id, name, event, group string) *flow.Flow {
		return &flow.Flow{Schema: flow.SchemaVersion, ID: id, Name: name, Connection: connectionID, Cards: []flow.Card{
			{ID: "c_event", Type: event, Version: 1},
			{ID: "c_addtogroup", Type: "okta.action.addNewUserToGroup", Version: 1, Inputs: map[string]flow.Input{
				"userId": user("c_event"), "groupId": {Literal: group}}},
		}}
	}
	return []*flow.Flow{
		addToGroup(createdFlowID, "New users join Crash Created", "okta.event.userCreated", createdGroup),
		addToGroup(activatedFlowID, "Activated users join Crash Activated", "okta.event.userActivated", activatedGroup),
		{Schema: flow.SchemaVersion, ID: resetFlowID, Name: "New users reset their password", Connection: connectionID, Cards: []flow.Card{
			{ID: "c_event", Type: "okta.event.userCreated", Version: 1},
			{ID: "c_reset", Type: "okta.action.resetPassword", Version: 1, Inputs: map[string]flow.Input{"userId": user("c_event")}},
		}},
	}
}

// crashPoints are the fixed failure points, each armed at a random hit no later than the
// round's own events guarantee: a round of b events (b/2 users) makes 3b/2 action calls (three
// runs per user) and stores at least b new events.
var crashPoints = []struct {
	name    string
	lo, per int // the hit is drawn from [lo, per*b/2]
}{
	{crashpoint.AfterCall, 1, 1},
	{crashpoint.AfterCall, 1, 2},
	{crashpoint.BeforeCall, 1, 2},
	{crashpoint.MidPageCommit, 1, 1},
	{crashpoint.MidPageCommit, 1, 2},
	{crashpoint.AfterPageCommit, 1, 0},
}

// schedule is the rounds in a seeded random order: randomKills random kills and each crash point
// armed at a random hit, early or late in a process's life. b is the events emitted per round.
func schedule(rng *rand.Rand, b int) []round {
	var rs []round
	for range randomKills {
		rs = append(rs, round{delay: time.Duration(rng.Int64N(int64(2500 * time.Millisecond)))})
	}
	for _, p := range crashPoints {
		hi := max(p.lo, p.per*b/2)
		if p.per == 0 {
			hi = 5 // pages: every poll commits one, even an empty one
		}
		rs = append(rs, round{point: fmt.Sprintf("%s:%d", p.name, p.lo+rng.IntN(hi-p.lo+1))})
	}
	rng.Shuffle(len(rs), func(i, j int) { rs[i], rs[j] = rs[j], rs[i] })
	return rs
}

func (r round) String() string {
	if r.point != "" {
		return "crash point " + r.point
	}
	return fmt.Sprintf("SIGKILL %v after start", r.delay.Round(time.Millisecond))
}

// lifeOf runs one engine process through round r and returns once it is dead.
func lifeOf(t *testing.T, dir string, r round, logs *logSink) {
	t.Helper()
	c := startChild(t, dir, r.point, logs)
	if r.point != "" {
		select {
		case <-c.done:
			if !c.diedOfSIGKILL() {
				t.Errorf("the engine process armed at %s exited with %v instead of being killed there", r.point, c.cmd.ProcessState)
			}
		case <-time.After(pointDeadline):
			c.kill(t)
			t.Errorf("crash point %s was not reached within %v", r.point, pointDeadline)
		}
		return
	}
	select {
	case <-c.ready:
	case <-c.done:
		t.Errorf("the engine process exited before starting: %v", c.cmd.ProcessState)
		return
	case <-time.After(readyDeadline):
		c.kill(t)
		t.Errorf("the engine process did not start within %v", readyDeadline)
		return
	}
	select {
	case <-c.done:
		t.Errorf("the engine process died by itself (%v) before its random kill", c.cmd.ProcessState)
	case <-time.After(r.delay):
		c.kill(t)
	}
}

// producer has the org emit its users' events while engines live and die: for each user, User
// Created and then User Activated.
type producer struct {
	org   *simOrg
	mu    sync.Mutex
	users []crashUser
	next  int // events emitted: users[next/2] is the next user
}

// Event types the producer emits, in this order for each user.
const (
	eventCreated   = "user.lifecycle.create"
	eventActivated = "user.lifecycle.activate"
)

// produce emits the next n events in the background, in small bursts so they keep arriving
// across an engine's life, and reports the first error (nil when all are emitted).
func (p *producer) produce(n int) <-chan error {
	out := make(chan error, 1)
	go func() {
		for i := 0; i < n; i++ {
			p.mu.Lock()
			k := p.next
			u := p.users[k/2]
			p.mu.Unlock()
			typ := eventCreated
			if k%2 == 1 {
				typ = eventActivated
			}
			uuid, err := p.org.emit(typ, u)
			if err != nil {
				out <- err
				return
			}
			p.mu.Lock()
			if typ == eventCreated {
				p.users[k/2].Created = uuid
			} else {
				p.users[k/2].Activated = uuid
			}
			p.next++
			p.mu.Unlock()
			if i%25 == 24 {
				time.Sleep(40 * time.Millisecond)
			}
		}
		out <- nil
	}()
	return out
}

// count is how many events have been emitted.
func (p *producer) count() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.next
}

// emitted returns the users whose events have all been emitted.
func (p *producer) emitted() []crashUser {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]crashUser(nil), p.users[:p.next/2]...)
}

// openReadOnly opens the engine's database beside the running engine, for reading only.
func openReadOnly(t *testing.T, dir string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, storage.FileName)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// progress says how far the engine has got, for the log.
func progress(db *sql.DB) string {
	var stored, queued, done int
	err := db.QueryRow(`SELECT (SELECT count(*) FROM events WHERE event_type IN (?, ?)),
		(SELECT count(*) FROM runs WHERE status IN ('queued', 'running')),
		(SELECT count(*) FROM runs WHERE status NOT IN ('queued', 'running'))`, eventCreated, eventActivated).Scan(&stored, &queued, &done)
	if err != nil {
		return "progress unknown: " + err.Error()
	}
	return fmt.Sprintf("%d events stored, %d runs ended, %d waiting", stored, done, queued)
}

// waitDrained waits until the engine has stored all n emitted events and no run is queued
// or running. Runs are created in the same transaction as their event, so then all exist.
func waitDrained(db *sql.DB, n int) error {
	deadline := time.Now().Add(drainDeadline)
	var stored, active int
	for time.Now().Before(deadline) {
		err := db.QueryRow(`SELECT (SELECT count(*) FROM events WHERE event_type IN (?, ?)),
			(SELECT count(*) FROM runs WHERE status IN ('queued', 'running'))`, eventCreated, eventActivated).Scan(&stored, &active)
		if err != nil {
			return fmt.Errorf("reading the engine's progress: %w", err)
		}
		if stored >= n && active == 0 {
			return nil
		}
		time.Sleep(200 * time.Millisecond)
	}
	return fmt.Errorf("after %v the engine had stored %d of the %d events and %d runs were still queued or running",
		drainDeadline, stored, n, active)
}
