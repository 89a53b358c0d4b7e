package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Run triggers.
const (
	TriggerEvent  = "event"
	TriggerManual = "manual"
	TriggerRerun  = "rerun"
)

// Run statuses. The column is free text so a later build can add one without a migration;
// InsertRun accepts only these.
const (
	RunQueued         = "queued"
	RunRunning        = "running"
	RunSucceeded      = "succeeded"
	RunFailed         = "failed"
	RunFiltered       = "filtered"
	RunInterrupted    = "interrupted"
	RunSkipped        = "skipped"
	RunCatchUpPending = "catch_up_pending"
)

func knownRunStatus(s string) bool {
	switch s {
	case RunQueued, RunRunning, RunSucceeded, RunFailed, RunFiltered, RunInterrupted, RunSkipped, RunCatchUpPending:
		return true
	}
	return false
}

// Run is one execution of one version of a flow.
type Run struct {
	ID          string
	FlowID      string
	FlowVersion int
	EventUUID   string // the triggering event; "" for a manual run
	Trigger     string // TriggerEvent, TriggerManual or TriggerRerun
	Status      string
	Owner       string    // the process holding the run's lease
	LeaseUntil  time.Time // zero when not leased
	NotBefore   time.Time // zero when due now
	CreatedAt   time.Time
	StartedAt   time.Time
	FinishedAt  time.Time
	Error       string
	// TargetKey names the Okta object the run is about ("User:00u1"); runs with the same key
	// run in the order they were queued.
	TargetKey string
}

const runColumns = `id, flow_id, flow_version, event_uuid, "trigger", status, owner, lease_until, not_before,
	created_at, started_at, finished_at, error, target_key`

func scanRun(row interface{ Scan(...any) error }) (Run, error) {
	var r Run
	err := row.Scan(&r.ID, &r.FlowID, &r.FlowVersion, text(&r.EventUUID), &r.Trigger, &r.Status, &r.Owner,
		ms(&r.LeaseUntil), ms(&r.NotBefore), ms(&r.CreatedAt), ms(&r.StartedAt), ms(&r.FinishedAt), &r.Error, &r.TargetKey)
	return r, err
}

// InsertRun stores a new run in tx and returns it with its id (generated when empty), status
// (RunQueued when empty) and CreatedAt (now when zero) filled in. A second event-triggered run
// for the same flow and event is refused with an error matching ErrDuplicate, so a poller that
// replays a page after a crash creates nothing twice; manual runs and re-runs are never refused.
func (db *DB) InsertRun(ctx context.Context, tx *sql.Tx, r Run) (Run, error) {
	if r.ID == "" {
		r.ID = NewID()
	}
	if r.Status == "" {
		r.Status = RunQueued
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = db.stamp()
	}
	op := fmt.Sprintf("create a run of flow %s", r.FlowID)
	switch {
	case r.Trigger != TriggerEvent && r.Trigger != TriggerManual && r.Trigger != TriggerRerun:
		return Run{}, newError(ErrInvalid, nil, "%s: %q is not a trigger (event, manual or rerun)", op, r.Trigger)
	case r.Trigger == TriggerEvent && r.EventUUID == "":
		return Run{}, newError(ErrInvalid, nil, "%s: an event-triggered run needs its event", op)
	case !knownRunStatus(r.Status):
		return Run{}, newError(ErrInvalid, nil, "%s: %q is not a run status", op, r.Status)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO runs (`+runColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.FlowID, r.FlowVersion, nullText(r.EventUUID), r.Trigger, r.Status, r.Owner, millis(r.LeaseUntil),
		millis(r.NotBefore), millis(r.CreatedAt), millis(r.StartedAt), millis(r.FinishedAt), r.Error, r.TargetKey)
	switch {
	case isUniqueViolation(err):
		return Run{}, newError(ErrDuplicate, err, "%s: event %s already has a run of this flow", op, r.EventUUID)
	case isForeignKeyViolation(err):
		return Run{}, newError(ErrNotFound, err, "%s: flow version %d or event %q is not stored", op, r.FlowVersion, r.EventUUID)
	case err != nil:
		return Run{}, db.wrap(op, err)
	}
	return r, nil
}

// GetRun returns the run with this id, or an error matching ErrNotFound.
func (db *DB) GetRun(ctx context.Context, id string) (Run, error) {
	r, err := scanRun(db.r.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Run{}, newError(ErrNotFound, nil, "run %s does not exist (its flow may have been deleted)", id)
	}
	return r, db.wrap(fmt.Sprintf("read run %s", id), err)
}

// ListRuns returns the newest runs first, at most limit of them (all when limit <= 0), of one
// flow or, when flowID is "", of every flow.
func (db *DB) ListRuns(ctx context.Context, flowID string, limit int) ([]Run, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	q := `SELECT ` + runColumns + ` FROM runs ORDER BY created_at DESC, id DESC LIMIT ?`
	args := []any{limit}
	if flowID != "" {
		q = `SELECT ` + runColumns + ` FROM runs WHERE flow_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`
		args = []any{flowID, limit}
	}
	op := "list runs"
	if flowID != "" {
		op = fmt.Sprintf("list runs of flow %s", flowID)
	}
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.wrap(op, err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, db.wrap(op, err)
		}
		out = append(out, r)
	}
	return out, db.wrap(op, rows.Err())
}
