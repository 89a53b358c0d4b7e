// Package trigger turns System Log events into event-card outputs and decides which flows an
// event starts: the event card's event types, its filter options (outcome, one app instance),
// and the loop guard that skips events caused by Flowdeck's own calls. It works on the raw
// LogEvent JSON, because okta-sdk-golang v2's types drop fields Okta sends (target
// changeDetails, actor detailEntry).
package trigger

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// Event is one LogEvent as received.
type Event map[string]any

// Parse decodes one LogEvent.
func Parse(data []byte) (Event, error) {
	var ev Event
	if err := json.Unmarshal(data, &ev); err != nil {
		return nil, fmt.Errorf("a System Log event is not valid JSON: %w", err)
	}
	if ev.UUID() == "" || ev.Type() == "" {
		return nil, fmt.Errorf("a System Log event has no uuid or eventType")
	}
	return ev, nil
}

// UUID is the event's uuid, the only safe dedupe key.
func (e Event) UUID() string { return str(e["uuid"]) }

// Type is the event's eventType.
func (e Event) Type() string { return str(e["eventType"]) }

// Published is the event's published time as Okta wrote it.
func (e Event) Published() string { return str(e["published"]) }

// Outcome is outcome.result; an event without one counts as SUCCESS.
func (e Event) Outcome() string {
	if o, ok := e["outcome"].(map[string]any); ok {
		if r := str(o["result"]); r != "" {
			return r
		}
	}
	return "SUCCESS"
}

// Target returns the first target of the given Okta type (never picked by position).
func (e Event) Target(oktaType string) (map[string]any, bool) {
	ts, _ := e["target"].([]any)
	for _, t := range ts {
		if m, ok := t.(map[string]any); ok && str(m["type"]) == oktaType {
			return m, true
		}
	}
	return nil, false
}

// RequestIDs are the ids Okta ties the event to the request that caused it:
// transaction.id and debugContext.debugData.requestId.
func (e Event) RequestIDs() []string {
	var ids []string
	if t, ok := e["transaction"].(map[string]any); ok {
		if id := str(t["id"]); id != "" {
			ids = append(ids, id)
		}
	}
	if d, ok := e["debugContext"].(map[string]any); ok {
		if dd, ok := d["debugData"].(map[string]any); ok {
			if id := str(dd["requestId"]); id != "" && (len(ids) == 0 || ids[0] != id) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// CausedBy reports whether one of our recorded X-Okta-Request-Ids caused the event. This is
// the loop guard's exact match; matching on the actor would also hide the same admin's own
// Admin Console changes.
func (e Event) CausedBy(ours func(requestID string) bool) bool {
	for _, id := range e.RequestIDs() {
		if ours(id) {
			return true
		}
	}
	return false
}

// Matches reports whether the event starts a flow whose trigger is spec with the given options.
func Matches(spec *catalog.Spec, options map[string]any, e Event) bool {
	if spec.Kind != catalog.KindEvent {
		return false
	}
	typeOK := false
	for _, t := range spec.EventTypes {
		if t == e.Type() {
			typeOK = true
			break
		}
	}
	if !typeOK {
		return false
	}
	for _, opt := range spec.Options {
		v := optionValue(opt, options)
		if v == "" {
			continue
		}
		if opt.Key == "outcome" {
			if v != catalog.OutcomeAny && !strings.EqualFold(v, e.Outcome()) {
				return false
			}
			continue
		}
		if tt, ok := opt.TargetType(); ok {
			t, found := e.Target(tt)
			if !found || str(t["id"]) != v {
				return false
			}
		}
	}
	return true
}

func optionValue(opt catalog.Field, options map[string]any) string {
	if v, ok := options[opt.Key]; ok && v != nil {
		return strings.TrimSpace(fmt.Sprint(v))
	}
	if opt.Default != nil {
		return fmt.Sprint(opt.Default)
	}
	return ""
}

// Outputs gives the event card's outputs for an event, as the spec declares them.
func Outputs(spec *catalog.Spec, e Event) map[string]any {
	out := map[string]any{}
	for _, f := range spec.Outputs {
		if tt, ok := f.TargetType(); ok {
			if t, found := e.Target(tt); found {
				out[f.Key] = t
			}
			continue
		}
		switch f.Key {
		case "raw":
			out[f.Key] = map[string]any(e)
		case "eventId":
			out[f.Key] = e.UUID()
		case "targets":
			if ts, ok := e["target"]; ok {
				out[f.Key] = ts
			}
		case "changedAttributes":
			if d, ok := e["debugContext"].(map[string]any); ok {
				if dd, ok := d["debugData"].(map[string]any); ok {
					if v, ok := dd["changedAttributes"]; ok {
						out[f.Key] = v
					}
				}
			}
		default:
			if v, ok := e[f.Key]; ok {
				out[f.Key] = v
			}
		}
	}
	return out
}

// ServerFilter is the one fixed System Log filter the poller sends: the union of every event
// card's event types. It never changes with the enabled flows, because the stored `next` link
// carries its query and Okta forbids building `after` by hand (see TRAPS.md).
func ServerFilter(reg *catalog.Registry) string {
	set := map[string]bool{}
	for _, s := range reg.OfKind(catalog.KindEvent) {
		for _, t := range s.EventTypes {
			set[t] = true
		}
	}
	types := make([]string, 0, len(set))
	for t := range set {
		types = append(types, t)
	}
	sort.Strings(types)
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = fmt.Sprintf("eventType eq %q", t)
	}
	return strings.Join(parts, " or ")
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
