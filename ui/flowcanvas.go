package ui

import (
	"errors"
	"maps"
	"reflect"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/canvasmodel"
	"github.com/flowdeck/flowdeck/ui/editor"
)

// fixedLayout gives the canvas content the size of the flow layout so the scroll container can
// pan over it; the canvas places the children by hand.
type fixedLayout struct{ size fyne.Size }

func (l *fixedLayout) Layout([]fyne.CanvasObject, fyne.Size) {}
func (l *fixedLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.size }

// wireLine draws one wire from an output port (start) to an input port (end) as three
// segments: right, down or up in the gap just after the output's card, right again. Straight
// lines crossed the rows of the cards they passed. Each output of a card gets its own lane in
// the gap, so wires from different outputs do not run on top of each other.
type wireLine struct {
	segs       [3]*canvas.Line
	start, end fyne.Position
	jog        float32 // how far right of the output the vertical segment runs
	from, to   string  // card ids
}

func newWireLine(from, to string, start, end fyne.Position, lane int, zoom float32) *wireLine {
	jog := min(float32(10+8*lane), canvasmodel.Gap-10) * zoom
	wl := &wireLine{from: from, to: to, start: start, end: end, jog: jog}
	col := theme.Color(theme.ColorNamePrimary)
	for i := range wl.segs {
		wl.segs[i] = canvas.NewLine(col)
		wl.segs[i].StrokeWidth = 2 * zoom
	}
	wl.route()
	return wl
}

func (wl *wireLine) route() {
	x := wl.start.X + wl.jog
	wl.segs[0].Position1, wl.segs[0].Position2 = wl.start, fyne.NewPos(x, wl.start.Y)
	wl.segs[1].Position1, wl.segs[1].Position2 = fyne.NewPos(x, wl.start.Y), fyne.NewPos(x, wl.end.Y)
	wl.segs[2].Position1, wl.segs[2].Position2 = fyne.NewPos(x, wl.end.Y), wl.end
}

func (wl *wireLine) has(o fyne.CanvasObject) bool {
	for _, s := range wl.segs {
		if s == o {
			return true
		}
	}
	return false
}

// dragState is one drag in progress on the canvas.
type dragState struct {
	card    *cardWidget
	wiring  bool
	output  string // wiring: the output key dragged from
	moved   []*cardWidget
	wires   []*wireLine
	lastAbs fyne.Position
}

// dragStats counts what drags and edits cost, for the test that keeps a drag step from
// refreshing the whole canvas.
type dragStats struct {
	rebuilds  int // full re-creations of the canvas content
	refreshed int // single objects refreshed
	moved     int // objects moved
}

// flowCanvas shows the flow being edited as chains of cards with wires, and turns drags into
// edits: it moves only the dragged card and its wires while the pointer moves, and hit-tests
// (canvasmodel.HitTest) where the pointer was when the drag ends.
type flowCanvas struct {
	ed       *editor.Editor
	zoom     float32
	selected string

	layout  *fixedLayout
	content *fyne.Container
	scroll  *container.Scroll
	hint    *canvas.Text
	ghost   *canvas.Line
	// marker shows where a dragged card would be inserted, or the input a dragged output
	// would be wired to; markAt is what it marks.
	marker *canvas.Rectangle
	markAt *canvasmodel.Rect

	cards map[string]*cardWidget
	wires []*wireLine
	drag  *dragState
	stats dragStats

	onSelect  func(id string)
	onMessage func(msg string)
	onRunCard func(id string)
}

func newFlowCanvas(ed *editor.Editor) *flowCanvas {
	c := &flowCanvas{ed: ed, zoom: 1, layout: &fixedLayout{}}
	c.content = container.New(c.layout)
	c.scroll = container.NewScroll(c.content)
	c.hint = canvas.NewText("Drag an Okta event card here to start the flow", theme.Color(theme.ColorNamePlaceHolder))
	c.hint.TextSize = 16
	c.ghost = canvas.NewLine(theme.Color(theme.ColorNamePrimary))
	c.ghost.StrokeWidth = 2
	c.marker = canvas.NewRectangle(theme.Color(theme.ColorNamePrimary))
	c.rebuild()
	return c
}

