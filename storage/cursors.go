package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Cursor is the System Log poller's position for one connection.
type Cursor struct {
	ConnectionID string
	// NextLink is Okta's rel="next" URL exactly as received ("" before the first poll).
	NextLink    string
	LastPollAt  time.Time
	LastEventAt time.Time
	// StartedFrom is the "since" time polling began at for this connection.
	StartedFrom time.Time
}

// GetCursor returns the connection's cursor; ok is false when it has never polled.
func (db *DB) GetCursor(ctx context.Context, connectionID string) (c Cursor, ok bool, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT connection_id, next_link, last_poll_at, last_event_at, started_from
		FROM poll_cursors WHERE connection_id = ?`, connectionID).
		Scan(&c.ConnectionID, &c.NextLink, ms(&c.LastPollAt), ms(&c.LastEventAt), ms(&c.StartedFrom))
	if errors.Is(err, sql.ErrNoRows) {
		return Cursor{}, false, nil
	}
	if err != nil {
		return Cursor{}, false, db.wrap(fmt.Sprintf("read the poll cursor of connection %s", connectionID), err)
	}
	return c, true, nil
}

// PutCursorIf stores next as the cursor of next.ConnectionID, in tx, only if the stored next
// link is still expectedNext ("" also matches a connection that has no cursor yet). Otherwise
// it changes nothing and returns an error matching ErrCursorMoved: another poller got there
// first, and the caller should roll back the events and runs it inserted in tx.
func (db *DB) PutCursorIf(ctx context.Context, tx *sql.Tx, expectedNext string, next Cursor) error {
	op := fmt.Sprintf("save the poll cursor of connection %s", next.ConnectionID)
	args := []any{next.ConnectionID, next.NextLink, millis(next.LastPollAt), millis(next.LastEventAt), millis(next.StartedFrom), expectedNext}
	q := `UPDATE poll_cursors SET next_link = ?2, last_poll_at = ?3, last_event_at = ?4, started_from = ?5
		WHERE connection_id = ?1 AND next_link = ?6`
	if expectedNext == "" {
		q = `INSERT INTO poll_cursors (connection_id, next_link, last_poll_at, last_event_at, started_from)
			VALUES (?1, ?2, ?3, ?4, ?5)
			ON CONFLICT (connection_id) DO UPDATE SET next_link = ?2, last_poll_at = ?3, last_event_at = ?4, started_from = ?5
			WHERE poll_cursors.next_link = ?6`
	}
	res, err := tx.ExecContext(ctx, q, args...)
	if isForeignKeyViolation(err) {
		return newError(ErrNotFound, err, "%s: the connection no longer exists (it may have been deleted)", op)
	}
	if err != nil {
		return db.wrap(op, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return db.wrap(op, err)
	}
	if n == 0 {
		var exists bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM connections WHERE id = ?)`, next.ConnectionID).Scan(&exists); err != nil {
			return db.wrap(op, err)
		}
		if !exists {
			return newError(ErrNotFound, nil, "%s: the connection no longer exists (it may have been deleted)", op)
		}
		return newError(ErrCursorMoved, nil,
			"%s: another poller moved it since it was read; this page was not recorded and will be fetched again", op)
	}
	return nil
}

// DeleteCursor forgets a connection's System Log position: its next poll starts afresh.
func (db *DB) DeleteCursor(ctx context.Context, connectionID string) error {
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM poll_cursors WHERE connection_id = ?`, connectionID)
		return err
	})
	return db.wrap("forget the System Log position", err)
}
