// Package catalog holds the card spec — the one declarative description of every card
// (event, action, function) — and the registry of specs. The palette, the inspector, flow
// validation, the generated docs and the executors' input checks all derive from it.
package catalog

import (
	"fmt"
	"strings"
)

// Kind says what a card does in a flow.
type Kind string

const (
	// KindEvent cards start a flow when the System Log shows a matching event.
	KindEvent Kind = "event"
	// KindAction cards call the Okta API.
	KindAction Kind = "action"
	// KindFunction cards are built-in logic (conditions, loops, text).
	KindFunction Kind = "function"
)

// Type is the value type of a field. Lists say what they hold with ListOf.
type Type string

const (
	TypeString  Type = "string"
	TypeNumber  Type = "number"
	TypeBoolean Type = "boolean"
	TypeDate    Type = "date" // RFC 3339 text, as Okta sends it
	TypeObject  Type = "object"
	TypeList    Type = "list"
	TypeAny     Type = "any"
)

// Effect says what repeating an action card's call would do. The engine's retry policy and
// crash recovery depend on it (see TRAPS.md: Delete User twice deletes for good).
type Effect string

const (
	// EffectRead changes nothing: safe to retry after any failure.
	EffectRead Effect = "read"
	// EffectIdempotent lands in the same state however often it is sent.
	EffectIdempotent Effect = "idempotent"
	// EffectNonIdempotent must never be repeated blindly after an ambiguous failure.
	EffectNonIdempotent Effect = "non-idempotent"
)

// Field is one input, output or option of a card.
type Field struct {
	// Key is the stable machine name used in flow documents and references, e.g. "userId".
	Key string `json:"key"`
	// Name is the label shown to the admin, as Okta Workflows names it, e.g. "ID or Login".
	Name string `json:"name"`
	// Group is the section the field sits in on the card, as in Workflows ("User", "Result").
	Group    string `json:"group,omitempty"`
	Type     Type   `json:"type"`
	ListOf   Type   `json:"listOf,omitempty"`
	Required bool   `json:"required,omitempty"`
	// Default is used when the flow gives no value; nil means no default.
	Default any      `json:"default,omitempty"`
	Choices []string `json:"choices,omitempty"`
	Help    string   `json:"help,omitempty"`
	// Fields describes the members of an object (or of each list item) when they are known.
	Fields []Field `json:"fields,omitempty"`
	// Advanced fields are hidden under "More" in the inspector.
	Advanced bool `json:"advanced,omitempty"`
	// Secret fields (passwords, activation and reset links) carry credentials: they must never
	// reach a log, the run history or an export, so the runner records them redacted.
	Secret bool `json:"secret,omitempty"`
}

// Spec declares a card once.
type Spec struct {
	// ID is namespaced and stable forever: "okta.event.userCreated", "okta.action.readUser",
	// "function.continueIf". Flow documents store it; never derive it from the name.
	ID      string `json:"id"`
	Version int    `json:"version"`
	Kind    Kind   `json:"kind"`
	Name    string `json:"name"`
	// Group is the palette section ("Okta events", "Okta actions", "Functions"); Category the
	// sub-heading inside it ("Users", "Groups", "Applications", ...).
	Group    string  `json:"group"`
	Category string  `json:"category,omitempty"`
	Help     string  `json:"help"`
	Options  []Field `json:"options,omitempty"`
	Inputs   []Field `json:"inputs,omitempty"`
	Outputs  []Field `json:"outputs,omitempty"`

	// Event cards: the System Log event types the card fires on.
	EventTypes []string `json:"eventTypes,omitempty"`
	// Pipeline limits a card to one kind of org: "idx" (Identity Engine), "v1" (Classic), or "".
	Pipeline string `json:"pipeline,omitempty"`

	// Action cards: the API call(s) as "METHOD /path" lines, the OAuth scopes needed, and the
	// effect of repeating the call.
	API    []string `json:"api,omitempty"`
	Scopes []string `json:"scopes,omitempty"`
	Effect Effect   `json:"effect,omitempty"`

	// Branches names the inner chains a function card holds (If/Else: "then", "else";
	// For Each: "each").
	Branches []string `json:"branches,omitempty"`
}

// Input returns the input field with the given key.
func (s *Spec) Input(key string) (Field, bool) { return findField(s.Inputs, key) }

// Output returns the output field with the given key.
func (s *Spec) Output(key string) (Field, bool) { return findField(s.Outputs, key) }

// Option returns the option with the given key.
func (s *Spec) Option(key string) (Field, bool) { return findField(s.Options, key) }

// OutputPath resolves a dotted path ("user.profile.login") through the declared outputs.
// A path that goes into an object or list whose members are not declared is accepted: Okta
// objects carry custom attributes, so the field's type is then TypeAny.
func (s *Spec) OutputPath(path string) (Field, bool) {
	parts := strings.Split(path, ".")
	f, ok := findField(s.Outputs, parts[0])
	if !ok {
		return Field{}, false
	}
	for _, p := range parts[1:] {
		if len(f.Fields) == 0 {
			if f.Type == TypeObject || f.Type == TypeList || f.Type == TypeAny {
				return Field{Key: p, Name: p, Type: TypeAny}, true
			}
			return Field{}, false
		}
		if f, ok = findField(f.Fields, p); !ok {
			return Field{}, false
		}
	}
	return f, true
}

func findField(fs []Field, key string) (Field, bool) {
	for _, f := range fs {
		if f.Key == key {
			return f, true
		}
	}
	return Field{}, false
}

// Validate checks that a spec is complete and self-consistent.
func (s *Spec) Validate() error {
	var problems []string
	add := func(format string, a ...any) { problems = append(problems, fmt.Sprintf(format, a...)) }
	if s.ID == "" {
		add("no id")
	}
	if s.Name == "" {
		add("no name")
	}
	if s.Version < 1 {
		add("version must be 1 or more")
	}
	if s.Help == "" {
		add("no help text")
	}
	switch s.Kind {
	case KindEvent:
		if len(s.EventTypes) == 0 {
			add("an event card needs at least one System Log event type")
		}
	case KindAction:
		if len(s.API) == 0 {
			add("an action card needs its API call")
		}
		switch s.Effect {
		case EffectRead, EffectIdempotent, EffectNonIdempotent:
		default:
			add("an action card needs an effect (read, idempotent or non-idempotent), got %q", s.Effect)
		}
		if len(s.Scopes) == 0 {
			add("an action card needs its OAuth scopes")
		}
	case KindFunction:
	default:
		add("unknown kind %q", s.Kind)
	}
	for _, set := range []struct {
		name string
		fs   []Field
	}{{"option", s.Options}, {"input", s.Inputs}, {"output", s.Outputs}} {
		seen := map[string]bool{}
		for _, f := range set.fs {
			if f.Key == "" || f.Name == "" || f.Type == "" {
				add("%s %q needs a key, a name and a type", set.name, f.Key+f.Name)
			}
			if seen[f.Key] {
				add("%s key %q declared twice", set.name, f.Key)
			}
			seen[f.Key] = true
			if f.Type == TypeList && f.ListOf == "" {
				add("%s %q is a list but does not say what it holds (ListOf)", set.name, f.Key)
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("card %s (%s): %s", s.ID, s.Name, strings.Join(problems, "; "))
	}
	return nil
}
