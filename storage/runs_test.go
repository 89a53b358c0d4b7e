package storage

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"
)

// The partial unique index allows one event-triggered run per (flow, event) and any number of
// manual runs and re-runs.
func TestOneEventRunPerFlowAndEvent(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "f1")
	seedFlow(t, db, "f2")
	seedEvent(t, db, "e1")
	seedEvent(t, db, "e2")

	steps := []struct {
		name    string
		run     Run
		wantErr error
	}{
		{"first event run", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerEvent}, nil},
		{"same flow and event again", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerEvent}, ErrDuplicate},
		{"same event, other flow", Run{FlowID: "f2", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerEvent}, nil},
		{"same flow, other event", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e2", Trigger: TriggerEvent}, nil},
		{"manual run", Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual}, nil},
		{"second manual run", Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual}, nil},
		{"re-run of the same event", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerRerun}, nil},
		{"second re-run of the same event", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerRerun}, nil},
		{"event run without an event", Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerEvent}, ErrInvalid},
		{"unknown trigger", Run{FlowID: "f1", FlowVersion: 1, Trigger: "cron"}, ErrInvalid},
		{"unknown status", Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual, Status: "paused"}, ErrInvalid},
		{"missing flow version", Run{FlowID: "f1", FlowVersion: 9, Trigger: TriggerManual}, ErrNotFound},
		{"missing event", Run{FlowID: "f1", FlowVersion: 1, EventUUID: "nope", Trigger: TriggerEvent}, ErrNotFound},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			err := db.WriteTx(ctx, func(tx *sql.Tx) error {
				_, err := db.InsertRun(ctx, tx, st.run)
				return err
			})
			if st.wantErr == nil && err != nil {
				t.Fatalf("InsertRun: %v", err)
			}
			if st.wantErr != nil && !errors.Is(err, st.wantErr) {
				t.Fatalf("InsertRun: err = %v, want %v", err, st.wantErr)
			}
		})
	}
	runs, err := db.ListRuns(ctx, "", 0)
	if err != nil || len(runs) != 7 {
		t.Fatalf("ListRuns = %d runs, %v; want 7", len(runs), err)
	}
}

// A duplicate inside a poller's transaction fails only that insert: the rest of the
// transaction still commits.
func TestDuplicateRunKeepsTransactionUsable(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "f1")
	seedEvent(t, db, "e1")
	seedEvent(t, db, "e2")
	writeTx(t, db, func(tx *sql.Tx) error {
		if _, err := db.InsertRun(ctx, tx, Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerEvent}); err != nil {
			return err
		}
		if _, err := db.InsertRun(ctx, tx, Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerEvent}); !errors.Is(err, ErrDuplicate) {
			t.Errorf("duplicate: err = %v, want ErrDuplicate", err)
		}
		_, err := db.InsertRun(ctx, tx, Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e2", Trigger: TriggerEvent})
		return err
	})
	if runs, err := db.ListRuns(ctx, "f1", 0); err != nil || len(runs) != 2 {
		t.Fatalf("ListRuns = %d, %v; want 2", len(runs), err)
	}
}

func TestRunRoundTripAndListing(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "f1")
	seedFlow(t, db, "f2")
	seedEvent(t, db, "e1")
	at := func(min int) time.Time { return time.Date(2026, 11, 28, 10, min, 0, 123e6, time.UTC) }

	full := Run{ID: "r-full", FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerEvent, Status: RunFailed,
		Owner: "engine-1", LeaseUntil: at(5), NotBefore: at(4), CreatedAt: at(1), StartedAt: at(2), FinishedAt: at(3),
		Error: "read user 00u1: Okta E0000007 Not found (404)"}
	runs := []Run{
		full,
		{ID: "r2", FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual, CreatedAt: at(2)},
		{ID: "r3", FlowID: "f2", FlowVersion: 1, Trigger: TriggerManual, CreatedAt: at(3)},
		{ID: "r4", FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual, CreatedAt: at(4)},
	}
	writeTx(t, db, func(tx *sql.Tx) error {
		for _, r := range runs {
			if _, err := db.InsertRun(ctx, tx, r); err != nil {
				return err
			}
		}
		return nil
	})

	got, err := db.GetRun(ctx, "r-full")
	if err != nil || got != full {
		t.Fatalf("GetRun = %+v, %v\nwant %+v", got, err, full)
	}
	if got, err := db.GetRun(ctx, "r2"); err != nil || got.Status != RunQueued || got.EventUUID != "" || !got.StartedAt.IsZero() {
		t.Errorf("GetRun(r2) = %+v, %v; want a queued run with no event or start", got, err)
	}
	if _, err := db.GetRun(ctx, "nope"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetRun(nope): err = %v, want ErrNotFound", err)
	}

	tests := []struct {
		flow  string
		limit int
		want  []string
	}{
		{"f1", 0, []string{"r4", "r2", "r-full"}},
		{"f1", 2, []string{"r4", "r2"}},
		{"", 0, []string{"r4", "r3", "r2", "r-full"}},
		{"f2", 10, []string{"r3"}},
		{"none", 10, nil},
	}
	for _, tt := range tests {
		list, err := db.ListRuns(ctx, tt.flow, tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, r := range list {
			ids = append(ids, r.ID)
		}
		if len(ids) != len(tt.want) {
			t.Errorf("ListRuns(%q, %d) = %v, want %v", tt.flow, tt.limit, ids, tt.want)
			continue
		}
		for i := range ids {
			if ids[i] != tt.want[i] {
				t.Errorf("ListRuns(%q, %d) = %v, want %v", tt.flow, tt.limit, ids, tt.want)
				break
			}
		}
	}
}

