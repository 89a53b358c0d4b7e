package flow

import (
	"slices"
	"strings"
	"testing"
)

func lit(v any) Input { return Input{Literal: v} }

func ref(wire, card, path string) Input { return Input{Ref: &Ref{ID: wire, Card: card, Path: path}} }

func card(id, typ string, inputs map[string]Input) Card {
	version := 1
	if typ == "okta.action.readUser" {
		version = 2
	}
	return Card{ID: id, Type: typ, Version: version, Inputs: inputs}
}

func withBranches(c Card, branches map[string][]Card) Card { c.Branches = branches; return c }

func withOptions(c Card, opts map[string]any) Card { c.Options = opts; return c }

// trigger and readUser start most cases: c_t fires, c_r reads the user it names.
var (
	trigger  = card("c_t", "okta.event.userCreated", nil)
	readUser = card("c_r", "okta.action.readUser", map[string]Input{"userId": ref("w_r", "c_t", "user.id")})
)

func compose(id string, in Input) Card {
	return card(id, "function.compose", map[string]Input{"text": in})
}

func forEach(id string, body ...Card) Card {
	return withBranches(card(id, "function.forEach", map[string]Input{"list": ref("w_"+id, "c_r", "groupIds")}),
		map[string][]Card{BranchEach: body})
}

func ifElse(id string, then, els []Card) Card {
	c := withOptions(card(id, "function.ifElse", map[string]Input{"value1": ref("w_"+id, "c_r", "status")}),
		map[string]any{"comparison": "equals"})
	return withBranches(c, map[string][]Card{BranchThen: then, BranchElse: els})
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name  string
		cards []Card
		want  []string // problem codes, in order
	}{
		{"trigger and action", []Card{trigger, readUser}, nil},
		{"optional input with default left out", []Card{trigger, readUser,
			card("c_a", "function.add", map[string]Input{"a": ref("w_a", "c_r", "loginCount")})}, nil},
		{"loop body reads item, index and earlier cards", []Card{trigger, readUser, forEach("c_e",
			compose("c_1", ref("w_1", "c_e", "item")),
			card("c_2", "function.add", map[string]Input{"a": ref("w_2", "c_e", "index")}),
			compose("c_3", ref("w_3", "c_r", "id")),
			compose("c_4", ref("w_4", "c_1", "output")),
		)}, nil},
		{"card after the loop reads the For Each card", []Card{trigger, readUser, forEach("c_e"),
			card("c_2", "function.add", map[string]Input{"a": ref("w_2", "c_e", "index")})}, nil},
		{"If inside a loop reads the loop item", []Card{trigger, readUser, forEach("c_e",
			ifElse("c_if", []Card{compose("c_1", ref("w_1", "c_e", "item.profile.login"))}, nil))}, nil},
		{"branch card reads an earlier card of its branch", []Card{trigger, readUser, ifElse("c_if",
			[]Card{compose("c_1", lit("x")), compose("c_2", ref("w_2", "c_1", "output"))}, nil)}, nil},
		{"branch card reads the If holding it", []Card{trigger, readUser, ifElse("c_if",
			[]Card{compose("c_1", ref("w_1", "c_if", "value1"))}, nil)}, []string{CodeOutOfScope}},
		{"main chain reads into a branch", []Card{trigger, readUser, ifElse("c_if",
			[]Card{compose("c_1", lit("x"))}, nil), compose("c_2", ref("w_2", "c_1", "output"))}, []string{CodeOutOfScope}},
		{"else reads then", []Card{trigger, readUser, ifElse("c_if",
			[]Card{compose("c_1", lit("x"))}, []Card{compose("c_2", ref("w_2", "c_1", "output"))})}, []string{CodeOutOfScope}},
		{"loop item read from outside the loop body's nested If", []Card{trigger, readUser,
			ifElse("c_if", []Card{forEach("c_e", compose("c_1", lit("x")))}, []Card{compose("c_2", ref("w_2", "c_e", "item"))})},
			[]string{CodeOutOfScope}},
		{"reads a later card", []Card{trigger, compose("c_1", ref("w_1", "c_r", "id")), readUser}, []string{CodeLaterCard}},
		{"reads itself", []Card{trigger, compose("c_1", ref("w_1", "c_1", "output"))}, []string{CodeSelfReference}},
		{"If reads into its own branch", []Card{trigger, readUser, withBranches(
			withOptions(card("c_if", "function.ifElse", map[string]Input{"value1": ref("w_if", "c_1", "output")}), map[string]any{"comparison": "equals"}),
			map[string][]Card{BranchThen: {compose("c_1", lit("x"))}})}, []string{CodeLaterCard}},
		{"missing card and field", []Card{trigger, compose("c_1", ref("w_1", "c_zz", "x")), compose("c_2", ref("w_2", "c_t", "user.nope"))},
			[]string{CodeMissingCard, CodeMissingOutput}},
		{"undeclared member of an open object is allowed", []Card{trigger, compose("c_1", ref("w_1", "c_t", "actor.detailEntry.x"))}, nil},
		{"template into a number", []Card{trigger, card("c_a", "function.add", map[string]Input{"a": {Template: []TemplatePart{{Text: "1"}}}})},
			[]string{CodeTypeMismatch}},
		{"malformed inputs", []Card{trigger, card("c_a", "function.add", map[string]Input{
			"a": {}, "b": {Literal: 1.0, Ref: &Ref{ID: "w_1", Card: "c_t", Path: "eventId"}}})},
			[]string{CodeBadInput, CodeBadInput}},
		{"template parts", []Card{trigger, compose("c_1", Input{Template: []TemplatePart{{}, {Text: "x", Ref: &Ref{ID: "w_1", Card: "c_t", Path: "eventId"}}}})},
			[]string{CodeBadInput}},
		{"unknown first card is not also called a non-trigger", []Card{card("c_x", "okta.event.nope", nil)}, []string{CodeUnknownCardType}},
		{"action first", []Card{card("c_a", "okta.action.addUserToGroup", map[string]Input{"groupId": lit("g"), "userId": lit("u")})},
			[]string{CodeFirstNotTrigger}},
		{"second trigger", []Card{trigger, card("c_t2", "okta.event.userDeactivated", nil)}, []string{CodeMisplacedTrigger}},
		{"text literal that parses as a number", []Card{trigger, card("c_a", "function.add", map[string]Input{"a": lit(" 12.5 ")})}, nil},
		{"choice as literal of an option", []Card{trigger, readUser, withOptions(ifElse("c_if", nil, nil), map[string]any{"comparison": "contains"})}, nil},
		{"duplicate wire across a template and a ref", []Card{trigger, readUser,
			compose("c_1", Input{Template: []TemplatePart{{Ref: &Ref{ID: "w_r", Card: "c_r", Path: "id"}}}})},
			[]string{CodeDuplicateWireID}},
	}
	reg := testRegistry(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &Flow{Schema: SchemaVersion, ID: "f_test", Name: tt.name, Cards: tt.cards}
			before := Clone(f)
			ps := Validate(f, reg)
			var got []string
			for _, p := range ps {
				got = append(got, p.Code)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("codes %v, want %v\n%v", got, tt.want, Problems(ps))
			}
			for _, p := range ps {
				if p.CardID == "" || p.Message == "" || strings.Contains(p.Message, "%!") {
					t.Errorf("badly formed problem %+v", p)
				}
			}
			if !equalFlows(f, before) {
				t.Error("Validate changed the flow")
			}
		})
	}
}

