package ui

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"time"

	"github.com/flowdeck/flowdeck/engine/importer"
)

// ScreenshotOptions say which screenshots to take.
type ScreenshotOptions struct {
	// Dir receives the PNGs.
	Dir string
	// FlowID is the flow of main.png, palette-search.png, inspector.png and zoomed-out.png.
	FlowID string
	// DemoFlowID, when set, is a demo org flow whose trigger is a new user: it adds
	// demo-org.png (the first screen on the demo org), run-details.png (a run of it in the
	// History), connections.png and connection-dialog.png.
	DemoFlowID string
	// SignInClientID, when set, is the demo org's OAuth client: connection-dialog.png then shows
	// a real sign-in to the demo org waiting for the browser (cancelled afterwards).
	SignInClientID string
	// ImportFile and ImportReport, when set, add import-report.png: the report of importing
	// that Okta Workflows export.
	ImportFile   string
	ImportReport *importer.Report
	// Settle is how long to wait for a frame after each step.
	Settle time.Duration
	// Capture writes the screen to a file; nil uses the window canvas's Capture (which some
	// GL drivers return blank: under Xvfb pass one that runs ImageMagick's import).
	Capture func(path string) error
}

// shot is one screenshot: prepare runs on the screenshot goroutine (backend calls), do on the
// UI goroutine.
type shot struct {
	name    string
	prepare func(ctx context.Context) error
	do      func()
}

// Screenshots shows the window's main states one after another and writes each as a PNG. It
// runs on its own goroutine (it waits for frames to be drawn) and calls done, on the UI
// goroutine, with the outcome.
func (w *Window) Screenshots(o ScreenshotOptions, done func(error)) {
	go func() {
		err := w.screenshots(o)
		w.bridge.doAndWait(func() { done(err) })
	}()
}

func (w *Window) screenshots(o ScreenshotOptions) error {
	if err := os.MkdirAll(o.Dir, 0o755); err != nil {
		return fmt.Errorf("create screenshot folder: %w", err)
	}
	time.Sleep(o.Settle)
	w.bridge.doAndWait(func() { w.OpenFlow(o.FlowID) })
	w.bridge.wait()
	steps := []shot{
		{name: "main.png", do: func() {}},
		{name: "palette-search.png", do: func() {
			w.focusSearch()
			w.palette.search.SetText("user")
		}},
		{name: "inspector.png", do: func() {
			w.palette.search.SetText("")
			w.win.Canvas().Unfocus()
			for _, b := range w.ed.Layout().Order {
				if s := w.ed.Spec(b.ID); s != nil && len(s.Inputs) > 1 {
					w.canvas.selectCard(b.ID)
					break
				}
			}
		}},
		{name: "zoomed-out.png", do: func() { w.setZoom(0.6) }},
	}
	if o.ImportReport != nil {
		var v *importReportView
		steps = append(steps,
			shot{name: "import-report.png", do: func() { v = w.showImportReport(o.ImportFile, *o.ImportReport) }},
			shot{do: func() { v.dialog.Hide() }})
	}
	if o.DemoFlowID != "" {
		steps = append(steps, w.demoShots(o.DemoFlowID, o.SignInClientID)...)
	}
	for _, s := range steps {
		if s.prepare != nil {
			if err := s.prepare(w.bridge.ctx); err != nil {
				return fmt.Errorf("prepare %s: %w", s.name, err)
			}
		}
		w.bridge.doAndWait(s.do)
		if s.name == "" {
			continue // a step that only tidies up
		}
		time.Sleep(o.Settle)
		path := filepath.Join(o.Dir, s.name)
		if o.Capture != nil {
			if err := o.Capture(path); err != nil {
				return fmt.Errorf("capture %s: %w", s.name, err)
			}
			continue
		}
		var img image.Image
		w.bridge.doAndWait(func() { img = w.win.Canvas().Capture() })
		if err := writePNG(path, img); err != nil {
			return err
		}
	}
	return nil
}

func writePNG(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("write screenshot: %w", err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("write screenshot %s: %w", path, err)
	}
	return f.Close()
}

// CloseWhenDone quits (keeping unsaved edits) when ctx ends, e.g. on Ctrl+C in the terminal
// that started the app.
func (w *Window) CloseWhenDone(ctx context.Context) {
	go func() {
		<-ctx.Done()
		w.bridge.doAndWait(w.Quit)
	}()
}
