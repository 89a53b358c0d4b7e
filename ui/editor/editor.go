// Package editor is the flow being edited: the document, the rules an edit must keep (a flow
// starts with one event card; a wire reads an earlier card's output), undo and redo as a stack
// of commands, and validation problems. It imports no Fyne; the canvas and inspector call it.
package editor

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/canvasmodel"
)

// Change tells listeners what an edit touched.
type Change struct {
	// Layout is true when cards were added, removed or moved: the canvas lays out again.
	// Otherwise only the bindings of Card changed and only that card is redrawn.
	Layout bool
	Card   string
}

// Editor holds one flow being edited.
type Editor struct {
	reg    *catalog.Registry
	lookup canvasmodel.SpecLookup
	f      *flow.Flow
	layout *canvasmodel.Layout

	done, undone []Command
	// savedAt is the length of done when the flow was last saved; -1 when that state is no
	// longer reachable by undo or redo.
	savedAt  int
	problems []Problem

	// revision counts changes, so a save that finishes later knows whether it saved the
	// current document.
	revision  uint64
	listeners []func(Change)
	// NewID makes card ("c") and wire ("w") ids; tests replace it to get stable ids.
	NewID func(prefix string) string
}

// Problem is one validation finding, shown as a mark on the card and on the field.
type Problem = flow.Problem

// New starts editing f. The editor owns f from now on.
func New(f *flow.Flow, reg *catalog.Registry) *Editor {
	e := &Editor{reg: reg, lookup: canvasmodel.RegistryLookup(reg), f: f, NewID: newID}
	e.refresh()
	return e
}

func newID(prefix string) string {
	switch prefix {
	case "c":
		return flow.NewCardID()
	case "w":
		return flow.NewWireID()
	}
	return RandomID(prefix)
}

// RandomID makes a new random id with the given prefix, for flows ("f_…").
func RandomID(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + "_" + hex.EncodeToString(b[:])
}

// Flow returns the document. Callers must not change it; edit through the editor.
func (e *Editor) Flow() *flow.Flow { return e.f }

// Layout returns the canvas geometry of the current document at zoom 1.
func (e *Editor) Layout() *canvasmodel.Layout { return e.layout }

// Registry returns the card catalog the editor checks against.
func (e *Editor) Registry() *catalog.Registry { return e.reg }

// Spec returns the catalog spec of a card in the flow, or nil.
func (e *Editor) Spec(cardID string) *catalog.Spec {
	c := canvasmodel.FindCard(e.f, cardID)
	if c == nil {
		return nil
	}
	return e.lookup(c.Type)
}

// Card returns the card with the given id, or nil.
func (e *Editor) Card(id string) *flow.Card { return canvasmodel.FindCard(e.f, id) }

// Problems returns the validation problems of the current document.
func (e *Editor) Problems() []Problem { return e.problems }

// ProblemsFor returns the problems of one card (Field "" for the card itself).
func (e *Editor) ProblemsFor(cardID string) []Problem {
	var out []Problem
	for _, p := range e.problems {
		if p.CardID == cardID {
			out = append(out, p)
		}
	}
	return out
}

// OnChange registers fn to be called after every edit, undo and redo.
func (e *Editor) OnChange(fn func(Change)) { e.listeners = append(e.listeners, fn) }

// Dirty reports whether the document differs from what was last saved.
func (e *Editor) Dirty() bool { return e.savedAt != len(e.done) }

// MarkSaved records that the current document is what the store holds.
func (e *Editor) MarkSaved() { e.savedAt = len(e.done) }

// MarkUnsaved records that the document differs from the store, e.g. when it holds edits
// recovered from an earlier session.
func (e *Editor) MarkUnsaved() { e.savedAt = -1 }

// Revision changes with every edit, undo and redo.
func (e *Editor) Revision() uint64 { return e.revision }

// CanUndo and CanRedo say whether there is something to undo or redo.
func (e *Editor) CanUndo() bool { return len(e.done) > 0 }

// CanRedo reports whether an undone edit can be redone.
func (e *Editor) CanRedo() bool { return len(e.undone) > 0 }

// UndoName is the name of the edit Undo would reverse ("" when none).
func (e *Editor) UndoName() string {
	if len(e.done) == 0 {
		return ""
	}
	return e.done[len(e.done)-1].Name()
}

// RedoName is the name of the edit Redo would repeat ("" when none).
func (e *Editor) RedoName() string {
	if len(e.undone) == 0 {
		return ""
	}
	return e.undone[len(e.undone)-1].Name()
}

