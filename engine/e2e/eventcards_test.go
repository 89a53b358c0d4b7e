package e2e

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/syslog"
	"github.com/flowdeck/flowdeck/storage"
)

// injected is one event the test put into the simulated System Log.
type injected struct {
	uuid    string
	typ     string
	outcome string
	targets map[string]string // Okta target type -> id
	want    string            // the Compose card's output for a flow of its card
}

// cardFlow is one flow of the test: an event card with options, then a Compose card.
type cardFlow struct {
	id      string
	options map[string]any
}

// cardCase is everything the test does for one event card.
type cardCase struct {
	spec   *catalog.Spec
	events []*injected
	flows  []cardFlow
}

// Every event card starts its flow exactly once for each event of its types, with the targets
// it declares picked by type, never for an event of another type, and its options (outcome,
// app instance) filter as declared. One org and one engine serve all cards: every flow sees
// every other card's events, which is the "not on another type" half of the check.
func TestEveryEventCardFiresOnItsEvents(t *testing.T) {
	v := newEnv(t, envOptions{})
	reg := v.e.Registry()
	cards := reg.OfKind(catalog.KindEvent)
	if len(cards) != 73 {
		t.Fatalf("the catalog has %d event cards, want 73", len(cards))
	}

	cases := make([]*cardCase, len(cards))
	for i, spec := range cards {
		c := &cardCase{spec: spec}
		cases[i] = c
		c.flows = append(c.flows, cardFlow{id: fmt.Sprintf("e2e-%s", spec.ID)})
		if opt, ok := spec.Option("outcome"); ok {
			for _, choice := range opt.Choices {
				c.flows = append(c.flows, cardFlow{id: fmt.Sprintf("e2e-%s-outcome-%s", spec.ID, choice), options: map[string]any{"outcome": choice}})
			}
		}
		for _, f := range c.flows {
			v.addFlow(composeFlow(spec, f))
		}
	}
	// The first poll sets the poller's starting point: the events come after it.
	v.pollAndRun()

	for i, c := range cases {
		spec := c.spec
		n := 0
		add := func(typ, outcome string) *injected {
			n++
			return v.inject(spec, i, n, typ, outcome)
		}
		for _, typ := range spec.EventTypes {
			c.events = append(c.events, add(typ, "SUCCESS"))
		}
		if opt, ok := spec.Option("outcome"); ok {
			for _, choice := range opt.Choices {
				if choice != catalog.OutcomeAny && choice != "SUCCESS" {
					c.events = append(c.events, add(spec.EventTypes[0], choice))
				}
			}
		}
		if opt, ok := spec.Option("appInstanceId"); ok {
			// A second app's event of the same type: the filtered flow must not see it.
			c.events = append(c.events, add(spec.EventTypes[0], "SUCCESS"))
			tt, _ := opt.TargetType()
			f := cardFlow{id: fmt.Sprintf("e2e-%s-app", spec.ID), options: map[string]any{"appInstanceId": c.events[0].targets[tt]}}
			c.flows = append(c.flows, f)
			v.addFlow(composeFlow(spec, f))
		}
	}
	var all []*injected
	for _, c := range cases {
		all = append(all, c.events...)
	}
	v.pollAndRun()

	// Change cards ignore failed attempts unless asked: said here in so many words, on top of
	// the per-flow check below that follows each card's declared default.
	failureIgnored := 0
	for _, c := range cases {
		if opt, ok := c.spec.Option("outcome"); !ok || opt.Default != "SUCCESS" {
			continue
		}
		for _, r := range v.runs(c.flows[0].id) {
			for _, ev := range c.events {
				if ev.uuid == r.EventUUID && ev.outcome != "SUCCESS" {
					t.Errorf("%s with its default options ran for a %s event", c.spec.ID, ev.outcome)
				}
			}
		}
		failureIgnored++
	}
	if failureIgnored < 50 {
		t.Errorf("only %d event cards default to outcome SUCCESS", failureIgnored)
	}

	byUUID := map[string]*injected{}
	for _, ev := range all {
		byUUID[ev.uuid] = ev
	}
	checked, runs := 0, 0
	for _, c := range cases {
		t.Run(strings.TrimPrefix(c.spec.ID, "okta.event."), func(t *testing.T) {
			for _, f := range c.flows {
				want := map[string]bool{}
				for _, ev := range all {
					if expectFires(c.spec, f.options, ev) {
						want[ev.uuid] = true
					}
				}
				if len(want) == 0 {
					t.Errorf("flow %s: the test injected no event it should fire on", f.id)
				}
				got := map[string]bool{}
				for _, r := range v.runs(f.id) {
					ev := byUUID[r.EventUUID]
					switch {
					case ev == nil:
						t.Errorf("flow %s ran for event %s, which the test did not inject", f.id, r.EventUUID)
						continue
					case got[r.EventUUID]:
						t.Errorf("flow %s ran twice for the %s event %s", f.id, ev.typ, r.EventUUID)
					case !want[r.EventUUID]:
						t.Errorf("flow %s (options %v) ran for a %s event with outcome %s, targets %v", f.id, f.options, ev.typ, ev.outcome, ev.targets)
					}
					got[r.EventUUID] = true
					runs++
					if r.Status != storage.RunSucceeded || r.Trigger != storage.TriggerEvent {
						t.Errorf("flow %s run %s: %s (%s) by %s", f.id, r.ID, r.Status, r.Error, r.Trigger)
						continue
					}
					steps := v.steps(r.ID)
					if len(steps) != 1 {
						t.Errorf("flow %s run %s has %d steps, want the Compose step", f.id, r.ID, len(steps))
						continue
					}
					if out := outputs(t, steps[0])["output"]; out != ev.want {
						t.Errorf("flow %s: the event card's outputs gave %q, want %q", f.id, out, ev.want)
					}
				}
				for uuid := range want {
					if !got[uuid] {
						ev := byUUID[uuid]
						t.Errorf("flow %s (options %v) did not run for its %s event with outcome %s, targets %v", f.id, f.options, ev.typ, ev.outcome, ev.targets)
					}
				}
			}
		})
		checked++
	}
	if checked != 73 || runs < len(all) {
		t.Errorf("checked %d cards and %d runs for %d events", checked, runs, len(all))
	}
	t.Logf("%d event cards, %d flows, %d events, %d runs checked", checked, flowCount(cases), len(all), runs)
}

