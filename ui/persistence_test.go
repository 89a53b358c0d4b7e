package ui

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

func TestSaveShortcut(t *testing.T) {
	w, b := newTestWindow(t, fixture.LinearFlow())
	if err := w.ed.SetLiteral("c_add", "groupId", "00gNEW"); err != nil {
		t.Fatal(err)
	}
	w.keepUnsaved()
	w.bridge.wait()
	if _, ok := b.Recovery("f_linear"); !ok {
		t.Fatal("autosave kept no recovery copy")
	}
	w.shortcut(fyne.KeyS, fyne.KeyModifierShortcutDefault)
	w.bridge.wait()
	if b.Saves != 1 || w.ed.Dirty() {
		t.Fatalf("Ctrl+S: %d saves, dirty %v", b.Saves, w.ed.Dirty())
	}
	if _, ok := b.Recovery("f_linear"); ok {
		t.Error("saving kept the stale recovery copy")
	}
	f, _, err := b.LoadFlow(context.Background(), "f_linear")
	if err != nil || f.Cards[2].Inputs["groupId"].Literal != "00gNEW" {
		t.Errorf("saved flow lacks the edit: %v", err)
	}
	if !strings.HasPrefix(w.status.Text, "Saved") {
		t.Errorf("status = %q", w.status.Text)
	}
}

// TestCloseKeepsUnsavedEdits: closing with unsaved edits writes them to the recovery copy, and
// opening the flow again brings them back (still unsaved).
func TestCloseKeepsUnsavedEdits(t *testing.T) {
	w, b := newTestWindow(t, fixture.LinearFlow())
	if err := w.ed.DeleteCard("c_add"); err != nil {
		t.Fatal(err)
	}
	w.closeIntercept()
	rec, ok := b.Recovery("f_linear")
	if !ok || len(rec.Cards) != 2 {
		t.Fatalf("recovery copy = %+v, %v; want the flow without c_add", rec, ok)
	}
	if b.Saves != 0 {
		t.Error("closing saved over the version the engine runs")
	}

	w2 := NewWindow(context.Background(), fyne.CurrentApp(), Options{Backend: b, Registry: fixture.Registry(), StatusEvery: -1, testQueue: true})
	w2.OpenFlow("f_linear")
	w2.bridge.wait()
	if got := cardIDs(w2.ed.Flow().Cards); got != "[c_event c_read]" {
		t.Errorf("reopened flow = %s, want the unsaved edit", got)
	}
	if !w2.ed.Dirty() || !strings.Contains(w2.status.Text, "Restored unsaved edits") {
		t.Errorf("recovered edits not shown as unsaved: dirty %v, status %q", w2.ed.Dirty(), w2.status.Text)
	}
}

func TestSwitchingFlowsKeepsUnsavedEdits(t *testing.T) {
	other := fixture.BranchFlow()
	w, b := newTestWindow(t, fixture.LinearFlow(), other)
	if err := w.ed.SetLiteral("c_add", "groupId", "00gX"); err != nil {
		t.Fatal(err)
	}
	// Branches sorts before Onboarding in the flows list.
	w.flowList.Select(0)
	w.bridge.wait()
	if w.ed.Flow().ID != other.ID {
		t.Fatalf("showing %s", w.ed.Flow().ID)
	}
	if rec, ok := b.Recovery("f_linear"); !ok || rec.Cards[2].Inputs["groupId"].Literal != "00gX" {
		t.Error("edits of the flow left behind were not kept")
	}
}

type failingBackend struct{ *MemoryBackend }

func (failingBackend) SaveRecovery(context.Context, *flow.Flow) error {
	return errors.New("disk full")
}

func TestCloseAsksWhenEditsCannotBeKept(t *testing.T) {
	w, _ := newTestWindow(t, fixture.LinearFlow())
	w.backend = failingBackend{NewMemoryBackend()}
	if err := w.ed.DeleteCard("c_add"); err != nil {
		t.Fatal(err)
	}
	w.closeIntercept()
	if len(w.win.Canvas().Overlays().List()) == 0 {
		t.Fatal("window closed without asking although the edits could not be kept")
	}
}

func TestRunButtonsReportNotConnected(t *testing.T) {
	w, _ := newTestWindow(t, fixture.LinearFlow())
	w.runCard("")
	if !strings.Contains(w.status.Text, "Select an action card") {
		t.Errorf("status = %q", w.status.Text)
	}
	w.canvas.selectCard("c_read")
	w.runCard(w.canvas.selected)
	w.bridge.wait()
	if !strings.Contains(w.status.Text, "Read User") || !strings.Contains(w.status.Text, "no Okta org is connected") {
		t.Errorf("status = %q", w.status.Text)
	}
	w.runFlow()
	w.bridge.wait()
	if !strings.Contains(w.status.Text, "no Okta org is connected") {
		t.Errorf("status = %q", w.status.Text)
	}
}

func TestFlowSwitch(t *testing.T) {
	w, b := newTestWindow(t, fixture.LinearFlow())
	w.enabled.SetChecked(true)
	w.bridge.wait()
	flows, _ := b.ListFlows(context.Background())
	if len(flows) != 1 || !flows[0].Enabled {
		t.Fatalf("flows = %+v, want Onboarding on", flows)
	}
	w.setFlow(&flow.Flow{ID: "f_unsaved", Name: "Unsaved"})
	w.enabled.SetChecked(true)
	w.bridge.wait()
	if w.enabled.Checked {
		t.Error("switch stays on for a flow that was never saved")
	}
	if !strings.Contains(w.status.Text, "save the flow") {
		t.Errorf("status = %q", w.status.Text)
	}
}
