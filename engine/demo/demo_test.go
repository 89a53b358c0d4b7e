package demo

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
)

func TestDemoOrgFlowsRun(t *testing.T) {
	t.Setenv("HOME", t.TempDir()) // the Okta SDK reads ~/.okta/okta.yaml
	ctx := context.Background()
	dir := t.TempDir()
	e, err := engine.Open(ctx, engine.Options{DataDir: dir, Kind: "app"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	d, err := Start(ctx, e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	flows, err := e.DB().ListFlows(ctx)
	if err != nil || len(flows) != 3 {
		t.Fatalf("flows = %v, %v; want the 3 demo flows", flows, err)
	}
	for _, f := range flows {
		if !f.Enabled || f.ConnectionID != d.ConnectionID {
			t.Errorf("demo flow %q: enabled %v, connection %q", f.Name, f.Enabled, f.ConnectionID)
		}
		doc, _ := e.LoadFlow(ctx, f.ID)
		if probs := flow.Validate(doc, e.Registry()); len(probs) > 0 {
			t.Errorf("demo flow %q has problems: %v", f.Name, probs)
		}
	}

	userID, err := d.SimulateNewHire(ctx, "Grace", "Hopper", "Engineering")
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := json.Marshal(map[string]any{"eventType": "user.lifecycle.create", "target": []any{map[string]any{"id": userID, "type": "User"}}})
	run, err := e.ManualRun(ctx, "demo-welcome-new-hires", ev)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Runner().Drain(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := e.DB().GetRun(ctx, run.ID)
	if got.Status != storage.RunSucceeded {
		t.Fatalf("welcome run: %s %s", got.Status, got.Error)
	}
	c, _ := d.Client(ctx)
	newHires, _ := d.groupID(ctx, "New Hires")
	resp, err := c.Do(ctx, http.MethodGet, "/api/v1/groups/"+newHires+"/users", nil, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var members []struct{ ID string }
	_ = resp.Decode(&members)
	found := false
	for _, m := range members {
		found = found || m.ID == userID
	}
	if !found {
		t.Error("the new hire is not in New Hires after the welcome flow ran")
	}

	// A second start reuses the connection and keeps the flows.
	d.Close()
	d2, err := Start(ctx, e, Options{})
	if err != nil {
		t.Fatalf("second start: %v", err)
	}
	defer d2.Close()
	if d2.ConnectionID != d.ConnectionID {
		t.Errorf("second start made a new connection")
	}
}

// The engine, started on the demo org, polls its System Log and runs the welcome flow for a new
// hire, recording each card's step: the path an admin sees in the first minute.
func TestDemoFlowFiresFromTheSystemLog(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	ctx := context.Background()
	e, err := engine.Open(ctx, engine.Options{DataDir: t.TempDir(), Kind: "app", PollIdle: 50 * time.Millisecond, PollFast: 10 * time.Millisecond, Resync: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	d, err := Start(ctx, e, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := e.Start(ctx); err != nil {
		t.Fatal(err)
	}
	// Wait for the first poll, so the new hire comes after the poller's starting point.
	waitFor(t, "the first poll", func() bool { return len(e.PollerStatus()) == 1 && !e.PollerStatus()[d.ConnectionID].LastPoll.IsZero() })
	userID, err := d.SimulateNewHire(ctx, "Katherine", "Johnson", "Engineering")
	if err != nil {
		t.Fatal(err)
	}
	var run storage.Run
	waitFor(t, "the welcome run to finish", func() bool {
		runs, _ := e.DB().ListRuns(ctx, "demo-welcome-new-hires", 10)
		if len(runs) == 1 && runs[0].Status != storage.RunQueued && runs[0].Status != storage.RunRunning {
			run = runs[0]
			return true
		}
		return false
	})
	if run.Status != storage.RunSucceeded || run.Trigger != storage.TriggerEvent {
		t.Fatalf("run %+v", run)
	}
	steps, _ := e.DB().ListSteps(ctx, run.ID)
	if len(steps) != 1 || steps[0].CardType != "okta.action.addNewUserToGroup" || steps[0].OktaRequestID == "" {
		t.Fatalf("steps %+v", steps)
	}
	if !strings.Contains(string(steps[0].Inputs), userID) {
		t.Errorf("the step's inputs %s do not name the new hire %s", steps[0].Inputs, userID)
	}
	// The membership change the flow made is Flowdeck's own: its event must not start other runs
	// (the loop guard), and no other demo flow matches a user creation.
	time.Sleep(300 * time.Millisecond)
	all, _ := e.DB().ListRuns(ctx, "", 0)
	if len(all) != 1 {
		t.Errorf("%d runs, want exactly the one welcome run", len(all))
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
