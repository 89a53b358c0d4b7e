package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// TestSampleFlowOnTheBuiltInCatalog opens the sample flow with the real card catalog: it must
// be valid, and its object wires must offer their members in the inspector.
func TestSampleFlowOnTheBuiltInCatalog(t *testing.T) {
	reg := catalog.Global()
	f := SampleFlow(reg)
	if len(f.Cards) != 3 || len(f.Cards[2].Branches["then"]) != 1 {
		t.Fatalf("sample flow is missing cards: %+v", f.Cards)
	}
	a := test.NewTempApp(t)
	w := NewWindow(context.Background(), a, Options{Backend: NewMemoryBackend(f), Registry: reg, AutosaveDelay: time.Hour, StatusEvery: -1, testQueue: true})
	w.OpenFlow(f.ID)
	w.bridge.wait()
	for _, p := range w.ed.Problems() {
		t.Errorf("sample flow problem: %+v", p)
	}
	w.canvas.selectCard("c_read")
	sel := w.inspector.paths["userId"]
	if sel == nil {
		t.Fatal("no field picker for the wire from Okta User")
	}
	if sel.Selected != "Okta User › ID" {
		t.Errorf("picker shows %q", sel.Selected)
	}
	sel.SetSelected("Okta User › Alternate ID")
	if got := w.ed.Card("c_read").Inputs["userId"].Ref.Path; got != "user.alternateId" {
		t.Errorf("wire path = %q", got)
	}
	if got := w.canvas.cards["c_read"].View.Inputs[0].Value; got != "User Created › Okta User › Alternate ID" {
		t.Errorf("card shows %q", got)
	}
}
