// Package flow is the flow document: the types an admin's flow is saved as, its versioned JSON
// codec, and validation against the card catalog. Cards and wires have stable ids; names are
// labels only; the connection is a reference, never a secret.
package flow

// SchemaVersion is the version of the flow document format this build writes.
const SchemaVersion = 1

// Flow is one flow document.
type Flow struct {
	Schema      int    `json:"schema"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Connection refers to a stored connection by its id. It never holds a secret.
	Connection string `json:"connection,omitempty"`
	// Cards is the main chain, left to right. The first card is the trigger (an event card).
	Cards    []Card   `json:"cards"`
	Settings Settings `json:"settings,omitzero"`
}

// Settings are per-flow engine settings.
type Settings struct {
	// IncludeOwnEvents turns the loop guard off: the flow then also fires on events caused by
	// Flowdeck's own calls.
	IncludeOwnEvents bool `json:"includeOwnEvents,omitempty"`
}

// Card is one card placed in a flow.
type Card struct {
	// ID is stable for the card's life ("c_…"); references point at it.
	ID string `json:"id"`
	// Type is the catalog spec id, e.g. "okta.action.readUser".
	Type    string `json:"type"`
	Version int    `json:"version"`
	// Label overrides the card's display name on the canvas.
	Label    string   `json:"label,omitempty"`
	Position Position `json:"position"`
	// Options are the card's configuration choices (literals only), by option key.
	Options map[string]any `json:"options,omitempty"`
	// Inputs bind the card's input fields, by input key.
	Inputs map[string]Input `json:"inputs,omitempty"`
	// Branches hold inner chains by branch name ("then", "else", "each").
	Branches map[string][]Card `json:"branches,omitempty"`
	OnError  *ErrorPolicy      `json:"onError,omitempty"`

	// Imported cards (engine/importer). A card imported from an Okta Workflows export that
	// Flowdeck cannot run yet keeps the card's original JSON here, so it is never lost, blocks
	// switching the flow on (Validate reports it) and is exported back unchanged. Its Type is
	// PlaceholderType.
	Placeholder *Placeholder `json:"placeholder,omitempty"`
}

// PlaceholderType is the Type of a placeholder card.
const PlaceholderType = "import.placeholder"

// Placeholder is a card imported from Okta Workflows that Flowdeck cannot run yet.
type Placeholder struct {
	// Address is the card's address in the export, e.g. "root:channels:http:slack:1.0.1:postMessage".
	Address string `json:"address"`
	// What says what the card is, e.g. "Slack: Send Message" or "Function: Files – Download".
	What string `json:"what"`
	// Why says why Flowdeck cannot run it yet.
	Why string `json:"why"`
	// Original is the card's JSON exactly as it was in the export.
	Original string `json:"original"`
}

// Position is where the card sits on the canvas, in canvas units at zoom 1.
type Position struct {
	X float32 `json:"x"`
	Y float32 `json:"y"`
}

// Input is the value of one input field: exactly one of a literal, a reference to an earlier
// card's output (a wire), or a text template mixing text and references. A literal is a JSON
// value (string, float64, bool, []any, map[string]any) and never null: an unset input is left
// out of the card's Inputs instead.
type Input struct {
	Literal  any            `json:"literal,omitempty"`
	Ref      *Ref           `json:"ref,omitempty"`
	Template []TemplatePart `json:"template,omitempty"`
}

// Branch names the inner chains of the function cards that hold them. The catalog declares which
// of these a card has (Spec.Branches).
const (
	BranchThen = "then" // If/Else: runs when the condition holds
	BranchElse = "else" // If/Else: runs when it does not
	// BranchEach is For Each's loop body. Cards inside it may read the For Each card's own outputs
	// (the current item and index); no other branch may read the card that holds it.
	BranchEach = "each"
)

// Ref is a wire: it reads an output of an earlier card by card id and dotted field path.
type Ref struct {
	// ID is the wire's stable id ("w_…").
	ID   string `json:"id"`
	Card string `json:"card"`
	Path string `json:"path"`
}

// TemplatePart is literal text or a reference: exactly one of the two.
type TemplatePart struct {
	Text string `json:"text,omitempty"`
	Ref  *Ref   `json:"ref,omitempty"`
}

// ErrorPolicy is what a run does when the card fails, as Workflows offers it.
type ErrorPolicy struct {
	// Action is "halt" (default), "retry" (then halt) or "continue" (with Values as outputs).
	Action       string         `json:"action"`
	Retries      int            `json:"retries,omitempty"`
	DelaySeconds int            `json:"delaySeconds,omitempty"`
	Values       map[string]any `json:"values,omitempty"`
}
