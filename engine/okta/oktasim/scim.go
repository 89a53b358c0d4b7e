package oktasim

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// scimExpr is a parsed SCIM filter expression, the language of Okta's `filter` and `search`
// query parameters (attr op "value", and, or, not, parentheses, pr).
type scimExpr interface {
	eval(get func(attr string) (any, bool), fold bool) bool
}

type scimAnd struct{ l, r scimExpr }
type scimOr struct{ l, r scimExpr }
type scimNot struct{ e scimExpr }
type scimCmp struct {
	attr, op string
	val      any
}

func (e scimAnd) eval(g func(string) (any, bool), f bool) bool {
	return e.l.eval(g, f) && e.r.eval(g, f)
}
func (e scimOr) eval(g func(string) (any, bool), f bool) bool {
	return e.l.eval(g, f) || e.r.eval(g, f)
}
func (e scimNot) eval(g func(string) (any, bool), f bool) bool { return !e.e.eval(g, f) }

func (e scimCmp) eval(get func(string) (any, bool), fold bool) bool {
	v, ok := get(e.attr)
	if e.op == "pr" {
		return ok && v != nil && v != ""
	}
	if list, isList := v.([]any); isList {
		for _, item := range list {
			if compare(item, e.op, e.val, fold) {
				return true
			}
		}
		return false
	}
	if !ok {
		return false
	}
	return compare(v, e.op, e.val, fold)
}

// compare applies one SCIM operator. fold makes string comparison case-insensitive, as Okta's
// search is for values; timestamps compare as times.
func compare(have any, op string, want any, fold bool) bool {
	if want == nil {
		return op == "eq" && have == nil
	}
	switch w := want.(type) {
	case bool:
		h, ok := have.(bool)
		return ok && ((op == "eq" && h == w) || (op == "ne" && h != w))
	case float64:
		h, ok := toFloat(have)
		if !ok {
			return false
		}
		return ordered(op, cmpFloat(h, w))
	}
	ws := fmt.Sprint(want)
	var hs string
	switch h := have.(type) {
	case nil:
		return false
	case string:
		hs = h
	case time.Time:
		hs = oktaTime(h)
	default:
		hs = fmt.Sprint(h)
	}
	if ht, err1 := time.Parse(time.RFC3339, hs); err1 == nil {
		if wt, err2 := time.Parse(time.RFC3339, ws); err2 == nil && op != "sw" && op != "co" {
			return ordered(op, ht.Compare(wt))
		}
	}
	if fold {
		hs, ws = strings.ToLower(hs), strings.ToLower(ws)
	}
	switch op {
	case "sw":
		return strings.HasPrefix(hs, ws)
	case "co":
		return strings.Contains(hs, ws)
	case "ew":
		return strings.HasSuffix(hs, ws)
	}
	return ordered(op, strings.Compare(hs, ws))
}

func ordered(op string, c int) bool {
	switch op {
	case "eq":
		return c == 0
	case "ne":
		return c != 0
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

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case string:
		f, err := strconv.ParseFloat(n, 64)
		return f, err == nil
	}
	return 0, false
}

// parseSCIM parses expr; check (may be nil) rejects attributes or operators an endpoint does not
// support, as Okta's filter does.
func parseSCIM(expr string, check func(attr, op string) error) (scimExpr, error) {
	toks, err := scimTokens(expr)
	if err != nil {
		return nil, err
	}
	p := &scimParser{toks: toks, check: check}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i != len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.i].s)
	}
	return e, nil
}

type scimTok struct {
	s      string
	quoted bool
}

func scimTokens(s string) ([]scimTok, error) {
	var out []scimTok
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n' || ch == '+':
			i++
		case ch == '(' || ch == ')':
			out = append(out, scimTok{s: string(ch)})
			i++
		case ch == '"':
			var b strings.Builder
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated string")
			}
			out = append(out, scimTok{s: b.String(), quoted: true})
			i = j + 1
		default:
			j := i
			for j < len(s) && !strings.ContainsRune(" \t\n()\"", rune(s[j])) {
				j++
			}
			out = append(out, scimTok{s: s[i:j]})
			i = j
		}
	}
	return out, nil
}

type scimParser struct {
	toks  []scimTok
	i     int
	check func(attr, op string) error
}

func (p *scimParser) peekWord(w string) bool {
	return p.i < len(p.toks) && !p.toks[p.i].quoted && strings.EqualFold(p.toks[p.i].s, w)
}

func (p *scimParser) or() (scimExpr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peekWord("or") {
		p.i++
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = scimOr{l, r}
	}
	return l, nil
}

func (p *scimParser) and() (scimExpr, error) {
	l, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peekWord("and") {
		p.i++
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		l = scimAnd{l, r}
	}
	return l, nil
}

func (p *scimParser) unary() (scimExpr, error) {
	if p.i >= len(p.toks) {
		return nil, fmt.Errorf("expression ends too early")
	}
	if p.peekWord("not") {
		p.i++
		e, err := p.unary()
		if err != nil {
			return nil, err
		}
		return scimNot{e}, nil
	}
	if p.toks[p.i].s == "(" && !p.toks[p.i].quoted {
		p.i++
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.i >= len(p.toks) || p.toks[p.i].s != ")" {
			return nil, fmt.Errorf("missing )")
		}
		p.i++
		return e, nil
	}
	if p.i+1 >= len(p.toks) {
		return nil, fmt.Errorf("incomplete comparison")
	}
	attr, op := p.toks[p.i].s, strings.ToLower(p.toks[p.i+1].s)
	p.i += 2
	if p.check != nil {
		if err := p.check(attr, op); err != nil {
			return nil, err
		}
	}
	if op == "pr" {
		return scimCmp{attr: attr, op: op}, nil
	}
	switch op {
	case "eq", "ne", "sw", "co", "ew", "gt", "ge", "lt", "le":
	default:
		return nil, fmt.Errorf("unsupported operator %q", op)
	}
	if p.i >= len(p.toks) {
		return nil, fmt.Errorf("missing value after %s %s", attr, op)
	}
	t := p.toks[p.i]
	p.i++
	var val any = t.s
	if !t.quoted {
		switch strings.ToLower(t.s) {
		case "true":
			val = true
		case "false":
			val = false
		case "null":
			val = nil
		default:
			f, err := strconv.ParseFloat(t.s, 64)
			if err != nil {
				return nil, fmt.Errorf("invalid value %q", t.s)
			}
			val = f
		}
	}
	return scimCmp{attr: attr, op: op, val: val}, nil
}
