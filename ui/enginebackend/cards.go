package enginebackend

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/actions"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/ui"
)

// lastRunsScanned bounds the search for a card's last run: the values of a run older than
// that are unlikely to be what the admin wants to try again.
const lastRunsScanned = 50

// WiredInputs implements ui.Backend.
func (b *Backend) WiredInputs(ctx context.Context, f *flow.Flow, cardID string) ([]ui.WiredInput, error) {
	c, _ := flow.Find(f, cardID)
	if c == nil {
		return nil, fmt.Errorf("card %s is not in the flow", cardID)
	}
	spec, ok := b.reg.Lookup(c.Type)
	if !ok {
		return nil, fmt.Errorf("card type %s is not in this build's catalog", c.Type)
	}
	var wired []ui.WiredInput
	for _, field := range spec.Inputs {
		in, ok := c.Inputs[field.Key]
		if !ok || (in.Ref == nil && len(in.Template) == 0) {
			continue
		}
		wired = append(wired, ui.WiredInput{Key: field.Key, Name: field.Name, From: b.source(f, in)})
	}
	if len(wired) == 0 {
		return nil, nil
	}
	last, ok := b.lastInputs(ctx, f.ID, cardID)
	if ok {
		for i := range wired {
			if v, ok := last[wired[i].Key]; ok {
				wired[i].Last, wired[i].HasLast = v, true
			}
		}
	}
	return wired, nil
}

// source names where a wired input reads from: "User Created → ID".
func (b *Backend) source(f *flow.Flow, in flow.Input) string {
	ref := in.Ref
	if ref == nil {
		for _, p := range in.Template {
			if p.Ref != nil {
				ref = p.Ref
				break
			}
		}
		if ref == nil {
			return "a text template"
		}
	}
	name := ref.Card
	if c, _ := flow.Find(f, ref.Card); c != nil {
		if s, ok := b.reg.Lookup(c.Type); ok {
			name = s.Name
		}
	}
	return name + " → " + ref.Path
}

// lastInputs are the resolved inputs of the card's step in the flow's newest run that reached it.
func (b *Backend) lastInputs(ctx context.Context, flowID, cardID string) (map[string]any, bool) {
	runs, err := b.db.ListRuns(ctx, flowID, lastRunsScanned)
	if err != nil {
		return nil, false
	}
	for _, r := range runs {
		steps, err := b.db.ListSteps(ctx, r.ID)
		if err != nil {
			continue
		}
		for _, s := range steps {
			if s.CardID != cardID || len(s.Inputs) == 0 {
				continue
			}
			var in map[string]any
			if json.Unmarshal(s.Inputs, &in) == nil {
				return in, true
			}
		}
	}
	return nil, false
}

// RunCard implements ui.Backend: the card's literal inputs and the typed values of its wired
// ones, against the flow's connection.
func (b *Backend) RunCard(ctx context.Context, f *flow.Flow, cardID string, typed map[string]any) (ui.RunResult, error) {
	if f.Connection == "" {
		return ui.RunResult{}, ui.ErrNotConnected
	}
	c, _ := flow.Find(f, cardID)
	if c == nil {
		return ui.RunResult{}, fmt.Errorf("card %s is not in the flow", cardID)
	}
	spec, ok := b.reg.Lookup(c.Type)
	if !ok || spec.Kind != catalog.KindAction {
		return ui.RunResult{}, errors.New("only action cards can be run on their own")
	}
	inputs := map[string]any{}
	for k, in := range c.Inputs {
		if v, ok := typed[k]; ok {
			inputs[k] = v
			continue
		}
		if in.Ref != nil || len(in.Template) > 0 {
			return ui.RunResult{}, fmt.Errorf("input %q is wired to another card: type a value to run the card on its own", k)
		}
		inputs[k] = in.Literal
	}
	e, err := b.engine()
	if err != nil {
		return ui.RunResult{}, err
	}
	start := time.Now()
	res, err := e.RunCard(ctx, f.Connection, spec.ID, inputs, c.Options)
	out := ui.RunResult{Outputs: res.Outputs, Duration: time.Since(start), RequestIDs: res.RequestIDs}
	if err != nil {
		return out, runError(spec.Name, b.connectionName(ctx, f.Connection), err)
	}
	return out, nil
}

// runError takes Okta's answer apart for the dialog.
func runError(card, conn string, err error) error {
	re := &ui.RunError{Card: card, Err: err}
	var ce *actions.CardError
	if errors.As(err, &ce) && ce.Card != "" {
		re.Card = ce.Card
	}
	var ae *client.APIError
	if errors.As(err, &ae) {
		re.Status, re.ErrorCode, re.Summary, re.RequestID = ae.Status, ae.ErrorCode, ae.ErrorSummary, ae.RequestID
		return re
	}
	if !strings.Contains(err.Error(), conn) {
		re.Err = fmt.Errorf("%w (connection %s)", err, conn)
	}
	return re
}
