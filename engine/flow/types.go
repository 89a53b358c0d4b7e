package flow

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// The compatibility table for wires, from an output's type (columns) to an input's (rows):
//
//	to \ from  text  number  true/false  date  object  list  any
//	text       yes   yes     yes         yes   no      no    yes
//	number     no    yes     no          no    no      no    yes
//	true/false no    no      yes         no    no      no    yes
//	date       yes   no      no          yes   no      no    yes
//	object     no    no      no          no    yes     no    yes
//	list       no    no      no          no    no      item  yes
//	any        yes   yes     yes         yes   yes     yes   yes
//
// Anything scalar becomes text by plain conversion. Text into a number or true/false is refused
// when wired: whether "abc" parses is only known at run time, so the admin converts it with a
// function card and decides what a bad value does. Text into a date is allowed because Okta
// sends every date as RFC 3339 text and many outputs are declared as text. "any" defers the check
// to run time both ways. A list feeds a list when its items do (an undeclared item type is any).
// A typed literal follows the same table, except that text which parses is accepted for number,
// true/false and date: there the value is known now.

// Assignable reports whether an output described by from may be wired into an input described
// by to. The error says why not, worded for an admin.
func Assignable(from, to catalog.Field) error {
	if assignable(from.Type, from.ListOf, to.Type, to.ListOf) {
		return nil
	}
	return fmt.Errorf("%s cannot be used as %s", TypeLabel(from), TypeLabel(to))
}

func assignable(from, fromItem, to, toItem catalog.Type) bool {
	if isAny(from) || isAny(to) || from == to && from != catalog.TypeList {
		return true
	}
	switch to {
	case catalog.TypeString:
		return from == catalog.TypeNumber || from == catalog.TypeBoolean || from == catalog.TypeDate
	case catalog.TypeDate:
		return from == catalog.TypeString
	case catalog.TypeList:
		return from == catalog.TypeList && assignable(fromItem, "", toItem, "")
	}
	return false
}

func isAny(t catalog.Type) bool { return t == catalog.TypeAny || t == "" }

// TypeLabel names a field's type as the admin sees it: "text", "a number", "a list of objects".
func TypeLabel(f catalog.Field) string {
	switch f.Type {
	case catalog.TypeString:
		return "text"
	case catalog.TypeNumber:
		return "a number"
	case catalog.TypeBoolean:
		return "true/false"
	case catalog.TypeDate:
		return "a date"
	case catalog.TypeObject:
		return "an object"
	case catalog.TypeList:
		return "a list of " + itemLabel(f.ListOf)
	default:
		return "any value"
	}
}

func itemLabel(t catalog.Type) string {
	switch t {
	case catalog.TypeString:
		return "text"
	case catalog.TypeNumber:
		return "numbers"
	case catalog.TypeBoolean:
		return "true/false values"
	case catalog.TypeDate:
		return "dates"
	case catalog.TypeObject:
		return "objects"
	case catalog.TypeList:
		return "lists"
	default:
		return "values"
	}
}

// CheckLiteral reports whether v, a typed-in value, fits field f (its type, its list items and
// its choices). The error names the value and what was expected.
func CheckLiteral(f catalog.Field, v any) error {
	if err := checkType(f.Type, f.ListOf, v); err != nil {
		return err
	}
	if len(f.Choices) > 0 {
		s := scalarText(v)
		for _, c := range f.Choices {
			if c == s {
				return nil
			}
		}
		return fmt.Errorf("%s is not one of the choices: %s", describeValue(v), strings.Join(f.Choices, ", "))
	}
	return nil
}

func checkType(t, item catalog.Type, v any) error {
	if isAny(t) {
		return nil
	}
	want := TypeLabel(catalog.Field{Type: t, ListOf: item})
	fail := func() error { return fmt.Errorf("%s is not %s", describeValue(v), want) }
	switch t {
	case catalog.TypeString:
		if isObjectOrList(v) {
			return fmt.Errorf("%s cannot be used as text", describeValue(v))
		}
	case catalog.TypeNumber:
		switch x := v.(type) {
		case string:
			if _, err := strconv.ParseFloat(strings.TrimSpace(x), 64); err != nil {
				return fail()
			}
		default:
			if !isNumber(v) {
				return fail()
			}
		}
	case catalog.TypeBoolean:
		switch x := v.(type) {
		case bool:
		case string:
			if l := strings.ToLower(strings.TrimSpace(x)); l != "true" && l != "false" {
				return fail()
			}
		default:
			return fail()
		}
	case catalog.TypeDate:
		s, ok := v.(string)
		if !ok {
			return fail()
		}
		if _, err := time.Parse(time.RFC3339, strings.TrimSpace(s)); err != nil {
			return fmt.Errorf("%s is not a date; Okta dates look like 2024-05-01T09:30:00Z", describeValue(v))
		}
	case catalog.TypeObject:
		if _, ok := v.(map[string]any); !ok {
			return fail()
		}
	case catalog.TypeList:
		items, ok := v.([]any)
		if !ok {
			return fail()
		}
		for i, it := range items {
			if err := checkType(item, "", it); err != nil {
				return fmt.Errorf("item %d: %w", i+1, err)
			}
		}
	}
	return nil
}

func isNumber(v any) bool {
	switch v.(type) {
	case float64, float32, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, json.Number:
		return true
	}
	return false
}

func isObjectOrList(v any) bool {
	switch v.(type) {
	case map[string]any, []any:
		return true
	}
	return false
}

// scalarText is the text form a choice is compared with.
func scalarText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	return fmt.Sprint(v)
}

// describeValue quotes text and names structures, for messages: "abc", 42, true, an object.
func describeValue(v any) string {
	switch x := v.(type) {
	case string:
		if r := []rune(x); len(r) > 60 {
			x = string(r[:57]) + "..."
		}
		return strconv.Quote(x)
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case nil:
		return "null"
	default:
		return fmt.Sprint(x)
	}
}
