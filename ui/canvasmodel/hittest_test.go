package canvasmodel

import (
	"fmt"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

func TestHitTest(t *testing.T) {
	lookup := RegistryLookup(fixture.Registry())
	linear := Compute(fixture.LinearFlow(), lookup)
	branch := Compute(fixture.BranchFlow(), lookup)
	empty := Compute(&flow.Flow{}, lookup)
	main := ChainRef{}
	then := ChainRef{Parent: "c_if", Branch: "then"}
	elseRef := ChainRef{Parent: "c_if", Branch: "else"}
	one := View{Zoom: 1}

	tests := []struct {
		name   string
		layout *Layout
		view   View
		p      Point
		want   Hit
	}{
		{"event header", linear, one, Point{100, 50}, Hit{Kind: HitCard, Card: "c_event"}},
		{"event output id", linear, one, Point{100, 100}, Hit{Kind: HitOutput, Card: "c_event", Field: "id"}},
		{"read input", linear, one, Point{400, 100}, Hit{Kind: HitInput, Card: "c_read", Field: "userId"}},
		{"read output id", linear, one, Point{400, 140}, Hit{Kind: HitOutput, Card: "c_read", Field: "id"}},
		{"gap between event and read", linear, one, Point{300, 100}, Hit{Kind: HitGap, Chain: main, Index: 1}},
		{"gap before first", linear, one, Point{10, 100}, Hit{Kind: HitGap, Chain: main, Index: 0}},
		{"after last card appends", linear, one, Point{1000, 100}, Hit{Kind: HitGap, Chain: main, Index: 3}},
		{"below the chain", linear, one, Point{100, 400}, Hit{}},
		{"under a short card", linear, one, Point{700, 180}, Hit{}},
		{"empty flow takes a card anywhere", empty, one, Point{500, 500}, Hit{Kind: HitGap, Chain: main}},

		{"zoom 2", linear, View{Zoom: 2}, Point{200, 200}, Hit{Kind: HitOutput, Card: "c_event", Field: "id"}},
		{"zoom 0.5", linear, View{Zoom: 0.5}, Point{200, 50}, Hit{Kind: HitInput, Card: "c_read", Field: "userId"}},
		{"scrolled", linear, View{Zoom: 1, Scroll: Point{300, 0}}, Point{100, 100}, Hit{Kind: HitInput, Card: "c_read", Field: "userId"}},
		{"scrolled and zoomed", linear, View{Zoom: 2, Scroll: Point{600, 40}}, Point{200, 160}, Hit{Kind: HitInput, Card: "c_read", Field: "userId"}},
		{"scrolled into a gap", linear, View{Zoom: 1, Scroll: Point{200, 0}}, Point{100, 100}, Hit{Kind: HitGap, Chain: main, Index: 1}},
		{"zero zoom is treated as 1", linear, View{}, Point{100, 100}, Hit{Kind: HitOutput, Card: "c_event", Field: "id"}},

		{"function card input", branch, one, Point{400, 100}, Hit{Kind: HitInput, Card: "c_if", Field: "value"}},
		{"inner card header", branch, one, Point{400, 200}, Hit{Kind: HitCard, Card: "c_then"}},
		{"inner card input", branch, one, Point{400, 250}, Hit{Kind: HitInput, Card: "c_then", Field: "userId"}},
		{"inner card output", branch, one, Point{400, 290}, Hit{Kind: HitOutput, Card: "c_then", Field: "id"}},
		{"inner gap before first", branch, one, Point{345, 250}, Hit{Kind: HitGap, Chain: then, Index: 0}},
		{"inner tail", branch, one, Point{620, 250}, Hit{Kind: HitGap, Chain: then, Index: 1}},
		{"empty branch", branch, one, Point{400, 420}, Hit{Kind: HitGap, Chain: elseRef, Index: 0}},
		{"function card body", branch, one, Point{600, 470}, Hit{Kind: HitCard, Card: "c_if"}},
		{"after the function card", branch, one, Point{690, 100}, Hit{Kind: HitGap, Chain: main, Index: 2}},
		{"zoomed inner output", branch, View{Zoom: 1.5, Scroll: Point{100, 100}}, Point{500, 335}, Hit{Kind: HitOutput, Card: "c_then", Field: "id"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := HitTest(tc.layout, tc.view, tc.p); got != tc.want {
				t.Errorf("HitTest(%v) = %+v, want %+v", tc.p, got, tc.want)
			}
		})
	}
}

func TestComputeGeometry(t *testing.T) {
	l := Compute(fixture.BranchFlow(), RegistryLookup(fixture.Registry()))
	tests := []struct {
		id   string
		want Rect
	}{
		{"c_event", Rect{32, 32, 240, 134}},
		{"c_if", Rect{336, 32, 320, 442}},
		{"c_then", Rect{352, 180, 240, 176}},
		{"c_suspend", Rect{720, 32, 240, 90}},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			b, ok := l.Cards[tc.id]
			if !ok {
				t.Fatalf("no box for %s", tc.id)
			}
			if b.Rect != tc.want {
				t.Errorf("rect = %+v, want %+v", b.Rect, tc.want)
			}
		})
	}
	if len(l.Order) != 4 || l.Order[2].ID != "c_then" {
		t.Errorf("execution order = %v, want event, if, then, suspend", ids(l.Order))
	}
	if l.Size.W != 720+240+64+Margin {
		t.Errorf("canvas width = %v", l.Size.W)
	}
}

