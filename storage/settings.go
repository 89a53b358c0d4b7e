package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// GetSetting returns the value stored under key; ok is false when there is none.
func (db *DB) GetSetting(ctx context.Context, key string) (value string, ok bool, err error) {
	err = db.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&value)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, db.wrap(fmt.Sprintf("read setting %q", key), err)
	}
	return value, true, nil
}

// SetSetting stores value under key, replacing any previous value.
func (db *DB) SetSetting(ctx context.Context, key, value string) error {
	_, err := db.w.ExecContext(ctx,
		`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
		key, value)
	return db.wrap(fmt.Sprintf("save setting %q", key), err)
}

// DeleteSetting removes key; removing a missing key is not an error.
func (db *DB) DeleteSetting(ctx context.Context, key string) error {
	_, err := db.w.ExecContext(ctx, `DELETE FROM settings WHERE key = ?`, key)
	return db.wrap(fmt.Sprintf("delete setting %q", key), err)
}
