package contract

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/contract/internal/specgen"
)

//go:embed spec/management-trimmed.yaml spec/oauth-trimmed.yaml
var specFS embed.FS

// SpecFiles are the embedded trimmed specs, by file name, for the up-to-date check.
func SpecFiles() (map[string][]byte, error) {
	out := map[string][]byte{}
	for _, name := range []string{specgen.ManagementFile, specgen.OAuthFile} {
		b, err := specFS.ReadFile("spec/" + name)
		if err != nil {
			return nil, err
		}
		out[name] = b
	}
	return out, nil
}

// Contract is the loaded trimmed specs: the operations and their responses.
type Contract struct {
	ops []*operation
	// nulls holds, per response schema (see schemaKey), the fields Okta's examples show as null.
	nulls map[string]map[string]bool
	// pool holds, per response schema, every example of it in the contract. Okta documents the
	// kinds of a polymorphic resource (a SAML app, a basic-auth app) under different
	// operations; a resource is held to an example of its own kind (see kindOf).
	pool map[string][]example
}

// operation is one method on one spec path, with its response examples decoded as JSON.
type operation struct {
	doc      *openapi3.T
	file     string
	method   string
	path     string
	segs     []string
	item     *openapi3.PathItem
	op       *openapi3.Operation
	examples map[string][]example // status ("200", "default") -> examples
	schemas  map[string]string    // status -> schemaKey of its JSON body
	kinds    map[string]string    // status -> the discriminator property of its resource schema
}

// example is one of Okta's examples of a resource: a response body, or one item of a list body.
type example struct {
	name  string
	value any
	// slips are the resource fields (see resourceField) where the example breaks its own
	// schema (version: 0 where LogEvent says string): there the schema, not the example, says
	// what Okta sends, so the shape check does not hold the type against the simulator.
	slips map[string]bool
}

// Key is the operation as "METHOD /spec/path", e.g. "GET /api/v1/users/{id}".
func (o *operation) Key() string { return o.method + " " + o.path }

var loadOnce = sync.OnceValues(load)

// Load returns the contract of the embedded trimmed specs. It is loaded once per process and
// safe to share: checking never changes it.
func Load() (*Contract, error) { return loadOnce() }

func load() (*Contract, error) {
	c := &Contract{nulls: map[string]map[string]bool{}, pool: map[string][]example{}}
	for _, name := range []string{specgen.ManagementFile, specgen.OAuthFile} {
		b, err := specFS.ReadFile("spec/" + name)
		if err != nil {
			return nil, fmt.Errorf("read embedded spec %s: %w", name, err)
		}
		doc, err := openapi3.NewLoader().LoadFromData(b)
		if err != nil {
			return nil, fmt.Errorf("load embedded spec %s: %w (regenerate it with go generate ./engine/okta/oktasim/contract)", name, err)
		}
		for _, path := range doc.Paths.InMatchingOrder() {
			item := doc.Paths.Value(path)
			for method, op := range item.Operations() {
				o := &operation{doc: doc, file: name, method: method, path: path, segs: splitPath(path), item: item, op: op}
				if o.examples, err = responseExamples(op); err != nil {
					return nil, fmt.Errorf("%s %s: %w", name, o.Key(), err)
				}
				c.ops = append(c.ops, o)
			}
		}
	}
	// Sorted, so that the pool's order, and with it which example a report names, is the same
	// on every run.
	slices.SortFunc(c.ops, func(a, b *operation) int { return strings.Compare(a.Key(), b.Key()) })
	for _, o := range c.ops {
		c.index(o)
	}
	for _, n := range knownNulls {
		if c.nulls[n.Schema] == nil {
			c.nulls[n.Schema] = map[string]bool{}
		}
		c.nulls[n.Schema][n.Field] = true
	}
	return c, nil
}

// index records the schema of each of o's responses and files its examples in the pool and
// their nulls in the null evidence.
func (c *Contract) index(o *operation) {
	o.schemas, o.kinds = map[string]string{}, map[string]string{}
	responses := o.op.Responses.Map()
	for _, status := range sortedKeys(responses) {
		rr := responses[status]
		if rr.Value == nil {
			continue
		}
		mt := rr.Value.Content.Get("application/json")
		key := schemaKey(o.Key(), status, mt)
		o.schemas[status], o.kinds[status] = key, discriminator(mt)
		if c.nulls[key] == nil {
			c.nulls[key] = map[string]bool{}
		}
		for _, ex := range o.examples[status] {
			nullPaths(ex.value, "", c.nulls[key])
			c.pool[key] = append(c.pool[key], ex)
		}
	}
}

