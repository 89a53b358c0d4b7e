package storage

import (
	"context"
	"database/sql"
	"errors"
)

// WriteTx runs fn in a write transaction on the single writer connection and commits if fn
// returns nil. Keep fn short and local: never call Okta or wait on anything else inside it, as
// every other writer queues behind it. Inside fn use only tx (a db method that opens its own
// transaction would wait for this one forever).
// Errors about the file itself (disk full, locked, damaged) come back as sentences for the admin.
func (db *DB) WriteTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return classify(db.path, runTx(ctx, db.w, nil, fn))
}

// ReadTx runs fn in a read-only transaction from the read pool: a consistent snapshot that
// neither blocks nor waits for writers.
func (db *DB) ReadTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	return classify(db.path, runTx(ctx, db.r, &sql.TxOptions{ReadOnly: true}, fn))
}

func runTx(ctx context.Context, pool *sql.DB, opts *sql.TxOptions, fn func(tx *sql.Tx) error) (err error) {
	tx, err := pool.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, ignoreDone(tx.Rollback()))
		}
	}()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// ignoreDone drops the error Rollback returns when Commit already ended the transaction.
func ignoreDone(err error) error {
	if errors.Is(err, sql.ErrTxDone) {
		return nil
	}
	return err
}
