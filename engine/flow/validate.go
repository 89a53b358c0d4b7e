package flow

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// Validate checks f against the card catalog and returns every problem it finds (not only the
// first), grouped by card in run order. A flow with no problems can be switched on. Validate
// never changes f and accepts any flow built in code, including ones Decode would refuse.
// A nil registry knows no cards.
func Validate(f *Flow, reg *catalog.Registry) []Problem {
	if reg == nil {
		reg = catalog.NewRegistry()
	}
	v := &validator{reg: reg, byID: map[string]*entry{}, wires: map[string]wireUse{}}
	if f == nil || len(f.Cards) == 0 {
		return []Problem{{Code: CodeEmptyFlow, Message: "the flow has no cards; start it with an Okta event card"}}
	}
	v.index(f.Cards, nil, "")
	for _, e := range v.entries {
		v.checkCard(e)
	}
	var out []Problem
	for _, e := range v.entries {
		out = append(out, e.problems...)
	}
	return out
}

// entry is one card with where it sits, so references can be checked for order and scope.
type entry struct {
	card   *Card
	spec   *catalog.Spec // nil when the card type is unknown
	parent *entry        // the card whose branch holds this one; nil in the main chain
	branch string
	index  int    // in its chain
	dupOf  *entry // the earlier card with the same id

	problems []Problem
}

type wireUse struct {
	e     *entry
	input string // as messages name it: input "User ID"
}

type validator struct {
	reg     *catalog.Registry
	entries []*entry
	byID    map[string]*entry // the first card with each id
	wires   map[string]wireUse
}

func (v *validator) index(cards []Card, parent *entry, branch string) {
	for i := range cards {
		c := &cards[i]
		e := &entry{card: c, parent: parent, branch: branch, index: i}
		e.spec, _ = v.reg.Lookup(c.Type)
		v.entries = append(v.entries, e)
		if _, dup := v.byID[c.ID]; !dup {
			v.byID[c.ID] = e
		} else {
			e.dupOf = v.byID[c.ID]
		}
		for _, name := range BranchNames(c) {
			v.index(c.Branches[name], e, name)
		}
	}
}

// name is how messages call a card: its label, its card's name, or its type.
func (e *entry) name() string {
	switch {
	case e.card.Label != "":
		return e.card.Label
	case e.spec != nil:
		return e.spec.Name
	case e.card.Type != "":
		return e.card.Type
	}
	return "unnamed card"
}

// mention names another card in a message: "Read User" (c_9).
func (e *entry) mention() string { return fmt.Sprintf("%q (%s)", e.name(), e.card.ID) }

func (e *entry) add(field, code, format string, a ...any) {
	e.problems = append(e.problems, Problem{
		CardID: e.card.ID, CardName: e.name(), Field: field, Code: code, Message: fmt.Sprintf(format, a...),
	})
}

func (v *validator) checkCard(e *entry) {
	c := e.card
	switch {
	case c.ID == "":
		e.add("", CodeBadCardID, "has no id; every card needs a unique id starting with %q", CardIDPrefix)
	case !ValidCardID(c.ID):
		e.add("", CodeBadCardID, "has the id %q; card ids start with %q followed by letters, digits, \"_\" or \"-\"", c.ID, CardIDPrefix)
	case e.dupOf != nil:
		e.add("", CodeDuplicateCardID, "has the id %s, which %s already uses; card ids must be unique", c.ID, e.dupOf.mention())
	}
	if c.Placeholder != nil {
		e.add("", CodePlaceholder, "is the imported Okta Workflows card %q, which Flowdeck cannot run yet (%s); replace it with a Flowdeck card or delete it", c.Placeholder.What, c.Placeholder.Why)
		return
	}
	if e.spec == nil {
		e.add("", CodeUnknownCardType, "uses the card type %q, which this Flowdeck does not know; remove the card or upgrade Flowdeck", c.Type)
	} else if c.Version < 1 {
		e.add("", CodeBadVersion, "has version %d; card versions start at 1", c.Version)
	} else if c.Version > e.spec.Version {
		e.add("", CodeNewerCardVersion, "was saved by a newer Flowdeck (card version %d; this one knows up to version %d); upgrade to edit or run it", c.Version, e.spec.Version)
	}
	v.checkPlace(e)
	v.checkBranches(e)
	v.checkOptions(e)
	v.checkInputs(e)
	v.checkOnError(e)
}

// checkPlace holds the trigger rule: an event card first, and nowhere else.
func (v *validator) checkPlace(e *entry) {
	if e.spec == nil {
		return
	}
	first := e.parent == nil && e.index == 0
	isEvent := e.spec.Kind == catalog.KindEvent
	switch {
	case first && !isEvent:
		e.add("", CodeFirstNotTrigger, "is the first card but not an Okta event card; a flow starts with the event that triggers it")
	case !first && isEvent:
		e.add("", CodeMisplacedTrigger, "is an event card, which can only be the first card of a flow; remove it or move it to the start")
	}
}

