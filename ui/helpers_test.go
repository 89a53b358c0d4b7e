package ui

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// newTestWindow opens a window on a memory backend holding flows, showing the first one.
func newTestWindow(t testing.TB, flows ...*flow.Flow) (*Window, *MemoryBackend) {
	t.Helper()
	a := test.NewTempApp(t)
	b := NewMemoryBackend(flows...)
	w := NewWindow(context.Background(), a, Options{Backend: b, Registry: fixture.Registry(), AutosaveDelay: time.Hour, StatusEvery: -1, testQueue: true})
	w.win.Resize(fyne.NewSize(1280, 800))
	w.bridge.wait()
	if len(flows) > 0 {
		w.OpenFlow(flows[0].ID)
		w.bridge.wait()
	}
	n := 0
	w.ed.NewID = func(prefix string) string { n++; return fmt.Sprintf("%s_t%d", prefix, n) }
	t.Cleanup(func() {
		if w.autosave != nil {
			w.autosave.Stop()
		}
	})
	return w, b
}

// dragSteps drags obj from one absolute position to another in several Dragged events, as a
// real pointer does (test.Drag sends only one), then ends the drag.
func dragSteps(obj fyne.Draggable, from, to fyne.Position, steps int) {
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(obj.(fyne.CanvasObject))
	prev := from
	for i := 1; i <= steps; i++ {
		f := float32(i) / float32(steps)
		cur := fyne.NewPos(from.X+(to.X-from.X)*f, from.Y+(to.Y-from.Y)*f)
		obj.Dragged(&fyne.DragEvent{
			PointEvent: fyne.PointEvent{AbsolutePosition: cur, Position: cur.Subtract(origin)},
			Dragged:    fyne.NewDelta(cur.X-prev.X, cur.Y-prev.Y),
		})
		prev = cur
	}
	obj.DragEnd()
}

// canvasAt is the absolute position of a point given relative to the canvas viewport.
func (w *Window) canvasAt(x, y float32) fyne.Position {
	return fyne.CurrentApp().Driver().AbsolutePositionForObject(w.canvas.scroll).Add(fyne.NewPos(x, y))
}

// paletteAt is the absolute position of the middle of a palette item.
func (w *Window) paletteAt(t testing.TB, specID string) (*paletteItem, fyne.Position) {
	t.Helper()
	it, ok := w.palette.items[specID]
	if !ok {
		t.Fatalf("palette shows no %s", specID)
	}
	p := fyne.CurrentApp().Driver().AbsolutePositionForObject(it)
	return it, p.Add(fyne.NewPos(it.Size().Width/2, it.Size().Height/2))
}

func (w *Window) shortcut(key fyne.KeyName, mod fyne.KeyModifier) {
	w.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: mod})
}

func (w *Window) typeKey(key fyne.KeyName) {
	w.win.Canvas().OnTypedKey()(&fyne.KeyEvent{Name: key})
}

func docJSON(t testing.TB, f *flow.Flow) string {
	t.Helper()
	data, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func cardIDs(cards []flow.Card) string {
	var ids []string
	for _, c := range cards {
		ids = append(ids, c.ID)
	}
	return fmt.Sprint(ids)
}

// assertGolden compares img with testdata/name, rewriting it first with -update.
func assertGolden(t *testing.T, name string, img image.Image) {
	t.Helper()
	if *update {
		path := filepath.Join("testdata", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		f, err := os.Create(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := png.Encode(f, img); err != nil {
			t.Fatal(err)
		}
		if err := f.Close(); err != nil {
			t.Fatal(err)
		}
	}
	test.AssertImageMatches(t, name, img)
}
