package run

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/flow"
)

// Scope holds the outputs of the cards that have run, by card id. Inner chains (If/Else
// branches, For Each items) get a child scope, so an item's outputs never leak into the next
// item while the outer chain's outputs stay readable.
type Scope struct {
	parent  *Scope
	outputs map[string]map[string]any
}

// NewScope returns an empty top-level scope.
func NewScope() *Scope { return &Scope{outputs: map[string]map[string]any{}} }

// Child returns a scope that sees s.
func (s *Scope) Child() *Scope { return &Scope{parent: s, outputs: map[string]map[string]any{}} }

// Set records a card's outputs.
func (s *Scope) Set(cardID string, out map[string]any) { s.outputs[cardID] = out }

// Get finds a card's outputs in s or its parents.
func (s *Scope) Get(cardID string) (map[string]any, bool) {
	for sc := s; sc != nil; sc = sc.parent {
		if o, ok := sc.outputs[cardID]; ok {
			return o, true
		}
	}
	return nil, false
}

// Resolve computes an input's value: a literal as is, a reference read from the scope, a
// template as text.
func Resolve(in flow.Input, s *Scope) (any, error) {
	switch {
	case in.Ref != nil:
		return resolveRef(in.Ref, s)
	case len(in.Template) > 0:
		var b strings.Builder
		for _, p := range in.Template {
			if p.Ref == nil {
				b.WriteString(p.Text)
				continue
			}
			v, err := resolveRef(p.Ref, s)
			if err != nil {
				return nil, err
			}
			b.WriteString(Text(v))
		}
		return b.String(), nil
	default:
		return in.Literal, nil
	}
}

func resolveRef(r *flow.Ref, s *Scope) (any, error) {
	out, ok := s.Get(r.Card)
	if !ok {
		return nil, fmt.Errorf("card %s has not run in this run, so its %q cannot be read", r.Card, r.Path)
	}
	v, _ := Lookup(out, r.Path)
	// A missing field is no value, as in Workflows: Okta omits empty profile attributes.
	return v, nil
}

// Lookup reads a dotted path ("user.profile.login", "items.0.id") through objects and lists.
func Lookup(v any, path string) (any, bool) {
	if path == "" {
		return v, true
	}
	cur := v
	for _, part := range strings.Split(path, ".") {
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[part]
			if !ok {
				return nil, false
			}
			cur = next
		case []any:
			i, err := strconv.Atoi(part)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

// Text renders a value as text: strings as they are, numbers without a trailing ".0", objects
// and lists as JSON, no value as "".
func Text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		return strconv.FormatBool(x)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1e15 {
			return strconv.FormatInt(int64(x), 10)
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case int:
		return strconv.Itoa(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case json.Number:
		return x.String()
	default:
		b, err := json.Marshal(x)
		if err != nil {
			return fmt.Sprint(x)
		}
		return string(b)
	}
}

// Compare applies a condition operator of Continue If and If/Else. Two numbers compare as
// numbers, two dates as dates, anything else as text (case-sensitive); "contains" on a list
// checks membership; "is empty" is true for no value, empty text, an empty list or object.
func Compare(left any, op string, right any) (bool, error) {
	switch op {
	case "is empty":
		return isEmptyValue(left), nil
	case "is not empty":
		return !isEmptyValue(left), nil
	case "contains", "does not contain":
		var has bool
		if list, ok := left.([]any); ok {
			for _, item := range list {
				if equal(item, right) {
					has = true
					break
				}
			}
		} else {
			has = strings.Contains(Text(left), Text(right))
		}
		return has == (op == "contains"), nil
	case "starts with":
		return strings.HasPrefix(Text(left), Text(right)), nil
	case "ends with":
		return strings.HasSuffix(Text(left), Text(right)), nil
	case "equal to":
		return equal(left, right), nil
	case "not equal to":
		return !equal(left, right), nil
	case "greater than", "greater than or equal to", "less than", "less than or equal to":
		c, err := order(left, right)
		if err != nil {
			return false, err
		}
		switch op {
		case "greater than":
			return c > 0, nil
		case "greater than or equal to":
			return c >= 0, nil
		case "less than":
			return c < 0, nil
		default:
			return c <= 0, nil
		}
	}
	return false, fmt.Errorf("unknown operator %q", op)
}

func isEmptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

func equal(a, b any) bool {
	if an, ok := number(a); ok {
		if bn, ok := number(b); ok {
			return an == bn
		}
	}
	if ab, ok := a.(bool); ok {
		if bb, ok := b.(bool); ok {
			return ab == bb
		}
		return strconv.FormatBool(ab) == Text(b)
	}
	if _, ok := a.(map[string]any); ok {
		return reflect.DeepEqual(a, b)
	}
	if _, ok := a.([]any); ok {
		return reflect.DeepEqual(a, b)
	}
	return Text(a) == Text(b)
}

func order(a, b any) (int, error) {
	if an, ok := number(a); ok {
		if bn, ok := number(b); ok {
			return cmp3(an, bn), nil
		}
	}
	if at, ok := date(a); ok {
		if bt, ok := date(b); ok {
			return at.Compare(bt), nil
		}
	}
	return strings.Compare(Text(a), Text(b)), nil
}

func cmp3(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil && strings.TrimSpace(x) != ""
	}
	return 0, false
}

func date(v any) (time.Time, bool) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	return t, err == nil
}
