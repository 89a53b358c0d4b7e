package storage

import (
	"context"
	"crypto/rand"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
	"time"
)

// NewID returns a random id for a row (26 lower-case base32 characters, 130 bits).
func NewID() string { return strings.ToLower(rand.Text()) }

// stamp is the clock's now, rounded to what the database keeps (milliseconds, UTC), so a value
// handed back to the caller equals the value read later.
func (db *DB) stamp() time.Time { return db.now().UTC().Truncate(time.Millisecond) }

// millis binds a time as UTC milliseconds since the epoch; the zero time becomes NULL. The
// driver would otherwise store time.Time as text that SQLite's date functions cannot read.
func millis(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t.UnixMilli()
}

// msScanner reads an INTEGER milliseconds column (or NULL, as the zero time) into *t.
type msScanner struct{ t *time.Time }

func ms(t *time.Time) sql.Scanner { return msScanner{t} }

func (s msScanner) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*s.t = time.Time{}
	case int64:
		*s.t = time.UnixMilli(v).UTC()
	default:
		return fmt.Errorf("time column holds %T, expected milliseconds", v)
	}
	return nil
}

// nullText binds "" as NULL, for optional references such as a run's event.
func nullText(s string) driver.Value {
	if s == "" {
		return nil
	}
	return s
}

// textScanner reads a TEXT column that may be NULL into *s ("" for NULL).
type textScanner struct{ s *string }

func text(s *string) sql.Scanner { return textScanner{s} }

func (t textScanner) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*t.s = ""
	case string:
		*t.s = v
	case []byte:
		*t.s = string(v)
	default:
		return fmt.Errorf("text column holds %T", v)
	}
	return nil
}

// jsonText binds a JSON document as TEXT (the tables are STRICT: a []byte would be a BLOB);
// nil becomes NULL.
func jsonText(b []byte) driver.Value {
	if b == nil {
		return nil
	}
	return string(b)
}

// jsonScanner reads a TEXT JSON column into *b (nil for NULL).
type jsonScanner struct{ b *[]byte }

func jsonCol(b *[]byte) sql.Scanner { return jsonScanner{b} }

func (j jsonScanner) Scan(v any) error {
	switch v := v.(type) {
	case nil:
		*j.b = nil
	case string:
		*j.b = []byte(v)
	case []byte:
		*j.b = append([]byte(nil), v...)
	default:
		return fmt.Errorf("JSON column holds %T", v)
	}
	return nil
}

func boolInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// execOne runs a statement that must touch the one row of a kind ("flow", "connection") with
// this id, and says so when the row is gone.
func (db *DB) execOne(ctx context.Context, id, kind, op, query string, args ...any) error {
	res, err := db.w.ExecContext(ctx, query, args...)
	if err != nil {
		return db.wrap(fmt.Sprintf("%s %s", op, id), err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return newError(ErrNotFound, nil, "%s %s: the %s does not exist (it may have been deleted)", op, id, kind)
	}
	return nil
}
