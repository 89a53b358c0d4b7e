package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/ui/canvasmodel"
)

// cardOwner is the canvas a card widget reports taps and drags to: the card never moves itself
// or edits the flow.
type cardOwner interface {
	cardTapped(id string)
	cardMenu(id string, abs fyne.Position)
	cardDragged(w *cardWidget, ev *fyne.DragEvent)
	cardDragEnd(w *cardWidget)
}

// cardWidget draws one card at the canvas zoom: header with kind icon and name, input rows
// (label and binding), output rows, and the bands of its inner chains.
type cardWidget struct {
	widget.BaseWidget
	View  cardView
	Box   *canvasmodel.CardBox
	Zoom  float32
	owner cardOwner
}

func newCardWidget(v cardView, box *canvasmodel.CardBox, zoom float32, owner cardOwner) *cardWidget {
	w := &cardWidget{View: v, Box: box, Zoom: zoom, owner: owner}
	w.ExtendBaseWidget(w)
	return w
}

// SetView changes what the card shows.
func (w *cardWidget) SetView(v cardView) {
	w.View = v
	w.Refresh()
}

func (w *cardWidget) Tapped(*fyne.PointEvent) {
	if w.owner != nil {
		w.owner.cardTapped(w.View.ID)
	}
}

func (w *cardWidget) TappedSecondary(ev *fyne.PointEvent) {
	if w.owner != nil {
		w.owner.cardMenu(w.View.ID, ev.AbsolutePosition)
	}
}

func (w *cardWidget) Dragged(ev *fyne.DragEvent) {
	if w.owner != nil {
		w.owner.cardDragged(w, ev)
	}
}

func (w *cardWidget) DragEnd() {
	if w.owner != nil {
		w.owner.cardDragEnd(w)
	}
}

func (w *cardWidget) MinSize() fyne.Size {
	return fyne.NewSize(w.Box.Rect.W*w.Zoom, w.Box.Rect.H*w.Zoom)
}

func (w *cardWidget) CreateRenderer() fyne.WidgetRenderer {
	r := &cardRenderer{w: w}
	r.build()
	return r
}

type rowObjects struct {
	label, value *canvas.Text
	port         *canvas.Circle
}

type cardRenderer struct {
	w          *cardWidget
	bg, header *canvas.Rectangle
	// headerFoot squares off the header's lower corners.
	headerFoot *canvas.Rectangle
	icon       *canvas.Image
	name       *canvas.Text
	mark       *canvas.Circle
	markText   *canvas.Text
	inCaption  *canvas.Text
	outCaption *canvas.Text
	inputs     []rowObjects
	outputs    []rowObjects
	bands      []*canvas.Rectangle
	bandLabels []*canvas.Text
	objects    []fyne.CanvasObject
}

// build creates the objects for the current view; called again when the number of rows or
// branches changes.
func (r *cardRenderer) build() {
	v := r.w.View
	r.bg = canvas.NewRectangle(color.Transparent)
	r.header = canvas.NewRectangle(color.Transparent)
	r.headerFoot = canvas.NewRectangle(color.Transparent)
	r.icon = canvas.NewImageFromResource(nil)
	r.icon.FillMode = canvas.ImageFillContain
	r.name = canvas.NewText("", color.Black)
	r.name.TextStyle.Bold = true
	r.mark = canvas.NewCircle(color.Transparent)
	r.markText = canvas.NewText("!", color.White)
	r.markText.TextStyle.Bold = true
	r.markText.Alignment = fyne.TextAlignCenter
	r.inCaption = canvas.NewText("INPUTS", color.Black)
	r.outCaption = canvas.NewText("OUTPUTS", color.Black)
	r.objects = []fyne.CanvasObject{r.bg, r.header, r.headerFoot, r.icon, r.name}
	r.bands, r.bandLabels = nil, nil
	for _, b := range v.Branches {
		band := canvas.NewRectangle(color.Transparent)
		lbl := canvas.NewText(b, color.Black)
		lbl.TextStyle.Italic = true
		r.bands = append(r.bands, band)
		r.bandLabels = append(r.bandLabels, lbl)
		r.objects = append(r.objects, band, lbl)
	}
	r.objects = append(r.objects, r.inCaption, r.outCaption)
	mk := func(n int) []rowObjects {
		rows := make([]rowObjects, n)
		for i := range rows {
			rows[i] = rowObjects{
				label: canvas.NewText("", color.Black),
				value: canvas.NewText("", color.Black),
				port:  canvas.NewCircle(color.Transparent),
			}
			r.objects = append(r.objects, rows[i].label, rows[i].value, rows[i].port)
		}
		return rows
	}
	r.inputs = mk(len(v.Inputs))
	r.outputs = mk(len(v.Outputs))
	r.objects = append(r.objects, r.mark, r.markText)
	r.apply()
}

