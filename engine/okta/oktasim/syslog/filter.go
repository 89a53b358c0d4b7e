package syslog

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Filter is a parsed System Log `filter` expression (SCIM syntax: eq ne co sw ew pr gt ge lt le,
// and or not, parentheses). String comparisons ignore case, as SCIM's default caseExact=false
// does; a multi-valued attribute such as target.id matches when any of its values does.
type Filter struct {
	text string
	root node
}

// FilterError is a filter Okta would refuse with HTTP 400; Code is Okta's errorCode and
// Summary its errorSummary.
type FilterError struct {
	Code    string
	Summary string
}

func (e *FilterError) Error() string { return e.Code + " " + e.Summary }

// ParseFilter parses a filter expression the way /api/v1/logs does, refusing what Okta refuses:
// unknown attributes, the `published` attribute (since, until and after bound it), `co` on
// debugData.url and requestUri, and the [ ] complex-attribute operator.
func ParseFilter(expr string) (*Filter, error) {
	p := &parser{text: expr}
	if err := p.lex(); err != nil {
		return nil, err
	}
	if len(p.toks) == 0 {
		return nil, p.errAt(0, "the expression is empty")
	}
	root, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if p.pos < len(p.toks) {
		t := p.toks[p.pos]
		return nil, p.errAt(t.at, fmt.Sprintf("unexpected '%s'", t.text))
	}
	return &Filter{text: expr, root: root}, nil
}

// String returns the expression as written.
func (f *Filter) String() string { return f.text }

// Match reports whether the event satisfies the filter.
func (f *Filter) Match(ev Event) bool { return f.root.match(toDoc(ev)) }

func (f *Filter) matchDoc(doc map[string]any) bool { return f.root.match(doc) }

type node interface{ match(doc map[string]any) bool }

type andNode struct{ l, r node }
type orNode struct{ l, r node }
type notNode struct{ n node }

func (n andNode) match(d map[string]any) bool { return n.l.match(d) && n.r.match(d) }
func (n orNode) match(d map[string]any) bool  { return n.l.match(d) || n.r.match(d) }
func (n notNode) match(d map[string]any) bool { return !n.n.match(d) }

// cmpNode is one attribute comparison; value is a string, float64, bool or nil (null).
type cmpNode struct {
	path  []string
	op    string
	value any
}

func (n cmpNode) match(d map[string]any) bool {
	vals := lookup(d, n.path)
	switch n.op {
	case "pr":
		for _, v := range vals {
			if v != nil && v != "" {
				return true
			}
		}
		return false
	case "ne":
		return !anyMatch(vals, "eq", n.value)
	}
	return anyMatch(vals, n.op, n.value)
}

func anyMatch(vals []any, op string, want any) bool {
	if op == "eq" && want == nil && len(vals) == 0 {
		return true // an absent attribute equals null
	}
	for _, v := range vals {
		if compare(v, op, want) {
			return true
		}
	}
	return false
}

func compare(have any, op string, want any) bool {
	switch w := want.(type) {
	case nil:
		return op == "eq" && have == nil
	case bool:
		h, ok := have.(bool)
		return ok && op == "eq" && h == w
	case float64:
		h, ok := have.(float64)
		if !ok {
			return false
		}
		return ordered(op, cmpFloat(h, w))
	case string:
		h, ok := have.(string)
		if !ok {
			return false
		}
		h, w = strings.ToLower(h), strings.ToLower(w)
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

// lookup returns every value at path, descending into each element of an array (target,
// request.ipChain) on the way.
func lookup(v any, path []string) []any {
	if len(path) == 0 {
		if arr, ok := v.([]any); ok {
			return arr
		}
		return []any{v}
	}
	switch x := v.(type) {
	case map[string]any:
		child, ok := x[path[0]]
		if !ok {
			return nil
		}
		return lookup(child, path[1:])
	case []any:
		var out []any
		for _, e := range x {
			out = append(out, lookup(e, path)...)
		}
		return out
	}
	return nil
}

// Attributes a filter may name. Below the open prefixes any key is allowed, because those
// objects are free-form (debugData differs by event type).
var (
	filterAttrs = map[string]bool{}
	openPrefix  = []string{
		"actor.detailEntry.", "target.detailEntry.", "transaction.detail.", "debugContext.debugData.",
		"securityContext.risk.", "securityContext.ipDetails.", "securityContext.userBehaviors.",
		"securityContext.botProtection.", "request.ipChain.ipDetails.", "device.device_integrator.",
	}
)

func init() {
	geo := []string{"city", "state", "country", "postalCode", "geolocation.lat", "geolocation.lon"}
	add := func(prefix string, names ...string) {
		for _, n := range names {
			filterAttrs[prefix+n] = true
		}
	}
	add("", "uuid", "eventType", "version", "severity", "legacyEventType", "displayMessage")
	add("actor.", "id", "type", "alternateId", "displayName")
	add("client.", "zone", "device", "id", "ipAddress", "userAgent.rawUserAgent", "userAgent.os", "userAgent.browser")
	add("client.geographicalContext.", geo...)
	add("device.", "id", "name", "os_platform", "os_version", "managed", "registered", "disk_encryption_type",
		"screen_lock_type", "jailbreak", "secure_hardware_present")
	add("authenticationContext.", "authenticationProvider", "credentialProvider", "credentialType", "interface",
		"authenticationStep", "rootSessionId", "externalSessionId", "issuer.id", "issuer.type")
	add("securityContext.", "asNumber", "asOrg", "isp", "domain", "isProxy")
	add("outcome.", "result", "reason")
	add("target.", "id", "type", "alternateId", "displayName")
	add("transaction.", "type", "id")
	add("request.ipChain.", "ip", "version", "source")
	add("request.ipChain.geographicalContext.", geo...)
}

func knownAttr(path string) bool {
	if filterAttrs[path] {
		return true
	}
	for _, p := range openPrefix {
		if strings.HasPrefix(path, p) && len(path) > len(p) {
			return true
		}
	}
	return false
}

var filterOps = map[string]bool{"eq": true, "ne": true, "co": true, "sw": true, "ew": true, "pr": true, "gt": true, "ge": true, "lt": true, "le": true}

type tokKind int

const (
	tokWord tokKind = iota // attribute path, operator, and/or/not, true/false/null
	tokString
	tokNumber
	tokLParen
	tokRParen
)

type token struct {
	kind tokKind
	text string // as written
	str  string // decoded value of a string
	at   int    // byte offset in the expression
}

type parser struct {
	text string
	toks []token
	pos  int
}

func (p *parser) errAt(at int, msg string) *FilterError {
	return &FilterError{Code: "E0000053", Summary: fmt.Sprintf("Invalid filter '%s': %s at position %d.", p.text, capitalize(msg), at)}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func (p *parser) lex() error {
	s := p.text
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '(':
			p.toks = append(p.toks, token{kind: tokLParen, text: "(", at: i})
			i++
		case c == ')':
			p.toks = append(p.toks, token{kind: tokRParen, text: ")", at: i})
			i++
		case c == '[' || c == ']':
			return p.errAt(i, "the complex attribute operator '[ ]' is not supported")
		case c == '"':
			j, str, err := scanString(s, i)
			if err != nil {
				return p.errAt(i, err.Error())
			}
			p.toks = append(p.toks, token{kind: tokString, text: s[i:j], str: str, at: i})
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(s) && strings.IndexByte("0123456789.eE+-", s[j]) >= 0 {
				j++
			}
			if _, err := strconv.ParseFloat(s[i:j], 64); err != nil {
				return p.errAt(i, fmt.Sprintf("'%s' is not a number", s[i:j]))
			}
			p.toks = append(p.toks, token{kind: tokNumber, text: s[i:j], at: i})
			i = j
		case isWordByte(c):
			j := i
			for j < len(s) && isWordByte(s[j]) {
				j++
			}
			p.toks = append(p.toks, token{kind: tokWord, text: s[i:j], at: i})
			i = j
		default:
			return p.errAt(i, fmt.Sprintf("unexpected character '%c'", c))
		}
	}
	return nil
}

func isWordByte(c byte) bool {
	return c == '.' || c == '_' || c == '$' || c == ':' || c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)))
}

