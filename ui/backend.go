// Package ui is Flowdeck's desktop interface: the main window with the palette of cards, the
// flow canvas, the inspector and the toolbar, plus the run, history and connection dialogs. It
// reaches storage and the engine only through the Backend interface, and hands goroutine
// results back to the widgets in one place (bridge).
package ui

import (
	"context"
	"errors"

	"github.com/flowdeck/flowdeck/engine/flow"
)

// Backend is everything the window needs from storage and the engine. Calls may block (disk,
// network); the window makes them off the UI goroutine, through the bridge.
type Backend interface {
	// ListConnections lists the Okta orgs the app can talk to, with their state.
	ListConnections(ctx context.Context) ([]Connection, error)
	// ListFlows lists the saved flows, sorted by name.
	ListFlows(ctx context.Context) ([]FlowSummary, error)
	// LoadFlow reads a saved flow. When unsaved edits were kept at close (SaveRecovery), it
	// returns those instead and says so.
	LoadFlow(ctx context.Context, id string) (f *flow.Flow, recovered bool, err error)
	// SaveFlow stores the flow as the version the engine runs, and drops its recovery copy.
	SaveFlow(ctx context.Context, f *flow.Flow) error
	// SaveRecovery keeps unsaved edits (autosave, and at close) without changing the version
	// the engine runs.
	SaveRecovery(ctx context.Context, f *flow.Flow) error
	// SetEnabled switches a saved flow on or off.
	SetEnabled(ctx context.Context, flowID string, on bool) error

	// WiredInputs lists the inputs of card cardID that take their value from another card,
	// with the value each had in the card's last run (when there was one), so the one-click
	// run can use or edit them.
	WiredInputs(ctx context.Context, f *flow.Flow, cardID string) ([]WiredInput, error)
	// RunCard runs one action card of f now: its literal inputs, plus typed values for its
	// wired inputs (by input key). A failed Okta call returns a *RunError.
	RunCard(ctx context.Context, f *flow.Flow, cardID string, typed map[string]any) (RunResult, error)
	// RecentEvents lists stored System Log events that f's trigger card listens for, newest first.
	RecentEvents(ctx context.Context, f *flow.Flow) ([]EventSummary, error)
	// RunFlow saves f and queues one run of it for an event: a stored one (its "uuid") or
	// typed-in fields. The run appears in the history.
	RunFlow(ctx context.Context, f *flow.Flow, event map[string]any) (RunSummary, error)
	// ListRuns lists a flow's runs, newest first.
	ListRuns(ctx context.Context, flowID string) ([]RunSummary, error)
	// GetRun reads one run with each card's step.
	GetRun(ctx context.Context, runID string) (RunDetail, error)
	// Rerun queues a new run of a past run's flow with the original event.
	Rerun(ctx context.Context, runID string) (RunSummary, error)

	// SignIn signs in to an Okta org in the system browser and stores the connection (a new
	// one, or the one with the same name and org, with fresh tokens). It waits for the browser
	// until ctx ends.
	SignIn(ctx context.Context, req SignInRequest) (Connection, error)
	// DeleteConnection revokes the connection's tokens at Okta and removes it. When the org
	// cannot be reached it keeps the connection and fails, unless force is set.
	DeleteConnection(ctx context.Context, id string, force bool) (DeleteOutcome, error)
	// SetConnectionLook sets the colour that marks a connection's flows and its production flag.
	SetConnectionLook(ctx context.Context, id, color string, production bool) error

	// EngineStatus is the engine's state for the status line.
	EngineStatus(ctx context.Context) (EngineStatus, error)
	// SetPaused pauses (or resumes) every flow: no polling, no runs.
	SetPaused(ctx context.Context, paused bool) error
}

// FlowSummary is one row of the flows list.
type FlowSummary struct {
	ID      string
	Name    string
	Enabled bool
	// Connection is the id of the flow's connection ("" when none).
	Connection string
}

// ErrNotConnected is returned by runs when no Okta org is connected yet.
var ErrNotConnected = errors.New("no Okta org is connected: connect one first (Connections → Add), or open the demo org")