// object is what the window places in its middle.
func (c *flowCanvas) object() fyne.CanvasObject { return c.scroll }

// setEditor shows another flow.
func (c *flowCanvas) setEditor(ed *editor.Editor) {
	c.ed, c.selected, c.drag = ed, "", nil
	c.scroll.Offset = fyne.NewPos(0, 0)
	c.rebuild()
}

func (c *flowCanvas) view() canvasmodel.View {
	return canvasmodel.View{Scroll: canvasmodel.Point{X: c.scroll.Offset.X, Y: c.scroll.Offset.Y}, Zoom: c.zoom}
}

func (c *flowCanvas) scaled(p canvasmodel.Point) fyne.Position {
	return fyne.NewPos(p.X*c.zoom, p.Y*c.zoom)
}

// rebuild re-creates every card and wire from the editor's layout: after structural edits, zoom,
// undo and at DragEnd — never during a drag.
func (c *flowCanvas) rebuild() {
	c.stats.rebuilds++
	l := c.ed.Layout()
	c.layout.size = fyne.NewSize(l.Size.W*c.zoom, l.Size.H*c.zoom)
	c.cards = map[string]*cardWidget{}
	objs := make([]fyne.CanvasObject, 0, len(l.Order)+8)
	for _, b := range l.Order {
		w := newCardWidget(buildCardView(c.ed, b.ID, b.ID == c.selected), b, c.zoom, c)
		w.Move(c.scaled(canvasmodel.Point{X: b.Rect.X, Y: b.Rect.Y}))
		w.Resize(w.MinSize())
		c.cards[b.ID] = w
		objs = append(objs, w)
	}
	c.wires = c.buildWires(l)
	for _, w := range c.wires {
		for _, s := range w.segs {
			objs = append(objs, s)
		}
	}
	c.hint.Hidden = len(c.ed.Flow().Cards) > 0
	c.hint.Move(fyne.NewPos(canvasmodel.Margin, canvasmodel.Margin))
	c.hint.Resize(c.hint.MinSize())
	c.ghost.Hidden = true
	c.marker.Hidden, c.markAt = true, nil
	c.marker.FillColor = theme.Color(theme.ColorNamePrimary)
	objs = append(objs, c.hint, c.ghost, c.marker)
	c.content.Objects = objs
	c.content.Refresh()
	c.scroll.Refresh()
}

type wireRef struct {
	ref  *flow.Ref
	card string
	key  string
}

func (c *flowCanvas) buildWires(l *canvasmodel.Layout) []*wireLine {
	var refs []wireRef
	wired := map[string]map[string]bool{} // source card → wired output keys
	canvasmodel.Walk(c.ed.Flow(), func(card *flow.Card, _ canvasmodel.ChainRef, _ int) bool {
		for _, key := range slices.Sorted(maps.Keys(card.Inputs)) {
			for _, ref := range card.Inputs[key].Refs() {
				refs = append(refs, wireRef{ref, card.ID, key})
				if wired[ref.Card] == nil {
					wired[ref.Card] = map[string]bool{}
				}
				wired[ref.Card][topKey(ref.Path)] = true
			}
		}
		return true
	})
	// An output's lane is its rank among the card's wired outputs, top row first: wires then
	// cross each other at right angles instead of running on top of each other.
	lane := func(card, path string) int {
		n := 0
		if b, ok := l.Cards[card]; ok {
			for _, o := range b.Outputs {
				if o.Key == topKey(path) {
					break
				}
				if wired[card][o.Key] {
					n++
				}
			}
		}
		return n
	}
	out := make([]*wireLine, 0, len(refs))
	for _, r := range refs {
		from, to, ok := wireEnds(l, r.ref, r.card, r.key)
		if !ok {
			continue
		}
		out = append(out, newWireLine(r.ref.Card, r.card, c.scaled(from), c.scaled(to), lane(r.ref.Card, r.ref.Path), c.zoom))
	}
	return out
}

func topKey(path string) string { return strings.SplitN(path, ".", 2)[0] }