func (v *validator) checkBranches(e *entry) {
	if e.spec == nil {
		return
	}
	for _, name := range BranchNames(e.card) {
		switch {
		case len(e.spec.Branches) == 0:
			e.add("", CodeUnexpectedBranch, "holds a %q branch, but %q cards have no branches; move those cards into the main chain or delete them", name, e.spec.Name)
		case !slices.Contains(e.spec.Branches, name):
			e.add("", CodeUnknownBranch, "holds a %q branch, which %q cards do not have (they have: %s)", name, e.spec.Name, joinNames(e.spec.Branches))
		}
	}
}

func (v *validator) checkOptions(e *entry) {
	if e.spec == nil {
		return
	}
	for _, key := range sortedKeys(e.card.Options) {
		f, ok := e.spec.Option(key)
		if !ok {
			e.add(key, CodeUnknownOption, "has an option %q that %q cards do not have; remove it", key, e.spec.Name)
			continue
		}
		v.checkLiteral(e, key, "option", f, e.card.Options[key])
	}
	for _, f := range e.spec.Options {
		if _, set := e.card.Options[f.Key]; !set && f.Required && f.Default == nil {
			e.add(f.Key, CodeMissingOption, "option %q is required; choose a value", f.Name)
		}
	}
}

func (v *validator) checkLiteral(e *entry, key, what string, f catalog.Field, val any) {
	if err := CheckLiteral(f, val); err != nil {
		code := CodeBadLiteral
		if len(f.Choices) > 0 && checkType(f.Type, f.ListOf, val) == nil {
			code = CodeBadChoice
		}
		e.add(key, code, "%s %q: %v", what, f.Name, err)
	}
}

func (v *validator) checkInputs(e *entry) {
	for _, key := range sortedKeys(e.card.Inputs) {
		in := e.card.Inputs[key]
		var field *catalog.Field
		label := key
		if e.spec != nil {
			if f, ok := e.spec.Input(key); ok {
				field, label = &f, f.Name
			} else if f, ok := memberInput(e.spec, key); ok {
				// "values.department" binds one member of an object input (Assign's values).
				field, label = &f, f.Name
			} else {
				e.add(key, CodeUnknownInput, "has an input %q that %q cards do not have; remove it", key, e.spec.Name)
			}
		}
		subject := fmt.Sprintf("input %q", label)
		if msg := inputShape(in); msg != "" {
			e.add(key, CodeBadInput, "%s %s", subject, msg)
			continue
		}
		switch {
		case in.Literal != nil:
			if field != nil {
				v.checkLiteral(e, key, "input", *field, in.Literal)
			}
		case in.Ref != nil:
			v.checkRef(e, key, subject, in.Ref, field)
		default:
			text := catalog.Field{Type: catalog.TypeString}
			if field != nil {
				if err := Assignable(text, *field); err != nil {
					e.add(key, CodeTypeMismatch, "%s needs %s, but a template always makes text", subject, TypeLabel(*field))
				}
			}
			for i, p := range in.Template {
				if p.Ref != nil {
					v.checkRef(e, key, fmt.Sprintf("%s (template part %d)", subject, i+1), p.Ref, &text)
				}
			}
		}
	}
	if e.spec == nil {
		return
	}
	for _, f := range e.spec.Inputs {
		if _, set := e.card.Inputs[f.Key]; !set && f.Required && f.Default == nil && !hasMembers(e.card, f.Key) {
			e.add(f.Key, CodeMissingInput, "input %q is required but has no value; type one in or drag an earlier card's output onto it", f.Name)
		}
	}
}

