package poll

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/syslog"
	"github.com/flowdeck/flowdeck/storage"
)

func TestOneRunPerMatchingFlowAndEvent(t *testing.T) {
	e := newEnv(t)
	const appAssigned = "okta.event.userAddedToApplicationMembership"
	e.saveFlow("created", userCreated, flowOpts{})
	createdV := e.saveFlow("created", userCreated, flowOpts{name: " (edited)"}) // runs pin the current version
	e.saveFlow("createdAny", userCreated, flowOpts{options: map[string]any{"outcome": "Any"}})
	e.saveFlow("deactivated", "okta.event.userDeactivated", flowOpts{})
	e.saveFlow("appA", appAssigned, flowOpts{options: map[string]any{"appInstanceId": "0oaA"}})
	e.saveFlow("off", userCreated, flowOpts{disabled: true})
	e.saveFlow("broken", "okta.action.readUser", flowOpts{}) // enabled, but no event card to start it
	p := e.poller()
	e.poll(p)

	created := e.inject(userEvent("user.lifecycle.create", "00u1"))
	failed := userEvent("user.lifecycle.create", "00u2")
	failed.Outcome = syslog.Outcome{Result: "FAILURE"}
	failed = e.inject(failed)
	deact := e.inject(userEvent("user.lifecycle.deactivate", "00u1"))
	assign := func(app string) syslog.Event {
		return e.inject(syslog.Event{EventType: "application.user_membership.add", Target: []syslog.Target{
			{ID: app, Type: "AppInstance"}, {ID: "0ua9", Type: "AppUser"}, {ID: "00u3", Type: "User"}}})
	}
	toA := assign("0oaA")
	assign("0oaB") // another app: appA's filter refuses it
	// A type in the server filter that no enabled flow's trigger has.
	e.inject(syslog.Event{EventType: "group.user_membership.add", Target: []syslog.Target{
		{ID: "00u4", Type: "User"}, {ID: "00g1", Type: "UserGroup"}}})

	res := e.poll(p)
	if res.New != 6 || res.Queued != 5 || res.Skipped+res.Held != 0 {
		t.Errorf("result = %+v, want 6 new events and 5 queued runs", res)
	}
	want := map[string][]string{
		"created":     {created.UUID},
		"createdAny":  {created.UUID, failed.UUID},
		"deactivated": {deact.UUID},
		"appA":        {toA.UUID},
		"off":         nil,
		"broken":      nil,
	}
	targets := map[string]string{created.UUID: "User:00u1", failed.UUID: "User:00u2", deact.UUID: "User:00u1", toA.UUID: "User:00u3"}
	for flowID, events := range want {
		t.Run(flowID, func(t *testing.T) {
			runs := e.runs(flowID)
			var got []string
			for uuid, r := range runs {
				got = append(got, uuid)
				if r.Status != storage.RunQueued {
					t.Errorf("run for %s: status %q, want queued", uuid, r.Status)
				}
				if r.TargetKey != targets[uuid] {
					t.Errorf("run for %s: target %q, want %q", uuid, r.TargetKey, targets[uuid])
				}
				if flowID == "created" && r.FlowVersion != createdV {
					t.Errorf("run pinned to version %d, want the current %d", r.FlowVersion, createdV)
				}
			}
			sort.Strings(got)
			sort.Strings(events)
			if strings.Join(got, ",") != strings.Join(events, ",") {
				t.Errorf("runs for events %v, want %v", got, events)
			}
		})
	}
}

