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
	// CanSignIn is set for connections made by signing in (not API tokens, not the demo org).
	CanSignIn bool
}

// StatusLine is the connection's state in one line: "Connected as Ada Admin (admin@example.com)
// · Identity Engine · refresh token ending soon · 3 cards lack scopes".
func (c Connection) StatusLine() string {
	var parts []string
	if c.NeedsSignIn {
		parts = append(parts, "Needs sign-in again")
	} else if c.ConnectedAs != "" {
		parts = append(parts, "Connected as "+c.ConnectedAs)
	}
	if c.Engine != "" {
		parts = append(parts, c.Engine)
	}
	if c.RefreshExpiring {
		parts = append(parts, "refresh token ending soon: sign in again")
	}
	switch c.CardsMissingScopes {
	case 0:
	case 1:
		parts = append(parts, "1 card lacks a scope")
	default:
		parts = append(parts, fmt.Sprintf("%d cards lack scopes", c.CardsMissingScopes))
	}
	return strings.Join(parts, " · ")
}

// SignInRequest is one browser sign-in from the Add connection dialog.
type SignInRequest struct {
	OrgURL, ClientID string
	// Name is the connection's name ("" names it after the org, or reconnects the one
	// connection to that org).
	Name string
	// ShowURL is called (on a backend goroutine) with the sign-in address, for the admin to
	// copy when no browser opens.
	ShowURL func(url string)
}

// DeleteOutcome says what deleting a connection did at Okta.
type DeleteOutcome struct {
	Revoked bool
	// Note is what the admin should still do (revoke by hand, delete an API token).
	Note string
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
	Event       string
	Created     time.Time
	Started     time.Time
	Finished    time.Time
	Error       string
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

// EngineStatus is what the status line shows about the engine.
type EngineStatus struct {
	// ReadOnly names the process that runs the engine when this app only reads its data.
	ReadOnly string
	Paused   bool
	// Polled is how many orgs' System Logs are being polled; LastPoll the newest poll of them.
	Polled   int
	LastPoll time.Time
	// PollError is the newest poll failure ("" when the last polls worked).
	PollError string
	// Queued are the runs waiting (the backlog); Running those in progress.
	Queued, Running int
	// Headroom is the lowest share of a rate limit left (0..1) over the polled orgs' buckets
	// Okta has reported; HeadroomBucket names that bucket. Negative when none is known yet.
	Headroom       float64
	HeadroomBucket string
}

// Line is the status in one line: "Engine on · 2 orgs polled, last poll 14:03:07 · 3 queued ·
// rate limit 82% left (/api/v1/users)".
func (s EngineStatus) Line(now time.Time) string {
	var parts []string
	switch {
	case s.ReadOnly != "":
		parts = append(parts, "Read-only: the engine runs in "+s.ReadOnly)
	case s.Paused:
		parts = append(parts, "Engine paused")
	default:
		parts = append(parts, "Engine on")
	}
	switch {
	case s.Polled == 0 && s.ReadOnly == "":
		parts = append(parts, "no flow is on")
	case s.Polled > 0 && s.LastPoll.IsZero():
		parts = append(parts, fmt.Sprintf("%s polled, no poll yet", plural(s.Polled, "org")))
	case s.Polled > 0:
		parts = append(parts, fmt.Sprintf("%s polled, last poll %s", plural(s.Polled, "org"), ago(now, s.LastPoll)))
	}
	if s.PollError != "" {
		parts = append(parts, "poll failed: "+s.PollError)
	}
	parts = append(parts, fmt.Sprintf("%d queued", s.Queued))
	if s.Running > 0 {
		parts = append(parts, fmt.Sprintf("%d running", s.Running))
	}
	if s.Headroom >= 0 && s.HeadroomBucket != "" {
		parts = append(parts, fmt.Sprintf("rate limit %d%% left (%s)", int(s.Headroom*100+0.5), s.HeadroomBucket))
	}
	return strings.Join(parts, " · ")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// ago says how long ago t was, in the words a status line needs.
func ago(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case d < 5*time.Second:
		return "just now"
	case d < time.Minute:
		return fmt.Sprintf("%d s ago", int(d.Seconds()))
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", int(d.Minutes()))
	}
	return t.Local().Format("Jan 2 15:04")
}