func TestUpstream(t *testing.T) {
	f := fixture.BranchFlow()
	tests := []struct {
		id   string
		want []string
	}{
		{"c_event", nil},
		{"c_then", []string{"c_event", "c_if"}},
		{"c_suspend", []string{"c_event", "c_if"}},
	}
	for _, tc := range tests {
		t.Run(tc.id, func(t *testing.T) {
			got := Upstream(f, tc.id)
			if len(got) != len(tc.want) {
				t.Fatalf("Upstream = %v, want %v", got, tc.want)
			}
			for _, w := range tc.want {
				if !got[w] {
					t.Errorf("Upstream lacks %s: %v", w, got)
				}
			}
		})
	}
}

func ids(bs []*CardBox) []string {
	var out []string
	for _, b := range bs {
		out = append(out, b.ID)
	}
	return out
}

func TestGapRect(t *testing.T) {
	l := Compute(fixture.BranchFlow(), RegistryLookup(fixture.Registry()))
	tests := []struct {
		name  string
		ref   ChainRef
		index int
		wantX float32
		ok    bool
	}{
		{"before the first card", ChainRef{}, 0, 32 - 16 - 3, true},
		{"between event and If/Else", ChainRef{}, 1, 336 - 32 - 3, true},
		{"after the last card", ChainRef{}, 3, 960 + 32 - 3, true},
		{"inner chain end", ChainRef{Parent: "c_if", Branch: "then"}, 1, 592 + 24 - 3, true},
		{"empty branch", ChainRef{Parent: "c_if", Branch: "else"}, 0, 352, true},
		{"out of range", ChainRef{}, 4, 0, false},
		{"unknown branch", ChainRef{Parent: "c_nope", Branch: "then"}, 0, 0, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, ok := l.GapRect(tc.ref, tc.index)
			if ok != tc.ok || (ok && r.X != tc.wantX) {
				t.Errorf("GapRect = %+v, %v; want x %v, %v", r, ok, tc.wantX, tc.ok)
			}
		})
	}
}

func TestMemberRows(t *testing.T) {
	reg := catalog.NewRegistry()
	reg.MustRegister(catalog.Spec{ID: "function.assign", Version: 1, Kind: catalog.KindFunction, Name: "Assign",
		Help: "Names values.", Inputs: []catalog.Field{{Key: "values", Name: "Values", Type: catalog.TypeObject}}})
	c := flow.Card{ID: "c_a", Type: "function.assign", Version: 1, Inputs: map[string]flow.Input{
		"values.title": {Literal: "Engineer"},
		"values.dept":  {Ref: &flow.Ref{ID: "w_1", Card: "c_x", Path: "id"}},
	}}
	l := Compute(&flow.Flow{Cards: []flow.Card{c}}, RegistryLookup(reg))
	var got []string
	for _, in := range l.Cards["c_a"].Inputs {
		got = append(got, in.Key+"="+in.Name)
	}
	if fmt.Sprint(got) != "[values=Values values.dept=Values → dept values.title=Values → title]" {
		t.Errorf("rows = %v", got)
	}
	// The third row is "values.title": header 40 + caption 20 + two rows of 22.
	h := HitTest(l, View{Zoom: 1}, Point{100, 32 + 40 + 20 + 44 + 5})
	if h != (Hit{Kind: HitInput, Card: "c_a", Field: "values.title"}) {
		t.Errorf("hit = %+v", h)
	}
}
