package storage

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

func queue(t *testing.T, db *DB, r Run) Run {
	t.Helper()
	var out Run
	writeTx(t, db, func(tx *sql.Tx) error {
		var err error
		out, err = db.InsertRun(context.Background(), tx, r)
		return err
	})
	return out
}

func TestClaimKeepsEventOrderPerTarget(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "f1")
	a := queue(t, db, Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual, TargetKey: "User:00u1"})
	b := queue(t, db, Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual, TargetKey: "User:00u1"})
	c := queue(t, db, Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual, TargetKey: "User:00u2"})

	first, ok, err := db.ClaimRun(ctx, "w1", time.Minute)
	if err != nil || !ok || first.ID != a.ID || first.Status != RunRunning {
		t.Fatalf("first claim = %+v %v %v, want run a running", first, ok, err)
	}
	// b waits for a (same user); c, about another user, goes ahead.
	second, ok, err := db.ClaimRun(ctx, "w2", time.Minute)
	if err != nil || !ok || second.ID != c.ID {
		t.Fatalf("second claim = %s %v %v, want run c", second.ID, ok, err)
	}
	if _, ok, _ := db.ClaimRun(ctx, "w3", time.Minute); ok {
		t.Fatal("run b was claimed while run a, about the same user, was still running")
	}
	if err := db.FinishRun(ctx, a.ID, RunSucceeded, ""); err != nil {
		t.Fatal(err)
	}
	third, ok, _ := db.ClaimRun(ctx, "w3", time.Minute)
	if !ok || third.ID != b.ID {
		t.Fatalf("after a finished, claim = %s %v, want run b", third.ID, ok)
	}
}

func TestRequeueWithDelayAndRecovery(t *testing.T) {
	ctx := context.Background()
	clock := newClock()
	db := openTest(t, WithClock(clock.now))
	seedFlow(t, db, "f1")
	r := queue(t, db, Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual})
	if _, ok, _ := db.ClaimRun(ctx, "w", time.Minute); !ok {
		t.Fatal("no claim")
	}
	if err := db.RequeueRun(ctx, r.ID, clock.now().Add(30*time.Second), "retrying"); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := db.ClaimRun(ctx, "w", time.Minute); ok {
		t.Fatal("a run was claimed before its not-before time")
	}
	clock.t = clock.t.Add(31 * time.Second)
	if _, ok, _ := db.ClaimRun(ctx, "w", time.Minute); !ok {
		t.Fatal("a due run was not claimed")
	}
	// The process dies with the run running; the next one requeues it.
	n, err := db.RequeueAbandoned(ctx)
	if err != nil || n != 1 {
		t.Fatalf("RequeueAbandoned = %d, %v", n, err)
	}
	if got, _ := db.GetRun(ctx, r.ID); got.Status != RunQueued {
		t.Errorf("status after recovery = %s", got.Status)
	}
}

func TestRecordStepRemembersRequestIDs(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	seedFlow(t, db, "f1")
	r := queue(t, db, Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual})
	if err := db.RecordStep(ctx, Step{RunID: r.ID, Seq: 1, Key: "c_2", CardID: "c_2", CardType: "x", Status: "succeeded",
		RequestIDs: []string{"req-a", "req-b"}, OktaRequestID: "req-b"}); err != nil {
		t.Fatal(err)
	}
	steps, err := db.ListSteps(ctx, r.ID)
	if err != nil || len(steps) != 1 || steps[0].Key != "c_2" || len(steps[0].RequestIDs) != 2 {
		t.Fatalf("steps = %+v, %v", steps, err)
	}
	writeTx(t, db, func(tx *sql.Tx) error {
		for id, want := range map[string]bool{"req-a": true, "req-b": true, "req-admin": false} {
			got, err := db.IsOurRequest(ctx, tx, id)
			if err != nil || got != want {
				t.Errorf("IsOurRequest(%s) = %v, %v", id, got, err)
			}
		}
		return nil
	})
}

func TestCatchUpReleaseAndPrune(t *testing.T) {
	ctx := context.Background()
	clock := newClock()
	db := openTest(t, WithClock(clock.now))
	seedFlow(t, db, "f1")
	for i := 0; i < 3; i++ {
		queue(t, db, Run{FlowID: "f1", FlowVersion: 1, Trigger: TriggerManual, Status: RunCatchUpPending})
	}
	n, err := db.ReleaseCatchUp(ctx, "f1", false)
	if err != nil || n != 3 {
		t.Fatalf("skip = %d, %v", n, err)
	}
	counts, _ := db.StatusCounts(ctx)
	if counts[RunSkipped] != 3 {
		t.Errorf("counts = %v", counts)
	}
	clock.t = clock.t.Add(31 * 24 * time.Hour)
	pruned, err := db.Prune(ctx, clock.now().Add(-30*24*time.Hour))
	if err != nil || pruned != 3 {
		t.Errorf("pruned = %d, %v", pruned, err)
	}
}
