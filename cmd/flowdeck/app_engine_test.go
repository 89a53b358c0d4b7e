package main

import (
	"context"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/storage"
)

// TestSecondAppOpensReadOnly: the first app runs the engine (on the demo org); a second one on
// the same data folder shows that engine's data read-only instead of starting another engine.
func TestSecondAppOpensReadOnly(t *testing.T) {
	t.Setenv(storage.HomeEnv, t.TempDir())
	t.Setenv("HOME", t.TempDir())
	// No keyring here: the key file beside the database is used.
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/flowdeck-test-bus")
	ctx := context.Background()
	reg := catalog.Global()

	first, err := openEngine(ctx, reg)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Stop()
	if first.readOnly != "" || first.demo == nil {
		t.Fatalf("the first app: readOnly=%q demo=%v, want its own engine on the demo org", first.readOnly, first.demo != nil)
	}

	second, err := openEngine(ctx, reg)
	if err != nil {
		t.Fatalf("the second app could not open: %v", err)
	}
	defer second.Stop()
	if !strings.Contains(second.readOnly, "the Flowdeck app (pid") {
		t.Fatalf("readOnly = %q, want it to name the first app", second.readOnly)
	}
	flows, err := second.backend.ListFlows(ctx)
	if err != nil || len(flows) != 3 {
		t.Errorf("the read-only app lists %v, %v; want the demo flows", flows, err)
	}
	st, err := second.backend.EngineStatus(ctx)
	if err != nil || st.ReadOnly != second.readOnly {
		t.Errorf("status = %+v, %v", st, err)
	}
	if err := second.backend.SetEnabled(ctx, flows[0].ID, false); err == nil {
		t.Error("the read-only app switched a flow off")
	}
	if b := readOnlyBanner(second.readOnly); !strings.HasPrefix(b, "Read-only: the Flowdeck app") {
		t.Errorf("banner = %q", b)
	}
	first.Stop()
	first.Stop() // Stop may be called again (the deferred one after Quit)
}
