package ui_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/demo"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/ui"
	"github.com/flowdeck/flowdeck/ui/enginebackend"
)

// The demo org lives: within a minute of the app opening on it, "Welcome new hires" has run on
// a new hire the org made up on its own. With the banner's switch off, nothing happens. The
// minute is simulated (a fake clock and ticks sent by the test), so the test takes a second.
func TestDemoOrgActivityRunsTheWelcomeFlow(t *testing.T) {
	for _, tc := range []struct {
		name   string
		paused bool
	}{{"live", false}, {"paused", true}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("HOME", t.TempDir())
			ctx := context.Background()
			clk := governor.NewFakeClock(time.Date(2026, 12, 4, 9, 0, 0, 0, time.UTC))
			e, err := engine.Open(ctx, engine.Options{DataDir: t.TempDir(), Kind: "app", NoPolling: true, Now: clk.Now, Clock: clk})
			if err != nil {
				t.Fatal(err)
			}
			ticks := make(chan time.Time)
			d, err := demo.Start(ctx, e, demo.Options{Activity: oktasim.ActivityNormal, Clock: clk.Now, Tick: ticks})
			if err != nil {
				e.Close()
				t.Fatal(err)
			}
			t.Cleanup(func() {
				d.Close()
				e.Close()
			})
			b := enginebackend.New(e)
			b.Labels[d.ConnectionID] = "Demo org (simulated)"
			b.Activity = d.Activity
			w := ui.NewWindowForTest(t, b, catalog.Global())
			if shown, on := w.ActivitySwitch(); !shown || !on {
				t.Fatalf("activity switch shown %v, on %v; want it shown and on", shown, on)
			}
			if tc.paused {
				w.TapActivitySwitch()
				if _, on := w.ActivitySwitch(); on || !d.Activity.Paused() {
					t.Fatal("the switch did not pause the activity")
				}
			}
			// The app starts polling a moment after the demo org was made (with its week of
			// history, the newest at the instant it was made).
			clk.Advance(time.Second)
			if err := e.PollAllOnce(ctx); err != nil {
				t.Fatal(err)
			}
			for range 60 {
				clk.Advance(time.Second)
				ticks <- clk.Now()
			}
			ticks <- clk.Now() // nothing is due twice at one instant: returns once the last step is done
			if err := e.PollAllOnce(ctx); err != nil {
				t.Fatal(err)
			}
			if err := e.Runner().Drain(ctx); err != nil {
				t.Fatal(err)
			}
			w.OpenFlow("demo-welcome-new-hires")
			w.Wait()
			runs := w.HistoryRuns()
			if tc.paused {
				if len(runs) != 0 {
					t.Fatalf("paused demo org: history %v, want no runs", runs)
				}
				return
			}
			ok := false
			for _, r := range runs {
				ok = ok || (strings.HasPrefix(r, "succeeded ") && strings.Contains(r, "user.lifecycle.create"))
			}
			if !ok {
				t.Fatalf("after a simulated minute the history of Welcome new hires is %v, want a succeeded run on a new hire", runs)
			}
		})
	}
}
