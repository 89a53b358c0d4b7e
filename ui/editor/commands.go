package editor

import (
	"fmt"
	"slices"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/canvasmodel"
)

// Command is one undoable edit of a flow document. Do may fail (then the flow is unchanged);
// Undo exactly reverses a successful Do.
type Command interface {
	// Name is shown to the admin ("Undo Add Read User").
	Name() string
	Do(f *flow.Flow) error
	Undo(f *flow.Flow)
}

// merger is a command that can absorb the next one, so typing a literal letter by letter is a
// single undo step.
type merger interface {
	Merge(next Command) bool
}

type insertCard struct {
	chain canvasmodel.ChainRef
	index int
	card  flow.Card
	name  string
	prev  canvasmodel.ChainState
}

func (c *insertCard) Name() string { return c.name }

func (c *insertCard) Do(f *flow.Flow) error {
	cards, ok := canvasmodel.Chain(f, c.chain)
	if !ok {
		return fmt.Errorf("the card that held this branch is gone")
	}
	if c.index < 0 || c.index > len(cards) {
		return fmt.Errorf("position %d is outside the chain of %d cards", c.index, len(cards))
	}
	c.prev = canvasmodel.SaveChain(f, c.chain)
	canvasmodel.SetChain(f, c.chain, slices.Insert(slices.Clone(cards), c.index, c.card))
	return nil
}

func (c *insertCard) Undo(f *flow.Flow) { c.prev.Restore(f) }

// removeCard takes a card out of whatever chain holds it and returns it with the chain as it
// was.
func removeCard(f *flow.Flow, id string) (flow.Card, canvasmodel.ChainState, bool) {
	ref, idx, ok := canvasmodel.Locate(f, id)
	if !ok {
		return flow.Card{}, canvasmodel.ChainState{}, false
	}
	prev := canvasmodel.SaveChain(f, ref)
	cards, _ := canvasmodel.Chain(f, ref)
	card := cards[idx]
	canvasmodel.SetChain(f, ref, slices.Delete(slices.Clone(cards), idx, idx+1))
	return card, prev, true
}

// moveCard takes a card out of its chain and puts it at toIndex of chain to (counted after
// taking it out). Undo restores both chains as they were, the target first: it may sit inside
// a card of the source chain.
type moveCard struct {
	id      string
	to      canvasmodel.ChainRef
	toIndex int
	from    canvasmodel.ChainState
	target  canvasmodel.ChainState
}

func (c *moveCard) Name() string { return "Move card" }

func (c *moveCard) Do(f *flow.Flow) error {
	card, from, ok := removeCard(f, c.id)
	if !ok {
		return fmt.Errorf("card %s is not in this flow", c.id)
	}
	cards, ok := canvasmodel.Chain(f, c.to)
	if !ok || c.toIndex < 0 || c.toIndex > len(cards) {
		from.Restore(f)
		return fmt.Errorf("that place is not in the flow")
	}
	c.from, c.target = from, canvasmodel.SaveChain(f, c.to)
	canvasmodel.SetChain(f, c.to, slices.Insert(slices.Clone(cards), c.toIndex, card))
	return nil
}

func (c *moveCard) Undo(f *flow.Flow) {
	c.target.Restore(f)
	c.from.Restore(f)
}

// setInput binds, rebinds or clears (new == nil) one input; wiring, unwiring and typing a
// literal are all this command under different names.
type setInput struct {
	name   string
	card   string
	key    string
	new    *flow.Input
	old    *flow.Input
	merges bool
}

func (c *setInput) Name() string { return c.name }

func (c *setInput) Do(f *flow.Flow) error {
	card := canvasmodel.FindCard(f, c.card)
	if card == nil {
		return fmt.Errorf("card %s is not in this flow", c.card)
	}
	if in, ok := card.Inputs[c.key]; ok {
		old := in
		c.old = &old
	} else {
		c.old = nil
	}
	putInput(card, c.key, c.new)
	return nil
}

func (c *setInput) Undo(f *flow.Flow) {
	if card := canvasmodel.FindCard(f, c.card); card != nil {
		putInput(card, c.key, c.old)
	}
}

