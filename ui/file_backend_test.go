package ui

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

func TestFileBackend(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	b, err := NewFileBackend(dir)
	if err != nil {
		t.Fatal(err)
	}
	f := fixture.LinearFlow()
	if err := b.SaveFlow(ctx, f); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "flows", "f_linear.json"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("flow file mode %v, want 0600", info.Mode().Perm())
	}
	if err := b.SetEnabled(ctx, "f_linear", true); err != nil {
		t.Fatal(err)
	}
	list, err := b.ListFlows(ctx)
	if err != nil || len(list) != 1 || list[0] != (FlowSummary{ID: "f_linear", Name: "Onboarding", Enabled: true}) {
		t.Fatalf("ListFlows = %+v, %v", list, err)
	}

	edited := fixture.LinearFlow()
	edited.Cards = edited.Cards[:2]
	if err := b.SaveRecovery(ctx, edited); err != nil {
		t.Fatal(err)
	}
	got, recovered, err := b.LoadFlow(ctx, "f_linear")
	if err != nil || !recovered || len(got.Cards) != 2 {
		t.Fatalf("LoadFlow with a recovery copy = %d cards, recovered %v, %v", len(got.Cards), recovered, err)
	}
	if err := b.SaveFlow(ctx, got); err != nil {
		t.Fatal(err)
	}
	got, recovered, err = b.LoadFlow(ctx, "f_linear")
	if err != nil || recovered || len(got.Cards) != 2 {
		t.Fatalf("LoadFlow after save = %d cards, recovered %v, %v", len(got.Cards), recovered, err)
	}

	tests := []struct {
		name string
		run  func() error
	}{
		{"load a missing flow", func() error { _, _, err := b.LoadFlow(ctx, "f_missing"); return err }},
		{"id that leaves the folder", func() error { _, _, err := b.LoadFlow(ctx, "../../etc/passwd"); return err }},
		{"save with a bad id", func() error { return b.SaveFlow(ctx, &flow.Flow{ID: "a/b"}) }},
		{"switch on an unsaved flow", func() error { return b.SetEnabled(ctx, "f_never", true) }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.run() == nil {
				t.Error("no error")
			}
		})
	}
}
