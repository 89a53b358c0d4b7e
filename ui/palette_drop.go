package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/ui/canvasmodel"
)

// paletteTapped adds a card after the selected one (in its chain), or at the end of the flow.
func (w *Window) paletteTapped(s *catalog.Spec) {
	chain, idx := canvasmodel.ChainRef{}, len(w.ed.Flow().Cards)
	if sel := w.canvas.selected; sel != "" {
		if ref, i, ok := canvasmodel.Locate(w.ed.Flow(), sel); ok {
			chain, idx = ref, i+1
		}
	}
	id, err := w.ed.AddCard(s.ID, chain, idx)
	if err != nil {
		w.canvas.report(err)
		return
	}
	w.canvas.selectCard(id)
}

// paletteDragged moves the ghost of the card being dragged from the palette.
func (w *Window) paletteDragged(s *catalog.Spec, ev *fyne.DragEvent) {
	if !w.ghost.Visible() {
		bg, _ := kindStyle(s.Kind)
		w.ghost.Objects[0].(*canvas.Rectangle).FillColor = bg
		w.ghostText.Text = s.Name
		w.ghost.Resize(w.ghost.MinSize())
		w.ghost.Show()
		w.win.Canvas().Refresh(w.ghostText)
	}
	origin := fyne.CurrentApp().Driver().AbsolutePositionForObject(w.dragLayer)
	w.ghost.Move(ev.AbsolutePosition.Subtract(origin).Add(fyne.NewPos(8, 8)))
	// Through the window's canvas: the ghost was hidden, so the driver does not know it yet.
	w.win.Canvas().Refresh(w.ghost)
	w.lastPaletteAbs = ev.AbsolutePosition
	w.canvas.markDrop(ev.AbsolutePosition)
}

func (w *Window) paletteDragEnd(s *catalog.Spec) {
	w.ghost.Hide()
	w.win.Canvas().Refresh(w.dragLayer)
	if !w.canvas.dropSpec(s.ID, w.lastPaletteAbs) {
		w.setStatus("Drop " + s.Name + " onto the canvas to add it")
	}
}
