package flow

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// The strict check runs over the parsed tree before encoding/json fills the types, because
// encoding/json ignores unknown fields (or names no position for them), keeps the last of
// duplicate keys silently and matches field names regardless of case. A typo like "lable" must
// be an error, with its line, not a label that quietly disappears.

var (
	flowType         = reflect.TypeFor[Flow]()
	cardType         = reflect.TypeFor[Card]()
	inputType        = reflect.TypeFor[Input]()
	templatePartType = reflect.TypeFor[TemplatePart]()
)

// objectNames says what an object is, for "unknown field … in a card".
var objectNames = map[reflect.Type]string{
	flowType:                       "the flow",
	cardType:                       "a card",
	inputType:                      "an input",
	templatePartType:               "a template part",
	reflect.TypeFor[Ref]():         "a reference",
	reflect.TypeFor[Position]():    "a position",
	reflect.TypeFor[Settings]():    "the settings",
	reflect.TypeFor[ErrorPolicy](): "an on-error policy",
	reflect.TypeFor[Placeholder](): "an imported placeholder",
}

// strictContext carries what the messages name: the card and input being read.
type strictContext struct {
	card  string
	input string
	path  string
}

type strictChecker struct {
	data []byte
}

func (s *strictChecker) fail(n int64, ctx strictContext, format string, a ...any) error {
	msg := fmt.Sprintf(format, a...)
	if ctx.card != "" {
		msg = "card " + ctx.card + ": " + msg
	}
	return newDecodeError(s.data, n, ctx.path, msg, nil)
}

func (s *strictChecker) check(n *jsonNode, t reflect.Type, ctx strictContext) error {
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t.Kind() == reflect.Interface {
		return s.checkAny(n, ctx)
	}
	if n.kind == jsonNull {
		return s.fail(n.off, ctx, "%s is null; remove it or give it a value", s.what(ctx))
	}
	want := expectedKind(t)
	if n.kind != want {
		return s.fail(n.off, ctx, "%s should be %s, not %s", s.what(ctx), want.describe(), n.kind.describe())
	}
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		if _, err := strconv.ParseInt(n.num.String(), 10, 64); err != nil {
			return s.fail(n.off, ctx, "%s should be a whole number, not %s", s.what(ctx), n.num)
		}
	case reflect.Float32, reflect.Float64:
		if _, err := strconv.ParseFloat(n.num.String(), t.Bits()); err != nil {
			return s.fail(n.off, ctx, "%s is %s, which is out of range", s.what(ctx), n.num)
		}
	case reflect.Slice:
		for i, e := range n.elems {
			c := ctx
			c.path = fmt.Sprintf("%s[%d]", ctx.path, i)
			if err := s.check(e, t.Elem(), c); err != nil {
				return err
			}
		}
	case reflect.Map:
		if err := s.checkDuplicates(n, ctx); err != nil {
			return err
		}
		for _, m := range n.members {
			c := ctx
			c.path = joinPath(ctx.path, m.key)
			if t == reflect.TypeFor[map[string]Input]() {
				c.input = m.key
			}
			if err := s.check(m.val, t.Elem(), c); err != nil {
				return err
			}
		}
	case reflect.Struct:
		return s.checkStruct(n, t, ctx)
	}
	return nil
}

func (s *strictChecker) checkStruct(n *jsonNode, t reflect.Type, ctx strictContext) error {
	if err := s.checkDuplicates(n, ctx); err != nil {
		return err
	}
	if t == cardType {
		if id, ok := n.member("id"); ok && id.kind == jsonString && ValidCardID(id.str) {
			ctx.card = id.str
		} else if ok && id.kind == jsonString && id.str != "" {
			ctx.card = strconv.Quote(id.str) // odd ids (spaces, newlines) stay readable in one line
		} else {
			ctx.card = "at " + ctx.path
		}
	}
	fields := jsonFields(t)
	for _, m := range n.members {
		ft, ok := fields[m.key]
		if !ok {
			msg := fmt.Sprintf("unknown field %q in %s", m.key, objectNames[t])
			if s := suggestField(m.key, fields); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			} else {
				msg += "; known fields: " + strings.Join(sortedKeys(fields), ", ")
			}
			return s.fail(m.off, ctx, "%s", msg)
		}
		c := ctx
		c.path = joinPath(ctx.path, m.key)
		if err := s.check(m.val, ft, c); err != nil {
			return err
		}
	}
	switch t {
	case cardType:
		// Options hold values of any type, but null would mean "unset", which is said by leaving
		// the option out; one spelling keeps files canonical.
		if opts, ok := n.member("options"); ok {
			for _, m := range opts.members {
				if m.val.kind == jsonNull {
					return s.fail(m.val.off, ctx, "option %q is null; remove it to use the card's default", m.key)
				}
			}
		}
	case inputType:
		return s.checkInput(n, ctx)
	case templatePartType:
		return s.checkTemplatePart(n, ctx)
	}
	return nil
}

