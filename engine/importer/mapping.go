package importer

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

// The mapping table. Okta connector cards map by operation key (root:channels:http:okta:…:<op>
// → okta.action.<op> / okta.event.<op>) and their fields by group and key (oktaFields);
// built-in functions map through kernelRules by "module.op". Add a row here when Flowdeck gains
// a card; everything not in the table stays a placeholder.

// kernelRule maps one built-in function card.
type kernelRule struct {
	card string // catalog id
	// build fills the card's options and inputs; a non-empty why makes it a placeholder.
	build func(m *mapper, s *Step, c *flow.Card) (why string)
	// output maps one of the Workflows card's outputs (and a path into it) to the catalog
	// card's output path.
	output func(f *Field, path []string) (string, bool)
}

// kernelRules is filled in init: the builders reach back into the table (a card's inputs
// read earlier cards' outputs), which a plain initializer may not.
var kernelRules map[string]kernelRule

func init() {
	kernelRules = map[string]kernelRule{
		"control.continueIf": {card: "function.continueIf", build: buildCondition, output: noOutputs},
		"control.if":         {card: "function.ifElse", build: buildCondition, output: namedOutputs(map[string]string{"result": "result"})},
		"control.let":        {card: "function.assign", build: buildAssign, output: assignOutput},
		"string.compose":     {card: "function.compose", build: buildCompose, output: namedOutputs(map[string]string{"output": "output"})},
	}
}

// oktaFields maps the Okta cards' fields whose Workflows group/key is not the catalog field's
// Group/Name or Key: operation → "group/key" → catalog input or option key.
var oktaFields = map[string]map[string]string{
	"activateUser":   {"User/id": "userId"},
	"deactivateUser": {"User/id": "userId"},
	"suspendUser":    {"User/id": "userId"},
	"unsuspendUser":  {"User/id": "userId"},
	"deleteUser":     {"User/id": "userId"},
	"resetPassword":  {"User/userID": "userId", "parameters/email": "sendEmail"},
	"searchGroups":   {"Inputs/profile.name": "name"},
}

// oktaFieldAliases map fields named the same way on every card that has them.
var oktaFieldAliases = map[string]string{
	"Application/applicationID": "appId",
}

// build fills a mapped card from a step.
func (m *mapper) build(s *Step, spec *catalog.Spec) (flow.Card, string) {
	meth := s.Method
	c := flow.Card{ID: cardID(meth.UUID), Type: spec.ID, Version: spec.Version, Label: meth.Name, OnError: onError(meth.Policy)}
	if c.Label == spec.Name {
		c.Label = ""
	}
	a, _ := meth.Addr()
	if a.Kernel {
		return c, kernelRules[a.Key()].build(m, s, &c)
	}
	return c, m.buildOkta(meth, spec, a.Op, &c)
}

// buildOkta maps an Okta card's fields by group and key. A field that holds a value but has no
// counterpart makes the card a placeholder: an import never runs something other than what
// the admin built.
func (m *mapper) buildOkta(meth *Method, spec *catalog.Spec, op string, c *flow.Card) string {
	for _, f := range meth.Inputs.List {
		if f.Group == "context" || (spec.Kind == catalog.KindEvent && f.Group == "") {
			continue // system fields, and the event card's internal type/data
		}
		if f.Flow != nil {
			return fmt.Sprintf("its %q input streams records to a helper flow, which Flowdeck cannot do yet", f.Key)
		}
		if f.Group == "parameters" {
			if why := m.oktaOption(meth, spec, op, f, c); why != "" {
				return why
			}
			continue
		}
		in, set, why := m.bound(meth, f, false)
		if why != "" {
			return why
		}
		if !set {
			continue
		}
		target, ok := oktaField(spec.Inputs, op, f)
		if !ok {
			return fmt.Sprintf("its input %q (%s) has no counterpart on Flowdeck's %q card", f.Key, groupName(f), spec.Name)
		}
		if c.Inputs == nil {
			c.Inputs = map[string]flow.Input{}
		}
		c.Inputs[target.Key] = in
	}
	return ""
}

