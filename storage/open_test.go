package storage

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

func embedded(t *testing.T) []migration {
	t.Helper()
	migs, err := loadMigrations(migrationFiles)
	if err != nil {
		t.Fatal(err)
	}
	return migs
}

func userVersion(t *testing.T, db *DB) int {
	t.Helper()
	var v int
	if err := db.r.QueryRow(`PRAGMA user_version`).Scan(&v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestOpenFreshMigratesToLatest(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if got, want := userVersion(t, db), len(embedded(t)); got != want {
		t.Fatalf("user_version = %d, want %d", got, want)
	}
	var appID int64
	if err := db.r.QueryRow(`PRAGMA application_id`).Scan(&appID); err != nil || appID != applicationID {
		t.Fatalf("application_id = %#x, %v; want %#x", appID, err, applicationID)
	}
	for _, table := range []string{"settings", "connections", "flows", "flow_versions", "events", "runs", "run_steps", "poll_cursors"} {
		var n int
		if err := db.r.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, table).Scan(&n); err != nil || n != 1 {
			t.Errorf("table %s: found %d, %v", table, n, err)
		}
	}
	var mode string
	if err := db.r.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v; want wal", mode, err)
	}
	// Reopening an up-to-date file changes nothing and works.
	path := db.Path()
	if err := db.SetSetting(ctx, "k", "v"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	db2 := openAt(t, path)
	if v, ok, err := db2.GetSetting(ctx, "k"); err != nil || !ok || v != "v" {
		t.Fatalf("after reopen GetSetting = %q, %v, %v", v, ok, err)
	}
}

func TestFileModes(t *testing.T) {
	db := openTest(t)
	if err := db.SetSetting(context.Background(), "k", "v"); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{db.Path(), db.Path() + "-wal", db.Path() + "-shm"} {
		info, err := os.Stat(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("%s mode = %o, want 600", filepath.Base(p), perm)
		}
	}
}

// A file another tool created world-readable is made private when Flowdeck accepts it.
func TestOpenTightensExistingMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	db := openAt(t, path)
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	openAt(t, path)
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if info, err := os.Stat(p); err == nil && info.Mode().Perm() != 0o600 {
			t.Errorf("%s mode = %o, want 600", filepath.Base(p), info.Mode().Perm())
		}
	}
}

func TestOpenEmptyFileIsFresh(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	db := openAt(t, path)
	if got, want := userVersion(t, db), len(embedded(t)); got != want {
		t.Fatalf("user_version = %d, want %d", got, want)
	}
}

