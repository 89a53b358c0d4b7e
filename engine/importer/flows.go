package importer

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// readFlows reads data.flos and, depth first, every flow embedded in their cards.
func (x *Export) readFlows(flos map[string]json.RawMessage) {
	x.byUUID = map[string]*Flow{}
	type entry struct {
		key  string
		wrap rawFlo
		err  error
	}
	var entries []entry
	for key, raw := range flos {
		e := entry{key: key}
		e.err = json.Unmarshal(raw, &e.wrap)
		entries = append(entries, e)
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].wrap.Name != entries[j].wrap.Name {
			return entries[i].wrap.Name < entries[j].wrap.Name
		}
		return entries[i].key < entries[j].key
	})
	var embedded []*Flow
	for _, e := range entries {
		f := &Flow{Ident: e.key, UUID: e.key, Name: cmp.Or(e.wrap.Name, e.key), Description: e.wrap.Description}
		switch {
		case e.err != nil:
			f.problem("the flow could not be read (%s); nothing of it is imported", describeJSONErr(e.err))
		case e.wrap.Data == nil:
			f.problem("the flow could not be read (its entry in data.flos holds no flow); nothing of it is imported")
		default:
			x.fillFlow(f, e.wrap.Data, &embedded)
		}
		x.Flows = append(x.Flows, f)
		x.byUUID[e.key] = f
	}
	x.Flows = append(x.Flows, embedded...)
	x.resolveRefs()
}

// rawFlo is an entry of data.flos; decoding it whole reads the flow in the same pass.
type rawFlo struct {
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Data        *rawFlow `json:"data"`
}

// rawFlow is a flow object; the members whose type varies between exports stay raw.
type rawFlow struct {
	UUID          string                     `json:"uuid"`
	Methods       []json.RawMessage          `json:"methods"`
	Orderings     map[string]json.RawMessage `json:"orderings"`
	Cron          json.RawMessage            `json:"cron"`
	Scheduled     json.RawMessage            `json:"scheduled"`
	SecurityLevel json.RawMessage            `json:"security_level"`
	Group         json.RawMessage            `json:"group"`
}

// readFlow fills f from a flow object and appends the flows embedded in it to embedded.
func (x *Export) readFlow(f *Flow, raw json.RawMessage, embedded *[]*Flow) {
	var rf rawFlow
	if err := json.Unmarshal(raw, &rf); err != nil {
		f.problem("the flow could not be read (%s); nothing of it is imported", describeJSONErr(err))
		return
	}
	x.fillFlow(f, &rf, embedded)
}

func (x *Export) fillFlow(f *Flow, rf *rawFlow, embedded *[]*Flow) {
	if rf.UUID != "" {
		f.UUID = rf.UUID
	}
	f.Folder = rawString(rf.Group)
	f.SecurityLevel = rawString(rf.SecurityLevel)
	f.Scheduled = rawBool(rf.Scheduled)
	f.Schedule = readSchedule(rf.Cron)
	for _, id := range sortedKeys(rf.Orderings) {
		var pair []string
		if err := json.Unmarshal(rf.Orderings[id], &pair); err != nil || len(pair) != 2 {
			f.problem("ordering %s is not a pair of card ids; it was ignored", id)
			continue
		}
		f.Edges = append(f.Edges, Edge{ID: id, From: pair[0], To: pair[1]})
	}
	for i, mraw := range rf.Methods {
		m := x.readMethod(f, mraw, embedded)
		if m.UUID == "" {
			m.UUID = "card" + strconv.Itoa(i+1)
			f.problem("card %d has no uuid; it was given %q", i+1, m.UUID)
		}
		f.Methods = append(f.Methods, m)
	}
}

func readSchedule(raw json.RawMessage) *Schedule {
	var c map[string]json.RawMessage
	if json.Unmarshal(raw, &c) != nil || len(c) == 0 {
		return nil
	}
	return &Schedule{
		Seconds: rawString(c["seconds"]), Minutes: rawString(c["minutes"]), Hours: rawString(c["hours"]),
		DayOfMonth: rawString(c["dayOfTheMonth"]), Month: rawString(c["month"]), DayOfWeek: rawString(c["dayOfTheWeek"]),
		StartDate: rawString(c["startDate"]), EndDate: rawString(c["endDate"]),
		Recurrence: rawString(c["recurrence"]), TimeZone: rawString(c["timeZone"]),
	}
}

