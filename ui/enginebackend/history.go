package enginebackend

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
	"github.com/flowdeck/flowdeck/ui"
)

// historyLimit is how many runs of a flow the History lists (the engine prunes old ones anyway).
const historyLimit = 200

// recentEventsLimit is how many stored events the Run flow dialog offers.
const recentEventsLimit = 25

// RecentEvents implements ui.Backend.
func (b *Backend) RecentEvents(ctx context.Context, f *flow.Flow) ([]ui.EventSummary, error) {
	if len(f.Cards) == 0 {
		return nil, nil
	}
	spec, ok := b.reg.Lookup(f.Cards[0].Type)
	if !ok || len(spec.EventTypes) == 0 {
		return nil, nil
	}
	evs, err := b.db.RecentEvents(ctx, spec.EventTypes, recentEventsLimit)
	if err != nil {
		return nil, err
	}
	out := make([]ui.EventSummary, 0, len(evs))
	for _, e := range evs {
		out = append(out, ui.EventSummary{UUID: e.UUID, EventType: e.EventType, Published: e.Published, Message: eventMessage(e.Body)})
	}
	return out, nil
}

// eventMessage is "Create Okta user — Ada Lovelace (ada@example.com)": the event's display
// message and its first target.
func eventMessage(body []byte) string {
	var ev struct {
		DisplayMessage string `json:"displayMessage"`
		Target         []struct {
			AlternateID string `json:"alternateId"`
			DisplayName string `json:"displayName"`
		} `json:"target"`
	}
	if json.Unmarshal(body, &ev) != nil {
		return ""
	}
	msg := ev.DisplayMessage
	if len(ev.Target) > 0 {
		t := ev.Target[0]
		who := t.DisplayName
		if t.AlternateID != "" && t.AlternateID != t.DisplayName {
			if who != "" {
				who += " (" + t.AlternateID + ")"
			} else {
				who = t.AlternateID
			}
		}
		if who != "" {
			if msg != "" {
				msg += " — "
			}
			msg += who
		}
	}
	return msg
}

// RunFlow implements ui.Backend: saves f and queues a run for the event.
func (b *Backend) RunFlow(ctx context.Context, f *flow.Flow, event map[string]any) (ui.RunSummary, error) {
	if f.Connection == "" {
		return ui.RunSummary{}, ui.ErrNotConnected
	}
	e, err := b.engine()
	if err != nil {
		return ui.RunSummary{}, err
	}
	if err := b.SaveFlow(ctx, f); err != nil {
		return ui.RunSummary{}, err
	}
	data, err := json.Marshal(event)
	if err != nil {
		return ui.RunSummary{}, fmt.Errorf("the event cannot be stored: %w", err)
	}
	r, err := e.ManualRun(ctx, f.ID, data)
	if err != nil {
		return ui.RunSummary{}, err
	}
	return b.summary(ctx, r), nil
}

// ListRuns implements ui.Backend.
func (b *Backend) ListRuns(ctx context.Context, flowID string) ([]ui.RunSummary, error) {
	runs, err := b.db.ListRuns(ctx, flowID, historyLimit)
	if err != nil {
		return nil, err
	}
	out := make([]ui.RunSummary, 0, len(runs))
	for _, r := range runs {
		out = append(out, b.summary(ctx, r))
	}
	return out, nil
}

func (b *Backend) summary(ctx context.Context, r storage.Run) ui.RunSummary {
	s := ui.RunSummary{ID: r.ID, FlowID: r.FlowID, Status: r.Status, Trigger: r.Trigger, Created: r.CreatedAt,
		Started: r.StartedAt, Finished: r.FinishedAt, Error: r.Error, FlowVersion: r.FlowVersion}
	if r.EventUUID != "" {
		if e, err := b.db.GetEvent(ctx, r.EventUUID); err == nil {
			s.EventType = e.EventType
			s.Event = e.EventType
			if m := eventMessage(e.Body); m != "" {
				s.Event += ": " + m
			}
		}
	}
	if s.Event == "" {
		s.Event = "no event"
	}
	return s
}

// GetRun implements ui.Backend: the run, its event and each step, with the card names of the
// flow version that ran.
func (b *Backend) GetRun(ctx context.Context, id string) (ui.RunDetail, error) {
	r, err := b.db.GetRun(ctx, id)
	if err != nil {
		return ui.RunDetail{}, err
	}
	d := ui.RunDetail{RunSummary: b.summary(ctx, r)}
	if r.EventUUID != "" {
		if e, err := b.db.GetEvent(ctx, r.EventUUID); err == nil {
			d.EventJSON = e.Body
		}
	}
	names := map[string]string{}
	if v, err := b.db.GetFlowVersion(ctx, r.FlowID, r.FlowVersion); err == nil {
		if f, err := flow.Decode(bytes.NewReader(v.Document)); err == nil {
			flow.Walk(f, func(_ flow.Path, c *flow.Card) {
				if s, ok := b.reg.Lookup(c.Type); ok {
					names[c.ID] = s.Name
				}
			})
		}
	}
	steps, err := b.db.ListSteps(ctx, id)
	if err != nil {
		return ui.RunDetail{}, err
	}
	for _, s := range steps {
		name := names[s.CardID]
		if name == "" {
			name = s.CardType
			if spec, ok := b.reg.Lookup(s.CardType); ok {
				name = spec.Name
			}
		}
		ids := s.RequestIDs
		if len(ids) == 0 && s.OktaRequestID != "" {
			ids = []string{s.OktaRequestID}
		}
		d.Steps = append(d.Steps, ui.StepDetail{CardID: s.CardID, CardName: name, CardType: s.CardType, Status: s.Status,
			Inputs: s.Inputs, Outputs: s.Outputs, Error: s.Error, RequestIDs: ids, Attempt: s.Attempt,
			Started: s.StartedAt, Finished: s.FinishedAt})
	}
	if strings.TrimSpace(d.Event) == "" {
		d.Event = "no event"
	}
	return d, nil
}

// Rerun implements ui.Backend.
func (b *Backend) Rerun(ctx context.Context, id string) (ui.RunSummary, error) {
	e, err := b.engine()
	if err != nil {
		return ui.RunSummary{}, err
	}
	r, err := e.Rerun(ctx, id)
	if err != nil {
		return ui.RunSummary{}, err
	}
	return b.summary(ctx, r), nil
}
