// Package ui is Flowdeck's desktop interface: the main window with the palette of cards, the
// flow canvas, the inspector and the toolbar. It reaches storage and the engine only through
// the Backend interface, and hands goroutine results back to the widgets in one place (bridge).
package ui

import (
	"context"
	"errors"
	"time"

	"github.com/flowdeck/flowdeck/engine/flow"
)

// Backend is everything the window needs from storage and the engine. Calls may block (disk,
// network); the window makes them off the UI goroutine, through the bridge.
type Backend interface {
	// ListConnections lists the Okta orgs the app can talk to.
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
	// RunCard runs one card of f now, with its typed-in inputs.
	RunCard(ctx context.Context, f *flow.Flow, cardID string) (RunResult, error)
	// RunFlow runs the whole flow once now (with a sample event).
	RunFlow(ctx context.Context, f *flow.Flow) (RunResult, error)
}

// Connection is one Okta org the app is connected to.
type Connection struct {
	ID   string
	Name string // e.g. "acme.okta.com" or "Demo org (simulated)"
}

// FlowSummary is one row of the flows list.
type FlowSummary struct {
	ID      string
	Name    string
	Enabled bool
}

// RunResult is what a run produced, for the status line and the run panel.
type RunResult struct {
	Outputs  map[string]any
	Duration time.Duration
}

// ErrNotConnected is returned by runs when no Okta org is connected yet.
var ErrNotConnected = errors.New("no Okta org is connected: connect one first (flowdeck connect), or open the demo org")
