package importer

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

// Flow kinds, spelled as engine/flow spells them (issue 12 adds Flow.Kind; until then the kind
// is carried by the import and its report).
const (
	KindEvent       = "event"
	KindScheduled   = "scheduled"
	KindManual      = "manual"
	KindHelper      = "helper"
	KindAPIEndpoint = "apiEndpoint"
)

// Options steer Convert.
type Options struct {
	// Registry is the card catalog to map onto; nil means catalog.Global().
	Registry *catalog.Registry
	// Connection is the id of the Flowdeck connection every Okta card is bound to.
	Connection string
	// Copies gives every flow a new id instead of the one derived from its Workflows uuid, so
	// a re-import lands beside the earlier import instead of updating it.
	Copies bool
}

// Result is an export mapped onto Flowdeck: one imported flow per flow of the export.
type Result struct {
	Export *Export
	Flows  []*Imported
}

// Imported is one flow of the export as a Flowdeck flow document, with its report.
type Imported struct {
	Source *Flow
	Flow   *flow.Flow
	// Kind is what starts the flow (KindEvent, KindHelper, …).
	Kind string
	// Delegated flows are started by an admin from Okta's dashboard; they become manual flows.
	Delegated bool
	Report    FlowReport
}

// Convert maps every flow of x onto Flowdeck's cards. It never fails: what it cannot map
// becomes placeholder cards and report entries.
func Convert(x *Export, opts Options) *Result {
	if opts.Registry == nil {
		opts.Registry = catalog.Global()
	}
	r := &Result{Export: x}
	ids := func(f *Flow) string { return FlowID(f) }
	if opts.Copies {
		// One salt per import, so the copies' references to each other's ids still agree.
		salt := flow.NewCardID()
		ids = func(f *Flow) string { return "f_wf_" + shortHash(f.Ident+"\x00"+salt, 16) }
	}
	for _, f := range x.Flows {
		r.Flows = append(r.Flows, convertFlow(x, f, opts, ids))
	}
	return r
}

// FlowID is the Flowdeck id of an imported flow: derived from its Workflows identity, so a
// re-import of the same export recognises it.
func FlowID(f *Flow) string {
	if !f.Embedded() && safeID.MatchString(f.UUID) {
		return "f_wf_" + f.UUID
	}
	return "f_wf_" + shortHash(f.Ident, 16)
}

