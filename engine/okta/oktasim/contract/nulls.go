package contract

import (
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
)

// Okta's schemas mark few properties nullable, yet Okta sends null for unset values
// (accessibility.errorRedirectUrl, an SSO app user's externalId, a log event's client.zone) and
// its own examples show those nulls. A "not nullable" breach where Okta's examples of the same
// schema carry null is the spec contradicting itself, not the simulator straying from Okta.

// withoutKnownNulls returns a copy of v without the null fields that nulls accepts, so that the
// schema (which cannot say null there, even inside anyOf alternatives) judges the rest.
func withoutKnownNulls(v any, path string, nulls map[string]bool) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, c := range x {
			p := join(path, k)
			if c == nil && nulls[resourceField(p)] {
				continue
			}
			out[k] = withoutKnownNulls(c, p, nulls)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, c := range x {
			out[i] = withoutKnownNulls(c, path+"[]", nulls)
		}
		return out
	default:
		return v
	}
}

// schemaKey names the schema of a response body for null evidence: the component a body (or
// each item of a list body) refers to, or the operation and status for inline schemas.
func schemaKey(op string, status string, mt *openapi3.MediaType) string {
	if mt != nil && mt.Schema != nil {
		if mt.Schema.Ref != "" {
			return mt.Schema.Ref
		}
		if s := mt.Schema.Value; s != nil && s.Items != nil && s.Items.Ref != "" {
			return s.Items.Ref
		}
	}
	return op + " " + status
}

// nullPaths adds to into the resource field paths (see resourceField) where v holds null.
func nullPaths(v any, path string, into map[string]bool) {
	switch x := v.(type) {
	case nil:
		into[resourceField(path)] = true
	case map[string]any:
		for k, c := range x {
			nullPaths(c, join(path, k), into)
		}
	case []any:
		for _, c := range x {
			nullPaths(c, path+"[]", into)
		}
	}
}

// pointerPath turns a JSON pointer's segments into a resource field path (list indexes become
// "[]" by looking at body), and reports the value found there.
func pointerPath(body any, ptr []string) (path string, value any) {
	value = body
	for _, seg := range ptr {
		switch x := value.(type) {
		case []any:
			path += "[]"
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				value = nil
				continue
			}
			value = x[i]
		case map[string]any:
			path = join(path, seg)
			value = x[seg]
		default:
			path = join(path, seg)
			value = nil
		}
	}
	return resourceField(path), value
}
