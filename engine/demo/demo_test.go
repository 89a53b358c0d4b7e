package demo

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"

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
	d, err := Start(ctx, e)
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
	d2, err := Start(ctx, e)
	if err != nil {
		t.Fatalf("second start: %v", err)
	}
	defer d2.Close()
	if d2.ConnectionID != d.ConnectionID {
		t.Errorf("second start made a new connection")
	}
}
