package actions

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// args reads a call's inputs and options by key, coercing what a flow, the inspector or the
// command line may hand over (JSON numbers, "true", comma-separated lists, JSON text) into the
// Go value the executor needs, and falling back to the spec's default when no value is given.
// Inputs win over options when a key is both.
type args struct {
	spec *catalog.Spec
	in   map[string]any
	opt  map[string]any
}

func newArgs(c *Call) args { return args{spec: c.Spec, in: c.Inputs, opt: c.Options} }

// undeclared, when set (the tests set it), hears of every key an executor reads that its card's
// spec does not declare: after a key is renamed in the catalog, the old key would otherwise read
// as empty without a word.
var undeclared func(cardID, key string)

func (a args) check(key string) {
	if undeclared == nil {
		return
	}
	if _, ok := a.spec.Input(key); ok {
		return
	}
	if _, ok := a.spec.Option(key); !ok {
		undeclared(a.spec.ID, key)
	}
}

// raw returns the given value of key, or the field's default, and whether there was either.
func (a args) raw(key string) (any, bool) {
	a.check(key)
	if v, ok := a.in[key]; ok && !isEmpty(v) {
		return v, true
	}
	if v, ok := a.opt[key]; ok && !isEmpty(v) {
		return v, true
	}
	if f, ok := a.spec.Input(key); ok && f.Default != nil {
		return f.Default, true
	}
	if f, ok := a.spec.Option(key); ok && f.Default != nil {
		return f.Default, true
	}
	return nil, false
}

// has reports whether key was given a non-empty value (defaults do not count).
func (a args) has(key string) bool {
	a.check(key)
	if v, ok := a.in[key]; ok && !isEmpty(v) {
		return true
	}
	v, ok := a.opt[key]
	return ok && !isEmpty(v)
}

// str returns key as trimmed text ("" when absent).
func (a args) str(key string) string {
	v, ok := a.raw(key)
	if !ok {
		return ""
	}
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case json.Number:
		return x.String()
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	}
	return strings.TrimSpace(fmt.Sprint(v))
}

// boolean returns key as a bool; text such as "true", "yes", "no" is accepted.
func (a args) boolean(key string) (bool, error) {
	v, ok := a.raw(key)
	if !ok {
		return false, nil
	}
	switch x := v.(type) {
	case bool:
		return x, nil
	case string:
		switch strings.ToLower(strings.TrimSpace(x)) {
		case "true", "yes", "y", "1", "on":
			return true, nil
		case "false", "no", "n", "0", "off":
			return false, nil
		}
	case float64:
		return x != 0, nil
	}
	return false, fmt.Errorf("%s must be true or false, got %v", a.label(key), v)
}

// integer returns key as a whole number (0 when absent).
func (a args) integer(key string) (int, error) {
	v, ok := a.raw(key)
	if !ok {
		return 0, nil
	}
	var n float64
	switch x := v.(type) {
	case float64:
		n = x
	case int:
		return x, nil
	case int64:
		return int(x), nil
	case json.Number:
		f, err := x.Float64()
		if err != nil {
			return 0, fmt.Errorf("%s must be a number, got %q", a.label(key), x)
		}
		n = f
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		if err != nil {
			return 0, fmt.Errorf("%s must be a number, got %q", a.label(key), x)
		}
		n = f
	default:
		return 0, fmt.Errorf("%s must be a number, got %v", a.label(key), v)
	}
	if n != float64(int(n)) {
		return 0, fmt.Errorf("%s must be a whole number, got %v", a.label(key), n)
	}
	return int(n), nil
}

// strList returns key as a list of strings: a list, a JSON array text, or comma-separated text.
func (a args) strList(key string) ([]string, error) {
	v, ok := a.raw(key)
	if !ok {
		return nil, nil
	}
	var items []any
	switch x := v.(type) {
	case []string:
		items = make([]any, len(x))
		for i, s := range x {
			items[i] = s
		}
	case []any:
		items = x
	case string:
		s := strings.TrimSpace(x)
		if strings.HasPrefix(s, "[") {
			if err := json.Unmarshal([]byte(s), &items); err != nil {
				return nil, fmt.Errorf("%s is not a JSON list: %w", a.label(key), err)
			}
			break
		}
		for _, p := range strings.Split(s, ",") {
			items = append(items, p)
		}
	default:
		return nil, fmt.Errorf("%s must be a list of text, got %v", a.label(key), v)
	}
	var out []string
	for _, it := range items {
		s, ok := it.(string)
		if !ok {
			return nil, fmt.Errorf("%s must hold text only, got %v", a.label(key), it)
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

// object returns key as a JSON object: an object, or JSON object text.
func (a args) object(key string) (map[string]any, error) {
	v, ok := a.raw(key)
	if !ok {
		return nil, nil
	}
	switch x := v.(type) {
	case map[string]any:
		return x, nil
	case string:
		var m map[string]any
		if err := json.Unmarshal([]byte(x), &m); err != nil {
			return nil, fmt.Errorf("%s is not a JSON object: %w", a.label(key), err)
		}
		return m, nil
	}
	return nil, fmt.Errorf("%s must be an object, got %v", a.label(key), v)
}

// label names a field as the admin sees it.
func (a args) label(key string) string {
	if f, ok := a.spec.Input(key); ok {
		return strconv.Quote(f.Name)
	}
	if f, ok := a.spec.Option(key); ok {
		return "option " + strconv.Quote(f.Name)
	}
	return strconv.Quote(key)
}
