package storage

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"
)

func TestPutCursorIfCompareAndSet(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	conn, err := db.CreateConnection(ctx, Connection{Name: "Prod", OrgURL: "https://example.okta.com", Kind: KindOAuth})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	cur := func(link string) Cursor {
		return Cursor{ConnectionID: conn.ID, NextLink: link, LastPollAt: at, LastEventAt: at.Add(-time.Minute), StartedFrom: at.Add(-time.Hour)}
	}
	const link1 = "https://example.okta.com/api/v1/logs?since=2026-11-28T09%3A00%3A00Z&after=1"
	const link2 = "https://example.okta.com/api/v1/logs?since=2026-11-28T09%3A00%3A00Z&after=2"

	steps := []struct {
		name     string
		expected string
		next     Cursor
		wantErr  error
		wantLink string // stored afterwards
	}{
		{"an expectation on a missing cursor fails", link1, cur(link2), ErrCursorMoved, ""},
		{"first cursor", "", cur(link1), nil, link1},
		{"expecting none when one exists fails", "", cur(link2), ErrCursorMoved, link1},
		{"stale expectation fails", link2, cur(link2), ErrCursorMoved, link1},
		{"advance", link1, cur(link2), nil, link2},
		{"same link again (an empty page) succeeds", link2, cur(link2), nil, link2},
		{"unknown connection", "", Cursor{ConnectionID: "nope", NextLink: link1}, ErrNotFound, link2},
		{"unknown connection with an expectation", link1, Cursor{ConnectionID: "nope", NextLink: link2}, ErrNotFound, link2},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			err := db.WriteTx(ctx, func(tx *sql.Tx) error { return db.PutCursorIf(ctx, tx, st.expected, st.next) })
			if st.wantErr == nil && err != nil {
				t.Fatalf("PutCursorIf: %v", err)
			}
			if st.wantErr != nil && !errors.Is(err, st.wantErr) {
				t.Fatalf("PutCursorIf: err = %v, want %v", err, st.wantErr)
			}
			got, ok, err := db.GetCursor(ctx, conn.ID)
			if err != nil {
				t.Fatal(err)
			}
			if st.wantLink == "" {
				if ok {
					t.Fatalf("cursor = %+v, want none", got)
				}
				return
			}
			if want := cur(st.wantLink); got != want {
				t.Fatalf("cursor = %+v, want %+v", got, want)
			}
		})
	}

	// The cursor goes with its connection.
	if err := db.DeleteConnection(ctx, conn.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.GetCursor(ctx, conn.ID); ok || err != nil {
		t.Fatalf("cursor after deleting the connection: ok = %v, err = %v", ok, err)
	}
}

// A moved cursor rolls back everything the poller wrote in the same transaction.
func TestCursorMovedRollsBackPage(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	conn, err := db.CreateConnection(ctx, Connection{Name: "Prod", OrgURL: "https://example.okta.com", Kind: KindOAuth})
	if err != nil {
		t.Fatal(err)
	}
	err = db.WriteTx(ctx, func(tx *sql.Tx) error {
		if _, err := db.InsertEvent(ctx, tx, Event{UUID: "e1", ConnectionID: conn.ID, EventType: "x", Published: time.Now(), Body: []byte(`{}`)}); err != nil {
			return err
		}
		return db.PutCursorIf(ctx, tx, "https://example.okta.com/api/v1/logs?after=9", Cursor{ConnectionID: conn.ID, NextLink: "n"})
	})
	if !errors.Is(err, ErrCursorMoved) {
		t.Fatalf("err = %v, want ErrCursorMoved", err)
	}
	if _, err := db.GetEvent(ctx, "e1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("the page's event was kept after the cursor moved: %v", err)
	}
}
