package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/contract/internal/specgen"
)

// Result is the verdict on one response.
type Result struct {
	// Method and Path are the request's; Operation is the spec's "METHOD /path/{template}",
	// empty when the spec has no such operation.
	Method, Path, Operation string
	Status                  int
	// Example names the Okta example the body was compared with ("" when the spec has none for
	// this status). ShapeChecked is false when the body could not be compared: no example, or
	// an empty list.
	Example      string
	ShapeChecked bool
	// Exercised is true for a success (2xx, or the redirect of an operation whose success is
	// one) whose body could be compared with Okta's example, or whose status has none.
	Exercised bool
	// Problems says what is wrong; empty means the response honours the contract.
	Problems []string
}

// OK reports whether the response honours the contract.
func (r Result) OK() bool { return len(r.Problems) == 0 }

func (r Result) String() string {
	s := fmt.Sprintf("%s %s -> %d", r.Method, r.Path, r.Status)
	if r.Operation != "" {
		s += " (" + r.Operation + ")"
	}
	if r.OK() {
		return s + ": ok"
	}
	return s + ":\n\t" + strings.Join(r.Problems, "\n\t")
}

// undocumentedRedirects are operations whose success is a browser redirect that Okta's spec
// leaves out on purpose (its /authorize description says example responses are intentionally
// omitted): a 3xx answer there is what Okta does, not a contract breach.
var undocumentedRedirects = []string{"GET /oauth2/v1/authorize"}

// Check holds one exchange to the contract: the operation exists, the status is declared for
// it (or a default is), the body matches the declared schema, and the body carries the fields
// of Okta's example for that status. When the answer is a success, the request is held to the
// spec too (reqBody is its body; nil for none): an org that accepts a request Okta's spec rules
// out hides a client bug. A request the org rejected may break the spec; that is why it was
// rejected.
func (c *Contract) Check(ctx context.Context, req *http.Request, reqBody []byte, status int, header http.Header, body []byte) Result {
	res := Result{Method: methodOf(req), Path: req.URL.Path, Status: status}
	op, params, pathKnown := c.find(res.Method, req.URL.Path)
	if op == nil {
		if pathKnown {
			res.Problems = append(res.Problems, "the spec declares no "+res.Method+" on this path")
		} else {
			res.Problems = append(res.Problems, "the spec has no operation for this path")
		}
		return res
	}
	res.Operation = op.Key()

	if status >= 300 && status < 400 && slices.Contains(undocumentedRedirects, op.Key()) {
		res.Exercised = true
		return res
	}
	statusKey := strconv.Itoa(status)
	declared := op.op.Responses.Status(status)
	if declared == nil {
		if declared = op.op.Responses.Default(); declared != nil {
			statusKey = "default"
		}
	}
	if declared == nil && slices.Contains(undeclaredErrors, status) && op.file == specgen.ManagementFile {
		res.Problems = append(res.Problems, c.undeclaredError(op, status, body)...)
		return res
	}
	if declared == nil {
		res.Problems = append(res.Problems, fmt.Sprintf("status %d is not declared (the spec has %s)",
			status, strings.Join(op.op.Responses.Keys(), ", ")))
		return res
	}

	route := &routers.Route{Spec: op.doc, Path: op.path, PathItem: op.item, Method: op.method, Operation: op.op}
	if status >= 200 && status < 300 {
		res.Problems = append(res.Problems, c.requestProblems(ctx, req, reqBody, route, params)...)
	}

	var got any
	hasJSON := len(bytes.TrimSpace(body)) > 0 && json.Unmarshal(body, &got) == nil
	validated := body
	if hasJSON {
		if b, err := json.Marshal(withoutKnownNulls(got, "", c.nulls[op.schemas[statusKey]])); err == nil {
			validated = b
		}
	}

	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{
			Request:    req,
			PathParams: params,
			Route:      route,
		},
		Status:  status,
		Header:  header,
		Body:    io.NopCloser(bytes.NewReader(validated)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		res.Problems = append(res.Problems, schemaProblems(err, got)...)
	}

	success := status >= 200 && status < 300
	exs := op.examples[statusKey]
	if len(exs) == 0 || len(bytes.TrimSpace(body)) == 0 {
		res.Exercised = success
		return res
	}
	if !hasJSON {
		res.Problems = append(res.Problems, "body is not JSON")
		return res
	}
	if l, ok := got.([]any); ok && len(l) == 0 {
		return res // an empty list says nothing about the shape of its items
	}
	res.Example, res.Problems = c.shapeCheck(op, statusKey, got, res.Problems)
	res.ShapeChecked, res.Exercised = true, success
	return res
}

// shapeCheck holds a decoded body (one resource, or a list of them, item by item) to Okta's
// examples for the status and appends what is missing or mistyped to problems. It returns the
// name of the example the body (or its first item) was compared with.
func (c *Contract) shapeCheck(op *operation, statusKey string, got any, problems []string) (string, []string) {
	items, prefix := []any{got}, ""
	if l, ok := got.([]any); ok {
		items, prefix = l, "[]"
	}
	first := ""
	for i, item := range items {
		cands := c.candidates(op.examples[statusKey], op.schemas[statusKey], op.kinds[statusKey], item)
		name, found := bestMatch(op.Key(), cands, item, prefix)
		if i == 0 {
			first = name
		}
		if len(found) == 0 {
			continue
		}
		where := ""
		if prefix != "" {
			where = fmt.Sprintf(" (item %d of %d)", i, len(items))
		}
		for _, p := range found {
			problems = append(problems, "vs example "+strconv.Quote(name)+where+": "+p)
		}
		break // one item's report says what the others would
	}
	return first, problems
}