// Undo reverses the last edit.
func (e *Editor) Undo() bool {
	if len(e.done) == 0 {
		return false
	}
	c := e.done[len(e.done)-1]
	e.done = e.done[:len(e.done)-1]
	c.Undo(e.f)
	e.undone = append(e.undone, c)
	e.changed(changeOf(c))
	return true
}

// Redo repeats the last undone edit.
func (e *Editor) Redo() bool {
	if len(e.undone) == 0 {
		return false
	}
	c := e.undone[len(e.undone)-1]
	if err := c.Do(e.f); err != nil {
		// The document no longer allows it; drop the redo history rather than fail forever.
		e.undone = nil
		return false
	}
	e.undone = e.undone[:len(e.undone)-1]
	e.done = append(e.done, c)
	e.changed(changeOf(c))
	return true
}

func (e *Editor) apply(c Command) error {
	if len(e.undone) > 0 && e.savedAt > len(e.done) {
		e.savedAt = -1
	}
	if err := c.Do(e.f); err != nil {
		return err
	}
	e.undone = nil
	if n := len(e.done); n > 0 && n != e.savedAt {
		if m, ok := e.done[n-1].(merger); ok && m.Merge(c) {
			e.changed(changeOf(c))
			return nil
		}
	}
	e.done = append(e.done, c)
	e.changed(changeOf(c))
	return nil
}

func changeOf(c Command) Change {
	switch c := c.(type) {
	case *setInput:
		// A member input ("values.department") appears or goes as its own row.
		if strings.Contains(c.key, ".") {
			return Change{Layout: true, Card: c.card}
		}
		return Change{Card: c.card}
	case *setOption:
		return Change{Card: c.card}
	case *rename:
		return Change{}
	}
	return Change{Layout: true}
}

func (e *Editor) changed(ch Change) {
	e.revision++
	e.refresh()
	for _, fn := range e.listeners {
		fn(ch)
	}
}

// refresh recomputes the layout, writes each card's canvas position into the document (so the
// saved file shows the flow as the canvas does) and re-validates.
func (e *Editor) refresh() {
	e.layout = canvasmodel.Compute(e.f, e.lookup)
	canvasmodel.Walk(e.f, func(c *flow.Card, _ canvasmodel.ChainRef, _ int) bool {
		if b, ok := e.layout.Cards[c.ID]; ok {
			c.Position = flow.Position{X: b.Rect.X, Y: b.Rect.Y}
		}
		return true
	})
	e.problems = flow.Validate(e.f, e.reg)
}

// ErrRefused wraps every edit the flow's rules do not allow; its message is for the admin.
var ErrRefused = errors.New("not allowed")

func refused(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrRefused}, a...)...)
}

// AddCard places a new card of catalog type specID into chain at index and returns its id.
func (e *Editor) AddCard(specID string, chain canvasmodel.ChainRef, index int) (string, error) {
	spec, ok := e.reg.Lookup(specID)
	if !ok {
		return "", refused("the card type %s is not in this version of Flowdeck", specID)
	}
	if err := e.checkPlace(spec, chain, index, ""); err != nil {
		return "", err
	}
	card := flow.Card{ID: e.NewID("c"), Type: spec.ID, Version: spec.Version}
	cards, _ := canvasmodel.Chain(e.f, chain)
	name := "Add " + spec.Name
	if index < len(cards) {
		name = "Insert " + spec.Name
	}
	if err := e.apply(&insertCard{chain: chain, index: index, card: card, name: name}); err != nil {
		return "", err
	}
	return card.ID, nil
}

// checkPlace enforces the chain rules for putting a card of spec at chain[index]; moving is
// the card being moved ("" when adding).
func (e *Editor) checkPlace(spec *catalog.Spec, chain canvasmodel.ChainRef, index int, moving string) error {
	if _, ok := canvasmodel.Chain(e.f, chain); !ok {
		return refused("that branch is no longer in the flow")
	}
	if moving != "" {
		if chain.Parent != "" && canvasmodel.Contains(e.f, moving, chain.Parent) {
			return refused("a card cannot be moved into its own branch")
		}
	}
	if spec.Kind == catalog.KindEvent {
		if !chain.IsMain() || index != 0 {
			return refused("%s is an event card: it can only start a flow, as its first card", spec.Name)
		}
		if len(e.f.Cards) > 0 && e.isEvent(e.f.Cards[0]) && e.f.Cards[0].ID != moving {
			return refused("this flow already starts with %s; a flow has one event card. Delete it first to start with %s instead", e.nameOf(e.f.Cards[0]), spec.Name)
		}
		return nil
	}
	if chain.IsMain() && index == 0 {
		return refused("a flow starts with an event card: drop an Okta event (such as User Created) first, then %s after it", spec.Name)
	}
	return nil
}

