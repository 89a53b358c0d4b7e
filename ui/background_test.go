package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

func TestCloseKeepsRunning(t *testing.T) {
	tests := []struct {
		name     string
		tray     bool
		answer   string // the button tapped in the keep-running question ("" when none is asked)
		minimise bool
		want     string // "hidden", "minimised", "quit"
	}{
		{name: "tray hides the window", tray: true, want: "hidden"},
		{name: "no tray, keep running", answer: "Keep running minimised", minimise: true, want: "minimised"},
		{name: "no tray, keep running but no minimise", answer: "Keep running minimised", want: "shown"},
		{name: "no tray, stop", answer: "Stop Flowdeck", want: "quit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := test.NewTempApp(t)
			var got string
			bg := Background{Tray: tt.tray,
				Minimise: func() bool { got = "minimised"; return tt.minimise },
				Quit:     func() { got = "quit" }}
			w := NewWindow(context.Background(), a, Options{Backend: NewMemoryBackend(fixture.LinearFlow()), Registry: fixture.Registry(),
				AutosaveDelay: time.Hour, StatusEvery: -1, testQueue: true, Background: bg})
			w.win.Show()
			w.bridge.wait()
			if tt.tray {
				test.AssertNotificationSent(t, fyne.NewNotification("Flowdeck keeps running",
					"Your flows keep running in the background. Open Flowdeck from its tray icon; Quit there stops them."), w.closeIntercept)
			} else {
				w.closeIntercept()
			}
			if tt.answer != "" {
				if w.keepRunningDialog == nil {
					t.Fatal("closing without a tray did not ask")
				}
				test.Tap(findButton(w, tt.answer))
			}
			if tt.want == "hidden" && (got != "" || w.keepRunningDialog != nil) {
				t.Errorf("closing to the tray did %q (asked: %v)", got, w.keepRunningDialog != nil)
			}
			if tt.want == "shown" && !strings.Contains(w.status.Text, "could not be minimised") {
				t.Errorf("status = %q", w.status.Text)
			}
			if (tt.want == "minimised" || tt.want == "quit") && got != tt.want {
				t.Errorf("closing did %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFailedRunNotifies(t *testing.T) {
	w, _ := newTestWindow(t, connectedLinear())
	test.AssertNotificationSent(t, fyne.NewNotification("Flow failed: Onboarding", "Add User to Group: Okta answered 403"), func() {
		w.RunEnded("f_linear", "failed", "Add User to Group: Okta answered 403")
		w.bridge.wait()
	})
	test.AssertNotificationSent(t, nil, func() {
		w.RunEnded("f_linear", "succeeded", "")
		w.bridge.wait()
	})
}
