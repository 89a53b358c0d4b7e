package storage

import (
	"context"
	"database/sql"
	"fmt"
)

// SavedFlow says what SaveFlows did with one draft.
type SavedFlow struct {
	ID      string
	Version int
	Created bool // false when the document was already the current version
}

// SaveFlows stores several flows in one transaction: all of them land or none does (an import
// of an Okta Workflows folder must never leave half of it behind). Each draft is saved as
// SaveFlow saves it.
func (db *DB) SaveFlows(ctx context.Context, drafts []FlowDraft) ([]SavedFlow, error) {
	for _, d := range drafts {
		if d.ID == "" {
			return nil, newError(ErrInvalid, nil, "save flow %q: the flow has no id; nothing was saved", d.Name)
		}
	}
	var out []SavedFlow
	var failed string
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		for _, d := range drafts {
			v, created, err := db.saveFlowTx(ctx, tx, d)
			if err != nil {
				failed = d.Name
				return err
			}
			out = append(out, SavedFlow{ID: d.ID, Version: v, Created: created})
		}
		return nil
	})
	if err != nil {
		op := fmt.Sprintf("save %d flows (stopped at %q; none was saved)", len(drafts), failed)
		if sqliteCode(err) == codeConstraintCheck {
			return nil, newError(ErrInvalid, err, "%s: the document is not valid JSON", op)
		}
		return nil, db.wrap(op, err)
	}
	return out, nil
}

// FlowExists reports whether a flow with the given id is stored.
func (db *DB) FlowExists(ctx context.Context, id string) (bool, error) {
	var n int
	err := db.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM flows WHERE id = ?`, id).Scan(&n)
	return n > 0, db.wrap(fmt.Sprintf("look up flow %s", id), err)
}
