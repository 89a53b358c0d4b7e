package flow

import (
	"reflect"
	"slices"
	"testing"
)

func equalFlows(a, b *Flow) bool { return reflect.DeepEqual(a, b) }

func TestWalkFindAt(t *testing.T) {
	f, _ := decodeFile(t, "testdata/valid/branches.json")
	var ids, paths []string
	Walk(f, func(p Path, c *Card) {
		ids = append(ids, c.ID)
		paths = append(paths, p.String())
		if At(f, p) != c {
			t.Errorf("At(%v) is not the card Walk gave", p)
		}
	})
	wantIDs := []string{"c_t", "c_list", "c_each", "c_read", "c_if", "c_deact", "c_sum", "c_days", "c_done"}
	wantPaths := []string{"cards[0]", "cards[1]", "cards[2]", "cards[2].each[0]", "cards[2].each[1]",
		"cards[2].each[1].then[0]", "cards[2].each[1].else[0]", "cards[2].each[1].else[1]", "cards[3]"}
	if !slices.Equal(ids, wantIDs) || !slices.Equal(paths, wantPaths) {
		t.Errorf("Walk order\n ids %v\nwant %v\npaths %v\n want %v", ids, wantIDs, paths, wantPaths)
	}

	c, p := Find(f, "c_days")
	if c == nil || c.Type != "function.addDays" || p.String() != "cards[2].each[1].else[1]" {
		t.Errorf("Find(c_days) = %v at %v", c, p)
	}
	c.Label = "changed through Find"
	if f.Cards[2].Branches[BranchEach][1].Branches[BranchElse][1].Label != c.Label {
		t.Error("Find must return the card in the flow, not a copy")
	}
	if c, p := Find(f, "c_nope"); c != nil || p != nil {
		t.Errorf("Find(c_nope) = %v, %v", c, p)
	}
	for _, bad := range []Path{nil, {{Index: 9}}, {{Branch: "then", Index: 0}}, {{Index: 2}, {Branch: "then", Index: 0}}, {{Index: -1}}} {
		if At(f, bad) != nil {
			t.Errorf("At(%v) found a card", bad)
		}
	}
	Walk(nil, func(Path, *Card) { t.Error("Walk(nil) called fn") })
}

func TestBranchNames(t *testing.T) {
	c := &Card{Branches: map[string][]Card{"zeta": nil, BranchEach: nil, BranchElse: nil, BranchThen: nil, "alpha": nil}}
	if got, want := BranchNames(c), []string{"then", "else", "each", "alpha", "zeta"}; !slices.Equal(got, want) {
		t.Errorf("BranchNames = %v, want %v", got, want)
	}
}

func TestClone(t *testing.T) {
	f, _ := decodeFile(t, "testdata/valid/branches.json")
	f.Cards[1].OnError = &ErrorPolicy{Action: "continue", Values: map[string]any{"users": []any{}}}
	c := Clone(f)
	if !equalFlows(f, c) {
		t.Fatal("clone differs from the original")
	}
	// Change everything reachable in the clone; the original must not move.
	orig := Clone(f)
	Walk(c, func(_ Path, card *Card) {
		card.Label = "x"
		for k, in := range card.Inputs {
			if in.Ref != nil {
				in.Ref.Card = "c_other"
			}
			if m, ok := in.Literal.(map[string]any); ok {
				m["department"] = "Changed"
			}
			if l, ok := in.Literal.([]any); ok {
				l[0] = "changed"
			}
			card.Inputs[k] = in
		}
		for k := range card.Options {
			card.Options[k] = "changed"
		}
		for name := range card.Branches {
			card.Branches[name] = append(card.Branches[name], Card{ID: "c_new"})
		}
		if card.OnError != nil {
			card.OnError.Values["users"] = "changed"
		}
	})
	if !equalFlows(f, orig) {
		t.Error("changing the clone changed the original")
	}
	if Clone(nil) != nil {
		t.Error("Clone(nil) is not nil")
	}
}

func TestNewIDs(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c, w := NewCardID(), NewWireID()
		if !ValidCardID(c) || !ValidWireID(w) || len(c) != 14 || len(w) != 14 {
			t.Fatalf("bad ids %q %q", c, w)
		}
		if ValidCardID(w) || ValidWireID(c) {
			t.Fatalf("a card id passes as a wire id or the reverse: %q %q", c, w)
		}
		if seen[c] || seen[w] {
			t.Fatalf("id repeated: %q %q", c, w)
		}
		seen[c], seen[w] = true, true
	}
}

func TestInputRefs(t *testing.T) {
	a, b := &Ref{ID: "w_a"}, &Ref{ID: "w_b"}
	tests := []struct {
		in   Input
		want []*Ref
	}{
		{Input{Literal: "x"}, nil},
		{Input{Ref: a}, []*Ref{a}},
		{Input{Template: []TemplatePart{{Text: "hi "}, {Ref: a}, {Text: " and "}, {Ref: b}}}, []*Ref{a, b}},
	}
	for _, tt := range tests {
		if got := tt.in.Refs(); !slices.Equal(got, tt.want) {
			t.Errorf("Refs(%+v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