// A database at schema 1 with data in it upgrades with the data kept, and gains what schema 2
// adds (the one-run-per-event index).
func TestUpgradeKeepsData(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	migs := embedded(t)

	old := openAt(t, path, withMigrations(migs[:1]))
	if got := userVersion(t, old); got != 1 {
		t.Fatalf("old user_version = %d, want 1", got)
	}
	conn, err := old.CreateConnection(ctx, Connection{Name: "Prod", OrgURL: "https://example.okta.com", Kind: KindOAuth, Secret: Sealed("ciphertext")})
	if err != nil {
		t.Fatal(err)
	}
	seedFlow(t, old, "f1")
	seedEvent(t, old, "e1")
	// The run is written as schema 1 knew runs (today's InsertRun writes later columns).
	run := Run{ID: "r1"}
	writeTx(t, old, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO runs (id, flow_id, flow_version, event_uuid, "trigger", status, created_at)
			VALUES ('r1', 'f1', 1, 'e1', 'event', 'queued', 1)`)
		return err
	})
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	db := openAt(t, path)
	if got, want := userVersion(t, db), len(migs); got != want {
		t.Fatalf("user_version = %d, want %d", got, want)
	}
	if got, err := db.GetConnection(ctx, conn.ID); err != nil || got.Name != "Prod" || string(got.Secret) != "ciphertext" {
		t.Errorf("connection after upgrade = %+v, %v", got, err)
	}
	if v, err := db.GetFlowVersion(ctx, "f1", 1); err != nil || string(v.Document) != `{"id":"f1"}` {
		t.Errorf("flow version after upgrade = %s, %v", v.Document, err)
	}
	if got, err := db.GetRun(ctx, run.ID); err != nil || got.EventUUID != "e1" {
		t.Errorf("run after upgrade = %+v, %v", got, err)
	}
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		_, err := db.InsertRun(ctx, tx, Run{FlowID: "f1", FlowVersion: 1, EventUUID: "e1", Trigger: TriggerEvent})
		return err
	})
	if !errors.Is(err, ErrDuplicate) {
		t.Errorf("second event run after upgrade: err = %v, want ErrDuplicate", err)
	}
}

// A migration that fails leaves the file at the version before it, with its data.
func TestFailedMigrationLeavesPreviousVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), FileName)
	migs := embedded(t)
	db := openAt(t, path, withMigrations(migs[:1]))
	if err := db.SetSetting(ctx, "kept", "yes"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	bad := append(migs[:1:1], migration{version: 2, name: "0002_bad.sql",
		sql: `CREATE TABLE extra (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);`})
	if _, err := Open(ctx, path, withMigrations(bad)); err == nil || !strings.Contains(err.Error(), "0002_bad.sql") {
		t.Fatalf("Open with a failing migration: err = %v, want one naming the migration", err)
	}
	db = openAt(t, path, withMigrations(migs[:1]))
	if got := userVersion(t, db); got != 1 {
		t.Fatalf("user_version after the failed migration = %d, want 1", got)
	}
	var n int
	if err := db.r.QueryRow(`SELECT count(*) FROM sqlite_schema WHERE name = 'extra'`).Scan(&n); err != nil || n != 0 {
		t.Errorf("the failed migration's table exists: %d, %v", n, err)
	}
	if v, ok, err := db.GetSetting(ctx, "kept"); err != nil || !ok || v != "yes" {
		t.Errorf("setting after the failed migration = %q, %v, %v", v, ok, err)
	}
}

// A file from a newer Flowdeck is refused with a sentence that says what to do, and left exactly
// as it was: same bytes, and no -wal or -shm beside it that was not there before.
func TestNewerSchemaRefusedUntouched(t *testing.T) {
	known := len(embedded(t))
	newer := known + 4
	want := fmt.Sprintf("was written by a newer Flowdeck (schema %d, this build knows %d): upgrade Flowdeck; the file was left untouched", newer, known)

	t.Run("closed cleanly", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), FileName)
		db := openAt(t, path)
		mustExec(t, db.w, fmt.Sprintf("PRAGMA user_version = %d", newer))
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		if exists(t, path+"-wal") || exists(t, path+"-shm") {
			t.Fatal("fixture: Close left -wal/-shm files")
		}
		before := fileSHA(t, path)
		_, err := Open(context.Background(), path)
		if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), want) || !strings.Contains(err.Error(), path) {
			t.Fatalf("Open: err = %v\nwant ErrNewerSchema containing %q and the path", err, want)
		}
		if fileSHA(t, path) != before {
			t.Error("the refused file's bytes changed")
		}
		if exists(t, path+"-wal") || exists(t, path+"-shm") {
			t.Error("opening the refused file created -wal or -shm files")
		}
	})

	// The newer Flowdeck is still running (or crashed): its schema is in the -wal file only and
	// the main file's header still shows the old version.
	t.Run("newer version only in the WAL", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), FileName)
		db := openAt(t, path)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		other := rawOpen(t, "?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)", path)
		defer other.Close()
		mustExec(t, other, fmt.Sprintf("PRAGMA user_version = %d", newer))
		before := fileSHA(t, path)
		_, err := Open(context.Background(), path)
		if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), want) {
			t.Fatalf("Open: err = %v\nwant ErrNewerSchema containing %q", err, want)
		}
		if fileSHA(t, path) != before {
			t.Error("the refused file's bytes changed")
		}
	})

	// The newer Flowdeck crashed: its schema is in a -wal file nobody has open. A read-write
	// open would recover and, on close, checkpoint the WAL into the main file.
	t.Run("newer version in the WAL of a crashed Flowdeck", func(t *testing.T) {
		live := filepath.Join(t.TempDir(), FileName)
		db := openAt(t, live)
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		other := rawOpen(t, "?_pragma=journal_mode(WAL)&_pragma=wal_autocheckpoint(0)", live)
		defer other.Close()
		mustExec(t, other, fmt.Sprintf("PRAGMA user_version = %d", newer))
		// Copying the files while the writer is idle is what a crash would have left.
		path := filepath.Join(t.TempDir(), FileName)
		for _, suffix := range []string{"", "-wal"} {
			b, err := os.ReadFile(live + suffix)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path+suffix, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		before, beforeWAL := fileSHA(t, path), fileSHA(t, path+"-wal")
		_, err := Open(context.Background(), path)
		if !errors.Is(err, ErrNewerSchema) || !strings.Contains(err.Error(), want) {
			t.Fatalf("Open: err = %v\nwant ErrNewerSchema containing %q", err, want)
		}
		if fileSHA(t, path) != before || fileSHA(t, path+"-wal") != beforeWAL {
			t.Error("the refused file or its WAL changed")
		}
	})
}

// Damaged files and files that are not Flowdeck's are refused with a sentence naming the file
// and what to do, and left byte for byte as they were.
func TestDamagedOrForeignFileRefusedUntouched(t *testing.T) {
	var realBytes []byte
	realDB := func(t *testing.T) []byte {
		if realBytes != nil {
			return bytes.Clone(realBytes)
		}
		path := filepath.Join(t.TempDir(), FileName)
		db := openAt(t, path)
		for i := range 8 {
			seedFlow(t, db, fmt.Sprintf("flow-%02d-%s", i, strings.Repeat("x", 3000)))
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) < 4*4096 {
			t.Fatalf("fixture database is only %d bytes", len(b))
		}
		realBytes = b
		return bytes.Clone(b)
	}
	foreign := func(query string) func(t *testing.T) []byte {
		return func(t *testing.T) []byte {
			path := filepath.Join(t.TempDir(), "other.db")
			conn := rawOpen(t, "", path)
			mustExec(t, conn, query)
			if err := conn.Close(); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	tests := []struct {
		name    string
		content func(t *testing.T) []byte
		want    string
	}{
		{"random bytes", func(*testing.T) []byte { b := make([]byte, 8192); rand.Read(b); return b }, "does not begin with SQLite's header"},
		{"text file", func(*testing.T) []byte { return []byte("these are my notes, not a database\n") }, "shorter than a SQLite header"},
		{"truncated to half", func(t *testing.T) []byte { b := realDB(t); return b[:len(b)/2] }, "was cut short"},
		{"truncated mid-page", func(t *testing.T) []byte { b := realDB(t); return b[:3*4096+100] }, "was cut short"},
		{"truncated inside the header", func(t *testing.T) []byte { return realDB(t)[:60] }, "shorter than a SQLite header"},
		{"impossible page size", func(t *testing.T) []byte { b := realDB(t); b[16], b[17] = 0, 3; return b }, "impossible page size"},
		{"another program's database", foreign("PRAGMA application_id = 42; CREATE TABLE notes (x)"), "another program's SQLite database"},
		{"unmarked database with tables", foreign("CREATE TABLE notes (x)"), "tables that Flowdeck did not create"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), FileName)
			if err := os.WriteFile(path, tt.content(t), 0o600); err != nil {
				t.Fatal(err)
			}
			before := fileSHA(t, path)
			db, err := Open(context.Background(), path)
			if err == nil {
				db.Close()
				t.Fatal("Open accepted the file")
			}
			msg := err.Error()
			if !errors.Is(err, ErrCorrupt) || !strings.Contains(msg, tt.want) || !strings.Contains(msg, path) ||
				!strings.Contains(msg, "untouched") || !strings.Contains(msg, "move") {
				t.Fatalf("Open: err = %v\nwant ErrCorrupt naming the file, containing %q, saying it is untouched and to move it", err, tt.want)
			}
			if fileSHA(t, path) != before {
				t.Error("the refused file's bytes changed")
			}
			if exists(t, path+"-wal") || exists(t, path+"-shm") || exists(t, path+"-journal") {
				t.Error("opening the refused file created companion files")
			}
		})
	}
}

func TestOpenMissingFolder(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", FileName)
	_, err := Open(context.Background(), path)
	if !errors.Is(err, fs.ErrNotExist) || !strings.Contains(err.Error(), "folder does not exist") {
		t.Fatalf("err = %v, want a missing-folder error", err)
	}
}

// Another process holding the write lock longer than the busy timeout gives a sentence that names
// the file and says to close the other Flowdeck.
func TestLockedDatabase(t *testing.T) {
	ctx := context.Background()
	db := openTest(t, withBusyTimeout(1))
	other := rawOpen(t, "", db.Path())
	defer other.Close()
	tx, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	mustExec(t, tx, `INSERT INTO settings (key, value) VALUES ('held', 'by other')`)

	err = db.SetSetting(ctx, "k", "v")
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), db.Path()) || !strings.Contains(err.Error(), "close the other Flowdeck") {
		t.Fatalf("err = %v, want ErrLocked naming the file and saying to close the other Flowdeck", err)
	}
}

// SQLite reports a full disk the same way it reports reaching max_page_count, which a test can set.
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	if err := db.SetSetting(ctx, "kept", "yes"); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := db.w.QueryRow(`PRAGMA page_count`).Scan(&pages); err != nil {
		t.Fatal(err)
	}
	mustExec(t, db.w, fmt.Sprintf("PRAGMA max_page_count = %d", pages))

	err := db.SetSetting(ctx, "big", strings.Repeat("x", 64<<10))
	if !errors.Is(err, ErrDiskFull) || !strings.Contains(err.Error(), "is full") || !strings.Contains(err.Error(), "nothing already stored was lost") {
		t.Fatalf("err = %v, want ErrDiskFull saying the disk is full and nothing was lost", err)
	}
	if v, ok, err := db.GetSetting(ctx, "kept"); err != nil || !ok || v != "yes" {
		t.Fatalf("earlier setting after a full disk = %q, %v, %v", v, ok, err)
	}
}

// Writers queue on the one writer connection while readers read alongside; nothing deadlocks or
// reports a lock. Run with -race.
func TestConcurrentWritersAndReaders(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 4 {
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := range 20 {
				if err := db.SetSetting(ctx, fmt.Sprintf("w%d-%d", w, i), "v"); err != nil {
					errs <- err
					return
				}
			}
		}()
		go func() {
			defer wg.Done()
			for range 20 {
				if err := db.ReadTx(ctx, func(tx *sql.Tx) error {
					var n int
					return tx.QueryRowContext(ctx, `SELECT count(*) FROM settings`).Scan(&n)
				}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n int
	if err := db.r.QueryRow(`SELECT count(*) FROM settings`).Scan(&n); err != nil || n != 80 {
		t.Fatalf("settings written = %d, %v; want 80", n, err)
	}
}

// The read pool cannot write, even if a caller tries.
func TestReadTxIsReadOnly(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	err := db.ReadTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('a', 'b')`)
		return err
	})
	if err == nil {
		t.Fatal("a write inside ReadTx succeeded")
	}
}
