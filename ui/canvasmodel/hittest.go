package canvasmodel

// HitKind says what a pointer position is over.
type HitKind int

const (
	// HitNothing is empty canvas where nothing can be dropped.
	HitNothing HitKind = iota
	// HitGap is a place in a chain where a card can be inserted: before card Index of Chain.
	HitGap
	// HitCard is a card's header or body outside any field row.
	HitCard
	// HitInput is an input field row of a card.
	HitInput
	// HitOutput is an output field row of a card.
	HitOutput
)

func (k HitKind) String() string {
	switch k {
	case HitGap:
		return "gap"
	case HitCard:
		return "card"
	case HitInput:
		return "input"
	case HitOutput:
		return "output"
	}
	return "nothing"
}

// Hit is the result of hit-testing one point.
type Hit struct {
	Kind HitKind
	// Chain and Index are set for HitGap: insert before Chain[Index] (Index == len means append).
	Chain ChainRef
	Index int
	// Card is set for HitCard, HitInput and HitOutput; Field for HitInput and HitOutput.
	Card  string
	Field string
}

// HitTest finds what the viewport point p (relative to the canvas viewport's top-left, in view
// pixels) is over, given the current scroll offset and zoom. The innermost thing wins: a field
// row inside a card inside a branch beats the branch, which beats its function card.
func HitTest(l *Layout, v View, p Point) Hit {
	m := v.ToCanvas(p)
	if l == nil || l.Main == nil {
		return Hit{}
	}
	return hitMain(l.Main, m)
}

func hitMain(ch *ChainBox, m Point) Hit {
	if len(ch.Cards) == 0 {
		// An empty flow takes its first card anywhere.
		return Hit{Kind: HitGap, Chain: ch.Ref}
	}
	for _, c := range ch.Cards {
		if c.Rect.Contains(m) {
			return hitCard(c, m)
		}
	}
	if m.Y < 0 || m.Y >= ch.Rect.Bottom()+Margin {
		return Hit{}
	}
	last := ch.Cards[len(ch.Cards)-1]
	if m.X >= last.Rect.Right() {
		return Hit{Kind: HitGap, Chain: ch.Ref, Index: len(ch.Cards)}
	}
	return gapIndex(ch, m)
}

// gapIndex finds the gap left of the first card whose left edge is right of m. A point above or
// below a card (inside its column but outside the card) is no gap.
func gapIndex(ch *ChainBox, m Point) Hit {
	for i, c := range ch.Cards {
		if m.X < c.Rect.X {
			return Hit{Kind: HitGap, Chain: ch.Ref, Index: i}
		}
		if m.X < c.Rect.Right() {
			return Hit{}
		}
	}
	return Hit{Kind: HitGap, Chain: ch.Ref, Index: len(ch.Cards)}
}

func hitInner(ch *ChainBox, m Point) Hit {
	zone := Rect{X: ch.Rect.X - BranchPad, Y: ch.Rect.Y, W: ch.Rect.W + BranchPad, H: ch.Rect.H}
	if !zone.Contains(m) {
		return Hit{}
	}
	for _, c := range ch.Cards {
		if c.Rect.Contains(m) {
			return hitCard(c, m)
		}
	}
	return gapIndex(ch, m)
}

func hitCard(c *CardBox, m Point) Hit {
	for _, b := range c.Branches {
		if h := hitInner(b, m); h.Kind != HitNothing {
			return h
		}
	}
	for _, f := range c.Inputs {
		if f.Rect.Contains(m) {
			return Hit{Kind: HitInput, Card: c.ID, Field: f.Key}
		}
	}
	for _, f := range c.Outputs {
		if f.Rect.Contains(m) {
			return Hit{Kind: HitOutput, Card: c.ID, Field: f.Key}
		}
	}
	return Hit{Kind: HitCard, Card: c.ID}
}
