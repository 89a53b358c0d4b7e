package ui

import (
	"context"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// Hooks for the tests in package ui_test, which drive the window on the real engine backend
// (package enginebackend imports ui, so only an external test can use both).

// NewWindowForTest opens a window on b whose bridge results run in Wait.
func NewWindowForTest(t testing.TB, b Backend, reg *catalog.Registry) *Window {
	t.Helper()
	a := test.NewTempApp(t)
	w := NewWindow(context.Background(), a, Options{Backend: b, Registry: reg, AutosaveDelay: time.Hour, StatusEvery: -1, testQueue: true})
	w.win.Resize(fyne.NewSize(1280, 800))
	w.bridge.wait()
	t.Cleanup(func() {
		if w.autosave != nil {
			w.autosave.Stop()
		}
	})
	return w
}

// Wait runs the results of every backend call so far.
func (w *Window) Wait() { w.bridge.wait() }

// SignInForTest fills in the Add connection dialog, signs in and returns what the dialog says.
func (w *Window) SignInForTest(orgURL, clientID string) string {
	w.showAddConnection("", "", "", false)
	v := w.addConnectionView
	v.orgURL.SetText(orgURL)
	v.clientID.SetText(clientID)
	test.Tap(v.signIn)
	w.bridge.wait()
	return v.message.Text
}

// ConnectionNames are the connections the window lists.
func (w *Window) ConnectionNames() []string {
	var out []string
	for _, c := range w.conns {
		out = append(out, c.Name)
	}
	return out
}

// FlowNames are the flows the sidebar lists.
func (w *Window) FlowNames() []string {
	var out []string
	for _, f := range w.flows {
		out = append(out, f.Name)
	}
	return out
}

// OpenCards are the ids of the open flow's cards shown on the canvas.
func (w *Window) OpenCards() []string {
	var out []string
	for _, c := range w.ed.Flow().Cards {
		if w.canvas.cards[c.ID] != nil {
			out = append(out, c.ID)
		}
	}
	return out
}

// Banner is the text of the banner above the canvas ("" when none shows).
func (w *Window) Banner() string {
	if !w.banner.Visible() {
		return ""
	}
	return w.bannerText.Text
}

// RunCardForTest runs card id of the open flow as the Run card button does, typing typed into
// the inputs wired to other cards, and returns the status line and what the result dialog says.
func (w *Window) RunCardForTest(id string, typed ...string) (status, dialog string) {
	w.canvas.selectCard(id)
	test.Tap(w.runCardButton)
	w.bridge.wait()
	if w.wiredForm != nil {
		for i, e := range w.wiredEntries {
			if i < len(typed) {
				e.SetText(typed[i])
			}
		}
		w.wiredForm.Submit()
		w.bridge.wait()
	}
	return w.status.Text, overlayText(w)
}

// ActivitySwitch says whether the demo banner shows its Live activity switch, and whether it is on.
func (w *Window) ActivitySwitch() (shown, on bool) {
	return w.banner.Visible() && w.bannerLive.Visible(), w.bannerLive.Checked
}

// TapActivitySwitch taps the demo banner's Live activity switch.
func (w *Window) TapActivitySwitch() { test.Tap(w.bannerLive) }

// HistoryRuns opens the History of the open flow and returns each listed run as "status event".
func (w *Window) HistoryRuns() []string {
	w.showHistory("")
	w.bridge.wait()
	var out []string
	for _, r := range w.history.shown {
		out = append(out, r.Status+" "+r.Event)
	}
	return out
}