// candidates picks the examples to hold item to. For a polymorphic schema (Application,
// told apart by signOnMode) they are Okta's examples of item's kind, from this operation and
// from every other operation answering with the same schema: Okta documents an OIN SAML app
// under one operation and a custom SAML app under another. When Okta shows that kind nowhere,
// or the schema is not polymorphic, they are the operation's own examples.
func (c *Contract) candidates(own []example, schema, kindProp string, item any) []example {
	res, _ := item.(map[string]any)
	kind, _ := res[kindProp].(string)
	if kindProp == "" || kind == "" {
		return own
	}
	var same []example
	for _, ex := range append(slices.Clone(own), c.pool[schema]...) {
		if m, ok := ex.value.(map[string]any); ok && m[kindProp] == kind {
			same = append(same, ex)
		}
	}
	if len(same) == 0 {
		return own
	}
	return same
}

// bestMatch compares one resource with every candidate example and returns the one it fits
// best, with the problems left (none when it fits one fully).
func bestMatch(op string, cands []example, item any, prefix string) (string, []string) {
	resource, _ := item.(map[string]any)
	allowed := func(path string) bool { return allowedMissing(op, path, resource) }
	best := -1
	var bestProblems []string
	for i, ex := range cands {
		slips := func(path string) bool { return ex.slips[resourceField(path)] }
		p := shapeProblems(ex.value, item, prefix, allowed, slips)
		if best < 0 || len(p) < len(bestProblems) {
			best, bestProblems = i, p
		}
		if len(p) == 0 {
			break
		}
	}
	return cands[best].name, bestProblems
}

// requestProblems holds a request to the operation's parameters and body schema. Security is
// the org's business (it answered with a success), so any credentials pass here.
func (c *Contract) requestProblems(ctx context.Context, req *http.Request, body []byte, route *routers.Route, params map[string]string) []string {
	r := req.Clone(ctx)
	r.Body = io.NopCloser(bytes.NewReader(body))
	in := &openapi3filter.RequestValidationInput{
		Request:    r,
		PathParams: params,
		Route:      route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
			SkipSettingDefaults: true},
	}
	err := openapi3filter.ValidateRequest(ctx, in)
	if err == nil {
		return nil
	}
	var reqBody any
	_ = json.Unmarshal(body, &reqBody)
	var out []string
	for _, p := range schemaProblems(err, reqBody) {
		out = append(out, "request "+p)
	}
	return out
}

// undeclaredErrors are statuses Okta's Management spec declares for no operation, yet Okta
// answers them and the client must handle them: 401 E0000011 "Invalid token provided" for a
// missing or bad token on every operation that needs one, 500 E0000009 and 503 when Okta
// fails. Their bodies are held to Okta's Error schema.
var undeclaredErrors = []int{http.StatusUnauthorized, http.StatusInternalServerError, http.StatusServiceUnavailable}

// undeclaredError holds the body of an undeclaredErrors status to Okta's Error schema.
func (c *Contract) undeclaredError(op *operation, status int, body []byte) []string {
	var got any
	if err := json.Unmarshal(body, &got); err != nil {
		return []string{fmt.Sprintf("%d body is not JSON: %v", status, err)}
	}
	ref := op.doc.Components.Schemas["Error"]
	if ref == nil || ref.Value == nil {
		return []string{"the spec has no Error schema to hold an error to"}
	}
	if err := ref.Value.VisitJSON(got, openapi3.MultiErrors()); err != nil {
		return schemaProblems(err, got)
	}
	if m, _ := got.(map[string]any); m["errorCode"] == nil || m["errorSummary"] == nil {
		return []string{fmt.Sprintf("%d body lacks errorCode or errorSummary", status)}
	}
	return nil
}

// ambiguousOneOf explains why a value matching several "oneOf" alternatives is not a breach:
// Okta's spec writes oneOf where it means anyOf, with alternatives that require nothing
// (AppUserUpdateRequest: a credentials payload or a profile payload), so every body matches
// all of them. A value matching none is still a breach.
const ambiguousOneOf = `a value matching more than one "oneOf" alternative passes: Okta's spec writes oneOf where it means anyOf (AppUserUpdateRequest's alternatives require nothing, so every body matches both)`

// schemaProblems flattens kin-openapi's errors into one line per field and reason (a breach in
// every item of a list is one line).
func schemaProblems(err error, body any) []string {
	var order []string
	count := map[string]int{}
	var walk func(err error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		line := "schema: " + err.Error()
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			path, _ := pointerPath(body, se.JSONPointer())
			if se.SchemaField == "oneOf" && strings.Contains(se.Reason, "matches more than one") {
				return // see ambiguousOneOf
			}
			line = fmt.Sprintf("schema: %s: %s", orRoot(path), se.Reason)
		}
		if count[line] == 0 {
			order = append(order, line)
		}
		count[line]++
	}
	walk(err)
	out := make([]string, len(order))
	for i, line := range order {
		out[i] = line
		if n := count[line]; n > 1 {
			out[i] += fmt.Sprintf(" (%d times)", n)
		}
	}
	return out
}
