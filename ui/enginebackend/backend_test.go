package enginebackend

import (
	"context"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/demo"
	"github.com/flowdeck/flowdeck/engine/flow"
)

func TestBackendOnTheDemoOrg(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	ctx := context.Background()
	e, err := engine.Open(ctx, engine.Options{DataDir: t.TempDir(), Kind: "app"})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	d, err := demo.Start(ctx, e)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	b := New(e)
	b.Labels[d.ConnectionID] = "Demo org (simulated)"
	conns, err := b.ListConnections(ctx)
	if err != nil || len(conns) != 1 || conns[0].Name != "Demo org (simulated)" {
		t.Fatalf("connections = %v, %v", conns, err)
	}
	flows, err := b.ListFlows(ctx)
	if err != nil || len(flows) != 3 {
		t.Fatalf("flows = %v, %v", flows, err)
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

	// Run card: Read User with a typed-in login.
	admin := &flow.Flow{Schema: flow.SchemaVersion, ID: "scratch", Name: "scratch", Connection: d.ConnectionID, Cards: []flow.Card{
		{ID: "c_read", Type: "okta.action.readUser", Version: 1, Inputs: map[string]flow.Input{"userId": {Literal: "admin@example.com"}}}}}
	res, err := b.RunCard(ctx, admin, "c_read")
	if err != nil || res.Outputs["login"] != "admin@example.com" {
		t.Fatalf("run card: %v %v", res.Outputs["login"], err)
	}
	bad := &flow.Flow{Schema: flow.SchemaVersion, ID: "scratch", Name: "scratch", Connection: d.ConnectionID, Cards: []flow.Card{
		{ID: "c_read", Type: "okta.action.readUser", Version: 1, Inputs: map[string]flow.Input{"userId": {Literal: "nobody@example.com"}}}}}
	if _, err := b.RunCard(ctx, bad, "c_read"); err == nil {
		t.Error("reading a user who does not exist succeeded")
	}

	// Run flow: the runner must be running.
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go e.Runner().Run(rctx)
	tctx, tcancel := context.WithTimeout(ctx, 30*time.Second)
	defer tcancel()
	compose := &flow.Flow{Schema: flow.SchemaVersion, ID: "hello", Name: "Hello", Connection: d.ConnectionID, Cards: []flow.Card{
		{ID: "c_trigger", Type: "okta.event.userCreated", Version: 1},
		{ID: "c_compose", Type: "function.compose", Version: 1, Inputs: map[string]flow.Input{"text": {Literal: "hi"}}}}}
	out, err := b.RunFlow(tctx, compose)
	if err != nil || out.Outputs["status"] != "succeeded" {
		t.Errorf("run flow: %v %v", out.Outputs, err)
	}
}