func (r *cardRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *cardRenderer) Destroy()                     {}
func (r *cardRenderer) MinSize() fyne.Size           { return r.w.MinSize() }

func (r *cardRenderer) Refresh() {
	v := r.w.View
	if len(v.Inputs) != len(r.inputs) || len(v.Outputs) != len(r.outputs) || len(v.Branches) != len(r.bands) {
		r.build()
	} else {
		r.apply()
	}
	r.Layout(r.w.Size())
	canvas.Refresh(r.w)
}

// kindStyle is the header colour and icon of a kind of card. The colours are fixed (not from
// the theme) and dark enough for white text in both light and dark mode: the theme's success
// and warning colours are too bright for that.
func kindStyle(k catalog.Kind) (color.Color, fyne.Resource) {
	switch k {
	case catalog.KindEvent:
		return color.NRGBA{R: 0x25, G: 0x63, B: 0xeb, A: 0xff}, theme.HistoryIcon()
	case catalog.KindAction:
		return color.NRGBA{R: 0x15, G: 0x80, B: 0x3d, A: 0xff}, theme.MediaPlayIcon()
	case catalog.KindFunction:
		return color.NRGBA{R: 0xc2, G: 0x41, B: 0x0c, A: 0xff}, theme.SettingsIcon()
	}
	return color.NRGBA{R: 0x6b, G: 0x72, B: 0x80, A: 0xff}, theme.QuestionIcon()
}

// headerText is the colour of text and icons on a card header.
var headerText = color.White

