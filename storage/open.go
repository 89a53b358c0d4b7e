package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// DB is Flowdeck's open database. All writes go through one connection (SQLite allows one writer
// at a time; queueing in database/sql is cheaper than SQLITE_BUSY retries) and reads through a
// separate read-only pool, so a long history query never waits for, or blocks, a write.
type DB struct {
	path string
	w    *sql.DB
	r    *sql.DB
	now  func() time.Time
	log  *slog.Logger
}

// Option changes how Open behaves.
type Option func(*options)

type options struct {
	now         func() time.Time
	log         *slog.Logger
	busyTimeout time.Duration
	migrations  []migration
}

// WithClock sets the clock that stamps created_at and updated_at (tests pin it).
func WithClock(now func() time.Time) Option { return func(o *options) { o.now = now } }

// WithLogger sets the logger for upgrades and repairs; the default discards.
func WithLogger(l *slog.Logger) Option { return func(o *options) { o.log = l } }

// withMigrations replaces the embedded migrations (tests build older schemas with it).
func withMigrations(migs []migration) Option { return func(o *options) { o.migrations = migs } }

// withBusyTimeout replaces the 5 s wait for a lock (tests of a locked file use a short one).
func withBusyTimeout(d time.Duration) Option { return func(o *options) { o.busyTimeout = d } }

// Open opens (creating it if needed) the database file at path, refuses it with a clear error if
// it is damaged, another program's, or from a newer Flowdeck — leaving it untouched — and
// otherwise brings its schema up to date. The file and its -wal and -shm companions are kept
// readable by the owner only (0600). Use filepath.Join(DataDir(…), FileName) for path.
func Open(ctx context.Context, path string, opts ...Option) (*DB, error) {
	o := options{now: time.Now, busyTimeout: 5 * time.Second}
	for _, opt := range opts {
		opt(&o)
	}
	if o.log == nil {
		o.log = slog.New(slog.DiscardHandler)
	}
	if o.migrations == nil {
		migs, err := loadMigrations(migrationFiles)
		if err != nil {
			return nil, err
		}
		o.migrations = migs
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	if err := createPrivate(abs); err != nil {
		return nil, err
	}
	if _, err := inspect(ctx, abs, len(o.migrations)); err != nil {
		return nil, err
	}

	db := &DB{path: abs, now: o.now, log: o.log}
	busy := fmt.Sprintf("_pragma=busy_timeout(%d)", o.busyTimeout.Milliseconds())
	// Pragmas go in the DSN because a PRAGMA sent with Exec reaches one pooled connection only.
	db.w, err = sql.Open("sqlite", fileURI(abs)+"?"+busy+
		"&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-16384)&_txlock=immediate")
	if err != nil {
		return nil, db.wrap("open the database", err)
	}
	db.w.SetMaxOpenConns(1)
	// Keep the writer's connection for the DB's life: the last connection to close checkpoints
	// and removes the -wal file, which should happen at Close, not whenever the pool idles.
	db.w.SetMaxIdleConns(1)
	db.w.SetConnMaxLifetime(0)
	db.w.SetConnMaxIdleTime(0)
	if err := db.w.PingContext(ctx); err != nil {
		db.w.Close()
		return nil, db.wrap("open the database", err)
	}
	if err := db.migrate(ctx, o.migrations); err != nil {
		db.w.Close()
		return nil, err
	}
	if err := db.tightenModes(); err != nil {
		db.w.Close()
		return nil, err
	}
	// mode=ro: a reader can never write, even if a caller forgets ReadOnly on its transaction.
	db.r, err = sql.Open("sqlite", fileURI(abs)+"?mode=ro&"+busy)
	if err != nil {
		db.w.Close()
		return nil, db.wrap("open the database for reading", err)
	}
	db.r.SetMaxOpenConns(4)
	if err := db.r.PingContext(ctx); err != nil {
		db.Close()
		return nil, db.wrap("open the database for reading", err)
	}
	return db, nil
}

// Path is the database file's absolute path.
func (db *DB) Path() string { return db.path }

// Close closes the readers, then the writer, whose close checkpoints the WAL into the main file.
func (db *DB) Close() error {
	var errs []error
	if db.r != nil {
		errs = append(errs, db.r.Close())
	}
	if db.w != nil {
		errs = append(errs, db.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return db.wrap("close the database", err)
	}
	return nil
}

// createPrivate creates an empty database file with mode 0600 when there is none, because
// SQLite would create it 0644 (and its -wal and -shm files copy the main file's mode).
func createPrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		return f.Close()
	case errors.Is(err, fs.ErrExist):
		return nil
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("create the database %s: its folder does not exist: %w", path, err)
	default:
		return fmt.Errorf("create the database %s: %w; check you may write to its folder", path, err)
	}
}

// tightenModes makes the database and its WAL companions owner-only. SQLite gives the -wal and
// -shm files the main file's mode, so this matters for a file created by something else (an
// older build, a restored backup).
func (db *DB) tightenModes() error {
	for _, p := range []string{db.path, db.path + "-wal", db.path + "-shm"} {
		info, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fmt.Errorf("check permissions of %s: %w", p, err)
		}
		if info.Mode().Perm()&0o077 == 0 {
			continue
		}
		if err := os.Chmod(p, info.Mode().Perm()&0o700); err != nil {
			return fmt.Errorf("make %s readable by you only: %w", p, err)
		}
		db.log.Info("storage: made file private", slog.String("file", p))
	}
	return nil
}

// fileURI turns a path into a SQLite URI filename, escaping what URI parsing would eat.
func fileURI(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // a Windows drive path: file:///C:/…
	}
	return "file://" + strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(p)
}
