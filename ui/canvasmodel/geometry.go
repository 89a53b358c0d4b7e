// Package canvasmodel is the pure geometry of the flow canvas: where every card, field row and
// insertion gap sits (at zoom 1), and hit-testing a pointer position against that layout through
// the canvas's scroll offset and zoom. It imports no Fyne, so it is tested with plain tables.
package canvasmodel

// Sizes in canvas units at zoom 1. The card widget draws with the same numbers times the zoom,
// so what the admin sees and what hit-testing measures cannot drift apart.
const (
	CardWidth     float32 = 240
	HeaderHeight  float32 = 40
	SectionHeight float32 = 20
	RowHeight     float32 = 22
	CardPadBottom float32 = 8
	// Gap is the horizontal space between two cards of a chain: the wires run through it and a
	// card dropped into it is inserted there.
	Gap    float32 = 64
	Margin float32 = 32
	// BranchLabelHeight is the caption row ("then", "else", "each") above an inner chain.
	BranchLabelHeight float32 = 22
	BranchPad         float32 = 16
	// EmptyBranchWidth and EmptyBranchHeight size the drop zone of a branch with no cards.
	EmptyBranchWidth  float32 = 180
	EmptyBranchHeight float32 = 56
	// TailWidth is the drop zone after the last card of an inner chain.
	TailWidth float32 = 48
)

// Point is a position in canvas or view units.
type Point struct{ X, Y float32 }

// Size is a width and height.
type Size struct{ W, H float32 }

// Rect is an axis-aligned box; X, Y is the top-left corner.
type Rect struct{ X, Y, W, H float32 }

// Contains reports whether p lies inside r (left/top edges inclusive, right/bottom exclusive).
func (r Rect) Contains(p Point) bool {
	return p.X >= r.X && p.X < r.X+r.W && p.Y >= r.Y && p.Y < r.Y+r.H
}

// Right is the x of the right edge.
func (r Rect) Right() float32 { return r.X + r.W }

// Bottom is the y of the bottom edge.
func (r Rect) Bottom() float32 { return r.Y + r.H }

// Scale returns r with every coordinate multiplied by z.
func (r Rect) Scale(z float32) Rect { return Rect{r.X * z, r.Y * z, r.W * z, r.H * z} }

// View is how the canvas currently shows the layout: Scroll is the scroll offset in view
// pixels (already zoomed), Zoom the scale factor (1 = 100 %).
type View struct {
	Scroll Point
	Zoom   float32
}

// ToCanvas maps a point in the visible viewport to canvas units at zoom 1.
func (v View) ToCanvas(p Point) Point {
	z := v.Zoom
	if z <= 0 {
		z = 1
	}
	return Point{(p.X + v.Scroll.X) / z, (p.Y + v.Scroll.Y) / z}
}

// ToView maps canvas units to a point in the visible viewport.
func (v View) ToView(p Point) Point {
	z := v.Zoom
	if z <= 0 {
		z = 1
	}
	return Point{p.X*z - v.Scroll.X, p.Y*z - v.Scroll.Y}
}