// apply copies the view and the theme's colours onto the existing objects.
func (r *cardRenderer) apply() {
	th := r.w.Theme()
	vr := fyne.CurrentApp().Settings().ThemeVariant()
	col := func(n fyne.ThemeColorName) color.Color { return th.Color(n, vr) }
	v := r.w.View
	z := r.w.Zoom

	r.bg.FillColor = col(theme.ColorNameInputBackground)
	r.bg.StrokeColor = col(theme.ColorNameInputBorder)
	r.bg.StrokeWidth = 1
	if v.Selected {
		r.bg.StrokeColor = col(theme.ColorNamePrimary)
		r.bg.StrokeWidth = 3
	}
	r.bg.CornerRadius = 6 * z
	hb, icon := kindStyle(v.Kind)
	r.header.FillColor = hb
	r.header.CornerRadius = 6 * z
	r.headerFoot.FillColor = hb
	r.icon.Resource = theme.NewColoredResource(icon, theme.ColorNameForegroundOnPrimary)
	r.icon.Refresh()
	r.name.Text = v.Name
	r.name.Color = headerText
	r.name.TextSize = 14 * z
	r.mark.FillColor = col(theme.ColorNameError)
	r.mark.Hidden = v.Problem == ""
	r.markText.Hidden = r.mark.Hidden
	r.markText.Color = col(theme.ColorNameForegroundOnError)
	r.markText.TextSize = 12 * z

	fg, dim, wire, errc := col(theme.ColorNameForeground), col(theme.ColorNamePlaceHolder), col(theme.ColorNamePrimary), col(theme.ColorNameError)
	for _, t := range []*canvas.Text{r.inCaption, r.outCaption} {
		t.Color = dim
		t.TextSize = 10 * z
		t.TextStyle.Bold = true
	}
	r.inCaption.Hidden = len(v.Inputs) == 0
	r.outCaption.Hidden = len(v.Outputs) == 0
	for i, b := range r.bands {
		b.FillColor = col(theme.ColorNameHover)
		b.CornerRadius = 4 * z
		r.bandLabels[i].Color = dim
		r.bandLabels[i].TextSize = 11 * z
	}
	for i, row := range v.Inputs {
		o := r.inputs[i]
		o.label.Text, o.label.Color, o.label.TextSize = row.labelText(), fg, 12*z
		o.value.TextSize = 12 * z
		o.value.Alignment = fyne.TextAlignTrailing
		switch {
		case row.Wired:
			o.value.Text, o.value.Color = row.Value, wire
		case row.Value != "":
			o.value.Text, o.value.Color = row.Value, fg
		case row.Default != "":
			// Unbound with a default: the card runs with it, so show it, dimmed.
			o.value.Text, o.value.Color = row.Default, dim
		default:
			o.value.Text, o.value.Color = "—", dim
		}
		if row.Problem != "" {
			// A field with a problem is marked in the error colour: its label, and its
			// value when there is none.
			o.label.Color = errc
			if row.Value == "" {
				o.value.Text, o.value.Color = "missing", errc
			}
		}
		o.port.FillColor = dim
		if row.Wired {
			o.port.FillColor = wire
		}
	}
	for i, row := range v.Outputs {
		o := r.outputs[i]
		o.label.Text, o.label.Color, o.label.TextSize = row.Label, fg, 12*z
		o.label.Alignment = fyne.TextAlignTrailing
		o.value.Hidden = true
		o.port.FillColor = wire
	}
}

