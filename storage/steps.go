package storage

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Step is one card's execution within a run: what went in, what came out, and Okta's request id
// (which ties the call to the System Log event it caused).
type Step struct {
	RunID         string
	Seq           int // order within the run, from 1
	CardID        string
	CardType      string
	Status        string
	Inputs        []byte // JSON, nil when not yet resolved
	Outputs       []byte // JSON, nil when none
	Error         string
	OktaRequestID string
	Attempt       int
	StartedAt     time.Time
	FinishedAt    time.Time
	// Key finds the step again on replay: the card id, prefixed for inner chains.
	Key string
	// RequestIDs are the X-Okta-Request-Ids of every call the step made (OktaRequestID is the last).
	RequestIDs []string
}

// PutStep stores s in tx, replacing the step with the same run and seq (a step is written when
// it starts and again when it ends or is retried).
func (db *DB) PutStep(ctx context.Context, tx *sql.Tx, s Step) error {
	if s.Attempt == 0 {
		s.Attempt = 1
	}
	op := fmt.Sprintf("record step %d of run %s", s.Seq, s.RunID)
	_, err := tx.ExecContext(ctx, `INSERT INTO run_steps (run_id, seq, card_id, card_type, status, inputs, outputs, error,
			okta_request_id, attempt, started_at, finished_at, step_key, request_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (run_id, seq) DO UPDATE SET card_id = excluded.card_id, card_type = excluded.card_type,
			status = excluded.status, inputs = excluded.inputs, outputs = excluded.outputs, error = excluded.error,
			okta_request_id = excluded.okta_request_id, attempt = excluded.attempt, started_at = excluded.started_at,
			finished_at = excluded.finished_at, step_key = excluded.step_key, request_ids = excluded.request_ids`,
		s.RunID, s.Seq, s.CardID, s.CardType, s.Status, jsonText(s.Inputs), jsonText(s.Outputs), s.Error,
		s.OktaRequestID, s.Attempt, millis(s.StartedAt), millis(s.FinishedAt), s.Key, strings.Join(s.RequestIDs, " "))
	switch {
	case isForeignKeyViolation(err):
		return newError(ErrNotFound, err, "%s: the run does not exist (its flow may have been deleted)", op)
	case sqliteCode(err) == codeConstraintCheck:
		return newError(ErrInvalid, err, "%s: its inputs or outputs are not valid JSON", op)
	}
	return db.wrap(op, err)
}

// ListSteps returns a run's steps in order.
func (db *DB) ListSteps(ctx context.Context, runID string) ([]Step, error) {
	op := fmt.Sprintf("read the steps of run %s", runID)
	rows, err := db.r.QueryContext(ctx, `SELECT run_id, seq, card_id, card_type, status, inputs, outputs, error,
		okta_request_id, attempt, started_at, finished_at, step_key, request_ids FROM run_steps WHERE run_id = ? ORDER BY seq`, runID)
	if err != nil {
		return nil, db.wrap(op, err)
	}
	defer rows.Close()
	var out []Step
	for rows.Next() {
		var s Step
		var ids string
		if err := rows.Scan(&s.RunID, &s.Seq, &s.CardID, &s.CardType, &s.Status, jsonCol(&s.Inputs), jsonCol(&s.Outputs),
			&s.Error, &s.OktaRequestID, &s.Attempt, ms(&s.StartedAt), ms(&s.FinishedAt), &s.Key, &ids); err != nil {
			return nil, db.wrap(op, err)
		}
		s.RequestIDs = strings.Fields(ids)
		out = append(out, s)
	}
	return out, db.wrap(op, rows.Err())
}