// rawMethod is a card. Its fields are decoded in the same pass (IO = typedIO); only when that
// fails is the card decoded again field by field (IO = rawIO) to say which field is odd.
type rawMethod[IO any] struct {
	UUID    string `json:"uuid"`
	Address string `json:"address"`
	Node    struct {
		Data struct {
			Name string `json:"name"`
		} `json:"data"`
		Model struct {
			Inputs    IO              `json:"inputs"`
			Outputs   IO              `json:"outputs"`
			Policy    json.RawMessage `json:"policy"`
			Config    json.RawMessage `json:"config"`
			Displayed json.RawMessage `json:"displayed"`
			Webhook   json.RawMessage `json:"webhook"`
		} `json:"model"`
	} `json:"node"`
	Pins     map[string]map[string][]rawPin `json:"pins"`
	Branches map[string]json.RawMessage     `json:"branches"`
	Joins    map[string][]struct {
		Output    string          `json:"output"`
		Transform json.RawMessage `json:"transform"`
	} `json:"joins"`
}

type rawPin struct {
	Input     string          `json:"input"`
	Transform json.RawMessage `json:"transform"`
}

type rawIO struct {
	Extensible json.RawMessage            `json:"extensible"`
	Data       map[string]json.RawMessage `json:"data"`
}

type typedIO struct {
	Extensible json.RawMessage     `json:"extensible"`
	Data       map[string]rawField `json:"data"`
}

// typed decodes each field of a rawIO, reporting and leaving out the ones that do not decode.
func (io rawIO) typed(f *Flow, m *Method) typedIO {
	out := typedIO{Extensible: io.Extensible, Data: map[string]rawField{}}
	for id, raw := range io.Data {
		var rf rawField
		if err := json.Unmarshal(raw, &rf); err != nil {
			f.problem("card %q (%s): field %s could not be read (%s); it was left out", m.Name, m.UUID, id, describeJSONErr(err))
			continue
		}
		out.Data[id] = rf
	}
	return out
}

type rawField struct {
	ID    string          `json:"id"`
	Group json.RawMessage `json:"group"`
	Key   string          `json:"key"`
	Value struct {
		Type       json.RawMessage `json:"type"`
		Collection json.RawMessage `json:"collection"`
		Data       json.RawMessage `json:"data"`
	} `json:"value"`
	Metadata struct {
		Index       json.RawMessage `json:"index"`
		Custom      json.RawMessage `json:"custom"`
		Path        []string        `json:"path"`
		DisplayName string          `json:"displayname"`
		Wormhole    string          `json:"wormholeMethodId"`
	} `json:"metadata"`
}

// readMethod reads one card. A card whose JSON does not have the expected shape is still kept
// (with its address if it can be found and its raw JSON), so it becomes a placeholder.
func (x *Export) readMethod(f *Flow, raw json.RawMessage, embedded *[]*Flow) *Method {
	m := &Method{Raw: raw, Displayed: true}
	var rm rawMethod[typedIO]
	if json.Unmarshal(raw, &rm) == nil {
		x.fillMethod(f, m, &rm, embedded)
		return m
	}
	var loose rawMethod[rawIO]
	if err := json.Unmarshal(raw, &loose); err != nil {
		var head struct {
			UUID    any `json:"uuid"`
			Address any `json:"address"`
		}
		_ = json.Unmarshal(raw, &head)
		m.UUID, _ = head.UUID.(string)
		m.Address, _ = head.Address.(string)
		m.Problem = "its JSON could not be read (" + describeJSONErr(err) + ")"
		return m
	}
	rm.UUID, rm.Address, rm.Node.Data.Name = loose.UUID, loose.Address, loose.Node.Data.Name
	m.UUID, m.Name = loose.UUID, loose.Node.Data.Name
	rm.Node.Model.Inputs = loose.Node.Model.Inputs.typed(f, m)
	rm.Node.Model.Outputs = loose.Node.Model.Outputs.typed(f, m)
	rm.Node.Model.Policy, rm.Node.Model.Config = loose.Node.Model.Policy, loose.Node.Model.Config
	rm.Node.Model.Displayed, rm.Node.Model.Webhook = loose.Node.Model.Displayed, loose.Node.Model.Webhook
	rm.Pins, rm.Branches, rm.Joins = loose.Pins, loose.Branches, loose.Joins
	x.fillMethod(f, m, &rm, embedded)
	return m
}