var safeID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,60}$`)

func shortHash(s string, n int) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])[:n]
}

// cardID is the Flowdeck id of a Workflows card: its uuid when that is a valid id.
func cardID(uuid string) string {
	if safeID.MatchString(uuid) {
		return flow.CardIDPrefix + uuid
	}
	return flow.CardIDPrefix + shortHash(uuid, 16)
}

type mapper struct {
	x   *Export
	src *Flow
	reg *catalog.Registry
	imp *Imported
	// pinsInto: target card uuid → input field id → the pin feeding it.
	pinsInto map[string]map[string]pinFrom
	// specs caches each card's mapping decision (nil spec: a placeholder), by uuid.
	decided map[string]*decision
	wires   int
	flowID  func(*Flow) string
}

type pinFrom struct {
	card    *Method
	field   string
	convert map[string]string
}

// source is where an input's value comes from: an output of a card, with a path into it once
// hidden object.expand cards are folded in.
type source struct {
	card    *Method
	field   *Field
	path    []string
	convert []string
}

type decision struct {
	spec *catalog.Spec // nil when the card becomes a placeholder
	why  string
	busy bool
}

func convertFlow(x *Export, f *Flow, opts Options, flowID func(*Flow) string) *Imported {
	imp := &Imported{Source: f}
	id := flowID(f)
	imp.Flow = &flow.Flow{Schema: flow.SchemaVersion, ID: id, Name: f.Name, Description: f.Description, Connection: opts.Connection}
	m := &mapper{x: x, src: f, reg: opts.Registry, imp: imp, flowID: flowID, pinsInto: map[string]map[string]pinFrom{}, decided: map[string]*decision{}}
	imp.Report = FlowReport{Name: f.Name, ID: id, UUID: f.UUID, Folder: x.folderName(f)}
	if f.Holder != nil {
		imp.Report.EmbeddedIn = f.Holder.Name
	}
	imp.Report.Notes = append(imp.Report.Notes, f.Problems...)
	for _, meth := range f.Methods {
		for _, p := range meth.Pins {
			if m.pinsInto[p.ToCard] == nil {
				m.pinsInto[p.ToCard] = map[string]pinFrom{}
			}
			m.pinsInto[p.ToCard][p.ToField] = pinFrom{card: meth, field: p.FromField, convert: p.Convert}
		}
	}
	chain := BuildChain(f)
	imp.Report.Notes = append(imp.Report.Notes, chain.Problems...)
	if len(chain.Comments) > 0 {
		imp.Report.Info = append(imp.Report.Info, fmt.Sprintf("%d comment card(s) were left out: Flowdeck has no comment card yet (the comments are still in the export file)", len(chain.Comments)))
	}
	if chain.Trigger == nil {
		imp.Kind = KindManual
		imp.Report.Kind = imp.Kind
		imp.Flow.Cards = []flow.Card{}
		imp.Report.finish(imp.Flow, opts.Registry)
		return imp
	}
	imp.Kind, imp.Delegated = flowKind(f, chain.Trigger)
	imp.Report.Kind = imp.Kind
	if imp.Delegated {
		imp.Report.Notes = append(imp.Report.Notes, "a Delegated flow (started by an admin from Okta's dashboard, which has no Flowdeck counterpart) becomes a manual flow")
	}
	if imp.Kind == KindScheduled && f.Schedule != nil {
		imp.Report.Schedule = f.Schedule
	}
	if f.SecurityLevel != "" && imp.Kind == KindAPIEndpoint {
		imp.Report.Notes = append(imp.Report.Notes, fmt.Sprintf("the API endpoint's security level is %q", f.SecurityLevel))
	}
	if why := triggerWhy(imp.Kind, imp.Delegated); why != "" {
		m.decided[chain.Trigger.UUID] = &decision{why: why}
	}
	cards := []flow.Card{m.card(&Step{Method: chain.Trigger})}
	cards = append(cards, m.cards(chain.Steps)...)
	for _, loose := range chain.Loose {
		cards = append(cards, m.placeholder(loose, "it is not connected to the flow's chain in the export"))
	}
	layout(cards, 0, 0)
	imp.Flow.Cards = cards
	imp.Report.finish(imp.Flow, opts.Registry)
	return imp
}

func (x *Export) folderName(f *Flow) string {
	for g := f; g != nil; g = g.Holder {
		if fo, ok := x.Folders[g.Folder]; ok {
			var names []string
			for _, p := range fo.Path {
				if up, ok := x.Folders[p]; ok {
					p = up.Name // a path may name its folders by id
				}
				names = append(names, p)
			}
			return strings.Join(append(names, fo.Name), "/")
		}
	}
	return ""
}

// flowKind tells what starts the flow from its trigger card.
func flowKind(f *Flow, trigger *Method) (kind string, delegated bool) {
	a, _ := trigger.Addr()
	switch {
	case trigger.Webhook:
		return KindEvent, false
	case a.Kernel && a.Module == "control" && a.Op == "callable" && f.Scheduled:
		return KindScheduled, false
	case a.Kernel && a.Module == "control" && a.Op == "callable":
		return KindHelper, false
	case a.Module == "http" && a.Op == "accept":
		return KindAPIEndpoint, false
	case a.Module == "http" && a.Op == "delegated":
		return KindManual, true
	}
	return KindManual, false
}

func (m *mapper) cards(steps []*Step) []flow.Card {
	out := make([]flow.Card, 0, len(steps))
	for _, s := range steps {
		out = append(out, m.card(s))
	}
	return out
}

// card maps one step: onto its catalog card, or a placeholder that keeps the original JSON.
func (m *mapper) card(s *Step) flow.Card {
	d := m.decide(s.Method)
	if d.spec == nil {
		c := m.placeholder(s.Method, d.why)
		m.addBranches(&c, s)
		return c
	}
	c, why := m.build(s, d.spec)
	if why != "" {
		m.decided[s.Method.UUID] = &decision{why: why}
		c = m.placeholder(s.Method, why)
	}
	m.addBranches(&c, s)
	return c
}

func (m *mapper) addBranches(c *flow.Card, s *Step) {
	if s.Then == nil && s.Else == nil && len(s.Method.Branches) == 0 {
		return
	}
	c.Branches = map[string][]flow.Card{flow.BranchThen: m.cards(s.Then), flow.BranchElse: m.cards(s.Else)}
}

// placeholder keeps a card Flowdeck cannot run: its JSON, what it is and why; its wired inputs
// are kept as references so the wiring shows.
func (m *mapper) placeholder(meth *Method, why string) flow.Card {
	c := flow.Card{ID: cardID(meth.UUID), Type: flow.PlaceholderType, Version: 1, Label: meth.Name,
		Placeholder: &flow.Placeholder{Address: meth.Address, What: Describe(meth), Why: why, Original: string(meth.Raw)}}
	for _, f := range meth.Inputs.List {
		src, ok := m.resolve(meth.UUID, f.ID, 0)
		if !ok {
			continue
		}
		path, ok := m.outputPath(src)
		if !ok {
			continue
		}
		if c.Inputs == nil {
			c.Inputs = map[string]flow.Input{}
		}
		c.Inputs[placeholderKey(f)] = flow.Input{Ref: m.ref(src.card, path)}
	}
	entry := CardEntry{Label: meth.Name, Address: meth.Address, What: Describe(meth), Why: why}
	for _, ref := range meth.flowRefs() {
		h := ref.Embedded
		if h == nil {
			h = m.x.byUUID[ref.UUID]
		}
		if h != nil {
			entry.Helpers = append(entry.Helpers, m.flowID(h))
		}
	}
	m.imp.Report.Unmapped = append(m.imp.Report.Unmapped, entry)
	return c
}

func placeholderKey(f *Field) string {
	if f.Group != "" {
		return f.Group + "/" + f.Key
	}
	return f.Key
}

// decide says whether a card maps onto a catalog card (and which), memoised: a card's outputs
// are read by later cards, whose references depend on the decision.
func (m *mapper) decide(meth *Method) *decision {
	if d, ok := m.decided[meth.UUID]; ok {
		if d.busy {
			return &decision{why: "its wiring loops back to itself"}
		}
		return d
	}
	d := &decision{busy: true}
	m.decided[meth.UUID] = d
	spec, why := m.lookup(meth)
	d.spec, d.why, d.busy = spec, why, false
	if spec != nil {
		if why := m.policyWhy(meth); why != "" {
			d.spec, d.why = nil, why
		}
	}
	return d
}

// lookup finds the catalog card a Workflows card maps to, by its address.
func (m *mapper) lookup(meth *Method) (*catalog.Spec, string) {
	if meth.Problem != "" {
		return nil, meth.Problem
	}
	a, ok := meth.Addr()
	if !ok {
		return nil, fmt.Sprintf("its address %q has a form this importer does not know", meth.Address)
	}
	var id string
	switch {
	case a.Kernel:
		r, ok := kernelRules[a.Key()]
		if !ok {
			return nil, kernelWhy(a)
		}
		id = r.card
	case a.Module == "okta" && meth.Webhook:
		id = "okta.event." + a.Op
	case a.Module == "okta":
		id = "okta.action." + a.Op
	case designerModules[a.Module]:
		return nil, fmt.Sprintf("Flowdeck has no %s cards yet", moduleTitles[a.Module])
	default:
		return nil, fmt.Sprintf("Flowdeck has no %s connector; it connects to Okta only", appTitle(a.Module))
	}
	spec, ok := m.reg.Lookup(id)
	if !ok {
		return nil, fmt.Sprintf("Flowdeck has no card %s yet", id)
	}
	return spec, ""
}

// triggerWhy says why the trigger of a flow that is not an event flow cannot run yet.
func triggerWhy(kind string, delegated bool) string {
	switch {
	case kind == KindHelper:
		return "Flowdeck cannot run helper flows yet (flows that other flows call)"
	case kind == KindScheduled:
		return "Flowdeck cannot run scheduled flows yet; the schedule is in this report"
	case kind == KindAPIEndpoint:
		return "Flowdeck cannot serve API Endpoint flows yet"
	case delegated:
		return "Flowdeck cannot run Delegated flows yet; it will run them as manual flows"
	case kind == KindManual:
		return "Flowdeck cannot run manual flows yet (this flow has no trigger)"
	}
	return ""
}

func kernelWhy(a Address) string {
	switch a.Key() {
	case "list.each", "list.asyncEach", "list.map", "list.filter", "list.reduce", "control.spawn", "control.run",
		"control.times", "control.branch", "control.tryCatch":
		return "it calls a helper flow, which Flowdeck cannot do yet"
	}
	return "Flowdeck has no counterpart for this function card yet"
}

// policyWhy says why a card's error policy cannot be mapped, or "".
func (m *mapper) policyWhy(meth *Method) string {
	p := meth.Policy
	switch {
	case p.Type == "finish" || p.Type == "":
		return ""
	case p.Flow != nil:
		return fmt.Sprintf("its error policy (%s) runs a helper flow, which Flowdeck cannot do yet", p.Type)
	case p.Type == "flo" || p.Type == "retry":
		return ""
	}
	return fmt.Sprintf("its error policy %q has no Flowdeck counterpart yet", p.Type)
}

func onError(p Policy) *flow.ErrorPolicy {
	if (p.Type == "flo" || p.Type == "retry") && p.Flow == nil && p.Retry > 0 {
		return &flow.ErrorPolicy{Action: "retry", Retries: p.Retry, DelaySeconds: p.Delay}
	}
	return nil
}

// resolve finds where input field of card target gets its value, folding object.expand cards
// into a path. ok is false for an input with no wire.
func (m *mapper) resolve(target, field string, depth int) (source, bool) {
	p, ok := m.pinsInto[target][field]
	if !ok || depth > 32 {
		return source{}, false
	}
	out, ok := p.card.Outputs.ByID(p.field)
	if !ok {
		return source{}, false
	}
	var conv []string
	for _, field := range sortedKeys(p.convert) {
		conv = append(conv, p.convert[field])
	}
	if !isExpand(p.card) {
		return source{card: p.card, field: out, convert: conv}, true
	}
	if len(p.card.Inputs.List) == 0 {
		return source{}, false
	}
	up, ok := m.resolve(p.card.UUID, p.card.Inputs.List[0].ID, depth+1)
	if !ok {
		return source{}, false
	}
	up.path = append(append([]string(nil), up.path...), out.Path...)
	up.convert = append(up.convert, conv...)
	return up, true
}

// ref builds a wire to an output path of a card, with a stable id.
func (m *mapper) ref(card *Method, path string) *flow.Ref {
	m.wires++
	return &flow.Ref{ID: flow.WireIDPrefix + shortHash(fmt.Sprintf("%s\x00%s\x00%d", m.src.Ident, card.UUID, m.wires), 12), Card: cardID(card.UUID), Path: path}
}

// outputPath is the Flowdeck output path of a source: through the source card's catalog
// outputs when it maps onto one, else the Workflows field key (a placeholder's outputs).
func (m *mapper) outputPath(src source) (string, bool) {
	d := m.decide(src.card)
	names := append([]string{src.field.Key}, src.path...)
	if d.spec == nil {
		return strings.Join(names, "."), true
	}
	a, _ := src.card.Addr()
	if r, ok := kernelRules[a.Key()]; ok && a.Kernel {
		return r.output(src.field, src.path)
	}
	if d.spec.Kind == catalog.KindEvent {
		// An event card outputs the event as "collection"; its members are picked by path.
		if src.field.Key != "collection" || len(src.path) == 0 {
			return "", false
		}
		names = src.path
		if names[0] == "Output" {
			names = names[1:]
		}
		return catalogPath(d.spec.Outputs, "", names)
	}
	if path, ok := catalogPath(d.spec.Outputs, src.field.Group, names); ok {
		return path, true
	}
	return profileMember(d.spec, src.field.Group, names)
}

// profileMember reads a profile attribute Flowdeck's card does not list by itself ("Custom
// Properties/email", "Profile Properties/role") from its whole-profile output.
func profileMember(spec *catalog.Spec, group string, names []string) (string, bool) {
	if !strings.HasSuffix(group, "Properties") {
		return "", false
	}
	for _, f := range spec.Outputs {
		if f.Key == "profile" && f.Type == catalog.TypeObject {
			return strings.Join(append([]string{"profile"}, names...), "."), true
		}
	}
	return "", false
}

// catalogPath resolves Workflows field names into a catalog output path: each name matches a
// field's Name (what Workflows shows) or Key; members of an object with no declared members
// are taken as they are.
func catalogPath(fields []catalog.Field, group string, names []string) (string, bool) {
	var keys []string
	for i, n := range names {
		if i > 0 && len(fields) == 0 {
			keys = append(keys, names[i:]...)
			break
		}
		f, ok := matchField(fields, group, n)
		if !ok {
			return "", false
		}
		keys = append(keys, f.Key)
		fields, group = f.Fields, ""
		if len(fields) == 0 && f.Type != catalog.TypeObject && f.Type != catalog.TypeAny && f.Type != catalog.TypeList && i < len(names)-1 {
			return "", false
		}
	}
	return strings.Join(keys, "."), len(keys) > 0
}

// matchField finds a catalog field by a Workflows field name: same group first, then any.
func matchField(fields []catalog.Field, group, name string) (catalog.Field, bool) {
	for _, pass := range []func(catalog.Field) bool{
		func(f catalog.Field) bool { return f.Group == group && (f.Name == name || f.Key == name) },
		func(f catalog.Field) bool {
			return strings.EqualFold(f.Group, group) && (strings.EqualFold(f.Name, name) || strings.EqualFold(f.Key, name))
		},
	} {
		for _, f := range fields {
			if pass(f) {
				return f, true
			}
		}
	}
	// Outside its group only when unambiguous: "ID" is in many groups.
	var found []catalog.Field
	for _, f := range fields {
		if strings.EqualFold(f.Name, name) || strings.EqualFold(f.Key, name) {
			found = append(found, f)
		}
	}
	if len(found) == 1 {
		return found[0], true
	}
	return catalog.Field{}, false
}

// bound is what an input field of the export holds, mapped: a reference, a literal, or nothing.
func (m *mapper) bound(meth *Method, f *Field, keepEmpty bool) (flow.Input, bool, string) {
	if src, ok := m.resolve(meth.UUID, f.ID, 0); ok {
		if _, join, _ := isStructural(src.card); join {
			return flow.Input{}, false, fmt.Sprintf("%q reads the value an If/Else's branches join into, which Flowdeck's If/Else does not output yet", f.Key)
		}
		if len(src.convert) > 0 {
			return flow.Input{}, false, fmt.Sprintf("the wire into %q converts its value (%s), which Flowdeck's wires do not do yet", f.Key, strings.Join(src.convert, ", "))
		}
		path, ok := m.outputPath(src)
		if !ok {
			return flow.Input{}, false, fmt.Sprintf("%q is wired to %q of %q, which has no counterpart on the Flowdeck card", f.Key, strings.Join(append([]string{src.field.Key}, src.path...), " › "), src.card.Name)
		}
		return flow.Input{Ref: m.ref(src.card, path)}, true, ""
	}
	v, ok := constant(f.Data, keepEmpty)
	if !ok {
		return flow.Input{}, false, ""
	}
	return flow.Input{Literal: v}, true, ""
}

// constant reads a literal value. Empty text, objects and lists mean "not filled in" in an
// export, unless keepEmpty (an Assign's or Compose's value, where empty is a value).
func constant(data json.RawMessage, keepEmpty bool) (any, bool) {
	if data == nil {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return nil, false
	}
	v = fromNumbers(v)
	if keepEmpty {
		return v, true
	}
	switch t := v.(type) {
	case string:
		return t, t != ""
	case map[string]any:
		return t, len(t) > 0
	case []any:
		return t, len(t) > 0
	}
	return v, true
}

// fromNumbers turns json.Number into float64, the form flow literals hold.
func fromNumbers(v any) any {
	switch t := v.(type) {
	case json.Number:
		f, _ := t.Float64()
		return f
	case map[string]any:
		for k, e := range t {
			t[k] = fromNumbers(e)
		}
	case []any:
		for i, e := range t {
			t[i] = fromNumbers(e)
		}
	}
	return v
}

// layout places cards left to right, branches below their card.
func layout(cards []flow.Card, x, y float32) (rows int) {
	const dx, dy = 304, 200
	rows = 1
	for i := range cards {
		c := &cards[i]
		c.Position = flow.Position{X: x + float32(i)*dx, Y: y}
		below := 1
		for _, name := range flow.BranchNames(c) {
			below += layout(c.Branches[name], c.Position.X, y+float32(below)*dy)
		}
		rows = max(rows, below)
	}
	return rows
}