// Layout places everything from the card's box; coordinates are relative to the card.
func (r *cardRenderer) Layout(fyne.Size) {
	b, z := r.w.Box, r.w.Zoom
	at := func(x, y float32) fyne.Position {
		return fyne.NewPos((x-b.Rect.X)*z, (y-b.Rect.Y)*z)
	}
	size := fyne.NewSize(b.Rect.W*z, b.Rect.H*z)
	r.bg.Move(fyne.NewPos(0, 0))
	r.bg.Resize(size)
	r.header.Move(fyne.NewPos(0, 0))
	r.header.Resize(fyne.NewSize(size.Width, canvasmodel.HeaderHeight*z))
	r.headerFoot.Move(fyne.NewPos(0, canvasmodel.HeaderHeight*z/2))
	r.headerFoot.Resize(fyne.NewSize(size.Width, canvasmodel.HeaderHeight*z/2))
	pad := 8 * z
	iconSize := 20 * z
	r.icon.Move(fyne.NewPos(pad, (canvasmodel.HeaderHeight*z-iconSize)/2))
	r.icon.Resize(fyne.NewSquareSize(iconSize))
	fitText(r.name, r.w.View.Name, size.Width-pad*4-iconSize*2)
	r.name.Move(fyne.NewPos(pad*2+iconSize, 0))
	r.name.Resize(fyne.NewSize(size.Width-pad*4-iconSize*2, canvasmodel.HeaderHeight*z))
	markSize := 18 * z
	markPos := fyne.NewPos(size.Width-pad-markSize, (canvasmodel.HeaderHeight*z-markSize)/2)
	r.mark.Move(markPos)
	r.mark.Resize(fyne.NewSquareSize(markSize))
	r.markText.Move(markPos)
	r.markText.Resize(fyne.NewSquareSize(markSize))

	v := r.w.View
	rowH := canvasmodel.RowHeight * z
	dot := 7 * z
	if len(b.Inputs) > 0 {
		r.inCaption.Move(at(b.Rect.X+pad/z, b.Inputs[0].Rect.Y-canvasmodel.SectionHeight))
		r.inCaption.Resize(fyne.NewSize(size.Width, canvasmodel.SectionHeight*z))
	}
	if len(b.Outputs) > 0 {
		r.outCaption.Move(at(b.Rect.X+pad/z, b.Outputs[0].Rect.Y-canvasmodel.SectionHeight))
		r.outCaption.Resize(fyne.NewSize(size.Width, canvasmodel.SectionHeight*z))
	}
	half := size.Width/2 - pad
	if len(v.Inputs) != len(r.inputs) || len(v.Outputs) != len(r.outputs) {
		return
	}
	for i, fb := range b.Inputs {
		if i >= len(r.inputs) {
			break
		}
		o := r.inputs[i]
		p := at(fb.Rect.X, fb.Rect.Y)
		o.port.Move(fyne.NewPos(-dot/2, p.Y+(rowH-dot)/2))
		o.port.Resize(fyne.NewSquareSize(dot))
		// The label keeps its width when it can; the value gets the rest of the row.
		labelW := min(fitText(o.label, v.Inputs[i].labelText(), half+pad), half+pad)
		valueX := pad*2.5 + labelW
		fitText(o.value, o.value.Text, size.Width-valueX-pad)
		o.label.Move(fyne.NewPos(pad*1.5, p.Y))
		o.label.Resize(fyne.NewSize(labelW, rowH))
		o.value.Move(fyne.NewPos(valueX, p.Y))
		o.value.Resize(fyne.NewSize(size.Width-valueX-pad, rowH))
	}
	for i, fb := range b.Outputs {
		if i >= len(r.outputs) {
			break
		}
		o := r.outputs[i]
		p := at(fb.Rect.X, fb.Rect.Y)
		fitText(o.label, v.Outputs[i].Label, size.Width-pad*2.5)
		o.label.Move(fyne.NewPos(pad, p.Y))
		o.label.Resize(fyne.NewSize(size.Width-pad*2.5, rowH))
		o.port.Move(fyne.NewPos(size.Width-dot/2, p.Y+(rowH-dot)/2))
		o.port.Resize(fyne.NewSquareSize(dot))
	}
	for i, ch := range b.Branches {
		if i >= len(r.bands) {
			break
		}
		bandRect := canvasmodel.Rect{X: ch.Rect.X - canvasmodel.BranchPad/2, Y: ch.Rect.Y - canvasmodel.BranchLabelHeight,
			W: b.Rect.W - canvasmodel.BranchPad, H: ch.Rect.H + canvasmodel.BranchLabelHeight + canvasmodel.BranchPad/2}
		r.bands[i].Move(at(bandRect.X, bandRect.Y))
		r.bands[i].Resize(fyne.NewSize(bandRect.W*z, bandRect.H*z))
		r.bandLabels[i].Move(at(ch.Rect.X, ch.Rect.Y-canvasmodel.BranchLabelHeight))
		r.bandLabels[i].Resize(fyne.NewSize(bandRect.W*z, canvasmodel.BranchLabelHeight*z))
	}
}

// fitText sets t to full, shortened with an ellipsis until it fits width, and returns the width
// it takes. Texts are measured only when laid out (never during a drag).
func fitText(t *canvas.Text, full string, width float32) float32 {
	measure := func(s string) float32 { return fyne.MeasureText(s, t.TextSize, t.TextStyle).Width }
	t.Text = full
	if w := measure(full); w <= width {
		return w
	}
	r := []rune(full)
	lo, hi := 0, len(r)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if measure(string(r[:mid])+"…") <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	t.Text = string(r[:lo]) + "…"
	return measure(t.Text)
}
