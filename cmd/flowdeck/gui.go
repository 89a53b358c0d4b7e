package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/flowdeck/flowdeck/assets"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/ui"
)

// runGUI opens the desktop app on the data directory's engine (on the demo org when no Okta org
// is connected). With FLOWDECK_SCREENSHOT=dir it opens the sample flow, writes screenshots of the
// main states into dir and quits (for the docs and CI under Xvfb).
func runGUI(ctx context.Context) int {
	// FyneApp.toml is only read from the executable's folder; the id must be set here.
	a := app.NewWithID("io.flowdeck.app")
	startupProbe(a)
	icon := fyne.NewStaticResource("flowdeck.png", assets.IconPNG)
	a.SetIcon(icon)
	reg := catalog.Global()

	shots := os.Getenv("FLOWDECK_SCREENSHOT")
	b, stop, err := openEngine(ctx, reg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "flowdeck:", err)
		showFatal(a, icon, err)
		return 1
	}
	defer stop()
	var backend ui.Backend = b
	first, err := firstFlow(ctx, backend, reg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "flowdeck:", err)
		return 1
	}
	if shots != "" {
		// The screenshots show the richer sample flow, on the demo org (FLOWDECK_HOME is a
		// fresh folder in scripts/screenshots.sh).
		sample := ui.SampleFlow(reg)
		if conns, err := backend.ListConnections(ctx); err == nil && len(conns) > 0 {
			sample.Connection = conns[0].ID
		}
		if err := backend.SaveFlow(ctx, sample); err != nil {
			fmt.Fprintln(os.Stderr, "flowdeck:", err)
			return 1
		}
		first = sample.ID
	}

	w := ui.NewWindow(ctx, a, ui.Options{Backend: backend, Registry: reg, Icon: icon})
	w.CloseWhenDone(ctx)
	code := 0
	if shots != "" {
		w.Screenshots(shots, first, 1500*time.Millisecond, screenCapture(), func(err error) {
			if err != nil {
				slog.Error("screenshots", "err", err)
				code = 1
			}
			a.Quit()
		})
	} else if first != "" {
		w.OpenFlow(first)
	}
	w.Window().ShowAndRun()
	return code
}

// screenCapture grabs the X screen with ImageMagick's import when it is installed: under Xvfb
// the GL canvas's own Capture returns a blank image.
func screenCapture() func(path string) error {
	const importBin = "/usr/bin/import"
	if _, err := os.Stat(importBin); err != nil || os.Getenv("DISPLAY") == "" {
		return nil
	}
	return func(path string) error {
		out, err := exec.Command(importBin, "-window", "root", path).CombinedOutput()
		if err != nil {
			return fmt.Errorf("%s: %w: %s", importBin, err, out)
		}
		return nil
	}
}

// firstFlow returns the flow to open at start; on the very first start it saves a sample
// flow so the canvas is not empty.
func firstFlow(ctx context.Context, b ui.Backend, reg *catalog.Registry) (string, error) {
	flows, err := b.ListFlows(ctx)
	if err != nil {
		return "", err
	}
	if len(flows) > 0 {
		return flows[0].ID, nil
	}
	sample := ui.SampleFlow(reg)
	if err := b.SaveFlow(ctx, sample); err != nil {
		return "", fmt.Errorf("save the sample flow: %w", err)
	}
	return sample.ID, nil
}
