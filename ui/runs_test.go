package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

// findButton returns the button labelled text in the top overlay (a dialog), or nil.
func findButton(w *Window, text string) *widget.Button {
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		return nil
	}
	var found *widget.Button
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if found != nil {
			return
		}
		switch v := o.(type) {
		case *widget.Button:
			if v.Text == text {
				found = v
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(v)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return found
}

// overlayText is every label's text in the top overlay, for asserting what a dialog says.
func overlayText(w *Window) string {
	top := w.win.Canvas().Overlays().Top()
	if top == nil {
		return ""
	}
	return objectText(top)
}

// objectText is every label's text in o.
func objectText(top fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		switch v := o.(type) {
		case *widget.Label:
			b.WriteString(v.Text + "\n")
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			r := test.WidgetRenderer(v)
			for _, c := range r.Objects() {
				walk(c)
			}
		}
	}
	walk(top)
	return b.String()
}

func connectedLinear() *flow.Flow {
	f := fixture.LinearFlow()
	f.Connection = "c_demo"
	return f
}

func TestRunCard(t *testing.T) {
	oktaErr := &RunError{Card: "Read User", Status: 404, ErrorCode: "E0000007", Summary: "Not found: Resource not found: nobody (User)",
		RequestID: "req-42", Err: errors.New("Read User: Okta answered 404 Not Found: E0000007 Not found: Resource not found: nobody (User) [GET /api/v1/users/nobody, request id req-42]")}
	tests := []struct {
		name       string
		card       string
		production bool
		result     RunResult
		err        error
		// typed is what the admin types into the wired-inputs form ("" keeps the last run's value).
		typed      string
		wantStatus string
		wantTyped  any
		check      func(t *testing.T, w *Window)
	}{
		{name: "success with the last run's value", card: "c_read",
			result:     RunResult{Outputs: map[string]any{"id": "00u1", "profile": map[string]any{"login": "ada@example.com"}}, Duration: 120 * time.Millisecond, RequestIDs: []string{"req-1"}},
			wantStatus: "Ran Read User in 120ms: 2 outputs", wantTyped: "00u1",
			check: func(t *testing.T, w *Window) {
				if w.lastOutputs == nil || w.lastOutputs.labels["/profile/login"] != `login: "ada@example.com"` {
					t.Errorf("outputs tree = %+v", w.lastOutputs)
				}
				if !strings.Contains(overlayText(w), "Okta request id: req-1") {
					t.Errorf("dialog says %q", overlayText(w))
				}
			}},
		{name: "typed-in value", card: "c_read", typed: "ada@example.com",
			result:     RunResult{Outputs: map[string]any{"id": "00u2"}, Duration: time.Second},
			wantStatus: "Ran Read User in 1s: 1 outputs", wantTyped: "ada@example.com"},
		{name: "Okta error", card: "c_read", err: oktaErr, wantTyped: "00u1",
			wantStatus: "Run of Read User failed: Read User: Okta answered 404",
			check: func(t *testing.T, w *Window) {
				text := overlayText(w)
				for _, want := range []string{"Card: Read User", "Status: 404", "Okta error code: E0000007", "Summary: Not found", "Request id: req-42"} {
					if !strings.Contains(text, want) {
						t.Errorf("error dialog lacks %q:\n%s", want, text)
					}
				}
			}},
		{name: "production asks first", card: "c_read", production: true,
			result:     RunResult{Outputs: map[string]any{}, Duration: time.Millisecond},
			wantStatus: "Ran Read User in 1ms: 0 outputs", wantTyped: "00u1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, b := newTestWindow(t, connectedLinear())
			b.Connections = []Connection{{ID: "c_demo", Name: "Acme", OrgURL: "https://acme.okta.com", Production: tt.production}}
			b.Wired = map[string][]WiredInput{"c_read": {{Key: "userId", Name: "User", From: "User Created → ID", Last: "00u1", HasLast: true}}}
			b.RunCardFunc = func(_ *flow.Flow, id string, _ map[string]any) (RunResult, error) {
				if id != tt.card {
					t.Errorf("ran %s", id)
				}
				return tt.result, tt.err
			}
			w.refreshConnections()
			w.bridge.wait()
			test.Tap(w.canvas.cards[tt.card])
			test.Tap(w.runCardButton)
			w.bridge.wait()
			if tt.production {
				if !strings.Contains(overlayText(w), "marked production") {
					t.Fatalf("no production confirmation: %q", overlayText(w))
				}
				test.Tap(findButton(w, "Yes"))
				w.bridge.wait()
			}
			if w.wiredForm == nil || len(w.wiredEntries) != 1 || w.wiredEntries[0].Text != "00u1" {
				t.Fatalf("wired inputs form not shown with the last run's value")
			}
			if tt.typed != "" {
				w.wiredEntries[0].SetText(tt.typed)
			}
			w.wiredForm.Submit()
			w.bridge.wait()
			if !strings.HasPrefix(w.status.Text, tt.wantStatus) {
				t.Errorf("status = %q, want %q…", w.status.Text, tt.wantStatus)
			}
			if len(b.RunCardCalls) != 1 || b.RunCardCalls[0]["userId"] != tt.wantTyped {
				t.Errorf("runs = %v, want userId %v", b.RunCardCalls, tt.wantTyped)
			}
			if w.resultDialog == nil {
				t.Fatal("no result dialog")
			}
			if tt.check != nil {
				tt.check(t, w)
			}
		})
	}
}

func TestRunCardRefusesNonActionCards(t *testing.T) {
	w, b := newTestWindow(t, connectedLinear())
	b.RunCardFunc = func(*flow.Flow, string, map[string]any) (RunResult, error) {
		t.Error("an event card ran")
		return RunResult{}, nil
	}
	test.Tap(w.canvas.cards["c_event"])
	test.Tap(w.runCardButton)
	w.bridge.wait()
	if !strings.Contains(w.status.Text, "Only action cards") {
		t.Errorf("status = %q", w.status.Text)
	}
}

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want any
	}{
		{"00u123", "00u123"}, {"ada@example.com", "ada@example.com"}, {"42", float64(42)}, {"true", true},
		{`"quoted"`, "quoted"}, {"", ""}, {"tomorrow", "tomorrow"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := parseValue(tt.in); got != tt.want {
				t.Errorf("parseValue(%q) = %#v, want %#v", tt.in, got, tt.want)
			}
		})
	}
}