// sync brings the card views up to date after an edit that moved no card: only cards whose
// view changed are refreshed, and the wires are redrawn.
func (c *flowCanvas) sync() {
	for id, w := range c.cards {
		v := buildCardView(c.ed, id, id == c.selected)
		if !reflect.DeepEqual(v, w.View) {
			w.SetView(v)
			c.stats.refreshed++
		}
	}
	old := c.wires
	c.wires = c.buildWires(c.ed.Layout())
	objs := c.content.Objects[:0:0]
	for _, o := range c.content.Objects {
		if !isWire(old, o) && o != c.hint && o != c.ghost && o != c.marker {
			objs = append(objs, o)
		}
	}
	for _, w := range c.wires {
		for _, s := range w.segs {
			objs = append(objs, s)
		}
	}
	c.content.Objects = append(objs, c.hint, c.ghost, c.marker)
	c.content.Refresh()
}

func isWire(ws []*wireLine, o fyne.CanvasObject) bool {
	for _, w := range ws {
		if w.has(o) {
			return true
		}
	}
	return false
}

// onChange is the editor's listener.
func (c *flowCanvas) onChange(ch editor.Change) {
	if ch.Layout {
		if c.selected != "" && c.ed.Card(c.selected) == nil {
			c.selected = ""
		}
		c.rebuild()
		return
	}
	c.sync()
}

// setZoom lays the flow out again at another scale, keeping the viewport's centre in place.
func (c *flowCanvas) setZoom(z float32) {
	z = max(0.4, min(2, z))
	if z == c.zoom {
		return
	}
	ratio := z / c.zoom
	half := fyne.NewPos(c.scroll.Size().Width/2, c.scroll.Size().Height/2)
	c.zoom = z
	c.rebuild()
	off := c.scroll.Offset.Add(half)
	c.scroll.Offset = fyne.NewPos(max(0, off.X*ratio-half.X), max(0, off.Y*ratio-half.Y))
	c.scroll.Refresh()
}

// selectCard marks a card as selected (refreshing only the two cards concerned).
func (c *flowCanvas) selectCard(id string) {
	if id == c.selected {
		return
	}
	prev := c.selected
	c.selected = id
	for _, x := range []string{prev, id} {
		if w, ok := c.cards[x]; ok {
			w.SetView(buildCardView(c.ed, x, x == id))
			c.stats.refreshed++
		}
	}
	if c.onSelect != nil {
		c.onSelect(id)
	}
}

func (c *flowCanvas) message(msg string) {
	if c.onMessage != nil {
		c.onMessage(msg)
	}
}

// report shows an edit's refusal to the admin; other errors too, worded by the editor.
func (c *flowCanvas) report(err error) {
	if err == nil {
		return
	}
	msg := err.Error()
	if errors.Is(err, editor.ErrRefused) {
		msg = msg[len(editor.ErrRefused.Error())+2:]
	}
	c.message(msg)
}

func (c *flowCanvas) cardTapped(id string) { c.selectCard(id) }

func (c *flowCanvas) cardMenu(id string, abs fyne.Position) {
	c.selectCard(id)
	cnv := fyne.CurrentApp().Driver().CanvasForObject(c.scroll)
	if cnv == nil {
		return
	}
	widget.ShowPopUpMenuAtPosition(c.menuFor(id), cnv, abs)
}

// menuFor is a card's context menu.
func (c *flowCanvas) menuFor(id string) *fyne.Menu {
	return fyne.NewMenu("",
		fyne.NewMenuItem("Run card", func() {
			if c.onRunCard != nil {
				c.onRunCard(id)
			}
		}),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Delete card", func() { c.deleteCard(id) }),
	)
}

func (c *flowCanvas) deleteCard(id string) {
	name := c.ed.CardName(id)
	if err := c.ed.DeleteCard(id); err != nil {
		c.report(err)
		return
	}
	c.message("Deleted " + name + " (Undo brings it back)")
}

