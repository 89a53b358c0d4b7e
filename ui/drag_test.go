package ui

import (
	"testing"

	"fyne.io/fyne/v2"

	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

// TestDragStepRefreshesOnlyWhatMoved fails when a drag step rebuilds or refreshes the whole
// canvas: each step may move the dragged card, refresh its wires and the drop marker, nothing
// else.
func TestDragStepRefreshesOnlyWhatMoved(t *testing.T) {
	w, _ := newTestWindow(t, fixture.LongFlow(20))
	c := w.canvas
	card := c.cards["c_1"]
	others := map[string]fyne.Position{}
	for id, cw := range c.cards {
		if id != "c_1" {
			others[id] = cw.Position()
		}
	}
	start := card.Position()
	type ends struct{ p1, p2 fyne.Position }
	wiresBefore := map[*wireLine]ends{}
	for _, wl := range c.wires {
		wiresBefore[wl] = ends{wl.start, wl.end}
	}
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(card)
	abs := origin.Add(fyne.NewPos(100, 20))
	const steps = 12
	for i := 1; i <= steps; i++ {
		before := c.stats
		abs = abs.Add(fyne.NewPos(7, 3))
		card.Dragged(&fyne.DragEvent{
			PointEvent: fyne.PointEvent{AbsolutePosition: abs, Position: abs.Subtract(origin)},
			Dragged:    fyne.NewDelta(7, 3),
		})
		got := c.stats
		if got.rebuilds != before.rebuilds {
			t.Fatalf("step %d rebuilt the canvas", i)
		}
		// c_1 has one wire in (from c_0) and one out (to c_2), three segments each; the
		// marker may change once.
		if n := got.refreshed - before.refreshed; n > 7 {
			t.Errorf("step %d refreshed %d objects, want at most 7 (two wires and the marker)", i, n)
		}
		if n := got.moved - before.moved; n > 2 {
			t.Errorf("step %d moved %d objects, want the card (and the marker)", i, n)
		}
	}
	if want := start.Add(fyne.NewPos(7*steps, 3*steps)); card.Position() != want {
		t.Errorf("card at %v, want %v", card.Position(), want)
	}
	for id, p := range others {
		if c.cards[id].Position() != p {
			t.Errorf("%s moved during the drag", id)
		}
	}
	delta := fyne.NewPos(7*steps, 3*steps)
	for wl, e := range wiresBefore {
		want := e
		if wl.from == "c_1" {
			want.p1 = e.p1.Add(delta)
		}
		if wl.to == "c_1" {
			want.p2 = e.p2.Add(delta)
		}
		if got := (ends{wl.start, wl.end}); got != want {
			t.Errorf("wire %s→%s at %v, want %v", wl.from, wl.to, got, want)
		}
	}
	for wl := range wiresBefore {
		if last := wl.segs[2].Position2; last != wl.end {
			t.Errorf("wire %s→%s drawn to %v, not to its end %v", wl.from, wl.to, last, wl.end)
		}
	}
	card.DragEnd()
	if c.stats.rebuilds == 0 {
		t.Error("DragEnd did not lay the canvas out again")
	}
}

// BenchmarkDragStep is one pointer move while dragging a card of a 150-card flow: the event,
// the hit-test for the drop marker, moving the card and refreshing its wires. No Capture.
func BenchmarkDragStep(b *testing.B) {
	w, _ := newTestWindow(b, fixture.LongFlow(150))
	card := w.canvas.cards["c_3"]
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(card)
	abs := origin.Add(fyne.NewPos(100, 20))
	card.Dragged(&fyne.DragEvent{PointEvent: fyne.PointEvent{AbsolutePosition: abs, Position: abs.Subtract(origin)}})
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		d := float32(40)
		if i%2 == 1 {
			d = -40
		}
		abs = abs.Add(fyne.NewPos(d, 0))
		card.Dragged(&fyne.DragEvent{
			PointEvent: fyne.PointEvent{AbsolutePosition: abs, Position: abs.Subtract(origin)},
			Dragged:    fyne.NewDelta(d, 0),
		})
	}
}

// TestWiringDragMarksTheInput: while an output is dragged, only the ghost wire and the marker
// are redrawn, and the marker sits on the input under the pointer when it may be wired.
func TestWiringDragMarksTheInput(t *testing.T) {
	w, _ := newTestWindow(t, fixture.LinearFlow())
	c := w.canvas
	card := c.cards["c_read"]
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(card)
	from := w.canvasAt(400, 145) // Read User › ID
	steps := []struct {
		to     fyne.Position
		marked bool
	}{
		{w.canvasAt(500, 145), false},
		{w.canvasAt(700, 103), true},  // Add User to Group › User ID
		{w.canvasAt(400, 103), false}, // Read User's own input: runs before, cannot read it
	}
	prev := from
	for i, s := range steps {
		before := c.stats
		card.Dragged(&fyne.DragEvent{
			PointEvent: fyne.PointEvent{AbsolutePosition: s.to, Position: s.to.Subtract(origin)},
			Dragged:    fyne.NewDelta(s.to.X-prev.X, s.to.Y-prev.Y),
		})
		prev = s.to
		if c.stats.rebuilds != before.rebuilds {
			t.Fatalf("step %d rebuilt the canvas", i)
		}
		if n := c.stats.refreshed - before.refreshed; n > 2 {
			t.Errorf("step %d refreshed %d objects, want the ghost wire and the marker", i, n)
		}
		if c.marker.Visible() != s.marked {
			t.Errorf("step %d: marker visible %v, want %v", i, c.marker.Visible(), s.marked)
		}
	}
	card.DragEnd()
	if c.marker.Visible() {
		t.Error("marker stays after the drag")
	}
}
