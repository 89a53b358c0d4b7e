package storage

import (
	"context"
	"fmt"
	"strings"
)

// RecentEvents returns the newest stored System Log events of the given types (all types when
// none are given), newest first, at most limit of them. Events typed in for a manual run
// ("manual-" uuids) are left out: the Run flow dialog offers what Okta actually logged.
func (db *DB) RecentEvents(ctx context.Context, eventTypes []string, limit int) ([]Event, error) {
	if limit <= 0 {
		limit = 20
	}
	q := `SELECT uuid, connection_id, event_type, published, received_at, body FROM events WHERE uuid NOT LIKE 'manual-%'`
	var args []any
	if len(eventTypes) > 0 {
		q += ` AND event_type IN (` + strings.TrimSuffix(strings.Repeat("?, ", len(eventTypes)), ", ") + `)`
		for _, t := range eventTypes {
			args = append(args, t)
		}
	}
	q += ` ORDER BY published DESC, uuid DESC LIMIT ?`
	args = append(args, limit)
	op := fmt.Sprintf("list recent events of types %s", strings.Join(eventTypes, ", "))
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, db.wrap(op, err)
	}
	defer rows.Close()
	var out []Event
	for rows.Next() {
		var e Event
		if err := rows.Scan(&e.UUID, text(&e.ConnectionID), &e.EventType, ms(&e.Published), ms(&e.ReceivedAt), jsonCol(&e.Body)); err != nil {
			return nil, db.wrap(op, err)
		}
		out = append(out, e)
	}
	return out, db.wrap(op, rows.Err())
}
