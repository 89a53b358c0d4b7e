package trigger

import (
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

func event(eventType, outcome string, targets ...map[string]any) Event {
	ts := make([]any, len(targets))
	for i, t := range targets {
		ts[i] = t
	}
	return Event{
		"uuid": "u-" + eventType, "eventType": eventType, "published": "2026-01-01T00:00:00.000Z",
		"displayMessage": "msg", "outcome": map[string]any{"result": outcome},
		"actor":        map[string]any{"id": "00uadmin", "type": "User"},
		"target":       ts,
		"transaction":  map[string]any{"type": "WEB", "id": "req-1"},
		"debugContext": map[string]any{"debugData": map[string]any{"requestId": "req-1", "changedAttributes": "firstName"}},
	}
}

func TestEveryEventCardMatchesItsTypesOnly(t *testing.T) {
	reg := catalog.Global()
	cards := reg.OfKind(catalog.KindEvent)
	if len(cards) != 73 {
		t.Fatalf("%d event cards, want 73", len(cards))
	}
	for _, spec := range cards {
		t.Run(spec.Name, func(t *testing.T) {
			for _, et := range spec.EventTypes {
				outcome := "SUCCESS"
				if o, ok := spec.Option("outcome"); ok && o.Default != nil && o.Default != catalog.OutcomeAny {
					outcome = o.Default.(string)
				}
				if !Matches(spec, nil, event(et, outcome)) {
					t.Errorf("does not match its own event type %s", et)
				}
			}
			if Matches(spec, nil, event("some.other.event", "SUCCESS")) {
				t.Error("matches an unrelated event type")
			}
		})
	}
}

func TestOptionsFilter(t *testing.T) {
	reg := catalog.Global()
	created, _ := reg.Lookup("okta.event.userCreated")
	if created == nil {
		t.Fatal("no User Created card")
	}
	if o, ok := created.Option("outcome"); ok {
		if Matches(created, map[string]any{"outcome": "SUCCESS"}, event("user.lifecycle.create", "FAILURE")) {
			t.Error("a FAILURE event passed a SUCCESS outcome filter")
		}
		if !Matches(created, map[string]any{"outcome": catalog.OutcomeAny}, event("user.lifecycle.create", "FAILURE")) {
			t.Errorf("%q did not match a FAILURE event", o.Choices[0])
		}
	}
	var appCard *catalog.Spec
	for _, s := range reg.OfKind(catalog.KindEvent) {
		if _, ok := s.Option("appInstanceId"); ok {
			appCard = s
			break
		}
	}
	if appCard == nil {
		t.Fatal("no event card has the appInstanceId option")
	}
	et := appCard.EventTypes[0]
	app := map[string]any{"id": "0oa1", "type": "AppInstance"}
	user := map[string]any{"id": "00u1", "type": "User"}
	if !Matches(appCard, map[string]any{"appInstanceId": "0oa1"}, event(et, "SUCCESS", user, app)) {
		t.Error("the app filter refused the right app")
	}
	if Matches(appCard, map[string]any{"appInstanceId": "0oa2"}, event(et, "SUCCESS", user, app)) {
		t.Error("the app filter let another app through")
	}
	if !Matches(appCard, map[string]any{"appInstanceId": ""}, event(et, "SUCCESS", user, app)) {
		t.Error("an empty app filter must match every app")
	}
}

func TestOutputsPickTargetsByType(t *testing.T) {
	spec, _ := catalog.Global().Lookup("okta.event.userAddedToGroupMembership")
	if spec == nil {
		t.Fatal("no User Added to Group card")
	}
	// The group comes first: picking by position would be wrong.
	ev := event("group.user_membership.add", "SUCCESS",
		map[string]any{"id": "00g1", "type": "UserGroup", "displayName": "Sales"},
		map[string]any{"id": "00u1", "type": "User", "alternateId": "a@example.com"})
	out := Outputs(spec, ev)
	if u, _ := out["user"].(map[string]any); u["id"] != "00u1" {
		t.Errorf("user = %v", out["user"])
	}
	if g, _ := out["group"].(map[string]any); g["id"] != "00g1" {
		t.Errorf("group = %v", out["group"])
	}
	if out["eventId"] != ev.UUID() || out["uuid"] != ev.UUID() || out["eventType"] != "group.user_membership.add" {
		t.Errorf("common outputs = %v", out)
	}
	if raw, _ := out["raw"].(map[string]any); raw["uuid"] != ev.UUID() {
		t.Error("raw event missing")
	}
}

func TestLoopGuardMatchesRequestIDsExactly(t *testing.T) {
	ev := event("user.account.update_profile", "SUCCESS")
	ours := map[string]bool{"req-1": true}
	if !ev.CausedBy(func(id string) bool { return ours[id] }) {
		t.Error("our own request's event was not recognised")
	}
	ev["transaction"] = map[string]any{"id": "req-admin-console"}
	ev["debugContext"] = map[string]any{"debugData": map[string]any{"requestId": "req-admin-console"}}
	if ev.CausedBy(func(id string) bool { return ours[id] }) {
		t.Error("the same admin's Admin Console change was taken for ours")
	}
}

func TestServerFilterCoversEveryEventType(t *testing.T) {
	f := ServerFilter(catalog.Global())
	for _, s := range catalog.Global().OfKind(catalog.KindEvent) {
		for _, et := range s.EventTypes {
			if !strings.Contains(f, `eventType eq "`+et+`"`) {
				t.Errorf("filter lacks %s", et)
			}
		}
	}
}
