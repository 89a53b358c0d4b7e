// Package scimfilter is the simulated org's one SCIM filter language (RFC 7644 §3.4.2.2), as
// Okta's `filter` and `search` parameters and the System Log's `filter` use it: parsed by
// github.com/scim2/filter-parser, checked against each resource's attribute table, evaluated
// against any resource through a lookup of attribute values.
package scimfilter

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	filter "github.com/scim2/filter-parser/v2"
)

// Filter is a parsed filter expression.
type Filter struct {
	text string
	root node
}

// node is the expression, built once from the parser's tree: and, or, not, comparison.
type node interface {
	match(get Values, fold bool) bool
	each(f func(comparison) error) error
}

type and struct{ l, r node }
type or struct{ l, r node }
type not struct{ n node }

func (n and) match(g Values, f bool) bool { return n.l.match(g, f) && n.r.match(g, f) }
func (n or) match(g Values, f bool) bool  { return n.l.match(g, f) || n.r.match(g, f) }
func (n not) match(g Values, f bool) bool { return !n.n.match(g, f) }
func (c comparison) match(g Values, f bool) bool {
	return c.matchValues(g(c.path), f)
}

func (n and) each(f func(comparison) error) error {
	if err := n.l.each(f); err != nil {
		return err
	}
	return n.r.each(f)
}
func (n or) each(f func(comparison) error) error {
	if err := n.l.each(f); err != nil {
		return err
	}
	return n.r.each(f)
}
func (n not) each(f func(comparison) error) error        { return n.n.each(f) }
func (c comparison) each(f func(comparison) error) error { return f(c) }

// build turns the parser's tree into nodes; SCIM's value paths (emails[type eq "work"]) are
// refused, as Okta refuses them.
func build(text string, e filter.Expression) (node, error) {
	switch x := e.(type) {
	case *filter.LogicalExpression:
		l, err := build(text, x.Left)
		if err != nil {
			return nil, err
		}
		r, err := build(text, x.Right)
		if err != nil {
			return nil, err
		}
		if x.Operator == filter.AND {
			return and{l, r}, nil
		}
		return or{l, r}, nil
	case *filter.NotExpression:
		n, err := build(text, x.Expression)
		if err != nil {
			return nil, err
		}
		return not{n}, nil
	case *filter.AttributeExpression:
		return compile(x), nil
	case *filter.ValuePath:
		return nil, &Error{Cause: fmt.Sprintf("Invalid filter '%s': the complex attribute operator '[ ]' is not supported.", text)}
	}
	return nil, &Error{Cause: fmt.Sprintf("Invalid filter '%s'.", text)}
}

// Error is a filter Okta refuses with 400 E0000031 "Invalid search criteria."; Cause is the
// errorCauses text, worded as Okta words it.
type Error struct{ Cause string }

func (e *Error) Error() string { return e.Cause }

// Parse parses text. Okta's attribute paths go deeper than SCIM's attribute.subAttribute
// (debugContext.debugData.requestId): the parser reads the part before the last dot as the
// attribute's URI prefix, and Filter joins it back.
func Parse(text string) (*Filter, error) {
	if strings.TrimSpace(text) == "" {
		return nil, &Error{Cause: fmt.Sprintf("Invalid filter '%s': the expression is empty.", text)}
	}
	if bracketOutsideStrings(text) {
		return nil, &Error{Cause: fmt.Sprintf("Invalid filter '%s': the complex attribute operator '[ ]' is not supported.", text)}
	}
	tree, err := filter.ParseFilter([]byte(deepPaths(text)))
	if err != nil {
		return nil, &Error{Cause: fmt.Sprintf("Invalid filter '%s': it is not a SCIM filter (attribute operator \"value\", "+
			"joined with and / or, not (…) and parentheses; text in double quotes).", text)}
	}
	root, err := build(text, tree)
	if err != nil {
		return nil, err
	}
	err = root.each(func(c comparison) error {
		switch c.op {
		case "co", "sw", "ew":
			if _, ok := c.value.(string); !ok {
				return &Error{Cause: fmt.Sprintf("Invalid filter '%s': operator '%s' needs a quoted string.", text, c.op)}
			}
		case "gt", "ge", "lt", "le":
			switch c.value.(type) {
			case string, float64:
			default:
				return &Error{Cause: fmt.Sprintf("Invalid filter '%s': operator '%s' needs a string or a number.", text, c.op)}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &Filter{text: text, root: root}, nil
}

// String returns the expression as written.
func (f *Filter) String() string { return f.text }

// bracketOutsideStrings reports SCIM's value-path operator, [ ], outside string literals.
func bracketOutsideStrings(s string) bool {
	inString := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case inString && c == '\\':
			i++
		case c == '"':
			inString = !inString
		case !inString && (c == '[' || c == ']'):
			return true
		}
	}
	return false
}

// deepPaths writes the last dot of every attribute path with more than one as ':' (outside
// string literals), which the parser takes as a URI prefix.
func deepPaths(s string) string {
	b := []byte(s)
	inString := false
	start := -1
	flush := func(end int) {
		if start < 0 {
			return
		}
		word := string(b[start:end])
		if !strings.Contains(word, ":") && strings.Count(word, ".") >= 2 {
			b[start+strings.LastIndexByte(word, '.')] = ':'
		}
		start = -1
	}
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case inString:
			if c == '\\' {
				i++
			} else if c == '"' {
				inString = false
			}
		case c == '"':
			flush(i)
			inString = true
		case c == '.' || c == '_' || c == '$' || c == '-' || c == ':' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			if start < 0 {
				start = i
			}
		default:
			flush(i)
		}
	}
	flush(len(b))
	return string(b)
}

