package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"github.com/flowdeck/flowdeck/assets"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/demo"
	"github.com/flowdeck/flowdeck/engine/importer"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
	"github.com/flowdeck/flowdeck/ui"
)

// runGUI opens the desktop app on the data directory's engine (on the demo org when no Okta org
// is connected; read-only when a headless `flowdeck engine` runs it). With
// FLOWDECK_SCREENSHOT=dir it writes screenshots of the main states into dir and quits (for the
// docs and CI under Xvfb).
func runGUI(ctx context.Context) int {
	// FyneApp.toml is only read from the executable's folder; the id must be set here.
	a := app.NewWithID("io.flowdeck.app")
	startupProbe(a)
	icon := fyne.NewStaticResource("flowdeck.png", assets.IconPNG)
	a.SetIcon(icon)
	reg := catalog.Global()

	shots := os.Getenv("FLOWDECK_SCREENSHOT")
	ae, err := openEngine(ctx, reg)
	if err != nil {
		fmt.Fprintln(os.Stderr, "flowdeck:", err)
		showFatal(a, icon, err)
		return 1
	}
	defer ae.Stop()
	backend := ae.backend
	first, err := firstFlow(ctx, backend, reg, ae.readOnly != "")
	if err != nil {
		fmt.Fprintln(os.Stderr, "flowdeck:", err)
		return 1
	}

	if shots != "" && ae.readOnly == "" {
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

	opts := ui.Options{Backend: backend, Registry: reg, Icon: icon}
	if ae.readOnly != "" {
		opts.ReadOnly = readOnlyBanner(ae.readOnly)
	}
	// Quit drains the engine off the UI goroutine (runs finish their current card), then quits.
	quit := func() {
		go func() {
			ae.Stop()
			fyne.Do(a.Quit)
		}()
	}
	// Screenshots run without a tray: under Xvfb there is no tray host.
	tray := shots == "" && hasTrayHost(ctx)
	var w *ui.Window
	opts.Background = ui.Background{Tray: tray, Quit: quit, Minimise: func() bool { return minimise(w.Window()) }}
	w = ui.NewWindow(ctx, a, opts)
	ae.SetRunEnd(w.RunEnded)
	if tray {
		installTray(a, icon, w, func(p bool) { _ = backend.SetPaused(ctx, p) }, w.Quit)
	}
	w.CloseWhenDone(ctx)
	code := 0
	if shots != "" {
		so := ui.ScreenshotOptions{Dir: shots, FlowID: first, Settle: 1500 * time.Millisecond, Capture: screenCapture()}
		if path := os.Getenv("FLOWDECK_SCREENSHOT_IMPORT"); path != "" {
			so.ImportFile, so.ImportReport = screenshotImport(path)
		}
		if ae.demo != nil {
			so.DemoFlowID = demo.Flows("", "")[0].ID
			so.SignInClientID = authz.DefaultClientID
			// No browser in the screenshot run: the dialog shows the address to copy instead.
			backend.OpenBrowser = func(string) error { return nil }
		}
		w.Screenshots(so, func(err error) {
			if err != nil {
				slog.Error("screenshots", "err", err)
				code = 1
			}
			quit()
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

// firstFlow returns the flow to open at start; on the very first start (with no demo org) it
// saves a sample flow so the canvas is not empty. A read-only app saves nothing.
func firstFlow(ctx context.Context, b ui.Backend, reg *catalog.Registry, readOnly bool) (string, error) {
	flows, err := b.ListFlows(ctx)
	if err != nil {
		return "", err
	}
	if len(flows) > 0 || readOnly {
		if len(flows) == 0 {
			return "", nil
		}
		return flows[0].ID, nil
	}
	sample := ui.SampleFlow(reg)
	if err := b.SaveFlow(ctx, sample); err != nil {
		return "", fmt.Errorf("save the sample flow: %w", err)
	}
	return sample.ID, nil
}

// screenshotImport reads an Okta Workflows export for the import report screenshot (nothing is
// stored); a file that cannot be read leaves the screenshot out, with a log line.
func screenshotImport(path string) (string, *importer.Report) {
	f, err := os.Open(path)
	if err != nil {
		slog.Error("screenshots: import report", "err", err)
		return "", nil
	}
	defer f.Close()
	x, err := importer.Read(f)
	if err != nil {
		slog.Error("screenshots: import report", "file", path, "err", err)
		return "", nil
	}
	rep := importer.Convert(x, importer.Options{}).Report()
	return filepath.Base(path), &rep
}