func (e *Editor) isEvent(c flow.Card) bool {
	s := e.lookup(c.Type)
	return s != nil && s.Kind == catalog.KindEvent
}

func (e *Editor) nameOf(c flow.Card) string {
	if c.Label != "" {
		return c.Label
	}
	if s := e.lookup(c.Type); s != nil {
		return s.Name
	}
	return c.Type
}

// CardName is the label a card shows on the canvas.
func (e *Editor) CardName(id string) string {
	c := e.Card(id)
	if c == nil {
		return id
	}
	return e.nameOf(*c)
}

// MoveCard moves card id to chain at index, where index counts the target chain as it is now
// (with the card still in place): dropping a card into the gap it already borders is no edit.
func (e *Editor) MoveCard(id string, chain canvasmodel.ChainRef, index int) (bool, error) {
	from, fromIdx, ok := canvasmodel.Locate(e.f, id)
	if !ok {
		return false, refused("that card is no longer in the flow")
	}
	if from == chain && (index == fromIdx || index == fromIdx+1) {
		return false, nil
	}
	to := index
	if from == chain && index > fromIdx {
		to--
	}
	card := canvasmodel.FindCard(e.f, id)
	spec := e.lookup(card.Type)
	if spec == nil {
		return false, refused("the card type %s is not in this version of Flowdeck", card.Type)
	}
	if spec.Kind == catalog.KindEvent {
		return false, refused("%s is the event that starts this flow; it stays first", spec.Name)
	}
	if err := e.checkPlace(spec, chain, index, id); err != nil {
		return false, err
	}
	if from.IsMain() && fromIdx == 0 && len(e.f.Cards) > 1 && !e.isEvent(e.f.Cards[1]) {
		return false, refused("a flow starts with an event card; moving %s away would leave %s first", spec.Name, e.nameOf(e.f.Cards[1]))
	}
	return true, e.apply(&moveCard{id: id, to: chain, toIndex: to})
}

// InputField resolves an input key of a card type: a declared input, or a member of an
// object input ("values.department": Assign's values are bound member by member).
func InputField(spec *catalog.Spec, key string) (catalog.Field, bool) {
	if f, ok := spec.Input(key); ok {
		return f, true
	}
	base, member, ok := strings.Cut(key, ".")
	if !ok || member == "" {
		return catalog.Field{}, false
	}
	f, ok := spec.Input(base)
	if !ok || f.Type != catalog.TypeObject {
		return catalog.Field{}, false
	}
	return catalog.Field{Key: key, Name: f.Name + " → " + member, Type: catalog.TypeAny}, true
}

// AddMember binds a new member of object input base (e.g. "department" of Assign's values)
// to a literal value. The member is then wired or edited like any input.
func (e *Editor) AddMember(id, base, member string, value any) error {
	spec := e.Spec(id)
	if spec == nil {
		return refused("that card is no longer in the flow")
	}
	member = strings.TrimSpace(member)
	if member == "" || strings.ContainsAny(member, ". ") {
		return refused("a field name needs letters or digits, without dots or spaces")
	}
	f, ok := spec.Input(base)
	if !ok || f.Type != catalog.TypeObject {
		return refused("%s has no object input %q", spec.Name, base)
	}
	key := base + "." + member
	if _, taken := e.Card(id).Inputs[key]; taken {
		return refused("%s already has a field %q", f.Name, member)
	}
	if s, isString := value.(string); isString && s == "" {
		return refused("type a value for %q (or add it, then drag an output onto it)", member)
	}
	return e.apply(&setInput{name: "Add field " + member, card: id, key: key, new: &flow.Input{Literal: value}})
}

