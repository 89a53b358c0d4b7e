package flow

import (
	"fmt"
	"slices"
	"strings"
)

// Step is one hop on the way to a card: the branch it is in (empty for the main chain) and its
// index in that chain.
type Step struct {
	Branch string
	Index  int
}

// Path locates a card: the first step is in the main chain, each later one in a branch of the
// card the previous step names. [{"" 2} {"each" 0}] is the first card inside the loop of the
// third card.
type Path []Step

// String writes a path as "cards[2].each[0]".
func (p Path) String() string {
	var b strings.Builder
	for i, s := range p {
		name := s.Branch
		if i == 0 && name == "" {
			name = "cards"
		}
		if i > 0 {
			b.WriteByte('.')
		}
		fmt.Fprintf(&b, "%s[%d]", name, s.Index)
	}
	return b.String()
}

// Walk calls fn for every card of f, branches included, in run order: each card before the
// cards of its branches, branches in BranchNames order. fn may change the card, not the chains.
func Walk(f *Flow, fn func(p Path, c *Card)) {
	walk(f, func(p Path, c *Card) bool { fn(p, c); return true })
}

// walk is Walk that stops when fn returns false.
func walk(f *Flow, fn func(Path, *Card) bool) {
	if f == nil {
		return
	}
	walkChain(f.Cards, nil, "", fn)
}

func walkChain(cards []Card, parent Path, branch string, fn func(Path, *Card) bool) bool {
	for i := range cards {
		p := append(slices.Clip(parent), Step{Branch: branch, Index: i})
		if !fn(p, &cards[i]) {
			return false
		}
		for _, name := range BranchNames(&cards[i]) {
			if !walkChain(cards[i].Branches[name], p, name, fn) {
				return false
			}
		}
	}
	return true
}

// BranchNames returns the names of c's branches in display order: then, else, each, then any
// other name alphabetically.
func BranchNames(c *Card) []string {
	names := sortedKeys(c.Branches)
	rank := func(n string) int {
		switch n {
		case BranchThen:
			return 0
		case BranchElse:
			return 1
		case BranchEach:
			return 2
		}
		return 3
	}
	slices.SortStableFunc(names, func(a, b string) int { return rank(a) - rank(b) })
	return names
}

// Find returns the card with the given id and its path, or nil. With duplicate ids (which
// Validate reports) it returns the first in run order.
func Find(f *Flow, id string) (*Card, Path) {
	var found *Card
	var at Path
	walk(f, func(p Path, c *Card) bool {
		if c.ID == id {
			found, at = c, p
			return false
		}
		return true
	})
	return found, at
}

// At returns the card at p, or nil if p leads nowhere.
func At(f *Flow, p Path) *Card {
	if f == nil || len(p) == 0 {
		return nil
	}
	chain := f.Cards
	var c *Card
	for i, s := range p {
		if i > 0 {
			chain = c.Branches[s.Branch]
		} else if s.Branch != "" {
			return nil
		}
		if s.Index < 0 || s.Index >= len(chain) {
			return nil
		}
		c = &chain[s.Index]
	}
	return c
}

// Clone returns a deep copy of f: changing the copy (cards, inputs, literal values) never
// changes f. Clone(nil) is nil.
func Clone(f *Flow) *Flow {
	if f == nil {
		return nil
	}
	c := *f
	c.Cards = cloneChain(f.Cards)
	return &c
}

func cloneChain(cards []Card) []Card {
	if cards == nil {
		return nil
	}
	out := make([]Card, len(cards))
	for i, c := range cards {
		out[i] = cloneCard(c)
	}
	return out
}

func cloneCard(c Card) Card {
	if c.Options != nil {
		opts := make(map[string]any, len(c.Options))
		for k, v := range c.Options {
			opts[k] = cloneValue(v)
		}
		c.Options = opts
	}
	if c.Inputs != nil {
		ins := make(map[string]Input, len(c.Inputs))
		for k, in := range c.Inputs {
			ins[k] = cloneInput(in)
		}
		c.Inputs = ins
	}
	if c.Branches != nil {
		br := make(map[string][]Card, len(c.Branches))
		for k, chain := range c.Branches {
			br[k] = cloneChain(chain)
		}
		c.Branches = br
	}
	if c.OnError != nil {
		p := *c.OnError
		if p.Values != nil {
			p.Values = cloneValue(p.Values).(map[string]any)
		}
		c.OnError = &p
	}
	return c
}

func cloneInput(in Input) Input {
	in.Literal = cloneValue(in.Literal)
	in.Ref = cloneRef(in.Ref)
	if in.Template != nil {
		parts := make([]TemplatePart, len(in.Template))
		for i, p := range in.Template {
			parts[i] = TemplatePart{Text: p.Text, Ref: cloneRef(p.Ref)}
		}
		in.Template = parts
	}
	return in
}

func cloneRef(r *Ref) *Ref {
	if r == nil {
		return nil
	}
	c := *r
	return &c
}

// cloneValue deep-copies the JSON shapes a literal can have; other values are copied as they are.
func cloneValue(v any) any {
	switch t := v.(type) {
	case map[string]any:
		if t == nil {
			return t
		}
		m := make(map[string]any, len(t))
		for k, e := range t {
			m[k] = cloneValue(e)
		}
		return m
	case []any:
		if t == nil {
			return t
		}
		s := make([]any, len(t))
		for i, e := range t {
			s[i] = cloneValue(e)
		}
		return s
	default:
		return v
	}
}

// Refs returns the wires an input reads: its reference, or the references of its template, in
// order. The canvas draws one line per wire; the runner resolves each.
func (in Input) Refs() []*Ref {
	if in.Ref != nil {
		return []*Ref{in.Ref}
	}
	var refs []*Ref
	for _, p := range in.Template {
		if p.Ref != nil {
			refs = append(refs, p.Ref)
		}
	}
	return refs
}
