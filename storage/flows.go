package storage

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Catch-up policies: what to do with events that arrived while a flow could not run (the app
// was closed, the flow was off). The column is free text; these are the values this build knows.
const (
	CatchUpAsk  = "ask"  // hold the runs as catch_up_pending until the admin decides
	CatchUpRun  = "run"  // run them
	CatchUpSkip = "skip" // record them as skipped
)

// Flow is a flow's row: its identity and switches. The document itself is in FlowVersion.
type Flow struct {
	ID             string
	Name           string
	ConnectionID   string // "" when the flow has no connection
	Enabled        bool
	CurrentVersion int
	CatchUp        string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// FlowVersion is one saved flow document. Versions are never changed once written, so a run
// always shows the flow it actually ran.
type FlowVersion struct {
	FlowID    string
	Version   int
	Document  []byte // JSON
	CreatedAt time.Time
}

// FlowDraft is what the editor saves.
type FlowDraft struct {
	ID           string // required: the flow document's own id
	Name         string
	ConnectionID string
	Document     []byte // JSON
}

const flowColumns = `id, name, connection_id, enabled, current_version, catch_up, created_at, updated_at`

func scanFlow(row interface{ Scan(...any) error }) (Flow, error) {
	var f Flow
	var enabled int64
	err := row.Scan(&f.ID, &f.Name, text(&f.ConnectionID), &enabled, &f.CurrentVersion, &f.CatchUp,
		ms(&f.CreatedAt), ms(&f.UpdatedAt))
	f.Enabled = enabled != 0
	return f, err
}

// SaveFlow stores a flow's document. It writes a new version only when the document differs
// byte for byte from the current one (autosave calls it often with the same bytes); the name and
// connection are updated either way. It returns the current version and whether it is new. A
// new flow starts disabled with CatchUpAsk.
func (db *DB) SaveFlow(ctx context.Context, d FlowDraft) (version int, created bool, err error) {
	if d.ID == "" {
		return 0, false, newError(ErrInvalid, nil, "save flow %q: the flow has no id", d.Name)
	}
	op := fmt.Sprintf("save flow %q", d.Name)
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		version, created, err = db.saveFlowTx(ctx, tx, d)
		return err
	})
	if err != nil {
		if sqliteCode(err) == codeConstraintCheck {
			return 0, false, newError(ErrInvalid, err, "%s: the document is not valid JSON", op)
		}
		return 0, false, db.wrap(op, err)
	}
	return version, created, nil
}

// saveFlowTx is SaveFlow inside a transaction the caller holds.
func (db *DB) saveFlowTx(ctx context.Context, tx *sql.Tx, d FlowDraft) (version int, created bool, err error) {
	now := millis(db.stamp())
	var cur int
	var doc []byte
	err = tx.QueryRowContext(ctx, `SELECT f.current_version, v.document FROM flows f
		JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.current_version WHERE f.id = ?`, d.ID).
		Scan(&cur, jsonCol(&doc))
	switch {
	case errors.Is(err, sql.ErrNoRows):
		version, created = 1, true
		if _, err := tx.ExecContext(ctx, `INSERT INTO flows (id, name, connection_id, current_version, catch_up, created_at, updated_at)
			VALUES (?, ?, ?, 1, ?, ?, ?)`, d.ID, d.Name, nullText(d.ConnectionID), CatchUpAsk, now, now); err != nil {
			return 0, false, err
		}
	case err != nil:
		return 0, false, err
	case bytes.Equal(doc, d.Document):
		version = cur
		_, err := tx.ExecContext(ctx, `UPDATE flows SET name = ?, connection_id = ?,
			updated_at = CASE WHEN name IS ? AND connection_id IS ? THEN updated_at ELSE ? END WHERE id = ?`,
			d.Name, nullText(d.ConnectionID), d.Name, nullText(d.ConnectionID), now, d.ID)
		return version, false, err
	default:
		version, created = cur+1, true
		if _, err := tx.ExecContext(ctx, `UPDATE flows SET name = ?, connection_id = ?, current_version = ?, updated_at = ?
			WHERE id = ?`, d.Name, nullText(d.ConnectionID), version, now, d.ID); err != nil {
			return 0, false, err
		}
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO flow_versions (flow_id, version, document, created_at) VALUES (?, ?, ?, ?)`,
		d.ID, version, string(d.Document), now)
	return version, created, err
}

// GetFlow returns a flow's row, or an error matching ErrNotFound.
func (db *DB) GetFlow(ctx context.Context, id string) (Flow, error) {
	f, err := scanFlow(db.r.QueryRowContext(ctx, `SELECT `+flowColumns+` FROM flows WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Flow{}, newError(ErrNotFound, nil, "flow %s does not exist (it may have been deleted)", id)
	}
	return f, db.wrap(fmt.Sprintf("read flow %s", id), err)
}

