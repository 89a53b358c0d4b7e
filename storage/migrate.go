package storage

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"
)

// The schema version lives in the header's user_version field rather than a table, so Open can
// read it without SQLite and refuse a newer file before anything touches it.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered SQL file: migrations/NNNN_what.sql.
type migration struct {
	version int
	name    string
	sql     string
}

// loadMigrations reads NNNN_name.sql files from fsys's migrations folder, numbered 1, 2, 3…
// without gaps, so a missing or doubled file fails every test rather than a user's upgrade.
func loadMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, "migrations")
	if err != nil {
		return nil, fmt.Errorf("read embedded migrations: %w", err)
	}
	var migs []migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".sql" {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %s: name must be NNNN_what.sql", name)
		}
		body, err := fs.ReadFile(fsys, "migrations/"+name)
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", name, err)
		}
		migs = append(migs, migration{version: v, name: name, sql: string(body)})
	}
	sort.Slice(migs, func(i, j int) bool { return migs[i].version < migs[j].version })
	for i, m := range migs {
		if m.version != i+1 {
			return nil, fmt.Errorf("migration %s: expected number %d (migrations must be numbered 1, 2, 3… without gaps or repeats)", m.name, i+1)
		}
	}
	if len(migs) == 0 {
		return nil, fmt.Errorf("no migrations embedded")
	}
	return migs, nil
}

// migrate applies each migration newer than the file in its own write transaction, together with
// the new user_version, so a crash leaves the file at one version or the next, never between.
// It re-checks the file inside each transaction: another Flowdeck may have moved it on since
// inspect looked.
func (db *DB) migrate(ctx context.Context, migs []migration) error {
	known := len(migs)
	for {
		applied, from := 0, -1 // from stays -1 until the version is read
		var refused error
		err := db.WriteTx(ctx, func(tx *sql.Tx) error {
			st, err := readState(ctx, tx)
			if err != nil {
				return fmt.Errorf("read the database schema version: %w", err)
			}
			if refused = checkState(db.path, st, known); refused != nil {
				return refused
			}
			from = st.userVersion
			if from == known {
				return nil
			}
			m := migs[st.userVersion]
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("apply database migration %s: %w", m.name, err)
			}
			if st.userVersion == 0 {
				if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", int32(applicationID))); err != nil {
					return fmt.Errorf("mark the database as Flowdeck's: %w", err)
				}
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
				return fmt.Errorf("record database schema %d: %w", m.version, err)
			}
			applied = m.version
			return nil
		})
		if refused != nil {
			return refused
		}
		if err != nil && from < 0 {
			return db.wrap("open the database", err)
		}
		if err != nil {
			return db.wrap(fmt.Sprintf("upgrade the database from schema %d to %d (it was left at schema %d; if this persists, report it with this message)", from, from+1, from), err)
		}
		if applied == 0 {
			return nil
		}
		db.log.Info("storage: database schema upgraded", slog.String("file", db.path), slog.Int("schema", applied))
	}
}

// rowQuerier is what *sql.DB and *sql.Tx share for single-row queries.
type rowQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readState reads the schema version, application id and whether any schema exists.
func readState(ctx context.Context, q rowQuerier) (fileState, error) {
	var st fileState
	var appID int64
	var tables int
	err := q.QueryRowContext(ctx, `SELECT
		(SELECT user_version FROM pragma_user_version),
		(SELECT application_id FROM pragma_application_id),
		(SELECT count(*) FROM sqlite_schema)`).Scan(&st.userVersion, &appID, &tables)
	if err != nil {
		return fileState{}, err
	}
	// application_id is a signed 32-bit field; keep its bits.
	st.appID = uint32(appID)
	st.empty = tables == 0
	return st, nil
}