// scanString reads a JSON string literal starting at s[i] == '"' and returns the index after it.
func scanString(s string, i int) (int, string, error) {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case '"':
			var out string
			if err := json.Unmarshal([]byte(s[i:j+1]), &out); err != nil {
				return 0, "", fmt.Errorf("the string %s has an invalid escape", s[i:j+1])
			}
			return j + 1, out, nil
		}
	}
	return 0, "", fmt.Errorf("the string is not closed with '\"'")
}

func (p *parser) peekWord(w string) bool {
	return p.pos < len(p.toks) && p.toks[p.pos].kind == tokWord && strings.EqualFold(p.toks[p.pos].text, w)
}

func (p *parser) parseOr() (node, error) {
	l, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	for p.peekWord("or") {
		p.pos++
		r, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		l = orNode{l, r}
	}
	return l, nil
}

func (p *parser) parseAnd() (node, error) {
	l, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	for p.peekWord("and") {
		p.pos++
		r, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		l = andNode{l, r}
	}
	return l, nil
}

func (p *parser) parseUnary() (node, error) {
	if p.pos >= len(p.toks) {
		return nil, p.errAt(len(p.text), "the expression ends too early")
	}
	t := p.toks[p.pos]
	switch {
	case p.peekWord("not"):
		p.pos++
		n, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		return notNode{n}, nil
	case t.kind == tokLParen:
		p.pos++
		n, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if p.pos >= len(p.toks) || p.toks[p.pos].kind != tokRParen {
			return nil, p.errAt(t.at, "'(' is not closed")
		}
		p.pos++
		return n, nil
	case t.kind == tokWord:
		return p.parseComparison()
	}
	return nil, p.errAt(t.at, fmt.Sprintf("expected an attribute name but found '%s'", t.text))
}

