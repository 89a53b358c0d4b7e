package oktasim

import (
	"fmt"
	"strings"
)

// ruleExpr is a parsed group rule condition in the subset of Okta Expression Language that group
// rules use: user.<attr>, string literals, == and !=, && / AND, || / OR, !, parentheses, and the
// functions String.stringContains, String.startsWith, String.endsWith, String.toLowerCase,
// String.toUpperCase, isMemberOfGroup, isMemberOfAnyGroup and isMemberOfGroupName.
type ruleExpr interface {
	value(env ruleEnv) any
}

// ruleEnv is what an expression can see: the user's profile and group memberships.
type ruleEnv struct {
	profile   map[string]any
	inGroup   func(id string) bool
	groupName func(name string) bool
}

type (
	ruleLit  struct{ v any }
	ruleAttr struct{ name string }
	ruleNot  struct{ e ruleExpr }
	ruleBin  struct {
		op   string
		l, r ruleExpr
	}
	ruleCall struct {
		fn   string
		args []ruleExpr
	}
)

func (e ruleLit) value(ruleEnv) any { return e.v }

func (e ruleAttr) value(env ruleEnv) any { return env.profile[e.name] }

func (e ruleNot) value(env ruleEnv) any { return !truthy(e.e.value(env)) }

func (e ruleBin) value(env ruleEnv) any {
	switch e.op {
	case "&&":
		return truthy(e.l.value(env)) && truthy(e.r.value(env))
	case "||":
		return truthy(e.l.value(env)) || truthy(e.r.value(env))
	case "==":
		return equalValues(e.l.value(env), e.r.value(env))
	case "!=":
		return !equalValues(e.l.value(env), e.r.value(env))
	}
	return false
}

func (e ruleCall) value(env ruleEnv) any {
	args := make([]any, len(e.args))
	for i, a := range e.args {
		args[i] = a.value(env)
	}
	str := func(i int) string {
		if i >= len(args) || args[i] == nil {
			return ""
		}
		return fmt.Sprint(args[i])
	}
	switch e.fn {
	case "String.stringContains":
		return args[0] != nil && strings.Contains(str(0), str(1))
	case "String.startsWith":
		return args[0] != nil && strings.HasPrefix(str(0), str(1))
	case "String.endsWith":
		return args[0] != nil && strings.HasSuffix(str(0), str(1))
	case "String.toLowerCase":
		return strings.ToLower(str(0))
	case "String.toUpperCase":
		return strings.ToUpper(str(0))
	case "isMemberOfGroup", "isMemberOfAnyGroup":
		for i := range args {
			if env.inGroup(str(i)) {
				return true
			}
		}
		return false
	case "isMemberOfGroupName":
		return env.groupName(str(0))
	}
	return false
}

var ruleFuncs = map[string]int{ // name -> minimum number of arguments
	"String.stringContains": 2, "String.startsWith": 2, "String.endsWith": 2, "String.toLowerCase": 1,
	"String.toUpperCase": 1, "isMemberOfGroup": 1, "isMemberOfAnyGroup": 1, "isMemberOfGroupName": 1,
}

func truthy(v any) bool {
	b, ok := v.(bool)
	return ok && b
}

func equalValues(a, b any) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return fmt.Sprint(a) == fmt.Sprint(b)
}

// parseRuleExpr parses a group rule expression; the error says what Okta would reject.
func parseRuleExpr(s string) (ruleExpr, error) {
	toks, err := ruleTokens(s)
	if err != nil {
		return nil, err
	}
	p := &ruleParser{toks: toks}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q", p.toks[p.i].s)
	}
	return e, nil
}

type ruleTok struct {
	s    string
	kind byte // 's' string literal, 'i' identifier, 'o' operator or punctuation
}