// comparison is one attribute comparison of the expression, with its path joined back.
type comparison struct {
	path  string
	op    string
	value any // string, float64, bool or nil (null)
}

func compile(e *filter.AttributeExpression) comparison {
	p := e.AttributePath
	path := p.AttributeName
	if p.URIPrefix != nil {
		sep := "."
		if strings.Contains(*p.URIPrefix, ":") {
			sep = ":"
		}
		path = *p.URIPrefix + sep + path
	}
	if p.SubAttribute != nil {
		path += "." + *p.SubAttribute
	}
	c := comparison{path: path, op: strings.ToLower(string(e.Operator)), value: e.CompareValue}
	switch v := c.value.(type) {
	case int:
		c.value = float64(v)
	case string:
		var s string
		if err := json.Unmarshal([]byte(`"`+v+`"`), &s); err == nil {
			c.value = s // the parser keeps escapes such as \" as written
		}
	}
	return c
}

// Check calls check with every comparison's attribute path, operator and value (a string,
// float64, bool or nil), in order; the first error is the answer. Resources refuse there what
// their attribute table does not allow.
func (f *Filter) Check(check func(path, op string, value any) error) error {
	return f.root.each(func(c comparison) error { return check(c.path, c.op, c.value) })
}

// Values returns every value of an attribute of a resource: none when it is absent, several
// for a multi-valued one (target.id of an event with many targets).
type Values func(path string) []any

// Match evaluates the filter. fold makes string comparisons ignore case (SCIM's default,
// Okta's search and System Log); timestamps written in RFC 3339 compare as times. A
// multi-valued attribute matches when one of its values does; "ne" matches when none is equal.
func (f *Filter) Match(get Values, fold bool) bool { return f.root.match(get, fold) }

func (c comparison) matchValues(vals []any, fold bool) bool {
	switch {
	case c.op == "pr" || (c.op == "ne" && c.value == nil):
		for _, v := range vals {
			if v != nil && v != "" {
				return true
			}
		}
		return false
	case c.op == "ne":
		return !(comparison{path: c.path, op: "eq", value: c.value}).matchValues(vals, fold)
	case c.op == "eq" && c.value == nil && len(vals) == 0:
		return true // an absent attribute equals null
	}
	for _, v := range vals {
		if compare(v, c.op, c.value, fold) {
			return true
		}
	}
	return false
}

func compare(have any, op string, want any, fold bool) bool {
	switch w := want.(type) {
	case nil:
		return op == "eq" && have == nil
	case bool:
		h, ok := have.(bool)
		return ok && op == "eq" && h == w
	case float64:
		h, ok := toFloat(have)
		return ok && ordered(op, cmpFloat(h, w))
	case string:
		var h string
		switch x := have.(type) {
		case string:
			h = x
		case time.Time:
			h = x.UTC().Format(time.RFC3339Nano)
		default:
			return false
		}
		if op != "sw" && op != "co" && op != "ew" {
			if ht, err := time.Parse(time.RFC3339, h); err == nil {
				if wt, err := time.Parse(time.RFC3339, w); err == nil {
					return ordered(op, ht.Compare(wt))
				}
			}
		}
		if fold {
			h, w = strings.ToLower(h), strings.ToLower(w)
		}
		switch op {
		case "co":
			return strings.Contains(h, w)
		case "sw":
			return strings.HasPrefix(h, w)
		case "ew":
			return strings.HasSuffix(h, w)
		}
		return ordered(op, strings.Compare(h, w))
	}
	return false
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	}
	return 0, false
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func ordered(op string, c int) bool {
	switch op {
	case "eq":
		return c == 0
	case "gt":
		return c > 0
	case "ge":
		return c >= 0
	case "lt":
		return c < 0
	case "le":
		return c <= 0
	}
	return false
}
