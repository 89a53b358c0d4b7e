package canvasmodel

import "github.com/flowdeck/flowdeck/engine/flow"

// ChainRef names one chain of cards: the flow's main chain (zero value) or a branch of a
// function card (If/Else "then"/"else", For Each "each").
type ChainRef struct {
	Parent string // card id of the function card; "" for the main chain
	Branch string
}

// IsMain reports whether r is the flow's main chain.
func (r ChainRef) IsMain() bool { return r.Parent == "" }

// Chain returns the cards of chain r, or nil and false when r's parent card does not exist.
func Chain(f *flow.Flow, r ChainRef) ([]flow.Card, bool) {
	if r.IsMain() {
		return f.Cards, true
	}
	p := FindCard(f, r.Parent)
	if p == nil {
		return nil, false
	}
	return p.Branches[r.Branch], true
}

// SetChain replaces the cards of chain r. It reports false when r's parent does not exist.
func SetChain(f *flow.Flow, r ChainRef, cards []flow.Card) bool {
	if r.IsMain() {
		f.Cards = cards
		return true
	}
	p := FindCard(f, r.Parent)
	if p == nil {
		return false
	}
	if p.Branches == nil {
		p.Branches = map[string][]flow.Card{}
	}
	p.Branches[r.Branch] = cards
	return true
}

// ChainState is a chain exactly as it was, so an undo can put it back byte for byte (a branch
// that was absent stays absent, an empty one stays empty).
type ChainState struct {
	ref      ChainRef
	cards    []flow.Card
	present  bool
	branches bool // the parent had a branches map
}

// SaveChain records chain r.
func SaveChain(f *flow.Flow, r ChainRef) ChainState {
	st := ChainState{ref: r}
	if r.IsMain() {
		st.cards, st.present = f.Cards, true
		return st
	}
	if p := FindCard(f, r.Parent); p != nil {
		st.branches = p.Branches != nil
		st.cards, st.present = p.Branches[r.Branch]
	}
	return st
}

// Restore puts the chain back as SaveChain found it.
func (st ChainState) Restore(f *flow.Flow) {
	if st.ref.IsMain() {
		f.Cards = st.cards
		return
	}
	p := FindCard(f, st.ref.Parent)
	if p == nil {
		return
	}
	switch {
	case st.present:
		SetChain(f, st.ref, st.cards)
	case p.Branches != nil:
		delete(p.Branches, st.ref.Branch)
		if len(p.Branches) == 0 && !st.branches {
			p.Branches = nil
		}
	}
}

// FindCard returns a pointer to the card with the given id anywhere in the flow. The pointer is
// valid until the chain holding the card is next changed.
func FindCard(f *flow.Flow, id string) *flow.Card {
	var found *flow.Card
	walk(f.Cards, func(c *flow.Card, _ ChainRef, _ int) bool {
		if c.ID == id {
			found = c
			return false
		}
		return true
	}, ChainRef{})
	return found
}

// Locate returns the chain holding card id and its index in that chain.
func Locate(f *flow.Flow, id string) (ChainRef, int, bool) {
	var ref ChainRef
	idx := -1
	walk(f.Cards, func(c *flow.Card, r ChainRef, i int) bool {
		if c.ID == id {
			ref, idx = r, i
			return false
		}
		return true
	}, ChainRef{})
	return ref, idx, idx >= 0
}

// Walk calls fn for every card in execution order (a function card before its branches),
// stopping when fn returns false.
func Walk(f *flow.Flow, fn func(c *flow.Card, chain ChainRef, index int) bool) {
	walk(f.Cards, fn, ChainRef{})
}

func walk(cards []flow.Card, fn func(*flow.Card, ChainRef, int) bool, ref ChainRef) bool {
	for i := range cards {
		c := &cards[i]
		if !fn(c, ref, i) {
			return false
		}
		for _, name := range sortedBranches(c) {
			if !walk(c.Branches[name], fn, ChainRef{Parent: c.ID, Branch: name}) {
				return false
			}
		}
	}
	return true
}

// sortedBranches lists a card's branch names in a stable order: the order the catalog declares
// is unknown here, so "then" before "else" and the rest alphabetically.
func sortedBranches(c *flow.Card) []string {
	if len(c.Branches) == 0 {
		return nil
	}
	names := make([]string, 0, len(c.Branches))
	for n := range c.Branches {
		names = append(names, n)
	}
	rank := func(s string) string {
		switch s {
		case "then":
			return "0"
		case "else":
			return "1"
		}
		return "2" + s
	}
	for i := 1; i < len(names); i++ {
		for j := i; j > 0 && rank(names[j]) < rank(names[j-1]); j-- {
			names[j], names[j-1] = names[j-1], names[j]
		}
	}
	return names
}

// Contains reports whether card ancestor is id itself or holds id somewhere in its branches.
func Contains(f *flow.Flow, ancestor, id string) bool {
	a := FindCard(f, ancestor)
	if a == nil {
		return false
	}
	if a.ID == id {
		return true
	}
	found := false
	for _, name := range sortedBranches(a) {
		walk(a.Branches[name], func(c *flow.Card, _ ChainRef, _ int) bool {
			if c.ID == id {
				found = true
				return false
			}
			return true
		}, ChainRef{})
	}
	return found
}

// Upstream returns the ids of the cards whose outputs card id may read: the cards before it in
// its chain and, for a card inside a branch, its function card and the cards before that, and so
// on out to the main chain. Cards inside an earlier card's branches are not upstream: whether
// they ran depends on the branch taken.
func Upstream(f *flow.Flow, id string) map[string]bool {
	out := map[string]bool{}
	cur := id
	for {
		ref, idx, ok := Locate(f, cur)
		if !ok {
			return out
		}
		cards, _ := Chain(f, ref)
		for i := 0; i < idx; i++ {
			out[cards[i].ID] = true
		}
		if ref.IsMain() {
			return out
		}
		out[ref.Parent] = true
		cur = ref.Parent
	}
}
