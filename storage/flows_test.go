package storage

import (
	"context"
	"database/sql"
	"errors"
	"testing"
)

func TestSaveFlowVersions(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	docV1 := []byte(`{"schema":1,"id":"f1","name":"Onboard","cards":[]}`)
	docV2 := []byte(`{"schema":1,"id":"f1","name":"Onboard","cards":[{"id":"c_1"}]}`)

	steps := []struct {
		name        string
		draft       FlowDraft
		wantVersion int
		wantCreated bool
	}{
		{"first save creates version 1", FlowDraft{ID: "f1", Name: "Onboard", Document: docV1}, 1, true},
		{"same document keeps version 1", FlowDraft{ID: "f1", Name: "Onboard", Document: docV1}, 1, false},
		{"changed document makes version 2", FlowDraft{ID: "f1", Name: "Onboard", Document: docV2}, 2, true},
		{"same again keeps version 2", FlowDraft{ID: "f1", Name: "Onboard", Document: docV2}, 2, false},
		{"rename without a document change keeps version 2", FlowDraft{ID: "f1", Name: "Onboard v2", ConnectionID: "conn1", Document: docV2}, 2, false},
	}
	for _, st := range steps {
		version, created, err := db.SaveFlow(ctx, st.draft)
		if err != nil {
			t.Fatalf("%s: %v", st.name, err)
		}
		if version != st.wantVersion || created != st.wantCreated {
			t.Fatalf("%s: SaveFlow = (%d, %v), want (%d, %v)", st.name, version, created, st.wantVersion, st.wantCreated)
		}
	}

	var n int
	if err := db.r.QueryRow(`SELECT count(*) FROM flow_versions WHERE flow_id = 'f1'`).Scan(&n); err != nil || n != 2 {
		t.Fatalf("stored versions = %d, %v; want 2", n, err)
	}
	f, err := db.GetFlow(ctx, "f1")
	if err != nil {
		t.Fatal(err)
	}
	if f.CurrentVersion != 2 || f.Name != "Onboard v2" || f.ConnectionID != "conn1" || f.Enabled || f.CatchUp != CatchUpAsk {
		t.Errorf("GetFlow = %+v", f)
	}
	for _, tt := range []struct {
		version int
		want    []byte
	}{{1, docV1}, {2, docV2}, {0, docV2}} {
		v, err := db.GetFlowVersion(ctx, "f1", tt.version)
		if err != nil || string(v.Document) != string(tt.want) {
			t.Errorf("GetFlowVersion(%d) = %s, %v; want %s", tt.version, v.Document, err, tt.want)
		}
	}
	if _, err := db.GetFlowVersion(ctx, "f1", 3); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetFlowVersion(3): err = %v, want ErrNotFound", err)
	}
}

func TestSaveFlowRefusesBadInput(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	tests := []struct {
		name  string
		draft FlowDraft
	}{
		{"no id", FlowDraft{Name: "x", Document: []byte(`{}`)}},
		{"not JSON", FlowDraft{ID: "f1", Name: "x", Document: []byte(`{"cards":`)}},
		{"no document", FlowDraft{ID: "f1", Name: "x"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, _, err := db.SaveFlow(ctx, tt.draft); !errors.Is(err, ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
		})
	}
	if flows, err := db.ListFlows(ctx); err != nil || len(flows) != 0 {
		t.Fatalf("after refused saves ListFlows = %v, %v", flows, err)
	}
}

func TestFlowSwitchesListAndDelete(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "b")
	seedFlow(t, db, "a")

	if err := db.SetFlowEnabled(ctx, "a", true); err != nil {
		t.Fatal(err)
	}
	if err := db.SetFlowCatchUp(ctx, "a", CatchUpSkip); err != nil {
		t.Fatal(err)
	}
	if err := db.SetFlowCatchUp(ctx, "a", "sometimes"); !errors.Is(err, ErrInvalid) {
		t.Errorf("SetFlowCatchUp(sometimes): err = %v, want ErrInvalid", err)
	}
	for _, tt := range []struct {
		name string
		err  error
	}{
		{"enable", db.SetFlowEnabled(ctx, "missing", true)},
		{"catch-up", db.SetFlowCatchUp(ctx, "missing", CatchUpRun)},
		{"delete", db.DeleteFlow(ctx, "missing")},
	} {
		if !errors.Is(tt.err, ErrNotFound) {
			t.Errorf("%s on a missing flow: err = %v, want ErrNotFound", tt.name, tt.err)
		}
	}

	flows, err := db.ListFlows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(flows) != 2 || flows[0].ID != "a" || !flows[0].Enabled || flows[0].CatchUp != CatchUpSkip || flows[1].ID != "b" || flows[1].Enabled {
		t.Fatalf("ListFlows = %+v", flows)
	}

	// Deleting a flow takes its versions and run history with it.
	seedEvent(t, db, "e1")
	var runID string
	writeTx(t, db, func(tx *sql.Tx) error {
		r, err := db.InsertRun(ctx, tx, Run{FlowID: "a", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerEvent})
		runID = r.ID
		return err
	})
	writeTx(t, db, func(tx *sql.Tx) error {
		return db.PutStep(ctx, tx, Step{RunID: runID, Seq: 1, CardID: "c_1", CardType: "okta.event.userCreated", Status: "succeeded"})
	})
	if err := db.DeleteFlow(ctx, "a"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.GetFlow(ctx, "a"); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetFlow after delete: err = %v, want ErrNotFound", err)
	}
	if _, err := db.GetRun(ctx, runID); !errors.Is(err, ErrNotFound) {
		t.Errorf("GetRun after deleting its flow: err = %v, want ErrNotFound", err)
	}
	for query, arg := range map[string]string{
		`SELECT count(*) FROM flow_versions WHERE flow_id = ?`: "a",
		`SELECT count(*) FROM run_steps WHERE run_id = ?`:      runID,
	} {
		var n int
		if err := db.r.QueryRow(query, arg).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows left after delete, %v", query, n, err)
		}
	}
	if _, err := db.GetEvent(ctx, "e1"); err != nil {
		t.Errorf("the event should outlive the flow: %v", err)
	}
}
