package poll

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
)

func TestParseEvents(t *testing.T) {
	e := newEnv(t)
	p := e.poller()
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name        string
		body        string
		wantErr     string
		wantUUIDs   []string
		wantInvalid int
		wantTargets []string
	}{
		{"empty page", `[]`, "", nil, 0, nil},
		{"events kept in page order", `[
			{"uuid":"b","eventType":"user.lifecycle.create","published":"2026-11-28T11:00:00.000Z","target":[{"type":"User","id":"00u1"}]},
			{"uuid":"a","eventType":"group.user_membership.add","published":"2026-11-28T10:59:59.123Z","target":[{"type":"UserGroup","id":"00g1"}]}]`,
			"", []string{"b", "a"}, 0, []string{"User:00u1", "UserGroup:00g1"}},
		{"an event without uuid or type is counted and skipped", `[
			{"eventType":"user.lifecycle.create","published":"2026-11-28T11:00:00.000Z"},
			{"uuid":"c","published":"2026-11-28T11:00:00.000Z"},
			{"uuid":"d","eventType":"user.lifecycle.create","published":"2026-11-28T11:00:00.000Z"}]`,
			"", []string{"d"}, 2, []string{""}},
		{"an unreadable published time is replaced by the time received", `[
			{"uuid":"e","eventType":"user.lifecycle.create","published":"yesterday"}]`,
			"", []string{"e"}, 0, []string{""}},
		{"not a list", `{"errorCode":"E0000009"}`, "not a list of events", nil, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pg := &page{now: now}
			err := p.parseEvents(pg, []byte(tt.body), "req1")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to say %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var uuids, targets []string
			for _, e := range pg.events {
				uuids = append(uuids, e.ev.UUID())
				targets = append(targets, e.target)
				if e.published.IsZero() || !bytes.Contains(e.raw, []byte(`"`+e.ev.UUID()+`"`)) {
					t.Errorf("event %s: published %v, raw %s", e.ev.UUID(), e.published, e.raw)
				}
			}
			if strings.Join(uuids, ",") != strings.Join(tt.wantUUIDs, ",") || pg.invalid != tt.wantInvalid {
				t.Errorf("events %v with %d invalid, want %v with %d", uuids, pg.invalid, tt.wantUUIDs, tt.wantInvalid)
			}
			if strings.Join(targets, ",") != strings.Join(tt.wantTargets, ",") {
				t.Errorf("targets %v, want %v", targets, tt.wantTargets)
			}
			if tt.name == "an unreadable published time is replaced by the time received" && !pg.events[0].published.Equal(now) {
				t.Errorf("published = %v, want %v", pg.events[0].published, now)
			}
		})
	}
}

func TestCompileTrigger(t *testing.T) {
	reg := catalog.Global()
	doc := func(cards ...flow.Card) []byte {
		var buf bytes.Buffer
		f := &flow.Flow{Schema: flow.SchemaVersion, ID: "f1", Name: "F", Cards: cards, Settings: flow.Settings{IncludeOwnEvents: true}}
		if err := flow.Encode(&buf, f); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	tests := []struct {
		name    string
		doc     []byte
		wantWhy string
	}{
		{"an event card first", doc(flow.Card{ID: "c_1", Type: userCreated, Version: 1, Options: map[string]any{"outcome": "Any"}}), ""},
		{"no cards", doc(), "no cards"},
		{"an unknown card", doc(flow.Card{ID: "c_1", Type: "okta.event.noSuchCard", Version: 1}), "does not know"},
		{"an action card first", doc(flow.Card{ID: "c_1", Type: "okta.action.readUser", Version: 1}), "not an Okta event card"},
		{"not a flow", []byte(`{"hello": 1}`), "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, why := compileTrigger(reg, storage.EnabledFlow{ID: "f1", Version: 3}, tt.doc)
			if tt.wantWhy != "" {
				if got != nil || !strings.Contains(why, tt.wantWhy) {
					t.Fatalf("trigger = %+v, why = %q; want none because %q", got, why, tt.wantWhy)
				}
				return
			}
			if got == nil {
				t.Fatalf("no trigger: %s", why)
			}
			if got.spec.ID != userCreated || got.version != 3 || !got.includeOwn || got.options["outcome"] != "Any" {
				t.Errorf("trigger = %+v", got)
			}
		})
	}
}

func TestParseEventsKeepsPageOrderAcrossChunks(t *testing.T) {
	e := newEnv(t)
	p := e.poller()
	pg := &page{now: simStart}
	if err := p.parseEvents(pg, benchPage(rand.New(rand.NewPCG(3, 4)), 7), "req1"); err != nil {
		t.Fatal(err)
	}
	if len(pg.events) != PageLimit || !pg.full {
		t.Fatalf("%d events, full = %v; want a full page", len(pg.events), pg.full)
	}
	for i, ev := range pg.events {
		if want := fmt.Sprintf("00000007-0000-4000-8000-%012d", i); ev.ev.UUID() != want {
			t.Fatalf("event %d is %s, want %s", i, ev.ev.UUID(), want)
		}
	}
}
