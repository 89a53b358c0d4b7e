package storage

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// PageWriter stores one System Log page — its events and the runs they start — in the poller's
// write transaction, with each statement prepared once per page instead of once per row: parsing
// SQL costs more than the insert itself, and a page holds up to a thousand events. It follows
// InsertEvent and InsertRun exactly (dedupe by uuid, one event-triggered run per flow and event).
type PageWriter struct {
	db       *DB
	tx       *sql.Tx
	insEvent *sql.Stmt
	insRun   *sql.Stmt
}

// NewPageWriter prepares the page's statements in tx. Close it before tx ends.
func (db *DB) NewPageWriter(ctx context.Context, tx *sql.Tx) (*PageWriter, error) {
	w := &PageWriter{db: db, tx: tx}
	var err error
	w.insEvent, err = tx.PrepareContext(ctx, `INSERT INTO events (uuid, connection_id, event_type, published, received_at, body)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING`)
	if err != nil {
		return nil, db.wrap("prepare to store System Log events", err)
	}
	w.insRun, err = tx.PrepareContext(ctx, `INSERT INTO runs (id, flow_id, flow_version, event_uuid, "trigger", status,
		created_at, finished_at, error, target_key) VALUES (?, ?, ?, ?, 'event', ?, ?, ?, ?, ?)`)
	if err != nil {
		return nil, errors.Join(db.wrap("prepare to store runs", err), w.insEvent.Close())
	}
	return w, nil
}

// Close releases the prepared statements.
func (w *PageWriter) Close() error {
	return errors.Join(w.insEvent.Close(), w.insRun.Close())
}

// InsertEvent is DB.InsertEvent with the page's prepared statement.
func (w *PageWriter) InsertEvent(ctx context.Context, e Event) (inserted bool, err error) {
	if e.UUID == "" {
		return false, newError(ErrInvalid, nil, "store event: the event has no uuid")
	}
	if e.Published.IsZero() {
		return false, newError(ErrInvalid, nil, "store event %s: the event has no published time", e.UUID)
	}
	if e.ReceivedAt.IsZero() {
		e.ReceivedAt = w.db.stamp()
	}
	res, err := w.insEvent.ExecContext(ctx, e.UUID, nullText(e.ConnectionID), e.EventType, millis(e.Published), millis(e.ReceivedAt), jsonText(e.Body))
	if err != nil {
		if sqliteCode(err) == codeConstraintCheck {
			return false, newError(ErrInvalid, err, "store event %s: its body is not valid JSON", e.UUID)
		}
		return false, w.db.wrap(fmt.Sprintf("store event %s", e.UUID), err)
	}
	n, err := res.RowsAffected()
	return n == 1, w.db.wrap(fmt.Sprintf("store event %s", e.UUID), err)
}

// InsertEventRun is DB.InsertRun for an event-triggered run (the only kind a poller creates),
// with the page's prepared statement. It fills in the id, status (queued) and CreatedAt, and
// refuses a second run of the same flow for the same event with an error matching ErrDuplicate.
func (w *PageWriter) InsertEventRun(ctx context.Context, r Run) (Run, error) {
	op := fmt.Sprintf("create a run of flow %s", r.FlowID)
	if r.Trigger != "" && r.Trigger != TriggerEvent {
		return Run{}, newError(ErrInvalid, nil, "%s: a poller creates only event-triggered runs, not %q", op, r.Trigger)
	}
	r.Trigger = TriggerEvent
	if r.EventUUID == "" {
		return Run{}, newError(ErrInvalid, nil, "%s: an event-triggered run needs its event", op)
	}
	if r.ID == "" {
		r.ID = NewID()
	}
	if r.Status == "" {
		r.Status = RunQueued
	}
	if !knownRunStatus(r.Status) {
		return Run{}, newError(ErrInvalid, nil, "%s: %q is not a run status", op, r.Status)
	}
	if r.CreatedAt.IsZero() {
		r.CreatedAt = w.db.stamp()
	}
	_, err := w.insRun.ExecContext(ctx, r.ID, r.FlowID, r.FlowVersion, r.EventUUID, r.Status,
		millis(r.CreatedAt), millis(r.FinishedAt), r.Error, r.TargetKey)
	switch {
	case isUniqueViolation(err):
		return Run{}, newError(ErrDuplicate, err, "%s: event %s already has a run of this flow", op, r.EventUUID)
	case isForeignKeyViolation(err):
		return Run{}, newError(ErrNotFound, err, "%s: flow version %d or event %q is not stored", op, r.FlowVersion, r.EventUUID)
	case err != nil:
		return Run{}, w.db.wrap(op, err)
	}
	return r, nil
}

// OurRequests returns which of ids are X-Okta-Request-Ids of Flowdeck's own calls (the loop
// guard), in one query for a whole page.
func (db *DB) OurRequests(ctx context.Context, tx *sql.Tx, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(ids)
	if err != nil {
		return nil, fmt.Errorf("look up request ids: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `SELECT request_id FROM our_requests WHERE request_id IN (SELECT value FROM json_each(?))`, string(list))
	if err != nil {
		return nil, db.wrap("look up request ids", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, db.wrap("look up request ids", err)
		}
		out[id] = true
	}
	return out, db.wrap("look up request ids", rows.Err())
}

// BreakerKey is one (flow, target) pair the circuit breaker counts.
type BreakerKey struct {
	FlowID    string
	TargetKey string
}

// CountBreakerRunsFor counts, in tx, the runs the circuit breaker weighs for each (flow, target)
// pair since t, in one query for a whole page: every run except those skipped and those held as
// a catch-up backlog (a held backlog is the admin's to release, not a burst of knock-on events).
// Pairs without runs are absent from the map.
func (db *DB) CountBreakerRunsFor(ctx context.Context, tx *sql.Tx, pairs []BreakerKey, since time.Time) (map[BreakerKey]int, error) {
	out := map[BreakerKey]int{}
	if len(pairs) == 0 {
		return out, nil
	}
	list := make([][2]string, len(pairs))
	for i, p := range pairs {
		list[i] = [2]string{p.FlowID, p.TargetKey}
	}
	arg, err := json.Marshal(list)
	if err != nil {
		return nil, fmt.Errorf("count recent runs: %w", err)
	}
	rows, err := tx.QueryContext(ctx, `WITH pair (flow_id, target_key) AS (
			SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(?1))
		SELECT r.flow_id, r.target_key, count(*) FROM pair JOIN runs AS r
			ON r.flow_id = pair.flow_id AND r.target_key = pair.target_key AND r.created_at >= ?2
		WHERE r.status NOT IN ('skipped', 'catch_up_pending')
		GROUP BY r.flow_id, r.target_key`, string(arg), millis(since))
	if err != nil {
		return nil, db.wrap("count recent runs", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k BreakerKey
		var n int
		if err := rows.Scan(&k.FlowID, &k.TargetKey, &n); err != nil {
			return nil, db.wrap("count recent runs", err)
		}
		out[k] = n
	}
	return out, db.wrap("count recent runs", rows.Err())
}
