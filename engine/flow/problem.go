package flow

import (
	"fmt"
	"strings"
)

// Problem codes: stable, for tests and for the UI to pick an icon or a quick fix. The Message is
// what the admin reads.
const (
	CodeEmptyFlow        = "empty-flow"
	CodeBadCardID        = "bad-card-id"
	CodeDuplicateCardID  = "duplicate-card-id"
	CodeBadWireID        = "bad-wire-id"
	CodeDuplicateWireID  = "duplicate-wire-id"
	CodeUnknownCardType  = "unknown-card-type"
	CodeBadVersion       = "bad-version"
	CodeNewerCardVersion = "newer-card-version"
	CodeFirstNotTrigger  = "first-not-trigger"
	CodeMisplacedTrigger = "misplaced-trigger"
	CodeUnexpectedBranch = "unexpected-branch"
	CodeUnknownBranch    = "unknown-branch"
	CodeUnknownOption    = "unknown-option"
	CodeMissingOption    = "missing-option"
	CodeUnknownInput     = "unknown-input"
	CodeMissingInput     = "missing-input"
	CodeBadInput         = "bad-input" // not exactly one of literal, ref, template
	CodeBadLiteral       = "bad-literal"
	CodeBadChoice        = "bad-choice"
	CodeMissingCard      = "missing-card"
	CodeSelfReference    = "self-reference"
	CodeLaterCard        = "later-card"
	CodeOutOfScope       = "out-of-scope" // inside a branch the reader is not in, or its holder
	CodeMissingOutput    = "missing-output"
	CodeTypeMismatch     = "type-mismatch"
	CodeBadErrorPolicy   = "bad-error-policy"
	CodePlaceholder      = "placeholder" // an imported card Flowdeck cannot run yet
)

// Problem is one thing wrong with a flow, found by Validate.
type Problem struct {
	// CardID is the card the problem is on; "" for the flow as a whole.
	CardID string
	// CardName is how the card is named in messages: its label, else its card's name.
	CardName string
	// Field is the input or option key concerned, or "".
	Field   string
	Code    string
	Message string
}

// String writes the problem as the admin reads it:
// card "Add User to Group" (c_2): input "Group ID" reads "Read User" (c_9), which runs after it.
func (p Problem) String() string {
	if p.CardID == "" && p.CardName == "" {
		return p.Message
	}
	id := p.CardID
	if id == "" {
		id = "no id"
	}
	return fmt.Sprintf("card %q (%s): %s", p.CardName, id, p.Message)
}

// Problems is a list of problems that can be returned as an error.
type Problems []Problem

// Error writes one problem per line.
func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns ps as an error, or nil when there are none. (A nil Problems stored in an error
// variable would not be nil.)
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// ForCard returns the problems of one card, for the canvas to mark it.
func (ps Problems) ForCard(id string) Problems {
	var out Problems
	for _, p := range ps {
		if p.CardID == id {
			out = append(out, p)
		}
	}
	return out
}
