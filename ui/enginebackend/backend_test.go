package enginebackend

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/demo"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui"
)

// startDemo opens an engine on a fresh data directory with the demo org, polling fast.
func startDemo(t *testing.T) (*Backend, *demo.Demo, *engine.Engine) {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	ctx := context.Background()
	e, err := engine.Open(ctx, engine.Options{DataDir: t.TempDir(), Kind: "app", PollIdle: 20 * time.Millisecond, PollFast: 10 * time.Millisecond, Resync: 20 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	d, err := demo.Start(ctx, e, demo.Options{})
	if err != nil {
		e.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		e.Close()
		d.Close()
	})
	b := New(e)
	b.Labels[d.ConnectionID] = "Demo org (simulated)"
	return b, d, e
}

// waitRuns polls the history until want(runs) holds; the engine works on its own goroutines.
func waitRuns(t *testing.T, b *Backend, flowID string, want func([]ui.RunSummary) bool) []ui.RunSummary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		runs, err := b.ListRuns(ctx, flowID)
		if err != nil {
			t.Fatal(err)
		}
		if want(runs) {
			return runs
		}
		select {
		case <-ctx.Done():
			t.Fatalf("the history never got there: %+v", runs)
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// waitFor polls cond until it holds (the engine works on its own goroutines).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("gave up waiting for the engine")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func finished(n int) func([]ui.RunSummary) bool {
	return func(rs []ui.RunSummary) bool {
		done := 0
		for _, r := range rs {
			if r.Status != "queued" && r.Status != "running" {
				done++
			}
		}
		return done >= n
	}
}

func TestFlowsAndRecovery(t *testing.T) {
	b, _, _ := startDemo(t)
	ctx := context.Background()
	conns, err := b.ListConnections(ctx)
	if err != nil || len(conns) != 1 || conns[0].Name != "Demo org (simulated)" || !conns[0].Demo || conns[0].NeedsSignIn {
		t.Fatalf("connections = %+v, %v", conns, err)
	}
	flows, err := b.ListFlows(ctx)
	if err != nil || len(flows) != 3 || flows[0].Connection != conns[0].ID {
		t.Fatalf("flows = %+v, %v", flows, err)
	}
	f, recovered, err := b.LoadFlow(ctx, "demo-welcome-new-hires")
	if err != nil || recovered {
		t.Fatalf("load: %v recovered=%v", err, recovered)
	}
	f.Name = "Welcome new hires (edited)"
	if err := b.SaveRecovery(ctx, f); err != nil {
		t.Fatal(err)
	}
	g, recovered, _ := b.LoadFlow(ctx, f.ID)
	if !recovered || g.Name != f.Name {
		t.Errorf("unsaved edits were not recovered: %v %q", recovered, g.Name)
	}
	if err := b.SaveFlow(ctx, f); err != nil {
		t.Fatal(err)
	}
	if _, recovered, _ := b.LoadFlow(ctx, f.ID); recovered {
		t.Error("the recovery copy outlived a save")
	}
}

func TestRunCardOnTheDemoOrg(t *testing.T) {
	b, d, _ := startDemo(t)
	ctx := context.Background()
	card := func(userID flow.Input) *flow.Flow {
		return &flow.Flow{Schema: flow.SchemaVersion, ID: "scratch", Name: "scratch", Connection: d.ConnectionID, Cards: []flow.Card{
			{ID: "c_event", Type: "okta.event.userCreated", Version: 1},
			{ID: "c_read", Type: "okta.action.readUser", Version: 1, Inputs: map[string]flow.Input{"userId": userID}}}}
	}
	t.Run("literal input", func(t *testing.T) {
		res, err := b.RunCard(ctx, card(flow.Input{Literal: "admin@example.com"}), "c_read", nil)
		if err != nil || res.Outputs["login"] != "admin@example.com" || len(res.RequestIDs) == 0 {
			t.Fatalf("run card: %v %v %v", res.Outputs["login"], res.RequestIDs, err)
		}
	})
	wired := card(flow.Input{Ref: &flow.Ref{ID: "w_1", Card: "c_event", Path: "user.id"}})
	t.Run("wired input needs a value", func(t *testing.T) {
		in, err := b.WiredInputs(ctx, wired, "c_read")
		if err != nil || len(in) != 1 || in[0].Key != "userId" || in[0].HasLast || !strings.Contains(in[0].From, "User Created") {
			t.Fatalf("wired = %+v, %v", in, err)
		}
		if _, err := b.RunCard(ctx, wired, "c_read", nil); err == nil || !strings.Contains(err.Error(), "wired") {
			t.Errorf("ran without a value for the wired input: %v", err)
		}
		res, err := b.RunCard(ctx, wired, "c_read", map[string]any{"userId": "admin@example.com"})
		if err != nil || res.Outputs["login"] != "admin@example.com" {
			t.Errorf("typed value: %v %v", res.Outputs, err)
		}
	})
	t.Run("Okta error", func(t *testing.T) {
		_, err := b.RunCard(ctx, card(flow.Input{Literal: "nobody@example.com"}), "c_read", nil)
		var re *ui.RunError
		if !errors.As(err, &re) {
			t.Fatalf("err = %v, want a *ui.RunError", err)
		}
		if re.Card != "Read User" || re.Status != 404 || re.ErrorCode != "E0000007" || re.Summary == "" || re.RequestID == "" {
			t.Errorf("run error = %+v", re)
		}
	})
}

// TestDemoFlowEndToEnd: the engine polls the demo org, a new hire shows up in its System Log,
// the demo flow runs, and the run is in the history with its steps; then Run flow and Re-run.
func TestDemoFlowEndToEnd(t *testing.T) {
	b, d, e := startDemo(t)
	ctx := context.Background()
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	const flowID = "demo-welcome-new-hires"
	// The poller starts from "now" on a fresh org: wait for its first poll, or the new hire
	// could be logged before the poller's starting point.
	waitFor(t, func() bool {
		st, err := b.EngineStatus(ctx)
		return err == nil && st.Polled == 1 && !st.LastPoll.IsZero()
	})
	userID, err := d.SimulateNewHire(ctx, "Ada", "Lovelace", "Engineering")
	if err != nil {
		t.Fatal(err)
	}
	runs := waitRuns(t, b, flowID, finished(1))
	r := runs[0]
	if r.Status != "succeeded" || r.Trigger != "event" || !strings.Contains(r.Event, "user.lifecycle.create") || r.Duration() <= 0 {
		t.Fatalf("run = %+v", r)
	}
	detail, err := b.GetRun(ctx, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	// The trigger card has no step: its outputs are the event itself.
	if len(detail.Steps) != 1 || detail.Steps[0].CardName != "Add User to Group" || !strings.Contains(string(detail.Steps[0].Inputs), userID) ||
		len(detail.Steps[0].RequestIDs) == 0 || !strings.Contains(string(detail.EventJSON), userID) {
		t.Fatalf("steps = %+v", detail.Steps)
	}

	f, _, err := b.LoadFlow(ctx, flowID)
	if err != nil {
		t.Fatal(err)
	}
	wired, err := b.WiredInputs(ctx, f, "c_demo1addgrp")
	if err != nil || len(wired) != 1 || !wired[0].HasLast || wired[0].Last != userID {
		t.Errorf("wired inputs = %+v, %v; want the last run's user %s", wired, err, userID)
	}

	evs, err := b.RecentEvents(ctx, f)
	if err != nil || len(evs) == 0 || evs[0].EventType != "user.lifecycle.create" || !strings.Contains(evs[0].Message, "Ada") {
		t.Fatalf("recent events = %+v, %v", evs, err)
	}
	manual, err := b.RunFlow(ctx, f, map[string]any{"uuid": evs[0].UUID})
	if err != nil || manual.Trigger != "manual" {
		t.Fatalf("run flow: %+v %v", manual, err)
	}
	re, err := b.Rerun(ctx, r.ID)
	if err != nil || re.Trigger != "rerun" {
		t.Fatalf("rerun: %+v %v", re, err)
	}
	runs = waitRuns(t, b, flowID, finished(3))
	for _, got := range runs {
		if got.Status != "succeeded" {
			t.Errorf("run %s (%s) %s: %s", got.ID, got.Trigger, got.Status, got.Error)
		}
	}

	st, err := b.EngineStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// The demo org sends no X-Rate-Limit headers (oktasim without RateLimits): no headroom is known.
	if st.Polled != 1 || st.LastPoll.IsZero() || st.Paused || st.Headroom != -1 || st.ReadOnly != "" {
		t.Errorf("engine status = %+v", st)
	}
	if err := b.SetPaused(ctx, true); err != nil {
		t.Fatal(err)
	}
	if st, _ := b.EngineStatus(ctx); !st.Paused {
		t.Error("pausing every flow did not show in the status")
	}
}

func TestReadOnly(t *testing.T) {
	live, d, e := startDemo(t)
	ctx := context.Background()
	b := NewReadOnly(e.DB(), e.Registry(), "flowdeck engine (pid 4242)")
	flows, err := b.ListFlows(ctx)
	if err != nil || len(flows) != 3 {
		t.Fatalf("flows = %v, %v", flows, err)
	}
	f, _, err := b.LoadFlow(ctx, flows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	conns, err := b.ListConnections(ctx)
	if err != nil || len(conns) != 1 || conns[0].ID != d.ConnectionID {
		t.Fatalf("connections = %+v, %v", conns, err)
	}
	if _, err := b.ListRuns(ctx, f.ID); err != nil {
		t.Error(err)
	}
	st, err := b.EngineStatus(ctx)
	if err != nil || st.ReadOnly != "flowdeck engine (pid 4242)" {
		t.Errorf("status = %+v, %v", st, err)
	}
	changes := map[string]error{
		"save":     b.SaveFlow(ctx, f),
		"recovery": b.SaveRecovery(ctx, f),
		"enable":   b.SetEnabled(ctx, f.ID, false),
		"pause":    b.SetPaused(ctx, true),
		"look":     b.SetConnectionLook(ctx, d.ConnectionID, "#000000", true),
	}
	_, changes["run card"] = b.RunCard(ctx, f, f.Cards[1].ID, map[string]any{"userId": "x", "groupId": "y"})
	_, changes["run flow"] = b.RunFlow(ctx, f, nil)
	_, changes["rerun"] = b.Rerun(ctx, "r1")
	_, changes["delete"] = b.DeleteConnection(ctx, d.ConnectionID, false)
	for name, err := range changes {
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), "pid 4242") {
			t.Errorf("%s: %v, want ErrReadOnly naming the engine's process", name, err)
		}
	}
	if conns, _ := live.ListConnections(ctx); len(conns) != 1 || conns[0].Color == "#000000" {
		t.Errorf("the read-only backend changed a connection: %+v", conns)
	}
}
