package actions

import "github.com/flowdeck/flowdeck/engine/catalog"

// flatten turns an Okta object into a card's outputs the way Okta Workflows flattens it: every
// declared field gets a value (nil when Okta sent none), taken from the object's top level, else
// from its profile (login, firstName, a group's name …), else from derived (paths Okta nests,
// such as a group rule's conditions.expression.value). "raw" is the object as Okta sent it.
func flatten(fields []catalog.Field, obj map[string]any, derived map[string]any) map[string]any {
	profile, _ := obj["profile"].(map[string]any)
	out := make(map[string]any, len(fields))
	for _, f := range fields {
		switch {
		case f.Key == "raw":
			out[f.Key] = obj
		case hasKey(derived, f.Key):
			out[f.Key] = derived[f.Key]
		case hasKey(obj, f.Key):
			out[f.Key] = obj[f.Key]
		case hasKey(profile, f.Key):
			out[f.Key] = profile[f.Key]
		default:
			out[f.Key] = nil
		}
	}
	return out
}

func hasKey(m map[string]any, k string) bool {
	if m == nil {
		return false
	}
	_, ok := m[k]
	return ok
}

// path reads a nested member of decoded JSON ("conditions", "expression", "value").
func path(obj map[string]any, keys ...string) any {
	var cur any = obj
	for _, k := range keys {
		m, ok := cur.(map[string]any)
		if !ok {
			return nil
		}
		cur = m[k]
	}
	return cur
}

// listItemFields are the members of a list card's list output (its first output).
func listItemFields(spec *catalog.Spec, key string) []catalog.Field {
	f, _ := spec.Output(key)
	return f.Fields
}

// withOutputs returns the spec's outputs as a map with every declared key, filled from vals.
func withOutputs(spec *catalog.Spec, vals map[string]any) map[string]any {
	out := make(map[string]any, len(spec.Outputs))
	for _, f := range spec.Outputs {
		out[f.Key] = vals[f.Key]
	}
	return out
}