func (m *mapper) oktaOption(meth *Method, spec *catalog.Spec, op string, f *Field, c *flow.Card) string {
	v, set := constant(f.Data, false)
	if !set {
		return ""
	}
	opt, ok := oktaField(spec.Options, op, f)
	if !ok {
		return fmt.Sprintf("its option %q = %v has no counterpart on Flowdeck's %q card", f.Key, v, spec.Name)
	}
	tv, ok := optionValue(opt, v)
	if !ok {
		return fmt.Sprintf("its option %q = %v is not one of the choices of Flowdeck's %q card", f.Key, v, spec.Name)
	}
	if c.Options == nil {
		c.Options = map[string]any{}
	}
	c.Options[opt.Key] = tv
	return ""
}

// oktaField finds the catalog field an export field maps to: through oktaFields, else by
// group and key.
func oktaField(fields []catalog.Field, op string, f *Field) (catalog.Field, bool) {
	name := f.Group + "/" + f.Key
	for _, key := range []string{oktaFields[op][name], oktaFieldAliases[name]} {
		for _, cf := range fields {
			if key != "" && cf.Key == key {
				return cf, true
			}
		}
	}
	group := f.Group
	if group == "parameters" {
		group = "" // options carry no group in the catalog
	}
	if cf, ok := matchField(fields, group, f.Key); ok {
		return cf, true
	}
	// A custom profile attribute ("Profile/costCenter", "Custom Properties/email") is one
	// member of the card's custom attributes object, bound as "customProfile.<attribute>".
	for _, cf := range fields {
		if cf.Key == "customProfile" && cf.Type == catalog.TypeObject && cf.Group == f.Group && group != "" {
			return catalog.Field{Key: cf.Key + "." + f.Key, Name: cf.Name + " → " + f.Key, Group: cf.Group, Type: catalog.TypeAny}, true
		}
	}
	return catalog.Field{}, false
}

// optionValue translates an option's value: Workflows' "Yes"/"No" for booleans, choices
// matched regardless of case.
func optionValue(opt catalog.Field, v any) (any, bool) {
	s, isText := v.(string)
	switch {
	case opt.Type == catalog.TypeBoolean && isText:
		switch strings.ToLower(s) {
		case "yes", "true":
			return true, true
		case "no", "false":
			return false, true
		}
		return nil, false
	case len(opt.Choices) > 0 && isText:
		for _, ch := range opt.Choices {
			if strings.EqualFold(ch, s) {
				return ch, true
			}
		}
		return nil, false
	}
	return v, true
}

func groupName(f *Field) string {
	if f.Group == "" {
		return "no group"
	}
	return "group " + f.Group
}

// operators translates Workflows' comparisons into the catalog's (fnOperators).
var operators = map[string]string{
	"==": "equal to", "!=": "not equal to", ">": "greater than", ">=": "greater than or equal to",
	"<": "less than", "<=": "less than or equal to",
	"equal": "equal to", "not equal": "not equal to",
	"contains": "contains", "does not contain": "does not contain", "starts with": "starts with",
	"ends with": "ends with", "is empty": "is empty", "is not empty": "is not empty",
}

// buildCondition maps Continue If's and If/Else's condition: left-operand, operator,
// right-operand (and Continue If's otherwise/message).
func buildCondition(m *mapper, s *Step, c *flow.Card) string {
	meth := s.Method
	for _, f := range meth.Inputs.List {
		var key string
		switch {
		case f.Key == "left-operand":
			key = "left"
		case f.Key == "right-operand":
			key = "right"
		case f.Key == "message" && strings.EqualFold(f.Group, "otherwise"):
			key = "message"
		case f.Key == "operator":
			op, _ := constant(f.Data, false)
			text, _ := op.(string)
			mapped, ok := operators[strings.ToLower(strings.TrimSpace(text))]
			if !ok {
				if _, wired := m.resolve(meth.UUID, f.ID, 0); wired {
					return "its comparison is wired from another card; Flowdeck's comparison is a fixed choice"
				}
				return fmt.Sprintf("its comparison %q has no Flowdeck counterpart yet", text)
			}
			setInput(c, "operator", flow.Input{Literal: mapped})
			continue
		default:
			_, set, why := m.bound(meth, f, false)
			if why != "" {
				return why
			}
			if set {
				return fmt.Sprintf("its input %q has no counterpart on Flowdeck's card", f.Key)
			}
			continue
		}
		in, set, why := m.bound(meth, f, key != "message")
		if why != "" {
			return why
		}
		if set && !emptyObject(in) {
			setInput(c, key, in)
		}
	}
	return ""
}

