// Package enginebackend is the desktop app's ui.Backend on top of the engine: flows in SQLite
// (every save a version the engine can run), unsaved edits kept as recovery copies, Run card,
// Run flow, the run history and the connections.
package enginebackend

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
	"github.com/flowdeck/flowdeck/ui"
)

// recoveryPrefix keys unsaved edits in the settings table.
const recoveryPrefix = "recovery:"

// Backend implements ui.Backend.
type Backend struct {
	// e is nil when another process runs the engine: the backend then only reads (see
	// NewReadOnly).
	e   *engine.Engine
	db  *storage.DB
	reg *catalog.Registry
	// heldBy says who runs the engine, when e is nil.
	heldBy string
	// Labels names connections in the UI (the demo connection is "Demo org (simulated)").
	Labels map[string]string
	// OpenBrowser opens the sign-in address (nil: the system browser); RedirectURI is the
	// loopback callback (empty: the default). Tests set both.
	OpenBrowser func(url string) error
	RedirectURI string
	// Activity is the demo org's activity, for the banner's switch (nil: none).
	Activity ActivitySwitch
}

// New wraps an engine.
func New(e *engine.Engine) *Backend {
	return &Backend{e: e, db: e.DB(), reg: e.Registry(), Labels: map[string]string{}}
}

// NewReadOnly shows the data of an engine another process runs (a headless `flowdeck
// engine`): flows, history and connections can be read; every change is refused with
// ErrReadOnly, because that process owns the tokens and the run queue. heldBy names it.
func NewReadOnly(db *storage.DB, reg *catalog.Registry, heldBy string) *Backend {
	return &Backend{db: db, reg: reg, heldBy: heldBy, Labels: map[string]string{}}
}

// ErrReadOnly is returned for changes while another process runs the engine.
var ErrReadOnly = errors.New("another Flowdeck process runs the engine of this data directory, so this window only shows its data: make changes there, or stop it and open the app again")

// engine returns the engine, or ErrReadOnly when another process runs it.
func (b *Backend) engine() (*engine.Engine, error) {
	if b.e == nil {
		return nil, fmt.Errorf("%w (%s)", ErrReadOnly, b.heldBy)
	}
	return b.e, nil
}

var _ ui.Backend = (*Backend)(nil)

// ListFlows implements ui.Backend.
func (b *Backend) ListFlows(ctx context.Context) ([]ui.FlowSummary, error) {
	fs, err := b.db.ListFlows(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ui.FlowSummary, 0, len(fs))
	for _, f := range fs {
		out = append(out, ui.FlowSummary{ID: f.ID, Name: f.Name, Enabled: f.Enabled, Connection: f.ConnectionID})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil
}

// LoadFlow implements ui.Backend: unsaved edits kept at close win over the saved version.
func (b *Backend) LoadFlow(ctx context.Context, id string) (*flow.Flow, bool, error) {
	if s, ok, err := b.db.GetSetting(ctx, recoveryPrefix+id); err == nil && ok {
		if f, err := flow.Decode(strings.NewReader(s)); err == nil {
			return f, true, nil
		}
	}
	v, err := b.db.GetFlowVersion(ctx, id, 0)
	if err != nil {
		return nil, false, err
	}
	f, err := flow.Decode(bytes.NewReader(v.Document))
	return f, false, err
}

// SaveFlow implements ui.Backend.
func (b *Backend) SaveFlow(ctx context.Context, f *flow.Flow) error {
	e, err := b.engine()
	if err != nil {
		return err
	}
	if _, err := e.SaveFlow(ctx, f); err != nil {
		return err
	}
	return b.db.DeleteSetting(ctx, recoveryPrefix+f.ID)
}

// SaveRecovery implements ui.Backend.
func (b *Backend) SaveRecovery(ctx context.Context, f *flow.Flow) error {
	if _, err := b.engine(); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := flow.Encode(&buf, f); err != nil {
		return err
	}
	return b.db.SetSetting(ctx, recoveryPrefix+f.ID, buf.String())
}

// SetEnabled implements ui.Backend.
func (b *Backend) SetEnabled(ctx context.Context, id string, on bool) error {
	e, err := b.engine()
	if err != nil {
		return err
	}
	return e.EnableFlow(ctx, id, on)
}

// ActivitySwitch pauses and resumes the demo org's own activity (an *oktasim.Activity).
type ActivitySwitch interface {
	Paused() bool
	SetPaused(bool)
}

// DemoActivity implements ui.DemoActivity.
func (b *Backend) DemoActivity() (available, paused bool) {
	if b.Activity == nil {
		return false, false
	}
	return true, b.Activity.Paused()
}

// SetDemoActivityPaused implements ui.DemoActivity.
func (b *Backend) SetDemoActivityPaused(paused bool) {
	if b.Activity != nil {
		b.Activity.SetPaused(paused)
	}
}
