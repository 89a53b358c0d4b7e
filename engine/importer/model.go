package importer

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Export is one export file as read: its header, connections, folders, tables and every flow
// in it, embedded helper flows included.
type Export struct {
	Type     string
	Version  string
	Created  string
	Checksum string
	// Flags are the export's behaviour switches (auto-transform, looseBooleans, …).
	Flags   map[string]bool
	Configs map[string]Config
	Folders map[string]Folder
	Tables  map[string]Table
	// Flows holds every flow: those of data.flos sorted by name, then the embedded copies in
	// the order they were found (depth first).
	Flows []*Flow
	// Notes say what of the export was not understood or not read.
	Notes []string

	byUUID map[string]*Flow // the flows of data.flos
}

func (x *Export) note(format string, a ...any) { x.Notes = append(x.Notes, fmt.Sprintf(format, a...)) }

// Helper returns the flow of data.flos with the given uuid.
func (x *Export) Helper(uuid string) (*Flow, bool) {
	f, ok := x.byUUID[uuid]
	return f, ok
}

// Config is a connection the export's cards use. Exports never carry its secrets.
type Config struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Module string `json:"module"` // the app key, e.g. "okta"
}

// Folder is one of the export's folders; Path names the folders above it (subfolders).
type Folder struct {
	ID          string
	Name        string
	Description string
	Path        []string
}

// Table is a table's schema; exports carry no rows.
type Table struct {
	ID          string
	Name        string
	Description string
	Columns     []Column
}

// Column is one column of a table.
type Column struct {
	Name    string
	Type    string
	Default json.RawMessage // nil when none
}

// Flow is one flow of the export.
type Flow struct {
	// Ident is unique within the export: the uuid for a flow of data.flos; for an embedded
	// copy, where it sits (holder ident / card uuid / field id, or "policy"). Two embedded
	// copies may share a uuid; their idents differ.
	Ident       string
	UUID        string
	Name        string
	Description string
	Folder      string // a key of Export.Folders, or ""
	// Holder is the flow whose card embeds this one (nil for a flow of data.flos); HolderCard
	// is that card's uuid and HolderField the input id ("policy" for an error policy).
	Holder      *Flow
	HolderCard  string
	HolderField string
	Scheduled   bool
	Schedule    *Schedule
	// SecurityLevel is an API Endpoint's ("medium": client token, "open") or a delegated flow's
	// ("high") access setting.
	SecurityLevel string
	// Methods are the cards in file order (NOT run order: see Edges).
	Methods []*Method
	// Edges are the orderings, sorted by edge id: From runs before To.
	Edges []Edge
	// Problems say what of this flow could not be read.
	Problems []string
}

// Embedded reports whether the flow is a copy embedded in a card.
func (f *Flow) Embedded() bool { return f.Holder != nil }

// Captured returns where a wormhole field of an embedded flow gets its value: the holder
// card's context input with the same key.
func (f *Flow) Captured(fld *Field) (holder *Method, input *Field, ok bool) {
	if f.Holder == nil || fld.Wormhole == "" || fld.Wormhole != f.HolderCard {
		return nil, nil, false
	}
	holder, ok = f.Holder.Method(f.HolderCard)
	if !ok {
		return nil, nil, false
	}
	input, ok = holder.Inputs.Find("context", fld.Key)
	return holder, input, ok
}

// Method returns the card with the given uuid.
func (f *Flow) Method(uuid string) (*Method, bool) {
	for _, m := range f.Methods {
		if m.UUID == uuid {
			return m, true
		}
	}
	return nil, false
}

func (f *Flow) problem(format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	for _, p := range f.Problems {
		if p == msg {
			return
		}
	}
	f.Problems = append(f.Problems, msg)
}

// Schedule is a scheduled flow's timing: cron-like fields and an IANA time zone.
type Schedule struct {
	Seconds    string
	Minutes    string
	Hours      string
	DayOfMonth string
	Month      string
	DayOfWeek  string
	StartDate  string
	EndDate    string
	Recurrence string
	TimeZone   string
}

// Edge is one ordering: From runs before To.
type Edge struct {
	ID, From, To string
}

// Method is one card.
type Method struct {
	UUID    string
	Address string
	// Name is the card's label (renameable: never used to identify it).
	Name      string
	Displayed bool
	Webhook   bool
	Config    string // a key of Export.Configs, or ""
	Inputs    Fields
	Outputs   Fields
	Pins      []Pin
	// Branches maps an If/Else branch's first (noop) card to its branch value.
	Branches map[string]bool
	Joins    []Join
	Policy   Policy
	// Raw is the card's JSON exactly as in the file, kept for placeholder cards.
	Raw json.RawMessage
	// Problem says why the card could not be read in full ("" when it could).
	Problem string
}