// checkInput enforces "exactly one of literal, ref, template" where the file says it, so the
// admin learns which input of which card to fix.
func (s *strictChecker) checkInput(n *jsonNode, ctx strictContext) error {
	var present []string
	for _, m := range n.members {
		present = append(present, m.key)
		if m.key == "literal" && m.val.kind == jsonNull {
			return s.fail(m.off, ctx, "input %q has a null literal; remove the input to leave it unset", ctx.input)
		}
		if m.key == "template" && len(m.val.elems) == 0 {
			return s.fail(m.off, ctx, "input %q has an empty template; add text or a reference, or remove the input", ctx.input)
		}
	}
	switch len(present) {
	case 1:
		return nil
	case 0:
		return s.fail(n.off, ctx, "input %q is empty; give it one of \"literal\", \"ref\" or \"template\", or remove it", ctx.input)
	default:
		return s.fail(n.off, ctx, "input %q has %s; an input holds exactly one of \"literal\", \"ref\" or \"template\"", ctx.input, quoteAnd(present))
	}
}

func (s *strictChecker) checkTemplatePart(n *jsonNode, ctx strictContext) error {
	text, hasText := n.member("text")
	_, hasRef := n.member("ref")
	switch {
	case hasText && hasRef:
		return s.fail(n.off, ctx, "input %q: a template part has both \"text\" and \"ref\"; split it into two parts", ctx.input)
	case hasRef:
		return nil
	case hasText && text.str != "":
		return nil
	default:
		return s.fail(n.off, ctx, "input %q: a template part has no text and no reference; remove it", ctx.input)
	}
}

// checkAny accepts any value but still refuses duplicate keys inside it.
func (s *strictChecker) checkAny(n *jsonNode, ctx strictContext) error {
	switch n.kind {
	case jsonNumber:
		if _, err := strconv.ParseFloat(n.num.String(), 64); err != nil {
			return s.fail(n.off, ctx, "%s is %s, which is out of range", s.what(ctx), n.num)
		}
	case jsonObject:
		if err := s.checkDuplicates(n, ctx); err != nil {
			return err
		}
		for _, m := range n.members {
			c := ctx
			c.path = joinPath(ctx.path, m.key)
			if err := s.checkAny(m.val, c); err != nil {
				return err
			}
		}
	case jsonArray:
		for i, e := range n.elems {
			c := ctx
			c.path = fmt.Sprintf("%s[%d]", ctx.path, i)
			if err := s.checkAny(e, c); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *strictChecker) checkDuplicates(n *jsonNode, ctx strictContext) error {
	seen := make(map[string]bool, len(n.members))
	for _, m := range n.members {
		if seen[m.key] {
			return s.fail(m.off, ctx, "field %q appears twice in %s; keep one", m.key, s.what(ctx))
		}
		seen[m.key] = true
	}
	return nil
}

// what names the value at ctx.path for a message: `"version"`, or "the flow" at the top.
func (s *strictChecker) what(ctx strictContext) string {
	if ctx.path == "" {
		return "the flow"
	}
	last := ctx.path
	if i := strings.LastIndexAny(last, ".["); i >= 0 {
		last = last[i+1:]
	}
	last = strings.TrimSuffix(last, "]")
	if _, err := strconv.Atoi(last); err == nil {
		return ctx.path
	}
	return strconv.Quote(last)
}

func expectedKind(t reflect.Type) jsonKind {
	switch t.Kind() {
	case reflect.String:
		return jsonString
	case reflect.Bool:
		return jsonBool
	case reflect.Struct, reflect.Map:
		return jsonObject
	case reflect.Slice, reflect.Array:
		return jsonArray
	default:
		return jsonNumber
	}
}

var fieldCache sync.Map // reflect.Type → map[string]reflect.Type

// jsonFields maps the JSON names of a struct's fields to their types.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	if v, ok := fieldCache.Load(t); ok {
		return v.(map[string]reflect.Type)
	}
	fields := map[string]reflect.Type{}
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	fieldCache.Store(t, fields)
	return fields
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// suggestField returns the known field closest to key, if it is close enough to be a typo.
func suggestField(key string, fields map[string]reflect.Type) string {
	best, bestD := "", 1<<30
	for _, k := range sortedKeys(fields) {
		d := editDistance(strings.ToLower(key), strings.ToLower(k))
		if d < bestD {
			best, bestD = k, d
		}
	}
	if bestD <= max(1, len(key)/3) {
		return best
	}
	return ""
}

// editDistance counts the edits between a and b, a swap of two neighbours counting as one
// (optimal string alignment), so "lable" is one edit from "label".
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// quoteAnd writes ["literal" "ref"] as `"literal" and "ref"`.
func quoteAnd(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = strconv.Quote(k)
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " and " + q[len(q)-1]
}
