package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Event is one System Log event as received, kept so a run can show (and re-run from) the event
// that triggered it.
type Event struct {
	UUID         string
	ConnectionID string
	EventType    string
	Published    time.Time
	ReceivedAt   time.Time
	Body         []byte // the event's JSON exactly as Okta sent it
}

// InsertEvent stores e in tx unless an event with the same uuid is already stored (a replayed
// page); inserted says which. ReceivedAt defaults to now.
func (db *DB) InsertEvent(ctx context.Context, tx *sql.Tx, e Event) (inserted bool, err error) {
	if e.UUID == "" {
		return false, newError(ErrInvalid, nil, "store event: the event has no uuid")
	}
	if e.Published.IsZero() {
		return false, newError(ErrInvalid, nil, "store event %s: the event has no published time", e.UUID)
	}
	if e.ReceivedAt.IsZero() {
		e.ReceivedAt = db.stamp()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO events (uuid, connection_id, event_type, published, received_at, body)
		VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (uuid) DO NOTHING`,
		e.UUID, nullText(e.ConnectionID), e.EventType, millis(e.Published), millis(e.ReceivedAt), jsonText(e.Body))
	if err != nil {
		if sqliteCode(err) == codeConstraintCheck {
			return false, newError(ErrInvalid, err, "store event %s: its body is not valid JSON", e.UUID)
		}
		return false, db.wrap(fmt.Sprintf("store event %s", e.UUID), err)
	}
	n, err := res.RowsAffected()
	return n == 1, db.wrap(fmt.Sprintf("store event %s", e.UUID), err)
}

// GetEvent returns the stored event with this uuid, or an error matching ErrNotFound.
func (db *DB) GetEvent(ctx context.Context, uuid string) (Event, error) {
	var e Event
	err := db.r.QueryRowContext(ctx, `SELECT uuid, connection_id, event_type, published, received_at, body
		FROM events WHERE uuid = ?`, uuid).
		Scan(&e.UUID, text(&e.ConnectionID), &e.EventType, ms(&e.Published), ms(&e.ReceivedAt), jsonCol(&e.Body))
	if errors.Is(err, sql.ErrNoRows) {
		return Event{}, newError(ErrNotFound, nil, "event %s is not stored", uuid)
	}
	return e, db.wrap(fmt.Sprintf("read event %s", uuid), err)
}
