package storage

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"
)

func TestRecentEvents(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	base := time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC)
	evs := []Event{
		{UUID: "e1", EventType: "user.lifecycle.create", Published: base},
		{UUID: "e2", EventType: "user.lifecycle.create", Published: base.Add(2 * time.Minute)},
		{UUID: "e3", EventType: "group.user_membership.add", Published: base.Add(time.Minute)},
		{UUID: "manual-1", EventType: "user.lifecycle.create", Published: base.Add(3 * time.Minute)},
	}
	err := db.WriteTx(ctx, func(tx *sql.Tx) error {
		for _, e := range evs {
			e.Body = []byte(`{"uuid":"` + e.UUID + `"}`)
			if _, err := db.InsertEvent(ctx, tx, e); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		types []string
		limit int
		want  string
	}{
		{"one type, newest first, no typed-in events", []string{"user.lifecycle.create"}, 0, "[e2 e1]"},
		{"two types", []string{"user.lifecycle.create", "group.user_membership.add"}, 0, "[e2 e3 e1]"},
		{"limit", nil, 1, "[e2]"},
		{"no match", []string{"user.session.start"}, 0, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := db.RecentEvents(ctx, tt.types, tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			ids := []string{}
			for _, e := range got {
				ids = append(ids, e.UUID)
				if len(e.Body) == 0 {
					t.Errorf("event %s has no body", e.UUID)
				}
			}
			if fmt.Sprint(ids) != tt.want {
				t.Errorf("events = %v, want %s", ids, tt.want)
			}
		})
	}
}
