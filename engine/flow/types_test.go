package flow

import (
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

func TestAssignable(t *testing.T) {
	const (
		s  = catalog.TypeString
		n  = catalog.TypeNumber
		b  = catalog.TypeBoolean
		d  = catalog.TypeDate
		o  = catalog.TypeObject
		l  = catalog.TypeList
		a  = catalog.TypeAny
		un = catalog.Type("")
	)
	f := func(t catalog.Type) catalog.Field { return catalog.Field{Type: t} }
	list := func(item catalog.Type) catalog.Field { return catalog.Field{Type: l, ListOf: item} }
	tests := []struct {
		from, to catalog.Field
		ok       bool
	}{
		{f(s), f(s), true}, {f(n), f(s), true}, {f(b), f(s), true}, {f(d), f(s), true},
		{f(o), f(s), false}, {list(s), f(s), false},
		{f(s), f(n), false}, {f(b), f(n), false}, {f(d), f(n), false}, {f(n), f(n), true},
		{f(s), f(b), false}, {f(n), f(b), false}, {f(b), f(b), true},
		{f(s), f(d), true}, {f(n), f(d), false}, {f(d), f(d), true},
		{f(o), f(o), true}, {f(s), f(o), false}, {list(o), f(o), false},
		{list(s), list(s), true}, {list(n), list(s), true}, {list(s), list(n), false},
		{list(o), list(a), true}, {list(a), list(n), true}, {list(un), list(n), true},
		{f(o), list(o), false}, {f(s), list(s), false},
		{f(a), f(n), true}, {f(a), list(s), true}, {f(o), f(a), true}, {list(o), f(a), true},
		{f(un), f(n), true}, {f(n), f(un), true},
	}
	for _, tt := range tests {
		name := TypeLabel(tt.from) + " into " + TypeLabel(tt.to)
		t.Run(name, func(t *testing.T) {
			err := Assignable(tt.from, tt.to)
			if (err == nil) != tt.ok {
				t.Errorf("Assignable = %v, want ok=%v", err, tt.ok)
			}
		})
	}
	if err := Assignable(f(o), list(s)); err == nil || err.Error() != "an object cannot be used as a list of text" {
		t.Errorf("message: %v", err)
	}
}

func TestCheckLiteral(t *testing.T) {
	field := func(typ catalog.Type) catalog.Field { return catalog.Field{Type: typ} }
	tests := []struct {
		name  string
		field catalog.Field
		value any
		err   string // "" when the value fits
	}{
		{"text", field(catalog.TypeString), "hello", ""},
		{"number as text", field(catalog.TypeString), 42.0, ""},
		{"bool as text", field(catalog.TypeString), true, ""},
		{"object as text", field(catalog.TypeString), map[string]any{}, "an object cannot be used as text"},
		{"list as text", field(catalog.TypeString), []any{"a"}, "a list cannot be used as text"},
		{"number", field(catalog.TypeNumber), 3.5, ""},
		{"int from code", field(catalog.TypeNumber), 3, ""},
		{"text that parses", field(catalog.TypeNumber), "-1e3", ""},
		{"text that does not", field(catalog.TypeNumber), "abc", `"abc" is not a number`},
		{"bool as number", field(catalog.TypeNumber), true, "true is not a number"},
		{"bool", field(catalog.TypeBoolean), false, ""},
		{"bool text", field(catalog.TypeBoolean), "TRUE", ""},
		{"yes", field(catalog.TypeBoolean), "yes", `"yes" is not true/false`},
		{"one", field(catalog.TypeBoolean), 1.0, "1 is not true/false"},
		{"date", field(catalog.TypeDate), "2024-05-01T09:30:00Z", ""},
		{"date with offset and fraction", field(catalog.TypeDate), "2024-05-01T09:30:00.123+02:00", ""},
		{"day only", field(catalog.TypeDate), "2024-05-01", `"2024-05-01" is not a date; Okta dates look like 2024-05-01T09:30:00Z`},
		{"number as date", field(catalog.TypeDate), 5.0, "5 is not a date"},
		{"object", field(catalog.TypeObject), map[string]any{"a": 1.0}, ""},
		{"text as object", field(catalog.TypeObject), "{}", `"{}" is not an object`},
		{"list", catalog.Field{Type: catalog.TypeList, ListOf: catalog.TypeNumber}, []any{1.0, "2"}, ""},
		{"list with a bad item", catalog.Field{Type: catalog.TypeList, ListOf: catalog.TypeNumber}, []any{1.0, "two"}, `item 2: "two" is not a number`},
		{"scalar as list", catalog.Field{Type: catalog.TypeList, ListOf: catalog.TypeString}, "a", `"a" is not a list of text`},
		{"any", field(catalog.TypeAny), []any{map[string]any{}}, ""},
		{"choice", catalog.Field{Type: catalog.TypeString, Choices: []string{"GET", "POST"}}, "POST", ""},
		{"not a choice", catalog.Field{Type: catalog.TypeString, Choices: []string{"GET", "POST"}}, "get", `"get" is not one of the choices: GET, POST`},
		{"numeric choice", catalog.Field{Type: catalog.TypeNumber, Choices: []string{"10", "20"}}, 20.0, ""},
		{"long text is shortened", field(catalog.TypeNumber), "ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé",
			`"ééééééééééééééééééééééééééééééééééééééééééééééééééééééééé..." is not a number`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckLiteral(tt.field, tt.value)
			got := ""
			if err != nil {
				got = err.Error()
			}
			if got != tt.err {
				t.Errorf("CheckLiteral(%v) = %q, want %q", tt.value, got, tt.err)
			}
		})
	}
}