// Address is a card's address split into its parts.
type Address struct {
	// Kernel is true for built-in functions (root:kernel:<module>:<version>:<op>); otherwise
	// the card is a connector (root:channels:http:<app>:<version>:<op>) and Module is the app
	// key, or one of the designer categories stored as channels (httpfunctions, stash,
	// filefunctions).
	Kernel  bool
	Module  string
	Version string
	Op      string
}

// Key is "module.op", the form the mapping table uses.
func (a Address) Key() string { return a.Module + "." + a.Op }

// ParseAddress splits a card address; ok is false for a form this importer does not know.
func ParseAddress(addr string) (Address, bool) {
	parts := strings.Split(addr, ":")
	switch {
	case len(parts) == 5 && parts[0] == "root" && parts[1] == "kernel":
		return Address{Kernel: true, Module: parts[2], Version: parts[3], Op: parts[4]}, parts[4] != ""
	case len(parts) == 6 && parts[0] == "root" && parts[1] == "channels":
		return Address{Module: parts[3], Version: parts[4], Op: parts[5]}, parts[5] != ""
	}
	return Address{}, false
}

// Addr returns the card's parsed address.
func (m *Method) Addr() (Address, bool) { return ParseAddress(m.Address) }

// Fields is a card's inputs or outputs.
type Fields struct {
	// Extensible cards let the author add fields (marked Custom).
	Extensible bool
	// List is in the card's order (metadata.index, then id).
	List []*Field
}

// ByID returns the field with the given id.
func (fs Fields) ByID(id string) (*Field, bool) {
	for _, f := range fs.List {
		if f.ID == id {
			return f, true
		}
	}
	return nil, false
}

// Find returns the first field with the given group and key.
func (fs Fields) Find(group, key string) (*Field, bool) {
	for _, f := range fs.List {
		if f.Group == group && f.Key == key {
			return f, true
		}
	}
	return nil, false
}

// Field is one input or output field.
type Field struct {
	ID string
	// Group is the section ("parameters" for options, "context" for system fields, or a name
	// such as "Profile Properties"); "" when none.
	Group string
	// Key is the field's name (for Okta cards the name shown).
	Key         string
	Type        ValueType
	Collection  bool
	Data        json.RawMessage // value.data as in the file; nil when absent or null
	Index       int
	Custom      bool
	DisplayName string
	// Path is an object.expand output's path into the expanded object.
	Path []string
	// Wormhole is set on a hidden context field of an embedded flow's first card: the value
	// comes from the holder card (this uuid), whose context input with the same key is wired
	// in the outer flow. It is how an If Error or If/ElseIf branch reads the outer flow's cards.
	Wormhole string
	// Flow is set on a flo-typed field: the helper it names or embeds.
	Flow *FlowRef
}

// ValueType is a field's type: a named one (string, number, boolean, Date, object, file, flo,
// *) or a structured object with members.
type ValueType struct {
	Name    string   // "" for a structured object
	Members []Member // for a structured object, sorted by name
}

// String writes the type as an admin reads it.
func (t ValueType) String() string {
	if t.Name != "" {
		return t.Name
	}
	names := make([]string, len(t.Members))
	for i, m := range t.Members {
		names[i] = m.Name
	}
	return "object{" + strings.Join(names, ", ") + "}"
}

// Member is one member of a structured object type.
type Member struct {
	Name       string
	Type       ValueType
	Collection bool
}

// FlowRef is what a flo-typed field or an error policy names: a helper of data.flos by uuid,
// or an embedded copy.
type FlowRef struct {
	UUID     string
	Embedded *Flow
}

// Pin is one wire, stored on its source card: output FromField feeds input ToField of card
// ToCard, through Convert (field id → conversion such as "dateTime", "wrapArray") if any.
type Pin struct {
	FromField string
	ToCard    string
	ToField   string
	Convert   map[string]string
}

// Join maps a join card's input (a branch's value) to one of its outputs.
type Join struct {
	Input, Output string
	Convert       map[string]string
}

// Policy is a card's error policy: "finish" (the run stops), "handler" (Flow runs), "flo"
// (Flow by uuid, with Retry and Delay), or "return" (the run goes on with default values).
type Policy struct {
	Type  string
	Flow  *FlowRef
	Retry int
	Delay int
	Raw   json.RawMessage
}
