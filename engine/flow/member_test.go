package flow

import (
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

func TestObjectInputsBindMemberByMember(t *testing.T) {
	reg := catalog.Global()
	var trigger *catalog.Spec
	for _, s := range reg.OfKind(catalog.KindEvent) {
		if s.ID == "okta.event.userCreated" {
			trigger = s
		}
	}
	if trigger == nil {
		t.Fatal("no User Created card")
	}
	f := &Flow{Schema: SchemaVersion, ID: "f", Name: "f", Cards: []Card{
		{ID: "c_trigger000001", Type: trigger.ID, Version: 1},
		{ID: "c_assign000001", Type: "function.assign", Version: 1, Inputs: map[string]Input{
			"values.login": {Ref: &Ref{ID: "w_login0000001", Card: "c_trigger000001", Path: "user.alternateId"}},
			"values.team":  {Literal: "Sales"},
		}},
	}}
	for _, p := range Validate(f, reg) {
		t.Errorf("unexpected problem: %s", p)
	}
	f.Cards[1].Inputs["nope.x"] = Input{Literal: "y"}
	if len(Validate(f, reg)) == 0 {
		t.Error("a dotted key on an input that does not exist was accepted")
	}
}