// viewportPoint maps an absolute (window) position to the canvas viewport, and says whether it
// lies inside the viewport.
func (c *flowCanvas) viewportPoint(abs fyne.Position) (canvasmodel.Point, bool) {
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(c.scroll)
	p := abs.Subtract(origin)
	s := c.scroll.Size()
	return canvasmodel.Point{X: p.X, Y: p.Y}, p.X >= 0 && p.Y >= 0 && p.X < s.Width && p.Y < s.Height
}

// dropTarget turns a hit into the place a dropped card goes: a gap as is; a card means before
// it (left half) or after it (right half).
func (c *flowCanvas) dropTarget(h canvasmodel.Hit, p canvasmodel.Point) (canvasmodel.ChainRef, int, bool) {
	switch h.Kind {
	case canvasmodel.HitGap:
		return h.Chain, h.Index, true
	case canvasmodel.HitCard, canvasmodel.HitInput, canvasmodel.HitOutput:
		b := c.ed.Layout().Cards[h.Card]
		m := c.view().ToCanvas(p)
		if m.X > b.Rect.X+b.Rect.W/2 {
			return b.Chain, b.Index + 1, true
		}
		return b.Chain, b.Index, true
	}
	return canvasmodel.ChainRef{}, 0, false
}

// dropSpec adds a card of catalog type specID where the palette drag ended. It reports whether
// the pointer was over the canvas.
func (c *flowCanvas) dropSpec(specID string, abs fyne.Position) bool {
	c.hideMarker()
	p, inside := c.viewportPoint(abs)
	if !inside {
		return false
	}
	chain, idx, ok := c.dropTarget(canvasmodel.HitTest(c.ed.Layout(), c.view(), p), p)
	if !ok {
		c.message("Drop the card into a gap between two cards, or after the last card")
		return true
	}
	id, err := c.ed.AddCard(specID, chain, idx)
	if err != nil {
		c.report(err)
		return true
	}
	c.selectCard(id)
	return true
}

func (c *flowCanvas) cardDragged(w *cardWidget, ev *fyne.DragEvent) {
	if c.drag == nil {
		c.startDrag(w, ev)
	}
	d := c.drag
	d.lastAbs = ev.AbsolutePosition
	if d.wiring {
		p, _ := c.viewportPoint(ev.AbsolutePosition)
		c.ghost.Position2 = fyne.NewPos(p.X, p.Y).Add(c.scroll.Offset)
		c.repaint(c.ghost)
		c.markInput(w.View.ID, ev.AbsolutePosition)
		c.stats.refreshed++
		return
	}
	c.markDrop(ev.AbsolutePosition)
	for _, m := range d.moved {
		m.Move(m.Position().Add(ev.Dragged))
		c.stats.moved++
	}
	for _, wl := range d.wires {
		if d.movesCard(wl.from) {
			wl.start = wl.start.Add(ev.Dragged)
		}
		if d.movesCard(wl.to) {
			wl.end = wl.end.Add(ev.Dragged)
		}
		wl.route()
		for _, s := range wl.segs {
			s.Refresh()
			c.stats.refreshed++
		}
	}
}

func (d *dragState) movesCard(id string) bool {
	for _, m := range d.moved {
		if m.View.ID == id {
			return true
		}
	}
	return false
}

// startDrag decides what the drag does from where it started: on an output row it draws a
// wire, anywhere else it moves the card (with its inner cards).
func (c *flowCanvas) startDrag(w *cardWidget, ev *fyne.DragEvent) {
	start := ev.Position.Subtract(ev.Dragged)
	m := canvasmodel.Point{X: w.Box.Rect.X + start.X/c.zoom, Y: w.Box.Rect.Y + start.Y/c.zoom}
	d := &dragState{card: w}
	c.drag = d
	for _, o := range w.Box.Outputs {
		if o.Rect.Contains(m) {
			d.wiring, d.output = true, o.Key
			from := c.scaled(canvasmodel.Point{X: o.Rect.Right(), Y: o.Rect.Y + o.Rect.H/2})
			c.ghost.Position1, c.ghost.Position2 = from, from
			c.ghost.StrokeWidth = 2 * c.zoom
			c.ghost.Hidden = false
			return
		}
	}
	for id, cw := range c.cards {
		if id == w.View.ID || canvasmodel.Contains(c.ed.Flow(), w.View.ID, id) {
			d.moved = append(d.moved, cw)
		}
	}
	for _, wl := range c.wires {
		if d.movesCard(wl.from) || d.movesCard(wl.to) {
			d.wires = append(d.wires, wl)
		}
	}
}