// Wire binds input key of card to to output path of card from, with a new wire id.
func (e *Editor) Wire(from, path, to, key string) error {
	src, dst := e.Spec(from), e.Spec(to)
	if src == nil || dst == nil {
		return refused("that card is no longer in the flow")
	}
	out, ok := src.OutputPath(strings.SplitN(path, ".", 2)[0])
	if !ok {
		return refused("%s has no output %q", src.Name, path)
	}
	if _, ok := src.OutputPath(path); !ok {
		return refused("%s has no output %q", src.Name, path)
	}
	if branch, inner := strings.CutPrefix(out.Group, "branch:"); inner && !insideBranch(e.f, to, from, branch) {
		return refused("%s of %s exists only inside its %q cards; drop it on a card there", out.Name, src.Name, branch)
	}
	in, ok := InputField(dst, key)
	if !ok {
		return refused("%s has no input %q", dst.Name, key)
	}
	if from == to || !canvasmodel.Upstream(e.f, to)[from] {
		return refused("%s can only read outputs of cards that run before it; %s does not", dst.Name, e.CardName(from))
	}
	ref := &flow.Ref{ID: e.NewID("w"), Card: from, Path: path}
	return e.apply(&setInput{name: "Wire " + in.Name, card: to, key: key, new: &flow.Input{Ref: ref}})
}

// insideBranch reports whether card id sits (at any depth) in branch of card parent.
func insideBranch(f *flow.Flow, id, parent, branch string) bool {
	cur := id
	for {
		ref, _, ok := canvasmodel.Locate(f, cur)
		if !ok || ref.IsMain() {
			return false
		}
		if ref.Parent == parent && ref.Branch == branch {
			return true
		}
		cur = ref.Parent
	}
}

// SetWirePath points the wire of input key of card id at another field of the same source
// card (e.g. from "user" to "user.id"), keeping the wire's id.
func (e *Editor) SetWirePath(id, key, path string) error {
	c := e.Card(id)
	if c == nil {
		return refused("that card is no longer in the flow")
	}
	in, ok := c.Inputs[key]
	if !ok || in.Ref == nil {
		return refused("that input is not wired")
	}
	src := e.Spec(in.Ref.Card)
	if src == nil {
		return refused("the card this input reads is no longer in the flow")
	}
	if _, ok := src.OutputPath(path); !ok {
		return refused("%s has no output %q", src.Name, path)
	}
	ref := *in.Ref
	ref.Path = path
	return e.apply(&setInput{name: "Change wire", card: id, key: key, new: &flow.Input{Ref: &ref}})
}

// Unwire clears input key of card id.
func (e *Editor) Unwire(id, key string) error {
	c := e.Card(id)
	if c == nil {
		return refused("that card is no longer in the flow")
	}
	if _, ok := c.Inputs[key]; !ok {
		return nil
	}
	return e.apply(&setInput{name: "Unwire " + key, card: id, key: key})
}

// SetLiteral types a literal into input key of card id; "" clears it. Consecutive edits of
// one field are one undo step.
func (e *Editor) SetLiteral(id, key string, value any) error {
	spec := e.Spec(id)
	if spec == nil {
		return refused("that card is no longer in the flow")
	}
	if _, ok := InputField(spec, key); !ok {
		return refused("%s has no input %q", spec.Name, key)
	}
	var in *flow.Input
	if s, isString := value.(string); !isString || s != "" {
		in = &flow.Input{Literal: value}
	}
	return e.apply(&setInput{name: "Type value", card: id, key: key, new: in, merges: true})
}

// SetOption sets an option of card id.
func (e *Editor) SetOption(id, key string, value any) error {
	spec := e.Spec(id)
	if spec == nil {
		return refused("that card is no longer in the flow")
	}
	if _, ok := spec.Option(key); !ok {
		return refused("%s has no option %q", spec.Name, key)
	}
	return e.apply(&setOption{card: id, key: key, value: value})
}

// Rename changes the flow's name (a label only: references use ids).
func (e *Editor) Rename(name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return refused("a flow needs a name")
	}
	if name == e.f.Name {
		return nil
	}
	return e.apply(&rename{name: name})
}

// SetConnection makes the flow act on the connection with id (a reference, never a secret).
func (e *Editor) SetConnection(id string) error {
	if id == e.f.Connection {
		return nil
	}
	return e.apply(&setConnection{id: id})
}

// DeleteCard removes card id (and its inner cards); wires that read from them are cut.
// Deleting the event card is allowed so another can take its place; until then validation
// marks the flow.
func (e *Editor) DeleteCard(id string) error {
	c := e.Card(id)
	if c == nil {
		return refused("that card is no longer in the flow")
	}
	return e.apply(&deleteCard{id: id, name: "Delete " + e.nameOf(*c)})
}
