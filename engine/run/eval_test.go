package run

import (
	"testing"

	"github.com/flowdeck/flowdeck/engine/flow"
)

func TestResolve(t *testing.T) {
	s := NewScope()
	s.Set("c1", map[string]any{"user": map[string]any{"id": "00u1", "profile": map[string]any{"firstName": "Ada"}}, "n": 3.0})
	inner := s.Child()
	inner.Set("c2", map[string]any{"item": "x"})
	for _, tc := range []struct {
		name string
		in   flow.Input
		want any
	}{
		{"literal", flow.Input{Literal: "hello"}, "hello"},
		{"literal false", flow.Input{Literal: false}, false},
		{"ref", flow.Input{Ref: &flow.Ref{Card: "c1", Path: "user.id"}}, "00u1"},
		{"ref missing field is no value", flow.Input{Ref: &flow.Ref{Card: "c1", Path: "user.manager"}}, nil},
		{"ref from child scope", flow.Input{Ref: &flow.Ref{Card: "c2", Path: "item"}}, "x"},
		{"template", flow.Input{Template: []flow.TemplatePart{{Text: "Welcome "}, {Ref: &flow.Ref{Card: "c1", Path: "user.profile.firstName"}}, {Text: " #"}, {Ref: &flow.Ref{Card: "c1", Path: "n"}}}}, "Welcome Ada #3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Resolve(tc.in, inner)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
	if _, err := Resolve(flow.Input{Ref: &flow.Ref{Card: "c9", Path: "x"}}, s); err == nil {
		t.Error("a reference to a card that has not run resolved")
	}
	if _, err := Resolve(flow.Input{Ref: &flow.Ref{Card: "c2", Path: "item"}}, s); err == nil {
		t.Error("the outer scope saw an inner card's outputs")
	}
}

func TestCompare(t *testing.T) {
	for _, tc := range []struct {
		l    any
		op   string
		r    any
		want bool
	}{
		{"Sales", "equal to", "Sales", true},
		{"Sales", "equal to", "sales", false},
		{10.0, "equal to", "10", true},
		{10.0, "greater than", 9.0, true},
		{"10", "greater than", "9", true}, // numbers, not text
		{"2026-01-02T00:00:00Z", "less than", "2026-01-03T00:00:00.000Z", true},
		{"abc", "contains", "b", true},
		{[]any{"a", "b"}, "contains", "b", true},
		{[]any{"a", "b"}, "does not contain", "c", true},
		{"", "is empty", nil, true},
		{nil, "is empty", nil, true},
		{[]any{}, "is empty", nil, true},
		{"x", "is not empty", nil, true},
		{"okta.com", "ends with", ".com", true},
		{true, "equal to", "true", true},
	} {
		got, err := Compare(tc.l, tc.op, tc.r)
		if err != nil || got != tc.want {
			t.Errorf("Compare(%#v, %q, %#v) = %v, %v; want %v", tc.l, tc.op, tc.r, got, err, tc.want)
		}
	}
	if _, err := Compare(1, "resembles", 2); err == nil {
		t.Error("an unknown operator was accepted")
	}
}
