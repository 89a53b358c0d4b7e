package poll

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/storage"
)

func TestCatchUpAfterDowntime(t *testing.T) {
	tests := []struct {
		name     string
		downtime time.Duration
		// want status of the event published during the downtime, per flow catch-up policy
		want map[string]string
	}{
		{"longer than the threshold: the backlog follows each flow's policy", 2 * time.Hour, map[string]string{
			storage.CatchUpAsk: storage.RunCatchUpPending, storage.CatchUpRun: storage.RunQueued, storage.CatchUpSkip: storage.RunSkipped}},
		{"shorter than the threshold: runs as usual", 50 * time.Minute, map[string]string{
			storage.CatchUpAsk: storage.RunQueued, storage.CatchUpRun: storage.RunQueued, storage.CatchUpSkip: storage.RunQueued}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t)
			ctx := context.Background()
			for _, policy := range []string{storage.CatchUpAsk, storage.CatchUpRun, storage.CatchUpSkip} {
				e.saveFlow(policy, userCreated, flowOpts{})
				if err := e.db.SetFlowCatchUp(ctx, policy, policy); err != nil {
					t.Fatal(err)
				}
			}
			e.poll(e.poller()) // the engine ran, then stopped

			e.clock.Advance(tt.downtime / 2)
			during := e.inject(userEvent("user.lifecycle.create", "00u1"))
			e.clock.Advance(tt.downtime / 2)
			p := e.poller() // the engine starts again
			e.poll(p)
			after := e.inject(userEvent("user.lifecycle.create", "00u2"))
			e.poll(p)

			for policy, want := range tt.want {
				runs := e.runs(policy)
				if got := runs[during.UUID].Status; got != want {
					t.Errorf("flow with catch-up %q, event during the downtime: status %q, want %q", policy, got, want)
				}
				if got := runs[after.UUID].Status; got != storage.RunQueued {
					t.Errorf("flow with catch-up %q, event after the restart: status %q, want queued", policy, got)
				}
			}
			if tt.want[storage.CatchUpAsk] != storage.RunCatchUpPending {
				return
			}
			if r := e.runs(storage.CatchUpAsk)[during.UUID]; !strings.Contains(r.Error, "backlog") {
				t.Errorf("held run's note = %q, want it to say it is part of a backlog", r.Error)
			}
			if s := p.Status(); s.Held != 1 || !s.HoldBefore.IsZero() {
				t.Errorf("status = %+v, want 1 held and the hold released (the backlog fit on one page)", s)
			}
			// The admin runs the backlog.
			if n, err := e.db.ReleaseCatchUp(ctx, storage.CatchUpAsk, true); err != nil || n != 1 {
				t.Fatalf("ReleaseCatchUp = %d, %v; want 1 run released", n, err)
			}
			if got := e.runs(storage.CatchUpAsk)[during.UUID].Status; got != storage.RunQueued {
				t.Errorf("released run: status %q, want queued", got)
			}
		})
	}
}

// A restart while a held backlog is still being read keeps holding it.
func TestCatchUpHoldSurvivesRestart(t *testing.T) {
	e := newEnv(t)
	e.saveFlow("f1", userCreated, flowOpts{})
	e.poll(e.poller())
	e.clock.Advance(2 * time.Hour)
	for i := range PageLimit + 1 {
		e.inject(userEvent("user.lifecycle.create", fmt.Sprintf("00u%04d", i)))
	}
	e.clock.Advance(time.Second)

	p := e.poller()
	res := e.poll(p)
	if !res.Full || res.Held != PageLimit || res.Queued != 0 {
		t.Fatalf("first page after downtime = %+v, want a full page held", res)
	}
	if s := p.Status(); s.HoldBefore.IsZero() || !s.Behind {
		t.Errorf("status = %+v, want the hold shown and the poller behind", s)
	}

	p = e.poller() // crash and restart in the middle of the backlog
	if res := e.poll(p); res.Full || res.Held != 1 || res.Queued != 0 {
		t.Fatalf("rest of the backlog after a restart = %+v, want 1 held", res)
	}
	fresh := e.inject(userEvent("user.lifecycle.create", "00ufresh"))
	if res := e.poll(p); res.Queued != 1 || res.Held != 0 {
		t.Fatalf("event after the backlog = %+v, want it queued", res)
	}
	if got := e.runs("f1")[fresh.UUID].Status; got != storage.RunQueued {
		t.Errorf("event after the backlog: status %q, want queued", got)
	}
	if s := p.Status(); !s.HoldBefore.IsZero() {
		t.Errorf("hold still shown after the backlog was read: %v", s.HoldBefore)
	}
}

func TestGapOlderThanRetentionIsRecorded(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.saveFlow("f1", userCreated, flowOpts{})
	p := e.poller()
	e.poll(p)
	last := e.cursor().LastPollAt
	if p.Status().Gap != nil {
		t.Fatal("a gap before any downtime")
	}

	e.clock.Advance(100 * 24 * time.Hour)
	e.inject(userEvent("user.lifecycle.create", "00u1"))
	res := e.poll(p)
	want := Gap{From: last, To: e.clock.Now().Add(-Retention)}
	if res.Gap == nil || !res.Gap.From.Equal(want.From) || !res.Gap.To.Equal(want.To) {
		t.Fatalf("page gap = %+v, want %+v", res.Gap, want)
	}
	if g := p.Status().Gap; g == nil || !g.From.Equal(want.From) || !g.To.Equal(want.To) {
		t.Errorf("status gap = %+v, want %+v", g, want)
	}
	if res.New != 1 {
		t.Errorf("the event after the gap was not stored: %+v", res)
	}

	// Polling on does not hide it, nor record it twice; a new poller shows it too.
	e.clock.Advance(10 * time.Second)
	if res := e.poll(p); res.Gap != nil {
		t.Errorf("a second gap: %+v", res.Gap)
	}
	gaps, err := e.db.PollGaps(ctx, e.conn.ID)
	if err != nil || len(gaps) != 1 || !gaps[0].From.Equal(want.From) || !gaps[0].To.Equal(want.To) {
		t.Fatalf("stored gaps = %+v, %v; want the one gap", gaps, err)
	}
	p2 := e.poller()
	e.poll(p2)
	if g := p2.Status().Gap; g == nil || !g.From.Equal(want.From) {
		t.Errorf("a restarted poller's status gap = %+v, want %+v", g, want)
	}
}