func (x *Export) fillMethod(f *Flow, m *Method, rm *rawMethod[typedIO], embedded *[]*Flow) {
	m.UUID, m.Address, m.Name = rm.UUID, rm.Address, rm.Node.Data.Name
	model := rm.Node.Model
	if len(model.Displayed) > 0 && string(model.Displayed) != "null" {
		m.Displayed = rawBool(model.Displayed)
	}
	m.Webhook = rawBool(model.Webhook)
	m.Config = rawString(model.Config)
	m.Inputs = x.readFields(f, m, model.Inputs, embedded)
	m.Outputs = x.readFields(f, m, model.Outputs, embedded)
	for _, out := range sortedKeys(rm.Pins) {
		for _, target := range sortedKeys(rm.Pins[out]) {
			for _, p := range rm.Pins[out][target] {
				m.Pins = append(m.Pins, Pin{FromField: out, ToCard: target, ToField: p.Input, Convert: readConvert(p.Transform)})
			}
		}
	}
	if len(rm.Branches) > 0 {
		m.Branches = map[string]bool{}
		for noop, v := range rm.Branches {
			m.Branches[noop] = rawBool(v)
		}
	}
	for _, in := range sortedKeys(rm.Joins) {
		for _, j := range rm.Joins[in] {
			m.Joins = append(m.Joins, Join{Input: in, Output: j.Output, Convert: readConvert(j.Transform)})
		}
	}
	m.Policy = x.readPolicy(f, m, model.Policy, embedded)
}

func (x *Export) readFields(f *Flow, m *Method, io typedIO, embedded *[]*Flow) Fields {
	fs := Fields{Extensible: rawBool(io.Extensible)}
	for _, id := range sortedKeys(io.Data) {
		rf := io.Data[id]
		fld := &Field{ID: id, Group: rawString(rf.Group), Key: rf.Key, Type: readType(rf.Value.Type),
			Collection: rawBool(rf.Value.Collection), Custom: rawBool(rf.Metadata.Custom),
			DisplayName: rf.Metadata.DisplayName, Path: rf.Metadata.Path, Wormhole: rf.Metadata.Wormhole}
		if idx, err := strconv.Atoi(string(rf.Metadata.Index)); err == nil {
			fld.Index = idx
		}
		if d := bytes.TrimSpace(rf.Value.Data); len(d) > 0 && string(d) != "null" {
			fld.Data = d
		}
		if fld.Type.Name == "flo" && fld.Data != nil {
			fld.Flow = x.readFlowRef(f, m, id, fld.Data, embedded)
		}
		fs.List = append(fs.List, fld)
	}
	sort.SliceStable(fs.List, func(i, j int) bool { return fs.List[i].Index < fs.List[j].Index })
	return fs
}

// readFlowRef reads what a flo-typed value holds: a helper's uuid or a whole embedded flow,
// which gets its own identity from where it sits.
func (x *Export) readFlowRef(f *Flow, m *Method, field string, data json.RawMessage, embedded *[]*Flow) *FlowRef {
	var uuid string
	if json.Unmarshal(data, &uuid) == nil {
		if uuid == "" {
			return nil
		}
		return &FlowRef{UUID: uuid}
	}
	if len(data) == 0 || data[0] != '{' {
		f.problem("card %q (%s): its helper flow field %s holds neither a flow nor a flow id; it was ignored", m.Name, m.UUID, field)
		return nil
	}
	e := &Flow{Ident: f.Ident + "/" + m.UUID + "/" + field, Holder: f, HolderCard: m.UUID, HolderField: field}
	e.Name = embeddedName(f, m, field)
	x.readFlow(e, data, embedded)
	*embedded = append(*embedded, e)
	return &FlowRef{UUID: e.UUID, Embedded: e}
}

// embeddedName names an embedded flow after where it sits: "Parent › If Error (try)".
func embeddedName(holder *Flow, m *Method, field string) string {
	label := m.Name
	if label == "" {
		label = m.Address
	}
	if fld, ok := m.Inputs.ByID(field); ok && fld.Group != "" && fld.Group != "Streaming" {
		label += " (" + fld.Group + ")"
	} else if field == "policy" {
		label += " (on error)"
	}
	return holder.Name + " › " + label
}