// emptyObject is the "{}" an unset comparison value holds.
func emptyObject(in flow.Input) bool {
	o, ok := in.Literal.(map[string]any)
	return ok && len(o) == 0
}

func setInput(c *flow.Card, key string, in flow.Input) {
	if c.Inputs == nil {
		c.Inputs = map[string]flow.Input{}
	}
	c.Inputs[key] = in
}

// buildAssign maps Assign's custom inputs to members of its values input; constants keep
// their types (an empty text stays an empty text).
func buildAssign(m *mapper, s *Step, c *flow.Card) string {
	for _, f := range s.Method.Inputs.List {
		in, set, why := m.bound(s.Method, f, true)
		if why != "" {
			return why
		}
		if !set {
			in = flow.Input{Literal: emptyValue(f)}
		}
		setInput(c, "values."+f.Key, in)
	}
	if len(c.Inputs) == 0 {
		return "it assigns no values"
	}
	return ""
}

// emptyValue is what an unfilled field of the type holds in Workflows.
func emptyValue(f *Field) any {
	if f.Collection {
		return []any{}
	}
	switch f.Type.Name {
	case "number":
		return float64(0)
	case "boolean":
		return false
	case "string", "Date":
		return ""
	}
	return map[string]any{}
}

func assignOutput(f *Field, path []string) (string, bool) {
	return strings.Join(append([]string{"values", f.Key}, path...), "."), true
}

// composePart finds {{{field id}}} placeholders in Compose's text.
var composePart = regexp.MustCompile(`\{\{\{([^{}]+)\}\}\}`)

// buildCompose turns Compose's text, with its {{{field id}}} parts, into a template: each part
// is the wire into that field, or the field's text when it is not wired.
func buildCompose(m *mapper, s *Step, c *flow.Card) string {
	meth := s.Method
	textField, ok := meth.Inputs.Find("", "_text_")
	if !ok {
		return "its text could not be found"
	}
	raw, _ := constant(textField.Data, true)
	text, _ := raw.(string)
	var parts []flow.TemplatePart
	addText := func(t string) {
		if t == "" {
			return
		}
		if n := len(parts); n > 0 && parts[n-1].Ref == nil {
			parts[n-1].Text += t
			return
		}
		parts = append(parts, flow.TemplatePart{Text: t})
	}
	last := 0
	for _, loc := range composePart.FindAllStringSubmatchIndex(text, -1) {
		addText(text[last:loc[0]])
		last = loc[1]
		key := text[loc[2]:loc[3]]
		f, ok := meth.Inputs.Find(textField.Group, key)
		if !ok {
			return fmt.Sprintf("its text names the field %s, which the card does not have", key)
		}
		in, set, why := m.bound(meth, f, true)
		switch {
		case why != "":
			return why
		case !set:
		case in.Ref != nil:
			parts = append(parts, flow.TemplatePart{Ref: in.Ref})
		default:
			addText(fmt.Sprint(in.Literal))
		}
	}
	addText(text[last:])
	if len(parts) == 0 {
		return "its text is empty"
	}
	if len(parts) == 1 && parts[0].Ref == nil {
		setInput(c, "text", flow.Input{Literal: parts[0].Text})
		return ""
	}
	setInput(c, "text", flow.Input{Template: parts})
	return ""
}

func noOutputs(*Field, []string) (string, bool) { return "", false }

func namedOutputs(keys map[string]string) func(*Field, []string) (string, bool) {
	return func(f *Field, path []string) (string, bool) {
		k, ok := keys[f.Key]
		if !ok {
			return "", false
		}
		return strings.Join(append([]string{k}, path...), "."), true
	}
}
