package ui

import (
	"context"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"time"
)

// Screenshots shows the window's main states one after another and writes each as a PNG into
// dir: main.png (the flow), palette-search.png, inspector.png and zoomed-out.png. It runs on
// its own goroutine (it waits for frames to be drawn) and calls done, on the UI goroutine, with
// the outcome.
// settle is how long to wait for a frame after each step. capture writes the screen to a file;
// nil uses the window canvas's Capture (which some GL drivers return blank: under Xvfb pass
// one that runs ImageMagick's import).
func (w *Window) Screenshots(dir string, flowID string, settle time.Duration, capture func(path string) error, done func(error)) {
	go func() {
		err := w.screenshots(dir, flowID, settle, capture)
		w.bridge.doAndWait(func() { done(err) })
	}()
}

func (w *Window) screenshots(dir, flowID string, settle time.Duration, capture func(string) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create screenshot folder: %w", err)
	}
	time.Sleep(settle)
	w.bridge.doAndWait(func() { w.OpenFlow(flowID) })
	w.bridge.wait()
	steps := []struct {
		name string
		do   func()
	}{
		{"main.png", func() {}},
		{"palette-search.png", func() {
			w.focusSearch()
			w.palette.search.SetText("user")
		}},
		{"inspector.png", func() {
			w.palette.search.SetText("")
			w.win.Canvas().Unfocus()
			for _, b := range w.ed.Layout().Order {
				if s := w.ed.Spec(b.ID); s != nil && len(s.Inputs) > 1 {
					w.canvas.selectCard(b.ID)
					break
				}
			}
		}},
		{"zoomed-out.png", func() { w.setZoom(0.6) }},
	}
	for _, s := range steps {
		w.bridge.doAndWait(s.do)
		time.Sleep(settle)
		path := filepath.Join(dir, s.name)
		if capture != nil {
			if err := capture(path); err != nil {
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

// CloseWhenDone closes the window (keeping unsaved edits) when ctx ends, e.g. on Ctrl+C in the
// terminal that started the app.
func (w *Window) CloseWhenDone(ctx context.Context) {
	go func() {
		<-ctx.Done()
		w.bridge.doAndWait(w.closeIntercept)
	}()
}
