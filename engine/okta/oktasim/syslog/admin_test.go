package syslog

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestAdminInject(t *testing.T) {
	clk := newFakeClock()
	s := NewStore(clk.Now)
	srv := newServer(t, s)
	cases := []struct {
		name, query, body string
		status, stored    int
	}{
		{"one partial event", "", `{"eventType":"user.lifecycle.create","target":[{"id":"00u1","type":"User"}]}`, 201, 1},
		{"an array", "", `[{"eventType":"group.user_membership.add"},{"eventType":"group.user_membership.remove"}]`, 201, 2},
		{"visible later", "?visibleIn=30s", `{"eventType":"user.lifecycle.suspend"}`, 201, 1},
		{"unknown event type", "", `{"eventType":"user.lifecycle.explode"}`, 400, 0},
		{"no event type", "", `{"displayMessage":"x"}`, 400, 0},
		{"one bad event refuses the batch", "", `[{"eventType":"user.lifecycle.create"},{"eventType":"nope"}]`, 400, 0},
		{"not JSON", "", `{"eventType":`, 400, 0},
		{"bad visibleIn", "?visibleIn=soon", `{"eventType":"user.lifecycle.create"}`, 400, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := s.Count("")
			resp, err := srv.Client().Post(srv.URL+"/sim/v1/logs"+c.query, "application/json", strings.NewReader(c.body))
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != c.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.status)
			}
			if got := s.Count("") - before; got != c.stored {
				t.Errorf("stored %d events, want %d", got, c.stored)
			}
		})
	}

	r := get(t, srv, srv.URL+"/api/v1/logs?filter="+`eventType+eq+"user.lifecycle.create"`)
	if len(r.events) != 1 {
		t.Fatalf("the injected event is not visible: %d events", len(r.events))
	}
	ev := r.events[0]
	if ev.UUID == "" || ev.Version != "0" || ev.Severity != "INFO" || ev.Outcome.Result != "SUCCESS" || ev.Transaction.Type != "WEB" ||
		ev.Transaction.ID == "" || ev.DebugContext.DebugData["requestId"] != ev.Transaction.ID || ev.Published.IsZero() {
		t.Errorf("defaults not filled in: %+v", ev)
	}
	if len(ev.Target) != 1 || ev.Target[0].ID != "00u1" {
		t.Errorf("given fields lost: %+v", ev.Target)
	}

	late := get(t, srv, srv.URL+"/api/v1/logs?filter="+`eventType+eq+"user.lifecycle.suspend"`)
	if len(late.events) != 0 {
		t.Fatal("an event injected with visibleIn=30s is visible at once")
	}
	clk.Advance(30 * time.Second)
	late = get(t, srv, late.links["next"])
	if len(late.events) != 1 {
		t.Errorf("after 30s the late event is not visible")
	}
}

func TestAdminInjectAnswersWithStoredEvent(t *testing.T) {
	s := NewStore(nil)
	srv := newServer(t, s)
	resp, err := srv.Client().Post(srv.URL+"/sim/v1/logs", "application/json", strings.NewReader(`{"eventType":"user.session.start","outcome":{"result":"FAILURE","reason":"INVALID_CREDENTIALS"}}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ev Event
	if err := json.NewDecoder(resp.Body).Decode(&ev); err != nil {
		t.Fatal(err)
	}
	if ev.UUID == "" || ev.Outcome.Result != "FAILURE" || ev.Outcome.Reason != "INVALID_CREDENTIALS" {
		t.Errorf("answer %+v", ev)
	}
	if got := s.Events(); len(got) != 1 || got[0].UUID != ev.UUID {
		t.Errorf("Events() = %v", got)
	}
	if r, _ := srv.Client().Get(srv.URL + "/sim/v1/logs"); r.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("GET on the admin endpoint: %d", r.StatusCode)
	}
}

func TestInjectValidatesEventType(t *testing.T) {
	s := NewStore(nil)
	if _, err := s.Inject(Event{EventType: "user.lifecycle.create"}); err != nil {
		t.Errorf("a catalog event type was refused: %v", err)
	}
	if _, err := s.Inject(Event{EventType: "user.created"}); err == nil {
		t.Error("an event type outside Okta's catalog was accepted")
	}
	if !KnownEventType("user.lifecycle.delete.initiated") || len(EventTypes()) < 1000 {
		t.Errorf("the embedded catalog is incomplete: %d types", len(EventTypes()))
	}
	if tags := EventTypeTags("user.lifecycle.create"); len(tags) == 0 {
		t.Error("user.lifecycle.create has no tags")
	}
}
