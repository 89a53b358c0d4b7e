package actions

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
)

// Custom API Action: any Management API call on the connected org. The client refuses a URL
// that would leave the org (another host or scheme, "//host", dot segments, encoded slashes),
// never lets the card set Authorization or Host, and refuses redirects off the org, so the
// connection's token only ever reaches the org.

func init() {
	register("okta.action.hTTPRequest", customAPIAction)
}

func customAPIAction(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	method := strings.ToUpper(a.str("requestType"))
	switch method {
	case http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete:
	default:
		return nil, fmt.Errorf("request type %q is not one of GET, POST, PUT, PATCH, DELETE", method)
	}
	target := a.str("relativeUrl")
	q, err := a.object("query")
	if err != nil {
		return nil, err
	}
	query, err := queryValues(q)
	if err != nil {
		return nil, err
	}
	h, err := a.object("headers")
	if err != nil {
		return nil, err
	}
	header := http.Header{}
	for k, v := range h {
		header.Set(k, fmt.Sprint(v))
	}
	var body any
	if a.has("body") && method != http.MethodGet {
		if body, err = jsonBody(a); err != nil {
			return nil, err
		}
	}
	// A GET changes nothing: it may be repeated after a lost answer; anything else may not.
	ctx = readSafeIf(ctx, method == http.MethodGet)
	resp, err := c.Client.Do(ctx, method, target, query, body, header)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", method, target, err)
	}
	return withOutputs(c.Spec, map[string]any{
		"statusCode": resp.Status,
		"headers":    headerObject(resp.Header),
		"body":       decodeAny(resp.Body),
	}), nil
}

// jsonBody is the Body input: an object or a list (some endpoints take arrays), or its JSON text.
func jsonBody(a args) (any, error) {
	v, _ := a.raw("body")
	switch x := v.(type) {
	case map[string]any, []any:
		return x, nil
	case string:
		var out any
		if err := json.Unmarshal([]byte(x), &out); err != nil {
			return nil, fmt.Errorf("%s is not JSON: %w", a.label("body"), err)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s must be a JSON object or list, got %v", a.label("body"), v)
}

func readSafeIf(ctx context.Context, safe bool) context.Context {
	if safe {
		return readSafe(ctx)
	}
	return ctx
}

// queryValues turns the Query object into parameters; a list value repeats the parameter.
func queryValues(q map[string]any) (url.Values, error) {
	out := url.Values{}
	for k, v := range q {
		switch x := v.(type) {
		case []any:
			for _, it := range x {
				out.Add(k, scalar(it))
			}
		case map[string]any:
			return nil, fmt.Errorf("query parameter %q must be text, a number, true/false or a list, not an object", k)
		default:
			out.Add(k, scalar(x))
		}
	}
	return out, nil
}

func scalar(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		b, _ := json.Marshal(x)
		return string(b)
	}
	return fmt.Sprint(v)
}

// headerObject is the response headers as an object, each value joined as HTTP joins repeats.
func headerObject(h http.Header) map[string]any {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make(map[string]any, len(h))
	for _, k := range keys {
		out[k] = strings.Join(h.Values(k), ", ")
	}
	return out
}

// decodeAny parses a JSON body, or returns it as text when it is not JSON (nil when empty).
func decodeAny(b []byte) any {
	if len(strings.TrimSpace(string(b))) == 0 {
		return nil
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return string(b)
	}
	return v
}
