package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// PollGap is a span of a connection's System Log that Flowdeck never read: when polling resumed,
// the cursor was older than Okta's 90-day retention, so the events published in [From, To) are
// gone from Okta for good.
type PollGap struct {
	ConnectionID string
	From         time.Time // the last successful poll before the gap
	To           time.Time // the oldest instant Okta still kept when polling resumed
	DetectedAt   time.Time
}

// RecordPollGap stores g in tx (the poller's page transaction, so the gap is recorded exactly
// when the cursor moves past it). Recording the same gap again keeps the wider end.
func (db *DB) RecordPollGap(ctx context.Context, tx *sql.Tx, g PollGap) error {
	op := fmt.Sprintf("record a System Log gap of connection %s", g.ConnectionID)
	if g.From.IsZero() || g.To.IsZero() || !g.From.Before(g.To) {
		return newError(ErrInvalid, nil, "%s: the gap must run from an earlier to a later time", op)
	}
	if g.DetectedAt.IsZero() {
		g.DetectedAt = db.stamp()
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO poll_gaps (connection_id, gap_from, gap_to, detected_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (connection_id, gap_from) DO UPDATE SET gap_to = max(gap_to, excluded.gap_to)`,
		g.ConnectionID, millis(g.From), millis(g.To), millis(g.DetectedAt))
	if isForeignKeyViolation(err) {
		return newError(ErrNotFound, err, "%s: the connection no longer exists (it may have been deleted)", op)
	}
	return db.wrap(op, err)
}

// PollGaps lists a connection's recorded gaps, the most recent first.
func (db *DB) PollGaps(ctx context.Context, connectionID string) ([]PollGap, error) {
	op := fmt.Sprintf("list the System Log gaps of connection %s", connectionID)
	rows, err := db.r.QueryContext(ctx, `SELECT connection_id, gap_from, gap_to, detected_at FROM poll_gaps
		WHERE connection_id = ? ORDER BY gap_from DESC`, connectionID)
	if err != nil {
		return nil, db.wrap(op, err)
	}
	defer rows.Close()
	var out []PollGap
	for rows.Next() {
		var g PollGap
		if err := rows.Scan(&g.ConnectionID, ms(&g.From), ms(&g.To), ms(&g.DetectedAt)); err != nil {
			return nil, db.wrap(op, err)
		}
		out = append(out, g)
	}
	return out, db.wrap(op, rows.Err())
}

// PollHold returns, in tx, the instant before which the connection's events are held as a
// catch-up backlog; zero when nothing is held (or the connection has no cursor yet).
func (db *DB) PollHold(ctx context.Context, tx *sql.Tx, connectionID string) (time.Time, error) {
	var t time.Time
	err := tx.QueryRowContext(ctx, `SELECT hold_before FROM poll_cursors WHERE connection_id = ?`, connectionID).Scan(ms(&t))
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	return t, db.wrap(fmt.Sprintf("read the catch-up hold of connection %s", connectionID), err)
}

// SetPollHold stores, in tx, the instant before which events are held as a catch-up backlog; the
// zero time releases the hold. The cursor must exist (write it first with PutCursorIf in the
// same transaction).
func (db *DB) SetPollHold(ctx context.Context, tx *sql.Tx, connectionID string, before time.Time) error {
	op := fmt.Sprintf("save the catch-up hold of connection %s", connectionID)
	res, err := tx.ExecContext(ctx, `UPDATE poll_cursors SET hold_before = ? WHERE connection_id = ?`, millis(before), connectionID)
	if err != nil {
		return db.wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return db.wrap(op, err)
	}
	if n == 0 {
		return newError(ErrNotFound, nil, "%s: the connection has no poll cursor yet", op)
	}
	return nil
}
