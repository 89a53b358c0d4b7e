package canvasmodel

import (
	"sort"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

// FieldBox is one input or output row on a card.
type FieldBox struct {
	Key  string
	Name string
	Rect Rect
}

// CardBox is where one card and its rows sit.
type CardBox struct {
	ID    string
	Chain ChainRef
	Index int
	// Rect covers the whole card, inner chains included.
	Rect    Rect
	Header  Rect
	Inputs  []FieldBox
	Outputs []FieldBox
	// Branches are the inner chains of a function card, top to bottom.
	Branches []*ChainBox
}

// Input returns the row of input key.
func (c *CardBox) Input(key string) (FieldBox, bool) { return findBox(c.Inputs, key) }

// Output returns the row of output key.
func (c *CardBox) Output(key string) (FieldBox, bool) { return findBox(c.Outputs, key) }

func findBox(bs []FieldBox, key string) (FieldBox, bool) {
	for _, b := range bs {
		if b.Key == key {
			return b, true
		}
	}
	return FieldBox{}, false
}

// ChainBox is one chain: its cards left to right and the band they occupy.
type ChainBox struct {
	Ref   ChainRef
	Label string
	// Rect is the band of the chain, from its first drop zone to its last, as tall as its
	// tallest card (or the empty drop zone).
	Rect  Rect
	Cards []*CardBox
}

// Layout is the geometry of a whole flow at zoom 1.
type Layout struct {
	Main *ChainBox
	// Cards indexes every card box by card id.
	Cards map[string]*CardBox
	// Order lists the card boxes in execution order.
	Order []*CardBox
	// Size is the extent of the canvas content, margins included.
	Size Size
}

// SpecLookup finds a card's spec by type id; nil when unknown (the card is then drawn with no
// fields, and validation reports it).
type SpecLookup func(typeID string) *catalog.Spec

// RegistryLookup adapts a registry to a SpecLookup.
func RegistryLookup(r *catalog.Registry) SpecLookup {
	return func(id string) *catalog.Spec {
		s, _ := r.Lookup(id)
		return s
	}
}

// Compute lays out f: the main chain left to right from the top-left margin, inner chains
// inside their function card, one band per branch.
func Compute(f *flow.Flow, lookup SpecLookup) *Layout {
	l := &Layout{Cards: map[string]*CardBox{}}
	l.Main = l.chain(f.Cards, ChainRef{}, "", Margin, Margin, lookup, true)
	l.Size = Size{W: l.Main.Rect.Right() + Margin, H: l.Main.Rect.Bottom() + Margin}
	return l
}

func (l *Layout) chain(cards []flow.Card, ref ChainRef, label string, x, y float32, lookup SpecLookup, main bool) *ChainBox {
	cb := &ChainBox{Ref: ref, Label: label}
	startX := x
	var h float32
	for i := range cards {
		box := l.card(&cards[i], ref, i, x, y, lookup)
		cb.Cards = append(cb.Cards, box)
		x = box.Rect.Right() + Gap
		if box.Rect.H > h {
			h = box.Rect.H
		}
	}
	switch {
	case len(cards) == 0:
		// An empty chain is one drop zone.
		cb.Rect = Rect{X: startX, Y: y, W: EmptyBranchWidth, H: EmptyBranchHeight}
	case main:
		cb.Rect = Rect{X: startX, Y: y, W: x - startX, H: h}
	default:
		cb.Rect = Rect{X: startX, Y: y, W: x - Gap + TailWidth - startX, H: h}
	}
	return cb
}

func (l *Layout) card(c *flow.Card, ref ChainRef, idx int, x, y float32, lookup SpecLookup) *CardBox {
	box := &CardBox{ID: c.ID, Chain: ref, Index: idx}
	l.Cards[c.ID] = box
	l.Order = append(l.Order, box)
	spec := lookup(c.Type)
	cy := y + HeaderHeight
	var ins, outs []catalog.Field
	var branches []string
	if spec != nil {
		ins, outs, branches = spec.Inputs, spec.Outputs, spec.Branches
	}
	for _, b := range sortedBranches(c) {
		if !containsString(branches, b) {
			branches = append(branches, b)
		}
	}
	if len(ins) > 0 {
		cy += SectionHeight
		for _, fd := range ins {
			box.Inputs = append(box.Inputs, FieldBox{Key: fd.Key, Name: fd.Name, Rect: Rect{X: x, Y: cy, H: RowHeight}})
			cy += RowHeight
			// An object input bound member by member ("values.department") shows a row per
			// member under it, so each member can be wired on its own.
			for _, key := range MemberKeys(c, fd) {
				name := fd.Name + " → " + strings.TrimPrefix(key, fd.Key+".")
				box.Inputs = append(box.Inputs, FieldBox{Key: key, Name: name, Rect: Rect{X: x, Y: cy, H: RowHeight}})
				cy += RowHeight
			}
		}
	}
	if len(outs) > 0 {
		cy += SectionHeight
		for _, fd := range outs {
			box.Outputs = append(box.Outputs, FieldBox{Key: fd.Key, Name: fd.Name, Rect: Rect{X: x, Y: cy, H: RowHeight}})
			cy += RowHeight
		}
	}
	w := CardWidth
	for _, b := range branches {
		cy += BranchLabelHeight
		inner := l.chain(c.Branches[b], ChainRef{Parent: c.ID, Branch: b}, b, x+BranchPad, cy, lookup, false)
		box.Branches = append(box.Branches, inner)
		cy = inner.Rect.Bottom() + BranchPad
		if iw := inner.Rect.W + 2*BranchPad; iw > w {
			w = iw
		}
	}
	// Rows span the final width, which inner chains may have widened.
	for i := range box.Inputs {
		box.Inputs[i].Rect.W = w
	}
	for i := range box.Outputs {
		box.Outputs[i].Rect.W = w
	}
	box.Header = Rect{X: x, Y: y, W: w, H: HeaderHeight}
	box.Rect = Rect{X: x, Y: y, W: w, H: cy + CardPadBottom - y}
	return box
}

func containsString(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// MemberKeys lists the member bindings ("values.department") of object input f on card c,
// sorted.
func MemberKeys(c *flow.Card, f catalog.Field) []string {
	if f.Type != catalog.TypeObject {
		return nil
	}
	var keys []string
	for k := range c.Inputs {
		if strings.HasPrefix(k, f.Key+".") && len(k) > len(f.Key)+1 {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// ChainBox returns the box of chain ref.
func (l *Layout) ChainBox(ref ChainRef) (*ChainBox, bool) {
	if ref.IsMain() {
		return l.Main, l.Main != nil
	}
	p, ok := l.Cards[ref.Parent]
	if !ok {
		return nil, false
	}
	for _, b := range p.Branches {
		if b.Ref == ref {
			return b, true
		}
	}
	return nil, false
}

// GapRect is where the canvas draws the insertion marker for a drop before chain[index]: a
// thin bar in the middle of the gap, as tall as the chain.
func (l *Layout) GapRect(ref ChainRef, index int) (Rect, bool) {
	ch, ok := l.ChainBox(ref)
	if !ok || index < 0 || index > len(ch.Cards) {
		return Rect{}, false
	}
	const w = 6
	if len(ch.Cards) == 0 {
		return Rect{X: ch.Rect.X, Y: ch.Rect.Y, W: w, H: ch.Rect.H}, true
	}
	var x float32
	if index < len(ch.Cards) {
		x = ch.Cards[index].Rect.X - Gap/2
		if index == 0 && !ref.IsMain() {
			x = ch.Cards[0].Rect.X - BranchPad/2
		}
	} else {
		x = ch.Cards[index-1].Rect.Right() + Gap/2
		if !ref.IsMain() {
			x = ch.Cards[index-1].Rect.Right() + TailWidth/2
		}
	}
	if index == 0 && ref.IsMain() {
		x = ch.Cards[0].Rect.X - Margin/2
	}
	return Rect{X: x - w/2, Y: ch.Rect.Y, W: w, H: ch.Rect.H}, true
}