func (c *flowCanvas) cardDragEnd(w *cardWidget) {
	d := c.drag
	c.drag = nil
	if d == nil {
		return
	}
	c.hideMarker()
	p, inside := c.viewportPoint(d.lastAbs)
	hit := canvasmodel.HitTest(c.ed.Layout(), c.view(), p)
	if d.wiring {
		c.ghost.Hidden = true
		c.ghost.Refresh()
		if !inside || hit.Kind != canvasmodel.HitInput {
			c.message("Drop the output onto an input field of a later card to wire it")
			return
		}
		c.report(c.ed.Wire(w.View.ID, d.output, hit.Card, hit.Field))
		return
	}
	changed := false
	if inside {
		if chain, idx, ok := c.dropTarget(hit, p); ok && hit.Card != w.View.ID {
			var err error
			changed, err = c.ed.MoveCard(w.View.ID, chain, idx)
			c.report(err)
		}
	}
	if !changed {
		// Snap back: nothing in the flow changed, but the card and its wires were moved.
		c.rebuild()
	}
}

// markDrop shows the insertion marker at the gap under the pointer.
func (c *flowCanvas) markDrop(abs fyne.Position) {
	var at *canvasmodel.Rect
	if p, inside := c.viewportPoint(abs); inside {
		if chain, idx, ok := c.dropTarget(canvasmodel.HitTest(c.ed.Layout(), c.view(), p), p); ok {
			if r, ok := c.ed.Layout().GapRect(chain, idx); ok {
				at = &r
			}
		}
	}
	c.showMarker(at)
}

// markInput shows the marker on the input row under the pointer while an output of card from
// is dragged, when that input may read it.
func (c *flowCanvas) markInput(from string, abs fyne.Position) {
	var at *canvasmodel.Rect
	if p, inside := c.viewportPoint(abs); inside {
		h := canvasmodel.HitTest(c.ed.Layout(), c.view(), p)
		if h.Kind == canvasmodel.HitInput && canvasmodel.Upstream(c.ed.Flow(), h.Card)[from] {
			if row, ok := c.ed.Layout().Cards[h.Card].Input(h.Field); ok {
				at = &canvasmodel.Rect{X: row.Rect.X - 3, Y: row.Rect.Y + 2, W: 6, H: row.Rect.H - 4}
			}
		}
	}
	c.showMarker(at)
}

// showMarker puts the marker on r (canvas units; nil hides it). It moves and refreshes the
// marker only when r changes, so a drag step costs one hit-test.
func (c *flowCanvas) showMarker(r *canvasmodel.Rect) {
	if (r == nil && c.markAt == nil) || (r != nil && c.markAt != nil && *r == *c.markAt) {
		return
	}
	c.markAt = r
	c.marker.Hidden = r == nil
	if r != nil {
		z := r.Scale(c.zoom)
		c.marker.Move(fyne.NewPos(z.X, z.Y))
		c.marker.Resize(fyne.NewSize(max(z.W, 3), z.H))
		c.stats.moved++
	}
	c.repaint(c.marker)
	c.stats.refreshed++
}

// repaint redraws o through the canvas of the always-visible scroll container: an object that
// was hidden until now is not yet known to the driver, so its own Refresh would not reach the
// window (a GL window then shows it only at its next unrelated redraw).
func (c *flowCanvas) repaint(o fyne.CanvasObject) {
	if cnv := fyne.CurrentApp().Driver().CanvasForObject(c.scroll); cnv != nil {
		cnv.Refresh(o)
		return
	}
	o.Refresh()
}

func (c *flowCanvas) hideMarker() {
	if c.markAt != nil || !c.marker.Hidden {
		c.markAt = nil
		c.marker.Hide()
		c.repaint(c.marker)
	}
}
