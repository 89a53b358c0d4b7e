package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// EnabledFlow is an enabled flow's current version, as the poller matches events against it.
type EnabledFlow struct {
	ID      string
	Version int
}

// EnabledFlows lists the flows of one connection enabled at the moment tx began: the poller reads
// them inside its page transaction, so a flow switched on mid-page gets either all of the page's
// events or none.
func (db *DB) EnabledFlows(ctx context.Context, tx *sql.Tx, connectionID string) ([]EnabledFlow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, current_version FROM flows WHERE connection_id = ? AND enabled = 1 ORDER BY id`, connectionID)
	if err != nil {
		return nil, db.wrap("list enabled flows", err)
	}
	defer rows.Close()
	var out []EnabledFlow
	for rows.Next() {
		var f EnabledFlow
		if err := rows.Scan(&f.ID, &f.Version); err != nil {
			return nil, db.wrap("list enabled flows", err)
		}
		out = append(out, f)
	}
	return out, db.wrap("list enabled flows", rows.Err())
}

// ClaimRun takes the oldest due queued run for owner: the atomic change from queued to running.
// A run waits while an older run with the same target key is still queued or running, so runs
// about one user (group, app) happen in event order; runs about different targets go in parallel.
// The claim must stay cheap with a long queue (a backlog after downtime): the queued runs are
// walked in rowid order through runs_queued, and `o.target_key <> ”` lets the partial index
// runs_by_target answer the older-run check, which otherwise scans every queued run per candidate.
func (db *DB) ClaimRun(ctx context.Context, owner string, lease time.Duration) (Run, bool, error) {
	var run Run
	found := false
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		now := db.stamp()
		r, err := scanRun(tx.QueryRowContext(ctx, `SELECT `+runColumns+` FROM runs AS r
			WHERE r.status = 'queued' AND (r.not_before IS NULL OR r.not_before <= ?)
			AND (r.target_key = '' OR NOT EXISTS (
				SELECT 1 FROM runs AS o WHERE o.target_key = r.target_key AND o.target_key <> '' AND o.rowid < r.rowid
				AND o.status IN ('queued', 'running')))
			ORDER BY r.rowid LIMIT 1`, millis(now)))
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		r.Status, r.Owner, r.LeaseUntil = RunRunning, owner, now.Add(lease)
		if r.StartedAt.IsZero() {
			r.StartedAt = now
		}
		if _, err := tx.ExecContext(ctx, `UPDATE runs SET status = ?, owner = ?, lease_until = ?, started_at = ? WHERE id = ? AND status = 'queued'`,
			r.Status, owner, millis(r.LeaseUntil), millis(r.StartedAt), r.ID); err != nil {
			return err
		}
		run, found = r, true
		return nil
	})
	return run, found, db.wrap("claim a queued run", err)
}

// FinishRun records a run's end.
func (db *DB) FinishRun(ctx context.Context, id, status, message string) error {
	if !knownRunStatus(status) {
		return newError(ErrInvalid, nil, "finish run %s: %q is not a run status", id, status)
	}
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE runs SET status = ?, error = ?, finished_at = ?, owner = '', lease_until = NULL WHERE id = ?`,
			status, message, millis(db.stamp()), id)
		return err
	})
	return db.wrap(fmt.Sprintf("finish run %s", id), err)
}

// RequeueRun puts a run back in the queue, due at notBefore (a retry delay is a row, not a sleep).
func (db *DB) RequeueRun(ctx context.Context, id string, notBefore time.Time, message string) error {
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE runs SET status = 'queued', not_before = ?, error = ?, owner = '', lease_until = NULL WHERE id = ?`,
			millis(notBefore), message, id)
		return err
	})
	return db.wrap(fmt.Sprintf("requeue run %s", id), err)
}

// RecordStep stores a step and remembers its Okta request ids for the loop guard, in one
// transaction.
func (db *DB) RecordStep(ctx context.Context, s Step) error {
	return db.WriteTx(ctx, func(tx *sql.Tx) error {
		if err := db.PutStep(ctx, tx, s); err != nil {
			return err
		}
		for _, id := range s.RequestIDs {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO our_requests (request_id, run_id, created_at) VALUES (?, ?, ?)`,
				id, s.RunID, millis(db.stamp())); err != nil {
				return db.wrap("remember a request id", err)
			}
		}
		return nil
	})
}

// IsOurRequest reports whether a request id belongs to one of Flowdeck's own calls.
func (db *DB) IsOurRequest(ctx context.Context, tx *sql.Tx, requestID string) (bool, error) {
	var one int
	err := tx.QueryRowContext(ctx, `SELECT 1 FROM our_requests WHERE request_id = ?`, requestID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	return err == nil, db.wrap("look up a request id", err)
}

// ReleaseCatchUp queues (run) or skips a flow's runs held as catch-up pending.
func (db *DB) ReleaseCatchUp(ctx context.Context, flowID string, run bool) (int, error) {
	status, msg := RunQueued, ""
	if !run {
		status, msg = RunSkipped, "skipped by the admin: part of a backlog held after downtime"
	}
	var n int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE runs SET status = ?, error = ?, finished_at = CASE WHEN ? = 'skipped' THEN ? ELSE NULL END
			WHERE flow_id = ? AND status = 'catch_up_pending'`, status, msg, status, millis(db.stamp()), flowID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), db.wrap(fmt.Sprintf("release the catch-up backlog of flow %s", flowID), err)
}

// StatusCounts counts runs by status (the status line's backlog).
func (db *DB) StatusCounts(ctx context.Context) (map[string]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT status, count(*) FROM runs GROUP BY status`)
	if err != nil {
		return nil, db.wrap("count runs", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, db.wrap("count runs", err)
		}
		out[s] = n
	}
	return out, db.wrap("count runs", rows.Err())
}

// Prune deletes finished runs (with their steps), request ids and events older than before,
// keeping events that a remaining run still points at. It returns the runs deleted.
func (db *DB) Prune(ctx context.Context, before time.Time) (int, error) {
	var n int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		cut := millis(before)
		res, err := tx.ExecContext(ctx, `DELETE FROM runs WHERE created_at < ? AND status IN ('succeeded', 'failed', 'filtered', 'skipped', 'interrupted')`, cut)
		if err != nil {
			return err
		}
		if n, err = res.RowsAffected(); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM our_requests WHERE created_at < ?`, cut); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM events WHERE received_at < ? AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.event_uuid = events.uuid)`, cut)
		return err
	})
	return int(n), db.wrap("prune old history", err)
}

// RequeueAbandoned puts back in the queue the runs a previous process left running. Call it only
// while holding the data directory's engine lock: then no other process can be running them.
func (db *DB) RequeueAbandoned(ctx context.Context) (int, error) {
	var n int64
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE runs SET status = 'queued', owner = '', lease_until = NULL WHERE status = 'running'`)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), db.wrap("requeue runs left running", err)
}

// CatchUpPending counts, per flow, the runs held as catch-up pending.
func (db *DB) CatchUpPending(ctx context.Context) (map[string]int, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT flow_id, count(*) FROM runs WHERE status = 'catch_up_pending' GROUP BY flow_id`)
	if err != nil {
		return nil, db.wrap("count held runs", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, db.wrap("count held runs", err)
		}
		out[id] = n
	}
	return out, db.wrap("count held runs", rows.Err())
}
