package storage

import (
	"context"
	"database/sql"
	"errors"
	"testing"
	"time"
)

func TestPollHold(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	conn, err := db.CreateConnection(ctx, Connection{Name: "Prod", OrgURL: "https://example.okta.com", Kind: KindOAuth})
	if err != nil {
		t.Fatal(err)
	}
	hold := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	readHold := func() time.Time {
		t.Helper()
		var got time.Time
		writeTx(t, db, func(tx *sql.Tx) (err error) { got, err = db.PollHold(ctx, tx, conn.ID); return err })
		return got
	}

	if got := readHold(); !got.IsZero() {
		t.Fatalf("hold before any cursor = %v, want none", got)
	}
	err = db.WriteTx(ctx, func(tx *sql.Tx) error { return db.SetPollHold(ctx, tx, conn.ID, hold) })
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("SetPollHold without a cursor: err = %v, want ErrNotFound", err)
	}

	writeTx(t, db, func(tx *sql.Tx) error {
		if err := db.PutCursorIf(ctx, tx, "", Cursor{ConnectionID: conn.ID, NextLink: "l1", LastPollAt: hold}); err != nil {
			return err
		}
		return db.SetPollHold(ctx, tx, conn.ID, hold)
	})
	if got := readHold(); !got.Equal(hold) {
		t.Fatalf("hold = %v, want %v", got, hold)
	}
	// Moving the cursor keeps the hold: only the poller releases it.
	writeTx(t, db, func(tx *sql.Tx) error {
		return db.PutCursorIf(ctx, tx, "l1", Cursor{ConnectionID: conn.ID, NextLink: "l2", LastPollAt: hold.Add(time.Minute)})
	})
	if got := readHold(); !got.Equal(hold) {
		t.Fatalf("hold after the cursor moved = %v, want %v", got, hold)
	}
	writeTx(t, db, func(tx *sql.Tx) error { return db.SetPollHold(ctx, tx, conn.ID, time.Time{}) })
	if got := readHold(); !got.IsZero() {
		t.Fatalf("hold after release = %v, want none", got)
	}
}

func TestPollGaps(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	conn, err := db.CreateConnection(ctx, Connection{Name: "Prod", OrgURL: "https://example.okta.com", Kind: KindOAuth})
	if err != nil {
		t.Fatal(err)
	}
	day := func(n int) time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, n) }

	tests := []struct {
		name    string
		gap     PollGap
		wantErr error
	}{
		{"first gap", PollGap{ConnectionID: conn.ID, From: day(0), To: day(10)}, nil},
		{"same start, wider", PollGap{ConnectionID: conn.ID, From: day(0), To: day(12)}, nil},
		{"same start, narrower keeps the wider end", PollGap{ConnectionID: conn.ID, From: day(0), To: day(11)}, nil},
		{"a later gap", PollGap{ConnectionID: conn.ID, From: day(200), To: day(230), DetectedAt: day(320)}, nil},
		{"backwards", PollGap{ConnectionID: conn.ID, From: day(5), To: day(1)}, ErrInvalid},
		{"unknown connection", PollGap{ConnectionID: "nope", From: day(0), To: day(1)}, ErrNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.WriteTx(ctx, func(tx *sql.Tx) error { return db.RecordPollGap(ctx, tx, tt.gap) })
			if tt.wantErr == nil && err != nil {
				t.Fatal(err)
			}
			if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
		})
	}

	gaps, err := db.PollGaps(ctx, conn.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 2 {
		t.Fatalf("gaps = %+v, want 2", gaps)
	}
	if !gaps[0].From.Equal(day(200)) || !gaps[0].To.Equal(day(230)) || !gaps[0].DetectedAt.Equal(day(320)) {
		t.Errorf("newest gap = %+v", gaps[0])
	}
	if !gaps[1].From.Equal(day(0)) || !gaps[1].To.Equal(day(12)) || gaps[1].DetectedAt.IsZero() {
		t.Errorf("oldest gap = %+v, want day 0 to day 12 with a detection time", gaps[1])
	}

	if err := db.DeleteConnection(ctx, conn.ID); err != nil {
		t.Fatal(err)
	}
	if gaps, err := db.PollGaps(ctx, conn.ID); err != nil || len(gaps) != 0 {
		t.Fatalf("gaps after deleting the connection = %+v, %v", gaps, err)
	}
}
