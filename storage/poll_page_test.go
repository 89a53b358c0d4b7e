package storage

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"
)

func TestPageWriter(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "f1")
	published := time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC)
	ev := func(uuid string) Event {
		return Event{UUID: uuid, EventType: "user.lifecycle.create", Published: published, Body: []byte(`{"uuid":"` + uuid + `"}`)}
	}
	seedEvent(t, db, "old")

	var runs []Run
	writeTx(t, db, func(tx *sql.Tx) error {
		w, err := db.NewPageWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.Close()
		events := []struct {
			event   Event
			want    bool
			wantErr error
		}{
			{ev("e1"), true, nil},
			{ev("e2"), true, nil},
			{ev("old"), false, nil},
			{ev("e1"), false, nil},
			{Event{UUID: "bad", EventType: "x", Published: published, Body: []byte(`{`)}, false, ErrInvalid},
			{Event{UUID: "", Published: published}, false, ErrInvalid},
			{Event{UUID: "nopub"}, false, ErrInvalid},
		}
		for _, tt := range events {
			got, err := w.InsertEvent(ctx, tt.event)
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Errorf("InsertEvent(%q): err = %v, want %v", tt.event.UUID, err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("InsertEvent(%q) = %v, want %v", tt.event.UUID, got, tt.want)
			}
		}
		inserts := []struct {
			name    string
			run     Run
			wantErr error
		}{
			{"queued", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", TargetKey: "User:1"}, nil},
			{"second run for the same flow and event", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1"}, ErrDuplicate},
			{"skipped", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "old", Status: RunSkipped, Error: "loop", FinishedAt: published}, nil},
			{"unknown event", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "nope"}, ErrNotFound},
			{"unknown version", Run{FlowID: "f1", FlowVersion: 9, EventUUID: "e2"}, ErrNotFound},
			{"no event", Run{FlowID: "f1", FlowVersion: 1}, ErrInvalid},
			{"manual", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerManual}, ErrInvalid},
			{"unknown status", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Status: "done"}, ErrInvalid},
		}
		for _, tt := range inserts {
			r, err := w.InsertEventRun(ctx, tt.run)
			if tt.wantErr == nil && err != nil || !errors.Is(err, tt.wantErr) {
				t.Errorf("%s: err = %v, want %v", tt.name, err, tt.wantErr)
			}
			if err == nil {
				runs = append(runs, r)
			}
		}
		return nil
	})

	if len(runs) != 2 {
		t.Fatalf("runs created = %d, want 2", len(runs))
	}
	for _, want := range runs {
		got, err := db.GetRun(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("stored run = %+v\nwant %+v", got, want)
		}
	}
	if runs[0].Trigger != TriggerEvent || runs[0].Status != RunQueued || runs[0].CreatedAt.IsZero() {
		t.Errorf("defaults not filled in: %+v", runs[0])
	}
	if e, err := db.GetEvent(ctx, "e1"); err != nil || string(e.Body) != `{"uuid":"e1"}` || e.ReceivedAt.IsZero() {
		t.Errorf("stored event = %+v, %v", e, err)
	}
}

func TestOurRequests(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "f1")
	var runID string
	writeTx(t, db, func(tx *sql.Tx) error {
		r, err := db.InsertRun(ctx, tx, Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual})
		runID = r.ID
		return err
	})
	if err := db.RecordStep(ctx, Step{RunID: runID, Seq: 1, CardID: "c", CardType: "t", Status: "succeeded", RequestIDs: []string{"r1", "r2"}}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		ids  []string
		want map[string]bool
	}{
		{"none asked", nil, map[string]bool{}},
		{"mixed", []string{"r1", "x", "r2", "r1"}, map[string]bool{"r1": true, "r2": true}},
		{"none ours", []string{"x", "y"}, map[string]bool{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got map[string]bool
			writeTx(t, db, func(tx *sql.Tx) (err error) { got, err = db.OurRequests(ctx, tx, tt.ids); return err })
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for id := range tt.want {
				if !got[id] {
					t.Errorf("%s not reported as ours", id)
				}
			}
		})
	}
}

func TestCountBreakerRunsFor(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "f1")
	seedFlow(t, db, "f2")
	for _, u := range []string{"e1", "e2", "e3", "e4", "e5", "e6"} {
		seedEvent(t, db, u)
	}
	var first time.Time
	writeTx(t, db, func(tx *sql.Tx) error {
		for i, r := range []struct{ flow, event, status, target string }{
			{"f1", "e1", RunQueued, "User:1"},
			{"f1", "e2", RunSucceeded, "User:1"},
			{"f1", "e3", RunSkipped, "User:1"},
			{"f1", "e4", RunCatchUpPending, "User:1"},
			{"f1", "e5", RunQueued, "User:2"},
			{"f2", "e6", RunQueued, "User:1"},
		} {
			run, err := db.InsertRun(ctx, tx, Run{FlowID: r.flow, FlowVersion: 1, EventUUID: r.event, Trigger: TriggerEvent, Status: r.status, TargetKey: r.target})
			if err != nil {
				return err
			}
			if i == 0 {
				first = run.CreatedAt
			}
		}
		return nil
	})
	k := func(flow, target string) BreakerKey { return BreakerKey{FlowID: flow, TargetKey: target} }
	tests := []struct {
		name  string
		pairs []BreakerKey
		since time.Time
		want  map[BreakerKey]int
	}{
		{"skipped and held runs do not count; pairs are counted apart",
			[]BreakerKey{k("f1", "User:1"), k("f1", "User:2"), k("f2", "User:1"), k("f2", "User:2")}, first,
			map[BreakerKey]int{k("f1", "User:1"): 2, k("f1", "User:2"): 1, k("f2", "User:1"): 1}},
		{"only runs since", []BreakerKey{k("f1", "User:1")}, first.Add(time.Second), map[BreakerKey]int{k("f1", "User:1"): 1}},
		{"no runs", []BreakerKey{k("f1", "User:3")}, first, map[BreakerKey]int{}},
		{"no pairs", nil, first, map[BreakerKey]int{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got map[BreakerKey]int
			writeTx(t, db, func(tx *sql.Tx) (err error) {
				got, err = db.CountBreakerRunsFor(ctx, tx, tt.pairs, tt.since)
				return err
			})
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for key, n := range tt.want {
				if got[key] != n {
					t.Errorf("%v: %d, want %d", key, got[key], n)
				}
			}
		})
	}
}