// responseExamples decodes the JSON examples of every response of op. Values go through JSON
// so that YAML's types (dates, integers) read as the JSON a server sends.
func responseExamples(op *openapi3.Operation) (map[string][]example, error) {
	out := map[string][]example{}
	for status, rr := range op.Responses.Map() {
		if rr.Value == nil {
			continue
		}
		mt := rr.Value.Content.Get("application/json")
		if mt == nil {
			continue
		}
		var exs []example
		if mt.Example != nil {
			exs = append(exs, example{name: "example", value: mt.Example})
		}
		for _, name := range sortedKeys(mt.Examples) {
			if ex := mt.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
				exs = append(exs, example{name: name, value: ex.Value.Value})
			}
		}
		for i := range exs {
			b, err := json.Marshal(exs[i].value)
			if err != nil {
				return nil, fmt.Errorf("example %s of %s: %w", exs[i].name, status, err)
			}
			if err := json.Unmarshal(b, &exs[i].value); err != nil {
				return nil, fmt.Errorf("example %s of %s: %w", exs[i].name, status, err)
			}
		}
		var items []example
		for _, ex := range exs {
			slips := exampleSlips(ex.value, mt.Schema)
			l, ok := ex.value.([]any)
			if !ok {
				items = append(items, example{name: ex.name, value: ex.value, slips: slips})
				continue
			}
			// A list example is compared item by item. This also mends examples that show a
			// list where the schema says one object (TriggerSessionResponse for start-import).
			for i, item := range l {
				items = append(items, example{name: fmt.Sprintf("%s[%d]", ex.name, i), value: item, slips: slips})
			}
		}
		exs = items
		if len(exs) > 0 {
			out[status] = exs
		}
	}
	return out, nil
}

// discriminator returns the property that tells the kinds of a response's resource apart
// (signOnMode for apps), or "".
func discriminator(mt *openapi3.MediaType) string {
	if mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return ""
	}
	s := mt.Schema.Value
	if s.Items != nil && s.Items.Value != nil {
		s = s.Items.Value
	}
	if s.Discriminator == nil {
		return ""
	}
	return s.Discriminator.PropertyName
}

// exampleSlips validates an example against its schema and returns the fields where it breaks it.
func exampleSlips(v any, schema *openapi3.SchemaRef) map[string]bool {
	slips := map[string]bool{}
	if schema == nil || schema.Value == nil {
		return slips
	}
	err := schema.Value.VisitJSON(v, openapi3.MultiErrors())
	var walk func(error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			path, _ := pointerPath(v, se.JSONPointer())
			slips[path] = true
		}
	}
	if err != nil {
		walk(err)
	}
	return slips
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// Operations lists every operation in the contract as "METHOD /spec/path", sorted.
func (c *Contract) Operations() []string {
	out := make([]string, len(c.ops))
	for i, o := range c.ops {
		out[i] = o.Key()
	}
	return out
}

// find returns the operation a request resolves to, and its path parameters. Where templates
// overlap (/api/v1/groups/rules and /api/v1/groups/{groupId}) a literal segment wins, as in
// Okta's router. A known path with an undeclared method is reported as methodKnown.
func (c *Contract) find(method, path string) (op *operation, params map[string]string, methodKnown bool) {
	segs := splitPath(path)
	var best *operation
	pathSeen := false
	for _, o := range c.ops {
		if !segsMatch(o.segs, segs) {
			continue
		}
		pathSeen = true
		if o.method != method {
			continue
		}
		if best == nil || moreLiteral(o.segs, best.segs) {
			best = o
		}
	}
	if best == nil {
		return nil, nil, pathSeen
	}
	params = map[string]string{}
	for i, s := range best.segs {
		if isParam(s) {
			params[strings.Trim(s, "{}")] = segs[i]
		}
	}
	return best, params, true
}

func splitPath(p string) []string { return strings.Split(strings.Trim(p, "/"), "/") }

func isParam(seg string) bool { return strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") }

func segsMatch(tmpl, segs []string) bool {
	if len(tmpl) != len(segs) {
		return false
	}
	for i, t := range tmpl {
		if isParam(t) {
			if segs[i] == "" {
				return false
			}
		} else if t != segs[i] {
			return false
		}
	}
	return true
}

// moreLiteral reports whether template a is more specific than b: at the first segment where
// they differ in kind, a has the literal.
func moreLiteral(a, b []string) bool {
	for i := range a {
		if pa, pb := isParam(a[i]), isParam(b[i]); pa != pb {
			return !pa
		}
	}
	return false
}

// methodOf normalises a request method for lookup.
func methodOf(r *http.Request) string {
	if r.Method == "" {
		return http.MethodGet
	}
	return strings.ToUpper(r.Method)
}
