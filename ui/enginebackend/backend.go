// Package enginebackend is the desktop app's ui.Backend on top of the engine: flows in SQLite
// (every save a version the engine can run), unsaved edits kept as recovery copies, Run card and
// Run flow through the flow's connection.
package enginebackend

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

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
	e *engine.Engine
	// Labels names connections in the UI (the demo connection is "Demo org (simulated)").
	Labels map[string]string
}

// New wraps an engine.
func New(e *engine.Engine) *Backend { return &Backend{e: e, Labels: map[string]string{}} }

var _ ui.Backend = (*Backend)(nil)

// ListConnections implements ui.Backend.
func (b *Backend) ListConnections(ctx context.Context) ([]ui.Connection, error) {
	cs, err := b.e.DB().ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ui.Connection, 0, len(cs))
	for _, c := range cs {
		name := c.Name
		if l, ok := b.Labels[c.ID]; ok {
			name = l
		} else if c.Status != storage.StatusOK {
			name += " — " + strings.ReplaceAll(c.Status, "_", " ")
		}
		out = append(out, ui.Connection{ID: c.ID, Name: name})
	}
	return out, nil
}

// ListFlows implements ui.Backend.
func (b *Backend) ListFlows(ctx context.Context) ([]ui.FlowSummary, error) {
	fs, err := b.e.DB().ListFlows(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ui.FlowSummary, 0, len(fs))
	for _, f := range fs {
		out = append(out, ui.FlowSummary{ID: f.ID, Name: f.Name, Enabled: f.Enabled})
	}
	sort.Slice(out, func(i, j int) bool { return strings.ToLower(out[i].Name) < strings.ToLower(out[j].Name) })
	return out, nil
}

// LoadFlow implements ui.Backend: unsaved edits kept at close win over the saved version.
func (b *Backend) LoadFlow(ctx context.Context, id string) (*flow.Flow, bool, error) {
	if s, ok, err := b.e.DB().GetSetting(ctx, recoveryPrefix+id); err == nil && ok {
		if f, err := flow.Decode(strings.NewReader(s)); err == nil {
			return f, true, nil
		}
	}
	f, err := b.e.LoadFlow(ctx, id)
	return f, false, err
}

// SaveFlow implements ui.Backend.
func (b *Backend) SaveFlow(ctx context.Context, f *flow.Flow) error {
	if _, err := b.e.SaveFlow(ctx, f); err != nil {
		return err
	}
	return b.e.DB().DeleteSetting(ctx, recoveryPrefix+f.ID)
}

// SaveRecovery implements ui.Backend.
func (b *Backend) SaveRecovery(ctx context.Context, f *flow.Flow) error {
	var buf bytes.Buffer
	if err := flow.Encode(&buf, f); err != nil {
		return err
	}
	return b.e.DB().SetSetting(ctx, recoveryPrefix+f.ID, buf.String())
}

// SetEnabled implements ui.Backend.
func (b *Backend) SetEnabled(ctx context.Context, id string, on bool) error {
	return b.e.EnableFlow(ctx, id, on)
}

// RunCard implements ui.Backend: the card's literal inputs, against the flow's connection.
func (b *Backend) RunCard(ctx context.Context, f *flow.Flow, cardID string) (ui.RunResult, error) {
	if f.Connection == "" {
		return ui.RunResult{}, ui.ErrNotConnected
	}
	c, _ := flow.Find(f, cardID)
	if c == nil {
		return ui.RunResult{}, fmt.Errorf("card %s is not in the flow", cardID)
	}
	spec, ok := b.e.Registry().Lookup(c.Type)
	if !ok || spec.Kind != catalog.KindAction {
		return ui.RunResult{}, errors.New("only action cards can be run on their own")
	}
	inputs := map[string]any{}
	for k, in := range c.Inputs {
		switch {
		case in.Ref != nil || len(in.Template) > 0:
			return ui.RunResult{}, fmt.Errorf("input %q is wired to another card: type a value to run the card on its own", k)
		default:
			inputs[k] = in.Literal
		}
	}
	start := time.Now()
	res, err := b.e.RunCard(ctx, f.Connection, spec.ID, inputs, c.Options)
	return ui.RunResult{Outputs: res.Outputs, Duration: time.Since(start)}, err
}

// RunFlow implements ui.Backend: saves the flow, runs it now with a sample event, and waits
// for the run to end (up to the context's deadline).
func (b *Backend) RunFlow(ctx context.Context, f *flow.Flow) (ui.RunResult, error) {
	if f.Connection == "" {
		return ui.RunResult{}, ui.ErrNotConnected
	}
	if _, err := b.e.SaveFlow(ctx, f); err != nil {
		return ui.RunResult{}, err
	}
	ev, _ := json.Marshal(map[string]any{"eventType": "flowdeck.manual", "displayMessage": "Run by hand from Flowdeck"})
	start := time.Now()
	r, err := b.e.ManualRun(ctx, f.ID, ev)
	if err != nil {
		return ui.RunResult{}, err
	}
	for {
		got, err := b.e.DB().GetRun(ctx, r.ID)
		if err != nil {
			return ui.RunResult{}, err
		}
		switch got.Status {
		case storage.RunQueued, storage.RunRunning:
		case storage.RunSucceeded, storage.RunFiltered:
			return ui.RunResult{Outputs: map[string]any{"run": got.ID, "status": got.Status}, Duration: time.Since(start)}, nil
		default:
			return ui.RunResult{Outputs: map[string]any{"run": got.ID, "status": got.Status}, Duration: time.Since(start)},
				fmt.Errorf("the run %s: %s", strings.ReplaceAll(got.Status, "_", " "), got.Error)
		}
		select {
		case <-ctx.Done():
			return ui.RunResult{}, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
}
