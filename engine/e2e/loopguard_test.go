package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
)

// "User Okta Profile Updated → Update User" on the same user would feed itself forever: its own
// update writes another user.account.update_profile event. The loop guard skips exactly the
// events whose transaction id is the X-Okta-Request-Id Flowdeck recorded for its call, so the
// flow runs once per change made outside Flowdeck — including changes by the very admin whose
// token the connection uses (same actor, another request) — and never on its own write.
func TestLoopGuardSkipsOwnWritesButNotTheSameAdminsChanges(t *testing.T) {
	v := newEnv(t, envOptions{})
	const trig = "c_trigger"
	v.addFlow(&flow.Flow{ID: "profile-loop", Cards: []flow.Card{
		{ID: trig, Type: "okta.event.oktaUserProfileUpdated", Version: 1},
		{ID: "c_update", Type: "okta.action.updateUser", Version: 1, Options: map[string]any{"updateSemantics": "Partial"},
			Inputs: map[string]flow.Input{
				"userId": ref(trig, "user.id"),
				// Unique per event, so the flow's write is always a change Okta logs.
				"nickName": {Template: []flow.TemplatePart{{Text: "seen "}, refPart(trig, "uuid")}},
			}},
	}})
	v.pollAndRun() // the poller starts from now
	user := v.createUser("Grace", "Hopper")

	var outside []string // request ids of the admin's own changes, made outside Flowdeck
	for i, title := range []string{"Rear Admiral", "Commodore"} {
		outside = append(outside, v.call(http.MethodPost, "/api/v1/users/"+user, map[string]any{"profile": map[string]any{"title": title}}, nil))
		// One turn runs the flow for the outside change; the next reads the flow's own event;
		// a third finds nothing new. Each outside change adds exactly two runs: one that ran and
		// one the loop guard skipped.
		for range 3 {
			v.pollAndRun()
		}
		if n := len(v.runs("profile-loop")); n != 2*(i+1) {
			t.Fatalf("after %d outside change(s) the flow has %d runs, want %d", i+1, n, 2*(i+1))
		}
	}

	runs := v.runs("profile-loop")
	for i := 0; i < len(runs); i += 2 {
		ran, skipped := runs[i], runs[i+1]
		ranEvent, skippedEvent := v.event(ran.EventUUID), v.event(skipped.EventUUID)
		if ran.Status != storage.RunSucceeded {
			t.Fatalf("the run for outside change %d: %s %s", i/2+1, ran.Status, ran.Error)
		}
		if ranEvent.Transaction.ID != outside[i/2] {
			t.Errorf("run %d was for the event of request %s, want the outside change's %s", i, ranEvent.Transaction.ID, outside[i/2])
		}
		steps := v.steps(ran.ID)
		if len(steps) != 1 || steps[0].OktaRequestID == "" {
			t.Fatalf("the run's steps: %+v", steps)
		}
		own := steps[0].OktaRequestID
		if skipped.Status != storage.RunSkipped || !strings.Contains(skipped.Error, "loop guard") || !strings.Contains(skipped.Error, own) {
			t.Errorf("the run for the flow's own write: %s %q, want skipped by the loop guard naming request %s", skipped.Status, skipped.Error, own)
		}
		if skippedEvent.Transaction.ID != own {
			t.Errorf("the skipped event came from request %s, want the flow's own %s", skippedEvent.Transaction.ID, own)
		}
		// The guard is not matching on the actor: both events name the same admin.
		if ranEvent.Actor.ID == "" || ranEvent.Actor.ID != skippedEvent.Actor.ID || ranEvent.Actor.ID != v.org.AdminID() {
			t.Errorf("actors: outside change %q, own write %q; want both the admin %s", ranEvent.Actor.ID, skippedEvent.Actor.ID, v.org.AdminID())
		}
		if n := v.org.MutationCount(own); n != 1 {
			t.Errorf("the flow's update (request %s) changed the org %d times, want once", own, n)
		}
	}
	if n := v.org.MutationsOfKind("user.update"); n != 4 {
		t.Errorf("the org recorded %d profile updates, want 4 (two outside, one by the flow for each)", n)
	}
}

// storedEvent is the part of a stored LogEvent the tests read.
type storedEvent struct {
	EventType   string
	Actor       struct{ ID string }
	Transaction struct{ ID string }
	Outcome     struct{ Result string }
}

// event reads a stored event by uuid.
func (v *env) event(uuid string) storedEvent {
	v.tb.Helper()
	e, err := v.e.DB().GetEvent(v.ctx, uuid)
	if err != nil {
		v.tb.Fatalf("read event %s: %v", uuid, err)
	}
	var ev storedEvent
	if err := json.Unmarshal(e.Body, &ev); err != nil {
		v.tb.Fatal(err)
	}
	return ev
}

// TestLoopGuardWhileTheEngineRuns: with the engine running and the demo-like org showing events at
// once, a poll can store Flowdeck's own event before the causing step has recorded its request id.
// The runner checks the loop guard again when it claims the run (and a run about the same user
// waits for the causing run to end), so no own write ever runs the flow.
func TestLoopGuardWhileTheEngineRuns(t *testing.T) {
	v := newEnv(t, envOptions{engine: engine.Options{PollIdle: time.Millisecond, PollFast: time.Millisecond, Resync: 10 * time.Millisecond}})
	const trig = "c_trigger"
	v.addFlow(&flow.Flow{ID: "profile-loop", Cards: []flow.Card{
		{ID: trig, Type: "okta.event.oktaUserProfileUpdated", Version: 1},
		{ID: "c_update", Type: "okta.action.updateUser", Version: 1, Options: map[string]any{"updateSemantics": "Partial"},
			Inputs: map[string]flow.Input{"userId": ref(trig, "user.id"),
				"nickName": {Template: []flow.TemplatePart{{Text: "seen "}, refPart(trig, "uuid")}}}},
	}})
	v.start()
	waitFor(t, "the first poll", func() bool { return !v.e.PollerStatus()[v.conn].LastPoll.IsZero() })
	const changes = 15 // under the circuit breaker's 20 runs per user
	for i := range changes {
		user := v.createUser("Loop", fmt.Sprintf("Race%02d", i))
		v.call(http.MethodPost, "/api/v1/users/"+user, map[string]any{"profile": map[string]any{"title": "Changed"}}, nil)
	}
	waitFor(t, "a run per outside change and per own write", func() bool {
		rs := v.runs("profile-loop")
		for _, r := range rs {
			if !finished(r) {
				return false
			}
		}
		return len(rs) >= 2*changes
	})
	time.Sleep(200 * time.Millisecond) // let any run caused by a missed own event show up
	ran := 0
	for _, r := range v.runs("profile-loop") {
		if r.Status == storage.RunSucceeded {
			ran++
		}
	}
	if ran != changes {
		t.Errorf("%d runs ran for %d outside changes: the loop guard let Flowdeck's own writes through", ran, changes)
	}
}
