package main

import (
	"fmt"
	"os"
	"time"

	"fyne.io/fyne/v2"
)

// processStart is taken as early as the program can: package variables initialise before main.
var processStart = time.Now()

// startupProbe, when FLOWDECK_STARTUP_PROBE is set, prints how long the app took from process
// start to its first window being up (the app's loop started and one task ran through it), then
// exits. scripts/startup-time.sh runs it under Xvfb for `make bench`.
func startupProbe(a fyne.App) {
	if os.Getenv("FLOWDECK_STARTUP_PROBE") == "" {
		return
	}
	a.Lifecycle().SetOnStarted(func() {
		go func() {
			fyne.DoAndWait(func() {})
			fmt.Printf("startup: %d ms to the first window\n", time.Since(processStart).Milliseconds())
			// Exit at once: quitting while GLFW still delivers the first pointer events can crash
			// inside GLFW, and a probe run has nothing to save (its data directory is a temp one).
			os.Exit(0)
		}()
	})
}