// checkRef checks one wire: its id, that its card exists and runs before e in a chain e can see,
// that the output exists, and that its type fits want (nil when the input itself is unknown).
func (v *validator) checkRef(e *entry, key, subject string, r *Ref, want *catalog.Field) {
	switch {
	case r.ID == "":
		e.add(key, CodeBadWireID, "%s has a reference with no wire id; wire ids start with %q", subject, WireIDPrefix)
	case !ValidWireID(r.ID):
		e.add(key, CodeBadWireID, "%s has the wire id %q; wire ids start with %q followed by letters, digits, \"_\" or \"-\"", subject, r.ID, WireIDPrefix)
	default:
		if prev, dup := v.wires[r.ID]; dup {
			e.add(key, CodeDuplicateWireID, "%s uses the wire id %s, which %s of %s already uses; wire ids must be unique", subject, r.ID, prev.input, prev.e.mention())
		} else {
			v.wires[r.ID] = wireUse{e: e, input: subject}
		}
	}
	if r.Card == "" {
		e.add(key, CodeMissingCard, "%s has a reference that names no card", subject)
		return
	}
	t, ok := v.byID[r.Card]
	if !ok {
		e.add(key, CodeMissingCard, "%s reads card %s, which is not in this flow", subject, r.Card)
		return
	}
	if code, why := reach(e, t); code != "" {
		e.add(key, code, "%s reads %s, %s", subject, t.mention(), why)
		return
	}
	if t.spec == nil {
		return // its unknown type is reported on that card
	}
	if r.Path == "" {
		e.add(key, CodeMissingOutput, "%s reads %s but names none of its outputs", subject, t.mention())
		return
	}
	out, ok := t.spec.OutputPath(r.Path)
	if !ok {
		e.add(key, CodeMissingOutput, "%s reads %q of %s, which that card does not output", subject, r.Path, t.mention())
		return
	}
	if want != nil {
		if err := Assignable(out, *want); err != nil {
			e.add(key, CodeTypeMismatch, "%s needs %s, but it reads %q of %s, which is %s", subject, TypeLabel(*want), r.Path, t.mention(), TypeLabel(out))
		}
	}
}

// reach says whether card e may read card t, and if not, the problem code and the reason. A card
// reads the cards before it in its own chain and in every chain that encloses it, plus the For
// Each card whose loop it is in; never a card inside a branch it is not in.
func reach(e, t *entry) (code, why string) {
	if t == e {
		return CodeSelfReference, "which is this card itself; a card cannot read its own outputs"
	}
	type chainKey struct {
		holder *entry
		branch string
	}
	// For each chain that encloses e: the card of that chain that is e or holds e.
	level := map[chainKey]*entry{}
	for cur := e; cur != nil; cur = cur.parent {
		level[chainKey{cur.parent, cur.branch}] = cur
	}
	var below *entry // the card on t's side one level below u
	for u := t; u != nil; below, u = u, u.parent {
		anc, ok := level[chainKey{u.parent, u.branch}]
		if !ok {
			continue
		}
		switch {
		case u == anc && below == nil: // t holds e
			br := branchTowards(e, t)
			if br == BranchEach {
				return "", ""
			}
			return CodeOutOfScope, fmt.Sprintf("which holds this card in its %q branch; a card in a branch can read the cards before %q, not %q itself", br, t.name(), t.name())
		case u == anc && u == e:
			return CodeLaterCard, fmt.Sprintf("which runs after it, inside this card's %q branch", below.branch)
		case u == anc: // t and e are in different branches of u
			return CodeOutOfScope, fmt.Sprintf("which is inside the %q branch of %s; only cards in that branch can read it", below.branch, u.mention())
		case u.index < anc.index && below == nil:
			return "", ""
		case u.index < anc.index:
			return CodeOutOfScope, fmt.Sprintf("which is inside the %q branch of %s; only cards in that branch can read it", below.branch, u.mention())
		default:
			return CodeLaterCard, "which runs after it"
		}
	}
	return CodeOutOfScope, "which this card cannot reach" // every card shares the main chain; not reached
}

// branchTowards returns the branch of holder that leads down to e.
func branchTowards(e, holder *entry) string {
	for cur := e; cur != nil; cur = cur.parent {
		if cur.parent == holder {
			return cur.branch
		}
	}
	return ""
}

func (v *validator) checkOnError(e *entry) {
	p := e.card.OnError
	if p == nil {
		return
	}
	switch p.Action {
	case "halt", "retry", "continue":
	default:
		e.add("", CodeBadErrorPolicy, "has the on-error action %q; choose halt, retry or continue", p.Action)
	}
	if p.Retries < 0 || p.DelaySeconds < 0 {
		e.add("", CodeBadErrorPolicy, "has a negative retry count or delay in its on-error policy")
	}
	if e.spec == nil {
		return
	}
	for _, key := range sortedKeys(p.Values) {
		if _, ok := e.spec.Output(key); !ok {
			e.add("", CodeBadErrorPolicy, "sets the output %q when it fails, but %q cards have no such output", key, e.spec.Name)
		}
	}
}

func joinNames(names []string) string {
	out := ""
	for i, n := range names {
		if i > 0 {
			out += ", "
		}
		out += strconv.Quote(n)
	}
	return out
}

// memberInput resolves a dotted input key ("values.department") to a member of an object input:
// an object input may be bound as a whole or member by member, so each member can be wired.
func memberInput(spec *catalog.Spec, key string) (catalog.Field, bool) {
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

func hasMembers(c *Card, key string) bool {
	for k := range c.Inputs {
		if strings.HasPrefix(k, key+".") {
			return true
		}
	}
	return false
}