// composeFlow is the flow "card (options) → Compose": the Compose text names the event and the
// id of every target the card declares, so the step's output shows what the card gave.
func composeFlow(spec *catalog.Spec, f cardFlow) *flow.Flow {
	const trig = "c_trigger"
	parts := []flow.TemplatePart{{Text: "type="}, refPart(trig, "eventType"), {Text: " uuid="}, refPart(trig, "uuid")}
	for _, o := range spec.Outputs {
		if _, ok := o.TargetType(); ok {
			parts = append(parts, flow.TemplatePart{Text: " " + o.Key + "="}, refPart(trig, o.Key+".id"))
		}
	}
	return &flow.Flow{ID: f.id, Name: spec.Name + " e2e", Cards: []flow.Card{
		{ID: trig, Type: spec.ID, Version: spec.Version, Options: f.options},
		{ID: "c_compose", Type: "function.compose", Version: 1, Position: flow.Position{X: 320},
			Inputs: map[string]flow.Input{"text": {Template: parts}}},
	}}
}

// targetPrefix gives made-up target ids Okta's prefixes, for readable failures.
var targetPrefix = map[string]string{"User": "00u", "UserGroup": "00g", "AppInstance": "0oa", "AppUser": "0ua", "Device": "guo", "PolicyEntity": "00p", "PolicyRule": "0pr"}

// inject puts one event of the card's kind into the simulated System Log: a target of every
// type the card declares (in reverse order, after a target of a type no card reads, so that
// picking by position would show), with ids unique to this event.
func (v *env) inject(spec *catalog.Spec, card, n int, typ, outcome string) *injected {
	v.tb.Helper()
	ev := &injected{typ: typ, outcome: outcome, targets: map[string]string{}}
	targets := []syslog.Target{{ID: fmt.Sprintf("decoy%03d%02d", card, n), Type: "Decoy", DisplayName: "not a declared target"}}
	want := []string{}
	for _, o := range spec.Outputs {
		tt, ok := o.TargetType()
		if !ok {
			continue
		}
		id := fmt.Sprintf("%se2e%03d%02d", targetPrefix[tt], card, n)
		ev.targets[tt] = id
		targets = slices.Insert(targets, 1, syslog.Target{ID: id, Type: tt, AlternateID: id + "@example.com", DisplayName: o.Name})
		want = append(want, " "+o.Key+"="+id)
	}
	if opt, ok := spec.Option("appInstanceId"); ok {
		if tt, _ := opt.TargetType(); ev.targets[tt] == "" {
			id := fmt.Sprintf("0oae2e%03d%02d", card, n)
			ev.targets[tt] = id
			targets = append(targets, syslog.Target{ID: id, Type: tt})
		}
	}
	stored, err := v.org.Logs().Inject(syslog.Event{EventType: typ, Outcome: syslog.Outcome{Result: outcome}, Target: targets})
	if err != nil {
		v.tb.Fatalf("inject a %s event for %s: %v", typ, spec.ID, err)
	}
	ev.uuid = stored.UUID
	ev.want = "type=" + typ + " uuid=" + stored.UUID + strings.Join(want, "")
	return ev
}

// expectFires is the test's own statement of the matching rules in engine/catalog/events.go:
// one of the card's event types; the outcome option (the flow's, else the card's default) is
// "Any" or equals the event's result; an app instance option, when set, equals the id of the
// event's AppInstance target.
func expectFires(spec *catalog.Spec, options map[string]any, ev *injected) bool {
	if !slices.Contains(spec.EventTypes, ev.typ) {
		return false
	}
	if opt, ok := spec.Option("outcome"); ok {
		want, set := options["outcome"].(string)
		if !set {
			want, _ = opt.Default.(string)
		}
		if want != "" && want != catalog.OutcomeAny && want != ev.outcome {
			return false
		}
	}
	if app, ok := options["appInstanceId"].(string); ok && app != "" && ev.targets["AppInstance"] != app {
		return false
	}
	return true
}

func flowCount(cases []*cardCase) int {
	n := 0
	for _, c := range cases {
		n += len(c.flows)
	}
	return n
}
