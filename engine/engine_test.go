package engine

import (
	"context"
	"errors"
	"testing"

	"github.com/flowdeck/flowdeck/engine/enginelock"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
)

func TestOneEnginePerDataDirectory(t *testing.T) {
	dir := t.TempDir()
	e, err := Open(context.Background(), Options{DataDir: dir, Kind: "engine"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = Open(context.Background(), Options{DataDir: dir, Kind: "app"})
	var held *enginelock.HeldError
	if !errors.As(err, &held) || held.Owner == nil || held.Owner.Kind != "engine" {
		t.Fatalf("second Open: %v, want HeldError naming the engine", err)
	}
	if err := e.Close(); err != nil {
		t.Fatal(err)
	}
	e2, err := Open(context.Background(), Options{DataDir: dir, Kind: "app"})
	if err != nil {
		t.Fatalf("Open after Close: %v", err)
	}
	e2.Close()
}

func TestManualRunAndRerun(t *testing.T) {
	ctx := context.Background()
	e, err := Open(ctx, Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	f := &flow.Flow{Schema: flow.SchemaVersion, ID: "f1", Name: "Greeting", Cards: []flow.Card{
		{ID: "c_trigger", Type: "okta.event.userCreated", Version: 1},
		{ID: "c_compose", Type: "function.compose", Version: 1, Inputs: map[string]flow.Input{"text": {Template: []flow.TemplatePart{
			{Text: "Hello "}, {Ref: &flow.Ref{ID: "w_1", Card: "c_trigger", Path: "user.displayName"}}}}}},
	}}
	if _, err := e.SaveFlow(ctx, f); err != nil {
		t.Fatal(err)
	}
	r, err := e.ManualRun(ctx, "f1", []byte(`{"eventType":"user.lifecycle.create","target":[{"id":"00u1","type":"User","displayName":"Ada"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if err := e.Runner().Drain(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := e.DB().GetRun(ctx, r.ID)
	steps, _ := e.DB().ListSteps(ctx, r.ID)
	if got.Status != storage.RunSucceeded || len(steps) != 1 || string(steps[0].Outputs) != `{"output":"Hello Ada"}` {
		t.Fatalf("run %+v steps %+v", got, steps)
	}
	again, err := e.Rerun(ctx, r.ID)
	if err != nil || again.EventUUID != r.EventUUID || again.Trigger != storage.TriggerRerun {
		t.Fatalf("rerun = %+v, %v", again, err)
	}
	if err := e.Runner().Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if got, _ := e.DB().GetRun(ctx, again.ID); got.Status != storage.RunSucceeded {
		t.Errorf("rerun status %s", got.Status)
	}
	if err := e.EnableFlow(ctx, "f1", true); err == nil {
		t.Error("a flow without a connection was switched on")
	}
}