func TestValidateEmpty(t *testing.T) {
	reg := testRegistry(t)
	for _, f := range []*Flow{nil, {Schema: 1}, {Schema: 1, Cards: []Card{}}} {
		ps := Validate(f, reg)
		if len(ps) != 1 || ps[0].Code != CodeEmptyFlow || ps[0].String() != ps[0].Message {
			t.Errorf("Validate(%v) = %v, want one empty-flow problem without a card", f, ps)
		}
	}
}

func TestProblemsError(t *testing.T) {
	var none Problems
	if none.Err() != nil {
		t.Error("no problems must give a nil error")
	}
	ps := Problems{
		{CardID: "c_2", CardName: "Add User to Group", Field: "groupId", Code: CodeLaterCard,
			Message: `input "Group ID" reads "Read User" (c_9), which runs after it`},
		{Code: CodeEmptyFlow, Message: "the flow has no cards"},
	}
	want := "card \"Add User to Group\" (c_2): input \"Group ID\" reads \"Read User\" (c_9), which runs after it\nthe flow has no cards"
	if err := ps.Err(); err == nil || err.Error() != want {
		t.Errorf("Err() = %v, want %q", err, want)
	}
	if got := ps.ForCard("c_2"); len(got) != 1 || got[0].Field != "groupId" {
		t.Errorf("ForCard = %v", got)
	}
}
