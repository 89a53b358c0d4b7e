package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
)

func historyBackend(w *Window, b *MemoryBackend) {
	at := time.Date(2026, 11, 28, 9, 30, 0, 0, time.UTC)
	b.Runs = []RunDetail{
		{RunSummary: RunSummary{ID: "r2", FlowID: "f_linear", Status: "failed", Trigger: "event", EventType: "user.lifecycle.create",
			Event: "user.lifecycle.create: Create Okta user — Bob (bob@example.com)", Created: at.Add(time.Minute), Started: at.Add(time.Minute),
			Finished: at.Add(time.Minute + 800*time.Millisecond), Error: "Add User to Group: Okta answered 404 Not Found: E0000007", FlowVersion: 2},
			EventJSON: []byte(`{"uuid":"ev2","eventType":"user.lifecycle.create"}`),
			Steps: []StepDetail{
				{CardID: "c_read", CardName: "Read User", Status: "succeeded", Inputs: []byte(`{"userId":"00u2"}`), Outputs: []byte(`{"id":"00u2","login":"bob@example.com"}`), RequestIDs: []string{"req-a"}},
				{CardID: "c_add", CardName: "Add User to Group", Status: "failed", Inputs: []byte(`{"groupId":"00g1","userId":"00u2"}`), Error: "Okta answered 404 Not Found: E0000007", RequestIDs: []string{"req-b"}},
			}},
		{RunSummary: RunSummary{ID: "r1", FlowID: "f_linear", Status: "succeeded", Trigger: "event", EventType: "user.lifecycle.create",
			Event: "user.lifecycle.create: Create Okta user — Ada (ada@example.com)", Created: at, Started: at, Finished: at.Add(time.Second), FlowVersion: 2}},
		{RunSummary: RunSummary{ID: "r0", FlowID: "f_other", Status: "succeeded"}},
	}
}

func TestHistory(t *testing.T) {
	w, b := newTestWindow(t, connectedLinear())
	historyBackend(w, b)
	w.showHistory("")
	w.bridge.wait()
	h := w.history
	if len(h.shown) != 2 || h.shown[0].ID != "r2" {
		t.Fatalf("history lists %+v, want the flow's two runs newest first", h.shown)
	}
	if h.rerun.Disabled() == false {
		t.Error("Re-run is enabled before a run is selected")
	}

	t.Run("search", func(t *testing.T) {
		tests := []struct{ q, want string }{
			{"failed", "[r2]"}, {"ada", "[r1]"}, {"E0000007", "[r2]"}, {"user.lifecycle.create", "[r2 r1]"}, {"nothing", "[]"}, {"", "[r2 r1]"},
		}
		for _, tt := range tests {
			test.Type(h.search, "")
			h.search.SetText(tt.q)
			var ids []string
			for _, r := range h.shown {
				ids = append(ids, r.ID)
			}
			if got := "[" + strings.Join(ids, " ") + "]"; got != tt.want {
				t.Errorf("search %q shows %s, want %s", tt.q, got, tt.want)
			}
		}
	})

	t.Run("open a run", func(t *testing.T) {
		h.list.Select(0)
		w.bridge.wait()
		if h.run == nil || h.run.ID != "r2" {
			t.Fatalf("opened %+v", h.run)
		}
		text := objectText(h.win.Content())
		for _, want := range []string{"failed", "Okta answered 404", "Okta request ids: req-b", "Okta request ids: req-a"} {
			if !strings.Contains(text, want) {
				t.Errorf("run details lack %q:\n%s", want, text)
			}
		}
		if h.rerun.Disabled() {
			t.Error("Re-run is disabled on an open run")
		}
	})

	t.Run("re-run", func(t *testing.T) {
		test.Tap(h.rerun)
		w.bridge.wait()
		if len(b.Runs) != 4 || b.Runs[0].Trigger != "rerun" || string(b.Runs[0].EventJSON) != string(b.Runs[1].EventJSON) {
			t.Fatalf("runs after re-run = %+v", b.Runs[0])
		}
		if h.run == nil || h.run.ID != b.Runs[0].ID || len(h.shown) != 3 {
			t.Errorf("the history does not show the new run: %+v (%d listed)", h.run, len(h.shown))
		}
		if !strings.Contains(w.status.Text, "Re-run queued") {
			t.Errorf("status = %q", w.status.Text)
		}
	})
}

func TestRunFlow(t *testing.T) {
	tests := []struct {
		name   string
		events []EventSummary
		fill   func(v *runFlowView)
		want   string // the run's event line must contain this
	}{
		{"a recent event", []EventSummary{{UUID: "ev9", EventType: "user.lifecycle.create", Message: "Ada", Published: time.Now()}},
			func(v *runFlowView) {}, "uuid:ev9"},
		{"typed-in user", nil, func(v *runFlowView) {
			v.userID.SetText("00u7")
			v.login.SetText("grace@example.com")
		}, "alternateId:grace@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, b := newTestWindow(t, connectedLinear())
			b.Events = tt.events
			w.runFlow()
			w.bridge.wait()
			v := w.runFlowView
			if v == nil {
				t.Fatalf("no Run flow dialog; status %q", w.status.Text)
			}
			if (len(tt.events) > 0) != (v.pick.SelectedIndex() > 0) || v.userID.Disabled() != (len(tt.events) > 0) {
				t.Errorf("picked %d with %d events", v.pick.SelectedIndex(), len(tt.events))
			}
			tt.fill(v)
			v.run()
			w.bridge.wait()
			if len(b.Runs) != 1 || !strings.Contains(b.Runs[0].Event, tt.want) {
				t.Fatalf("runs = %+v", b.Runs)
			}
			if w.history == nil || w.history.run == nil || w.history.run.ID != b.Runs[0].ID {
				t.Error("the History does not show the new run")
			}
		})
	}
}