func (x *Export) readPolicy(f *Flow, m *Method, raw json.RawMessage, embedded *[]*Flow) Policy {
	p := Policy{Type: "finish"}
	var pol struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(raw, &pol) != nil || len(pol.Error) == 0 || string(pol.Error) == "null" {
		return p
	}
	p.Raw = pol.Error
	var e map[string]json.RawMessage
	if json.Unmarshal(pol.Error, &e) != nil {
		p.Type = "unreadable"
		return p
	}
	if t := rawString(e["type"]); t != "" {
		p.Type = t
	}
	p.Retry, _ = strconv.Atoi(rawString(e["retry"]))
	p.Delay, _ = strconv.Atoi(rawString(e["delay"]))
	if flo, ok := e["flo"]; ok && string(flo) != "null" {
		p.Flow = x.readFlowRef(f, m, "policy", flo, embedded)
	}
	return p
}

// readConvert reads a pin's transform: null or {<field id>: {convert: "dateTime" | …}}.
func readConvert(raw json.RawMessage) map[string]string {
	var t map[string]struct {
		Convert string `json:"convert"`
	}
	if json.Unmarshal(raw, &t) != nil || len(t) == 0 {
		return nil
	}
	out := map[string]string{}
	for k, v := range t {
		out[k] = v.Convert
	}
	return out
}

// readType reads value.type: a name, or a map {member: {type, collection}}.
func readType(raw json.RawMessage) ValueType {
	var name string
	if json.Unmarshal(raw, &name) == nil {
		return ValueType{Name: name}
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(raw, &members) != nil {
		return ValueType{Name: "*"}
	}
	t := ValueType{}
	for _, k := range sortedKeys(members) {
		var mem struct {
			Type       json.RawMessage `json:"type"`
			Collection json.RawMessage `json:"collection"`
		}
		_ = json.Unmarshal(members[k], &mem)
		t.Members = append(t.Members, Member{Name: k, Type: readType(mem.Type), Collection: rawBool(mem.Collection)})
	}
	return t
}

// resolveRefs checks that every helper named by uuid is in the export, and reports calls that
// form a cycle (a helper that ends up calling itself), which Flowdeck will not run.
func (x *Export) resolveRefs() {
	calls := map[*Flow][]*Flow{}
	for _, f := range x.Flows {
		for _, m := range f.Methods {
			for _, ref := range m.flowRefs() {
				if ref.Embedded != nil {
					calls[f] = append(calls[f], ref.Embedded)
					continue
				}
				h, ok := x.byUUID[ref.UUID]
				if !ok {
					f.problem("card %q (%s) calls the helper flow %s, which is not in this export; export the folder that holds it too, or import it first", m.Name, m.UUID, ref.UUID)
					continue
				}
				calls[f] = append(calls[f], h)
			}
		}
	}
	const (
		unseen = iota
		active
		done
	)
	state := map[*Flow]int{}
	var stack []*Flow
	var visit func(f *Flow)
	visit = func(f *Flow) {
		state[f] = active
		stack = append(stack, f)
		for _, g := range calls[f] {
			switch state[g] {
			case unseen:
				visit(g)
			case active:
				var names []string
				start := len(stack) - 1
				for stack[start] != g {
					start--
				}
				for _, s := range stack[start:] {
					names = append(names, strconv.Quote(s.Name))
				}
				names = append(names, strconv.Quote(g.Name))
				cycle := strings.Join(names, " → ")
				for _, s := range stack[start:] {
					s.problem("its helper flows call each other in a cycle (%s); it is imported as exported, so check that the cycle ends (a pagination flow stops on its last page)", cycle)
				}
			}
		}
		stack = stack[:len(stack)-1]
		state[f] = done
	}
	for _, f := range x.Flows {
		if state[f] == unseen {
			visit(f)
		}
	}
}

// flowRefs lists the helpers the card names, in its inputs and its error policy.
func (m *Method) flowRefs() []*FlowRef {
	var out []*FlowRef
	for _, f := range m.Inputs.List {
		if f.Flow != nil {
			out = append(out, f.Flow)
		}
	}
	if m.Policy.Flow != nil {
		out = append(out, m.Policy.Flow)
	}
	return out
}

// rawString reads a JSON string, or a number or bool as its text; "" otherwise.
func rawString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return strconv.FormatBool(b)
	}
	return ""
}

// rawBool reads a JSON bool; "true" text counts (exports set looseBooleans).
func rawBool(raw json.RawMessage) bool {
	var b bool
	if json.Unmarshal(raw, &b) == nil {
		return b
	}
	return strings.EqualFold(rawString(raw), "true")
}

func describeJSONErr(err error) string {
	var typ *json.UnmarshalTypeError
	if errors.As(err, &typ) {
		return fmt.Sprintf("%s is %s, not %s", typ.Field, typ.Value, typ.Type)
	}
	return err.Error()
}