func TestStepsRoundTrip(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "f1")
	var run Run
	writeTx(t, db, func(tx *sql.Tx) (err error) {
		run, err = db.InsertRun(ctx, tx, Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual})
		return err
	})
	start := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	started := Step{RunID: run.ID, Seq: 2, CardID: "c_2", CardType: "okta.action.readUser", Status: "running",
		Inputs: []byte(`{"user":"00u1"}`), StartedAt: start}
	finished := started
	finished.Status, finished.Outputs, finished.OktaRequestID, finished.Attempt, finished.FinishedAt =
		"succeeded", []byte(`{"login":"a@example.com"}`), "req-1", 2, start.Add(time.Second)
	first := Step{RunID: run.ID, Seq: 1, CardID: "c_1", CardType: "okta.event.userCreated", Status: "succeeded"}

	for _, s := range []Step{started, first, finished} {
		writeTx(t, db, func(tx *sql.Tx) error { return db.PutStep(ctx, tx, s) })
	}
	steps, err := db.ListSteps(ctx, run.ID)
	if err != nil {
		t.Fatal(err)
	}
	first.Attempt = 1
	if len(steps) != 2 || steps[0].CardID != first.CardID || steps[0].Attempt != 1 || steps[0].Inputs != nil {
		t.Fatalf("steps[0] = %+v, want %+v", steps, first)
	}
	s := steps[1]
	if s.Status != "succeeded" || string(s.Inputs) != string(finished.Inputs) || string(s.Outputs) != string(finished.Outputs) ||
		s.OktaRequestID != "req-1" || s.Attempt != 2 || !s.StartedAt.Equal(start) || !s.FinishedAt.Equal(finished.FinishedAt) {
		t.Fatalf("steps[1] = %+v, want %+v", s, finished)
	}

	for _, tt := range []struct {
		name string
		step Step
		want error
	}{
		{"missing run", Step{RunID: "nope", Seq: 1, CardID: "c", CardType: "t", Status: "running"}, ErrNotFound},
		{"outputs not JSON", Step{RunID: run.ID, Seq: 3, CardID: "c", CardType: "t", Status: "running", Outputs: []byte("{")}, ErrInvalid},
	} {
		err := db.WriteTx(ctx, func(tx *sql.Tx) error { return db.PutStep(ctx, tx, tt.step) })
		if !errors.Is(err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, err, tt.want)
		}
	}
}

func TestEvents(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	conn, err := db.CreateConnection(ctx, Connection{Name: "Prod", OrgURL: "https://example.okta.com", Kind: KindOAuth})
	if err != nil {
		t.Fatal(err)
	}
	e := Event{UUID: "e1", ConnectionID: conn.ID, EventType: "user.lifecycle.create",
		Published: time.Date(2026, 11, 28, 9, 0, 0, 5e6, time.UTC), Body: []byte(`{"uuid":"e1"}`)}
	for i, want := range []bool{true, false} {
		writeTx(t, db, func(tx *sql.Tx) error {
			inserted, err := db.InsertEvent(ctx, tx, e)
			if inserted != want {
				t.Errorf("insert #%d: inserted = %v, want %v", i+1, inserted, want)
			}
			return err
		})
	}
	got, err := db.GetEvent(ctx, "e1")
	if err != nil || got.ConnectionID != conn.ID || !got.Published.Equal(e.Published) || string(got.Body) != string(e.Body) || got.ReceivedAt.IsZero() {
		t.Fatalf("GetEvent = %+v, %v", got, err)
	}
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := db.InsertEvent(ctx, tx, Event{UUID: "e2", EventType: "x", Published: e.Published, Body: []byte("not json")})
		return err
	})
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("event with a non-JSON body: err = %v, want ErrInvalid", err)
	}
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := db.InsertEvent(ctx, tx, Event{UUID: "e3", EventType: "x", Body: []byte("{}")})
		return err
	})
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("event without a published time: err = %v, want ErrInvalid", err)
	}
	// Deleting the connection keeps its events for the run history.
	if err := db.DeleteConnection(ctx, conn.ID); err != nil {
		t.Fatal(err)
	}
	if got, err := db.GetEvent(ctx, "e1"); err != nil || got.ConnectionID != "" {
		t.Errorf("event after its connection was deleted = %+v, %v", got, err)
	}
}
