package storage

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// testClock is a clock that moves one second per reading, so timestamps differ and order.
type testClock struct{ t time.Time }

func (c *testClock) now() time.Time {
	c.t = c.t.Add(time.Second)
	return c.t
}

func newClock() *testClock {
	return &testClock{t: time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)}
}

// openTest opens a fresh database in a temporary folder and closes it when the test ends.
func openTest(t *testing.T, opts ...Option) *DB {
	t.Helper()
	return openAt(t, filepath.Join(t.TempDir(), FileName), opts...)
}

func openAt(t *testing.T, path string, opts ...Option) *DB {
	t.Helper()
	opts = append([]Option{WithClock(newClock().now)}, opts...)
	db, err := Open(context.Background(), path, opts...)
	if err != nil {
		t.Fatalf("Open(%s): %v", path, err)
	}
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return db
}

// rawOpen opens path with the driver directly, bypassing Open's checks, to build fixtures.
func rawOpen(t *testing.T, dsnQuery string, path string) *sql.DB {
	t.Helper()
	conn, err := sql.Open("sqlite", fileURI(path)+dsnQuery)
	if err != nil {
		t.Fatal(err)
	}
	conn.SetMaxOpenConns(1)
	return conn
}

func mustExec(t *testing.T, conn interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, query string, args ...any) {
	t.Helper()
	if _, err := conn.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func fileSHA(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func exists(t *testing.T, path string) bool {
	t.Helper()
	_, err := os.Stat(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	return err == nil
}

// writeTx runs fn in a write transaction and fails the test on error.
func writeTx(t *testing.T, db *DB, fn func(tx *sql.Tx) error) {
	t.Helper()
	if err := db.WriteTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// seedFlow saves a one-version flow and returns its id.
func seedFlow(t *testing.T, db *DB, id string) {
	t.Helper()
	if _, _, err := db.SaveFlow(context.Background(), FlowDraft{ID: id, Name: "Flow " + id, Document: []byte(`{"id":"` + id + `"}`)}); err != nil {
		t.Fatal(err)
	}
}

func seedEvent(t *testing.T, db *DB, uuid string) {
	t.Helper()
	writeTx(t, db, func(tx *sql.Tx) error {
		_, err := db.InsertEvent(context.Background(), tx, Event{UUID: uuid, EventType: "user.lifecycle.create",
			Published: time.Date(2026, 11, 28, 11, 0, 0, 0, time.UTC), Body: []byte(`{"uuid":"` + uuid + `"}`)})
		return err
	})
}