func TestTargetKey(t *testing.T) {
	tests := []struct {
		name    string
		targets []any
		want    string
	}{
		{"user", []any{map[string]any{"type": "User", "id": "00u1"}}, "User:00u1"},
		{"user first, whatever the order", []any{map[string]any{"type": "UserGroup", "id": "00g1"}, map[string]any{"type": "User", "id": "00u1"}}, "User:00u1"},
		{"group", []any{map[string]any{"type": "UserGroup", "id": "00g1"}, map[string]any{"type": "AppInstance", "id": "0oa1"}}, "UserGroup:00g1"},
		{"app", []any{map[string]any{"type": "AppInstance", "id": "0oa1"}}, "AppInstance:0oa1"},
		{"none of those", []any{map[string]any{"type": "Policy", "id": "00p1"}}, ""},
		{"no targets", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := targetKey(map[string]any{"target": tt.targets}); got != tt.want {
				t.Errorf("targetKey = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestLoopGuardSkipsOurOwnEvents(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.saveFlow("guarded", userCreated, flowOpts{})
	e.saveFlow("optedOut", userCreated, flowOpts{includeOwn: true})

	// Flowdeck's own call: a step of some run recorded Okta's request ids.
	e.saveFlow("other", userCreated, flowOpts{disabled: true})
	var runID string
	err := e.db.WriteTx(ctx, func(tx *sql.Tx) error {
		r, err := e.db.InsertRun(ctx, tx, storage.Run{FlowID: "other", FlowVersion: 1, Trigger: storage.TriggerManual})
		runID = r.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	err = e.db.RecordStep(ctx, storage.Step{RunID: runID, Seq: 1, CardID: "c_1", CardType: "okta.action.createUser",
		Status: "succeeded", Key: "c_1", RequestIDs: []string{"reqOurTransaction0000000001", "reqOurDebugData00000000002"}})
	if err != nil {
		t.Fatal(err)
	}

	p := e.poller()
	e.poll(p)
	admin := syslog.Actor{ID: e.org.AdminID(), Type: "User", AlternateID: "admin@example.com"}
	byTransaction := userEvent("user.lifecycle.create", "00u1")
	byTransaction.Actor, byTransaction.Transaction = admin, syslog.Transaction{Type: "WEB", ID: "reqOurTransaction0000000001"}
	byTransaction = e.inject(byTransaction)
	byRequestID := userEvent("user.lifecycle.create", "00u2")
	byRequestID.Actor = admin
	byRequestID.DebugContext = syslog.DebugContext{DebugData: map[string]any{"requestId": "reqOurDebugData00000000002"}}
	byRequestID.Transaction = syslog.Transaction{Type: "JOB", ID: "job1"}
	byRequestID = e.inject(byRequestID)
	// The same admin in the Admin Console: same actor, another request. It must still fire.
	console := userEvent("user.lifecycle.create", "00u3")
	console.Actor = admin
	console = e.inject(console)

	res := e.poll(p)
	if res.Queued != 4 || res.Skipped != 2 {
		t.Errorf("result = %+v, want 4 queued and 2 skipped", res)
	}
	guarded := e.runs("guarded")
	for _, ev := range []syslog.Event{byTransaction, byRequestID} {
		r := guarded[ev.UUID]
		if r.Status != storage.RunSkipped || !strings.Contains(r.Error, "loop guard") || r.FinishedAt.IsZero() {
			t.Errorf("guarded flow, our event %s: run = %+v, want skipped by the loop guard", ev.UUID, r)
		}
	}
	if r := guarded[byTransaction.UUID]; !strings.Contains(r.Error, "reqOurTransaction0000000001") {
		t.Errorf("the skip reason %q does not name our request", r.Error)
	}
	if r := guarded[console.UUID]; r.Status != storage.RunQueued {
		t.Errorf("guarded flow, the admin's console change: status %q, want queued", r.Status)
	}
	for uuid, r := range e.runs("optedOut") {
		if r.Status != storage.RunQueued {
			t.Errorf("flow that includes own events, event %s: status %q, want queued", uuid, r.Status)
		}
	}
	if n := len(e.runs("optedOut")); n != 3 {
		t.Errorf("flow that includes own events has %d runs, want 3", n)
	}
}

func TestCircuitBreaker(t *testing.T) {
	e := newEnv(t)
	e.saveFlow("f1", userCreated, flowOpts{})
	p := e.poller(func(c *Config) { c.CircuitBreaker = CircuitBreaker{Max: 3, Window: 10 * time.Minute} })
	e.poll(p)

	count := func(runs map[string]storage.Run, status string) int {
		n := 0
		for _, r := range runs {
			if r.Status == status && r.TargetKey == "User:00u1" {
				n++
			}
		}
		return n
	}
	steps := []struct {
		name        string
		advance     time.Duration
		events      int // about 00u1
		wantQueued  int
		wantSkipped int
	}{
		{"a burst about one user trips the breaker", 0, 5, 3, 2},
		{"still open on a later page in the window", time.Minute, 1, 0, 1},
		{"closed again after the window", 11 * time.Minute, 3, 3, 0},
		{"counts runs of earlier pages", time.Minute, 1, 0, 1},
	}
	total := map[string]int{}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			e.clock.Advance(st.advance)
			for range st.events {
				e.inject(userEvent("user.lifecycle.create", "00u1"))
			}
			other := e.inject(userEvent("user.lifecycle.create", "00u2"))
			res := e.poll(p)
			if res.Queued != st.wantQueued+1 || res.Skipped != st.wantSkipped {
				t.Errorf("result = %+v, want %d queued (one about another user) and %d skipped", res, st.wantQueued+1, st.wantSkipped)
			}
			runs := e.runs("f1")
			total[storage.RunQueued] += st.wantQueued
			total[storage.RunSkipped] += st.wantSkipped
			if q, s := count(runs, storage.RunQueued), count(runs, storage.RunSkipped); q != total[storage.RunQueued] || s != total[storage.RunSkipped] {
				t.Errorf("runs about 00u1: %d queued, %d skipped; want %d and %d", q, s, total[storage.RunQueued], total[storage.RunSkipped])
			}
			if r := runs[other.UUID]; r.Status != storage.RunQueued {
				t.Errorf("another user's event: status %q, want queued", r.Status)
			}
			for _, r := range runs {
				if r.Status == storage.RunSkipped && !strings.Contains(r.Error, fmt.Sprintf("circuit breaker: the flow already ran 3 times about User:00u1 in the last %s", 10*time.Minute)) {
					t.Errorf("skip reason = %q", r.Error)
				}
			}
		})
	}
}

func TestFlowCacheKeepsOnlyEnabledVersions(t *testing.T) {
	e := newEnv(t)
	e.saveFlow("f1", userCreated, flowOpts{})
	p := e.poller()
	e.poll(p)
	e.saveFlow("f1", userCreated, flowOpts{name: " v2"})
	e.saveFlow("f2", userCreated, flowOpts{})
	e.inject(userEvent("user.lifecycle.create", "00u1"))
	e.poll(p)
	want := map[flowKey]bool{{"f1", 2}: true, {"f2", 1}: true}
	if len(p.flows.m) != len(want) {
		t.Fatalf("cached versions %v, want %v", p.flows.m, want)
	}
	for k := range want {
		if p.flows.m[k] == nil {
			t.Errorf("version %v not cached", k)
		}
	}
}