// GetFlowVersion returns one saved version of a flow's document; version 0 means the current one.
func (db *DB) GetFlowVersion(ctx context.Context, id string, version int) (FlowVersion, error) {
	q := `SELECT flow_id, version, document, created_at FROM flow_versions WHERE flow_id = ? AND version = ?`
	args := []any{id, version}
	if version == 0 {
		q = `SELECT v.flow_id, v.version, v.document, v.created_at FROM flows f
			JOIN flow_versions v ON v.flow_id = f.id AND v.version = f.current_version WHERE f.id = ?`
		args = args[:1]
	}
	var v FlowVersion
	err := db.r.QueryRowContext(ctx, q, args...).Scan(&v.FlowID, &v.Version, jsonCol(&v.Document), ms(&v.CreatedAt))
	if errors.Is(err, sql.ErrNoRows) {
		if version == 0 {
			return FlowVersion{}, newError(ErrNotFound, nil, "flow %s does not exist (it may have been deleted)", id)
		}
		return FlowVersion{}, newError(ErrNotFound, nil, "flow %s has no version %d", id, version)
	}
	return v, db.wrap(fmt.Sprintf("read flow %s version %d", id, version), err)
}

// ListFlows returns every flow's row, by name.
func (db *DB) ListFlows(ctx context.Context) ([]Flow, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+flowColumns+` FROM flows ORDER BY name, id`)
	if err != nil {
		return nil, db.wrap("list flows", err)
	}
	defer rows.Close()
	var out []Flow
	for rows.Next() {
		f, err := scanFlow(rows)
		if err != nil {
			return nil, db.wrap("list flows", err)
		}
		out = append(out, f)
	}
	return out, db.wrap("list flows", rows.Err())
}

// SetFlowEnabled switches a flow on or off.
func (db *DB) SetFlowEnabled(ctx context.Context, id string, enabled bool) error {
	return db.execOne(ctx, id, "flow", "switch flow", `UPDATE flows SET enabled = ?, updated_at = ? WHERE id = ?`,
		boolInt(enabled), millis(db.stamp()), id)
}

// SetFlowCatchUp sets a flow's catch-up policy (CatchUpAsk, CatchUpRun or CatchUpSkip).
func (db *DB) SetFlowCatchUp(ctx context.Context, id, policy string) error {
	switch policy {
	case CatchUpAsk, CatchUpRun, CatchUpSkip:
	default:
		return newError(ErrInvalid, nil, "set catch-up of flow %s: %q is not a catch-up policy (ask, run or skip)", id, policy)
	}
	return db.execOne(ctx, id, "flow", "set catch-up of flow", `UPDATE flows SET catch_up = ?, updated_at = ? WHERE id = ?`,
		policy, millis(db.stamp()), id)
}

// DeleteFlow removes a flow with all its versions and its run history.
func (db *DB) DeleteFlow(ctx context.Context, id string) error {
	return db.execOne(ctx, id, "flow", "delete flow", `DELETE FROM flows WHERE id = ?`, id)
}
