package contract

import (
	"fmt"
	"strings"
)

// jsonType names a decoded JSON value's type as JSON Schema does.
func jsonType(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case float64:
		return "number"
	case string:
		return "string"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	default:
		return fmt.Sprintf("%T", v)
	}
}

// shapeProblems lists the fields Okta's example carries that got lacks or carries with another
// JSON type. Objects are compared key by key, recursively; for an array, got's first element is
// compared with the example element it resembles most (Okta's list examples mix kinds, e.g.
// bookmark and SAML apps). null on either side matches any type: Okta sends null for unset
// values that have a type. allowed says which missing fields are acceptable; slips says where
// the example breaks its own schema, so its type there proves nothing.
func shapeProblems(want, got any, path string, allowed, slips func(path string) bool) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return typeProblem(path, want, got, slips)
		}
		var out []string
		for _, k := range sortedKeys(w) {
			p := join(path, k)
			gv, present := g[k]
			if !present {
				if !allowed(p) {
					out = append(out, fmt.Sprintf("%s: missing (Okta's example has %s)", p, describe(w[k])))
				}
				continue
			}
			out = append(out, shapeProblems(w[k], gv, p, allowed, slips)...)
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok {
			return typeProblem(path, want, got, slips)
		}
		if len(w) == 0 || len(g) == 0 {
			return nil
		}
		return bestOf(w, func(item any) []string { return shapeProblems(item, g[0], path+"[]", allowed, slips) })
	default:
		if want == nil || got == nil || jsonType(want) == jsonType(got) {
			return nil
		}
		return typeProblem(path, want, got, slips)
	}
}

// bestOf returns the shortest problem list over candidates (nil as soon as one fits).
func bestOf[T any](candidates []T, problems func(T) []string) []string {
	var best []string
	for i, c := range candidates {
		p := problems(c)
		if len(p) == 0 {
			return nil
		}
		if i == 0 || len(p) < len(best) {
			best = p
		}
	}
	return best
}

func typeProblem(path string, want, got any, slips func(path string) bool) []string {
	if want == nil || got == nil || slips(path) {
		return nil
	}
	return []string{fmt.Sprintf("%s: is %s, Okta's example has %s", orRoot(path), describe(got), describe(want))}
}

// describe names a value's type, with a short sample for scalars so a report says what Okta sends.
func describe(v any) string {
	switch x := v.(type) {
	case string:
		if len(x) > 40 {
			x = x[:40] + "…"
		}
		return fmt.Sprintf("string %q", x)
	case float64, bool:
		return fmt.Sprintf("%s %v", jsonType(v), x)
	case map[string]any:
		keys := sortedKeys(x)
		if len(keys) > 6 {
			keys = append(keys[:6], "…")
		}
		return "object {" + strings.Join(keys, ", ") + "}"
	default:
		return jsonType(v)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func orRoot(path string) string {
	if path == "" {
		return "(body)"
	}
	return path
}

// matchPath reports whether a field path matches a pattern in which "*" stands for one field
// name and a trailing ".**" for any depth below. Array levels are written "name[]".
func matchPath(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "."), strings.Split(path, ".")
	if ps[len(ps)-1] == "**" {
		ps = ps[:len(ps)-1]
		if len(xs) <= len(ps) {
			return false
		}
		xs = xs[:len(ps)]
	}
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if ps[i] != "*" && ps[i] != xs[i] {
			return false
		}
	}
	return true
}
