package ui

import (
	"fmt"
	"strings"
	"time"
)

// Connection is one Okta org the app is connected to, as the sidebar and the connections
// dialog show it.
type Connection struct {
	ID     string
	Name   string // e.g. "acme.okta.com" or "Demo org (simulated)"
	OrgURL string
	// Color marks the connection's flows ("#RRGGBB"; "" picks one from the id).
	Color      string
	Production bool
	Demo       bool
	// ConnectedAs names the admin the connection acts as.
	ConnectedAs string
	// Engine is "Identity Engine", "Classic Engine" or "".
	Engine string
	// NeedsSignIn is set when the tokens no longer work: the admin must sign in again.
	NeedsSignIn     bool
	RefreshExpiring bool
	// CardsMissingScopes counts the action cards that cannot run with the granted scopes.
	CardsMissingScopes int
	Warnings           []string
}

// RunResult is what a one-click card run produced.
type RunResult struct {
	Outputs    map[string]any
	Duration   time.Duration
	RequestIDs []string
}

// RunError is a failed one-click run, with Okta's answer taken apart so the dialog can show
// each piece (and the admin can quote the request id to Okta support).
type RunError struct {
	Card      string
	Status    int // HTTP status, 0 when the call never got an answer
	ErrorCode string
	Summary   string
	RequestID string
	Err       error
}

func (e *RunError) Error() string { return e.Err.Error() }
func (e *RunError) Unwrap() error { return e.Err }

// Lines are the error's parts, one a line, for the error dialog.
func (e *RunError) Lines() []string {
	lines := []string{"Card: " + e.Card}
	if e.Status != 0 {
		lines = append(lines, fmt.Sprintf("Status: %d", e.Status))
	}
	if e.ErrorCode != "" {
		lines = append(lines, "Okta error code: "+e.ErrorCode)
	}
	if e.Summary != "" {
		lines = append(lines, "Summary: "+e.Summary)
	}
	if e.RequestID != "" {
		lines = append(lines, "Request id: "+e.RequestID)
	}
	return lines
}

// WiredInput is an input of a card that takes its value from another card.
type WiredInput struct {
	Key, Name string
	// From says where the value comes from ("Read User → Login").
	From string
	// Last is the value of the card's last run; HasLast says whether there was one.
	Last    any
	HasLast bool
}

// EventSummary is one stored System Log event, for the Run flow dialog.
type EventSummary struct {
	UUID      string
	EventType string
	Published time.Time
	// Message is the event's displayMessage, with its target when it has one.
	Message string
}

// RunSummary is one row of a flow's history.
type RunSummary struct {
	ID        string
	FlowID    string
	Status    string // queued, running, succeeded, failed, filtered, interrupted, skipped…
	Trigger   string // event, manual or rerun
	EventType string
	// Event is a line about the event ("user.lifecycle.create: Create Okta user — ada@example.com").
	Event      string
	Created    time.Time
	Started    time.Time
	Finished   time.Time
	Error      string
	FlowVersion int
}

// Duration is how long the run took, 0 while it has not finished.
func (r RunSummary) Duration() time.Duration {
	if r.Started.IsZero() || r.Finished.IsZero() {
		return 0
	}
	return r.Finished.Sub(r.Started)
}

// Matches reports whether the run matches a search: every word of q must appear in its
// status, error, event or trigger, case-insensitively.
func (r RunSummary) Matches(q string) bool {
	hay := strings.ToLower(strings.Join([]string{r.Status, r.Error, r.Event, r.EventType, r.Trigger, r.ID}, " "))
	for _, word := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(hay, word) {
			return false
		}
	}
	return true
}

// RunDetail is one run with its steps.
type RunDetail struct {
	RunSummary
	// EventJSON is the triggering event as stored.
	EventJSON []byte
	Steps     []StepDetail
}

// StepDetail is one card's execution within a run.
type StepDetail struct {
	CardID, CardName, CardType string
	Status                     string
	Inputs, Outputs            []byte // JSON
	Error                      string
	RequestIDs                 []string
	Attempt                    int
	Started, Finished          time.Time
}
