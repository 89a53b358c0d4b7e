package run

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/storage"
)

func openDB(t *testing.T) *storage.DB {
	t.Helper()
	db, err := storage.Open(context.Background(), filepath.Join(t.TempDir(), "flowdeck.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func saveFlow(t *testing.T, db *storage.DB, f *flow.Flow) {
	t.Helper()
	var buf bytes.Buffer
	if err := flow.Encode(&buf, f); err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.SaveFlow(context.Background(), storage.FlowDraft{ID: f.ID, Name: f.Name, Document: buf.Bytes()}); err != nil {
		t.Fatal(err)
	}
}

func queueEventRun(t *testing.T, db *storage.DB, flowID, uuid string) storage.Run {
	t.Helper()
	var run storage.Run
	err := db.WriteTx(context.Background(), func(tx *sql.Tx) error {
		body := `{"uuid":"` + uuid + `","eventType":"user.lifecycle.create","published":"2026-11-28T10:00:00.000Z",` +
			`"target":[{"id":"00u1","type":"User","alternateId":"ada@example.com"}]}`
		if _, err := db.InsertEvent(context.Background(), tx, storage.Event{UUID: uuid, EventType: "user.lifecycle.create",
			Published: time.Now(), Body: []byte(body)}); err != nil {
			return err
		}
		var err error
		run, err = db.InsertRun(context.Background(), tx, storage.Run{FlowID: flowID, FlowVersion: 1, EventUUID: uuid, Trigger: storage.TriggerEvent})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return run
}

func TestRunnerExecutesAndRecordsSteps(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	f := &flow.Flow{Schema: flow.SchemaVersion, ID: "f1", Name: "Welcome", Connection: "conn1", Cards: []flow.Card{
		{ID: "c_trigger", Type: "okta.event.userCreated", Version: 1},
		{ID: "c_add", Type: "okta.action.addNewUserToGroup", Version: 1, Inputs: map[string]flow.Input{
			"userId": ref("c_trigger", "user.id"), "groupId": {Literal: "00gsales"}}},
		{ID: "c_create", Type: "okta.action.createUser", Version: 1, Inputs: map[string]flow.Input{
			"login": {Literal: "b@example.com"}, "firstName": {Literal: "B"}, "lastName": {Literal: "C"},
			"email": {Literal: "b@example.com"}, "password": {Literal: "hunter2-secret"}}},
	}}
	saveFlow(t, db, f)
	run := queueEventRun(t, db, "f1", "ev-1")
	var gotConn string
	var finished []string
	r := New(Config{DB: db, Registry: catalog.Global(),
		Action: func(_ context.Context, conn string, spec *catalog.Spec, in, _ map[string]any) (map[string]any, []string, error) {
			gotConn = conn
			return map[string]any{"statusCode": 204.0, "id": "00unew"}, []string{"req-" + spec.ID}, nil
		},
		OnFinish: func(run storage.Run, o Outcome) { finished = append(finished, o.Status) },
	})
	if err := r.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := db.GetRun(ctx, run.ID)
	if got.Status != storage.RunSucceeded || gotConn != "conn1" || len(finished) != 1 {
		t.Fatalf("run %+v, connection %q, finished %v", got, gotConn, finished)
	}
	steps, _ := db.ListSteps(ctx, run.ID)
	if len(steps) != 2 || steps[0].CardID != "c_add" || steps[0].OktaRequestID != "req-okta.action.addNewUserToGroup" {
		t.Fatalf("steps = %+v", steps)
	}
	if !strings.Contains(string(steps[0].Inputs), `"userId":"00u1"`) {
		t.Errorf("step inputs = %s", steps[0].Inputs)
	}
	if strings.Contains(string(steps[1].Inputs), "hunter2-secret") || !strings.Contains(string(steps[1].Inputs), Redacted) {
		t.Errorf("a password reached the history: %s", steps[1].Inputs)
	}
}

func TestRunnerResumesAfterACrash(t *testing.T) {
	ctx := context.Background()
	db := openDB(t)
	f := &flow.Flow{Schema: flow.SchemaVersion, ID: "f1", Name: "Welcome", Connection: "conn1", Cards: []flow.Card{
		{ID: "c_trigger", Type: "okta.event.userCreated", Version: 1},
		{ID: "c_add", Type: "okta.action.addNewUserToGroup", Version: 1, Inputs: map[string]flow.Input{
			"userId": ref("c_trigger", "user.id"), "groupId": {Literal: "00gsales"}}},
		{ID: "c_del", Type: "okta.action.deleteUser", Version: 1, Inputs: map[string]flow.Input{"userId": ref("c_trigger", "user.id")}},
	}}
	saveFlow(t, db, f)
	run := queueEventRun(t, db, "f1", "ev-1")
	// A process claimed the run, finished the first step, started the delete and died.
	if _, ok, _ := db.ClaimRun(ctx, "dead", time.Minute); !ok {
		t.Fatal("no claim")
	}
	if err := db.RecordStep(ctx, storage.Step{RunID: run.ID, Seq: 1, Key: "c_add", CardID: "c_add", CardType: "okta.action.addNewUserToGroup",
		Status: StepSucceeded, Outputs: []byte(`{"statusCode":204}`)}); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordStep(ctx, storage.Step{RunID: run.ID, Seq: 2, Key: "c_del", CardID: "c_del", CardType: "okta.action.deleteUser", Status: StepStarted}); err != nil {
		t.Fatal(err)
	}
	calls := 0
	r := New(Config{DB: db, Registry: catalog.Global(), Action: func(context.Context, string, *catalog.Spec, map[string]any, map[string]any) (map[string]any, []string, error) {
		calls++
		return map[string]any{}, nil, nil
	}})
	if err := r.Recover(ctx); err != nil {
		t.Fatal(err)
	}
	if err := r.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := db.GetRun(ctx, run.ID)
	if got.Status != storage.RunInterrupted || calls != 0 {
		t.Errorf("status %s after %d calls; want interrupted without repeating the delete or the add", got.Status, calls)
	}
	if !strings.Contains(got.Error, "not safe") {
		t.Errorf("message %q does not explain", got.Error)
	}
}