func (p *parser) parseComparison() (node, error) {
	attr := p.toks[p.pos]
	p.pos++
	if p.pos >= len(p.toks) || p.toks[p.pos].kind != tokWord {
		return nil, p.errAt(len(p.text), fmt.Sprintf("attribute '%s' has no operator", attr.text))
	}
	opTok := p.toks[p.pos]
	op := strings.ToLower(opTok.text)
	if !filterOps[op] {
		return nil, &FilterError{Code: "E0000053", Summary: fmt.Sprintf(
			"Invalid filter '%s': Unrecognized attribute operator '%s' at position %d. Expected: eq,ne,co,sw,ew,pr,gt,ge,lt,le", p.text, opTok.text, opTok.at)}
	}
	p.pos++
	if attr.text == "published" {
		return nil, unsupportedCombination(op, attr.text)
	}
	if !knownAttr(attr.text) {
		return nil, &FilterError{Code: "E0000053", Summary: "field is not valid: " + attr.text}
	}
	if op == "co" && (attr.text == "debugContext.debugData.url" || attr.text == "debugContext.debugData.requestUri") {
		return nil, unsupportedCombination(op, attr.text)
	}
	n := cmpNode{path: strings.Split(attr.text, "."), op: op}
	if op == "pr" {
		return n, nil
	}
	if p.pos >= len(p.toks) {
		return nil, p.errAt(len(p.text), fmt.Sprintf("operator '%s' has no value", opTok.text))
	}
	v := p.toks[p.pos]
	p.pos++
	switch {
	case v.kind == tokString:
		n.value = v.str
	case v.kind == tokNumber:
		f, _ := strconv.ParseFloat(v.text, 64)
		n.value = f
	case v.kind == tokWord && strings.EqualFold(v.text, "true"):
		n.value = true
	case v.kind == tokWord && strings.EqualFold(v.text, "false"):
		n.value = false
	case v.kind == tokWord && strings.EqualFold(v.text, "null"):
		n.value = nil
	default:
		return nil, p.errAt(v.at, fmt.Sprintf("'%s' is not a value: put text in double quotes", v.text))
	}
	switch op {
	case "co", "sw", "ew":
		if _, ok := n.value.(string); !ok {
			return nil, p.errAt(v.at, fmt.Sprintf("operator '%s' needs a quoted string", opTok.text))
		}
	case "gt", "ge", "lt", "le":
		switch n.value.(type) {
		case string, float64:
		default:
			return nil, p.errAt(v.at, fmt.Sprintf("operator '%s' needs a string or a number", opTok.text))
		}
	case "ne":
		if n.value == nil {
			// "ne null" is SCIM's way to say "pr".
			return cmpNode{path: n.path, op: "pr"}, nil
		}
	}
	return n, nil
}

func unsupportedCombination(op, field string) *FilterError {
	return &FilterError{Code: "E0000031", Summary: fmt.Sprintf(
		"The supplied combination of operator and field is not currently supported. Operator: %s, Field: %s", op, field)}
}
