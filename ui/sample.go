package ui

import (
	"slices"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

// SampleFlow builds a small onboarding flow from the cards of reg, for screenshots and the
// first start: User Created → Read User → If/Else (status is ACTIVE) { then: Add User to Group }.
// Cards or fields missing from reg are left out.
func SampleFlow(reg *catalog.Registry) *flow.Flow {
	f := &flow.Flow{Schema: flow.SchemaVersion, ID: "f_sample", Name: "New hire onboarding"}
	card := func(id, name string) (flow.Card, *catalog.Spec, bool) {
		s, ok := reg.ByName(name)
		if !ok {
			return flow.Card{}, nil, false
		}
		return flow.Card{ID: id, Type: s.ID, Version: s.Version, Inputs: map[string]flow.Input{}}, s, true
	}
	// bind sets input key of c when the spec has it.
	bind := func(c *flow.Card, s *catalog.Spec, key string, in flow.Input) {
		if _, ok := s.Input(key); ok {
			c.Inputs[key] = in
		}
	}
	ref := func(id, card, path string) flow.Input {
		return flow.Input{Ref: &flow.Ref{ID: id, Card: card, Path: path}}
	}
	ev, _, ok := card("c_event", "User Created")
	if !ok {
		return f
	}
	f.Cards = append(f.Cards, ev)
	if read, s, ok := card("c_read", "Read User"); ok {
		bind(&read, s, "userId", ref("w_read", "c_event", "user.id"))
		f.Cards = append(f.Cards, read)
	}
	if ifc, s, ok := card("c_if", "If/Else"); ok {
		bind(&ifc, s, "left", ref("w_status", "c_read", "status"))
		if op, ok := s.Input("operator"); ok && slices.Contains(op.Choices, "equal to") {
			bind(&ifc, s, "operator", flow.Input{Literal: "equal to"})
		}
		bind(&ifc, s, "right", flow.Input{Literal: "ACTIVE"})
		if add, s, ok := card("c_add", "Add User to Group"); ok {
			bind(&add, s, "userId", ref("w_user", "c_event", "user.id"))
			bind(&add, s, "groupId", flow.Input{Literal: "00g1onboarding"})
			ifc.Branches = map[string][]flow.Card{"then": {add}}
		}
		f.Cards = append(f.Cards, ifc)
	}
	return f
}