func ruleTokens(s string) ([]ruleTok, error) {
	var out []ruleTok
	for i := 0; i < len(s); {
		ch := s[i]
		switch {
		case ch == ' ' || ch == '\t' || ch == '\n':
			i++
		case ch == '"' || ch == '\'':
			j := i + 1
			var b strings.Builder
			for ; j < len(s) && s[j] != ch; j++ {
				if s[j] == '\\' && j+1 < len(s) {
					j++
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated string")
			}
			out = append(out, ruleTok{b.String(), 's'})
			i = j + 1
		case strings.HasPrefix(s[i:], "==") || strings.HasPrefix(s[i:], "!=") || strings.HasPrefix(s[i:], "&&") || strings.HasPrefix(s[i:], "||"):
			out = append(out, ruleTok{s[i : i+2], 'o'})
			i += 2
		case strings.ContainsRune("!(),", rune(ch)):
			out = append(out, ruleTok{string(ch), 'o'})
			i++
		case isIdentByte(ch):
			j := i
			for j < len(s) && (isIdentByte(s[j]) || s[j] == '.') {
				j++
			}
			out = append(out, ruleTok{s[i:j], 'i'})
			i = j
		default:
			return nil, fmt.Errorf("unexpected character %q", ch)
		}
	}
	return out, nil
}

func isIdentByte(c byte) bool {
	return c == '_' || c == '$' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}

type ruleParser struct {
	toks []ruleTok
	i    int
}

func (p *ruleParser) at(s string) bool {
	if p.i >= len(p.toks) {
		return false
	}
	t := p.toks[p.i]
	return t.kind != 's' && (t.s == s || (t.kind == 'i' && strings.EqualFold(t.s, s) && (s == "AND" || s == "OR")))
}

func (p *ruleParser) or() (ruleExpr, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.at("||") || p.at("OR") {
		p.i++
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		l = ruleBin{"||", l, r}
	}
	return l, nil
}

func (p *ruleParser) and() (ruleExpr, error) {
	l, err := p.not()
	if err != nil {
		return nil, err
	}
	for p.at("&&") || p.at("AND") {
		p.i++
		r, err := p.not()
		if err != nil {
			return nil, err
		}
		l = ruleBin{"&&", l, r}
	}
	return l, nil
}

func (p *ruleParser) not() (ruleExpr, error) {
	if p.at("!") {
		p.i++
		e, err := p.not()
		if err != nil {
			return nil, err
		}
		return ruleNot{e}, nil
	}
	l, err := p.primary()
	if err != nil {
		return nil, err
	}
	if p.at("==") || p.at("!=") {
		op := p.toks[p.i].s
		p.i++
		r, err := p.primary()
		if err != nil {
			return nil, err
		}
		return ruleBin{op, l, r}, nil
	}
	return l, nil
}

func (p *ruleParser) primary() (ruleExpr, error) {
	if p.i >= len(p.toks) {
		return nil, fmt.Errorf("expression ends too early")
	}
	t := p.toks[p.i]
	p.i++
	switch {
	case t.kind == 's':
		return ruleLit{t.s}, nil
	case t.s == "(":
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if !p.at(")") {
			return nil, fmt.Errorf("missing )")
		}
		p.i++
		return e, nil
	case t.kind == 'i':
		switch t.s {
		case "true":
			return ruleLit{true}, nil
		case "false":
			return ruleLit{false}, nil
		case "null":
			return ruleLit{nil}, nil
		}
		if p.at("(") {
			min, ok := ruleFuncs[t.s]
			if !ok {
				return nil, fmt.Errorf("unknown function %s", t.s)
			}
			p.i++
			var args []ruleExpr
			for !p.at(")") {
				a, err := p.or()
				if err != nil {
					return nil, err
				}
				args = append(args, a)
				if p.at(",") {
					p.i++
				} else if !p.at(")") {
					return nil, fmt.Errorf("missing ) after arguments of %s", t.s)
				}
			}
			p.i++
			if len(args) < min {
				return nil, fmt.Errorf("%s needs %d arguments", t.s, min)
			}
			return ruleCall{t.s, args}, nil
		}
		if name, ok := strings.CutPrefix(t.s, "user."); ok && name != "" {
			return ruleAttr{name}, nil
		}
		return nil, fmt.Errorf("invalid property %s", t.s)
	}
	return nil, fmt.Errorf("unexpected %q", t.s)
}