// Merge folds a following literal edit of the same field into this one; the undo then goes
// back to the value before the first keystroke.
func (c *setInput) Merge(next Command) bool {
	n, ok := next.(*setInput)
	if !ok || !c.merges || !n.merges || n.card != c.card || n.key != c.key {
		return false
	}
	c.new = n.new
	return true
}

func putInput(card *flow.Card, key string, in *flow.Input) {
	if in == nil {
		delete(card.Inputs, key)
		if len(card.Inputs) == 0 {
			card.Inputs = nil
		}
		return
	}
	if card.Inputs == nil {
		card.Inputs = map[string]flow.Input{}
	}
	card.Inputs[key] = *in
}

type setOption struct {
	card   string
	key    string
	value  any
	old    any
	hadOld bool
}

func (c *setOption) Name() string { return "Change option" }

func (c *setOption) Do(f *flow.Flow) error {
	card := canvasmodel.FindCard(f, c.card)
	if card == nil {
		return fmt.Errorf("card %s is not in this flow", c.card)
	}
	c.old, c.hadOld = card.Options[c.key]
	if card.Options == nil {
		card.Options = map[string]any{}
	}
	card.Options[c.key] = c.value
	return nil
}

func (c *setOption) Undo(f *flow.Flow) {
	card := canvasmodel.FindCard(f, c.card)
	if card == nil {
		return
	}
	if c.hadOld {
		card.Options[c.key] = c.old
		return
	}
	delete(card.Options, c.key)
	if len(card.Options) == 0 {
		card.Options = nil
	}
}

// cutWire remembers an input that deleting a card unwired.
type cutWire struct {
	card, key string
	in        flow.Input
}

type deleteCard struct {
	id   string
	name string
	prev canvasmodel.ChainState
	cut  []cutWire
}

func (c *deleteCard) Name() string { return c.name }

func (c *deleteCard) Do(f *flow.Flow) error {
	card, prev, ok := removeCard(f, c.id)
	if !ok {
		return fmt.Errorf("card %s is not in this flow", c.id)
	}
	c.prev = prev
	// Wires into the deleted card (and its inner cards) would dangle: cut them, and put them
	// back on undo.
	gone := map[string]bool{}
	walkCards([]flow.Card{card}, func(x *flow.Card) { gone[x.ID] = true })
	c.cut = nil
	canvasmodel.Walk(f, func(x *flow.Card, _ canvasmodel.ChainRef, _ int) bool {
		for _, k := range sortedKeys(x.Inputs) {
			in := x.Inputs[k]
			if refersTo(in, gone) {
				c.cut = append(c.cut, cutWire{card: x.ID, key: k, in: in})
				putInput(x, k, nil)
			}
		}
		return true
	})
	return nil
}

func (c *deleteCard) Undo(f *flow.Flow) {
	c.prev.Restore(f)
	for _, w := range c.cut {
		if x := canvasmodel.FindCard(f, w.card); x != nil {
			in := w.in
			putInput(x, w.key, &in)
		}
	}
}

func refersTo(in flow.Input, ids map[string]bool) bool {
	if in.Ref != nil && ids[in.Ref.Card] {
		return true
	}
	for _, p := range in.Template {
		if p.Ref != nil && ids[p.Ref.Card] {
			return true
		}
	}
	return false
}

func walkCards(cards []flow.Card, fn func(*flow.Card)) {
	for i := range cards {
		fn(&cards[i])
		for _, b := range cards[i].Branches {
			walkCards(b, fn)
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// rename changes the flow's name; consecutive renames are one undo step, like typing.
type rename struct {
	name, old string
}

func (c *rename) Name() string { return "Rename flow" }

func (c *rename) Do(f *flow.Flow) error {
	c.old = f.Name
	f.Name = c.name
	return nil
}

func (c *rename) Undo(f *flow.Flow) { f.Name = c.old }

func (c *rename) Merge(next Command) bool {
	n, ok := next.(*rename)
	if ok {
		c.name = n.name
	}
	return ok
}

type setConnection struct {
	id, old string
}

func (c *setConnection) Name() string { return "Change the flow's connection" }

func (c *setConnection) Do(f *flow.Flow) error {
	c.old = f.Connection
	f.Connection = c.id
	return nil
}

func (c *setConnection) Undo(f *flow.Flow) { f.Connection = c.old }
