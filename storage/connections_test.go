package storage

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestConnectionsCRUD(t *testing.T) {
	ctx := context.Background()
	db := openTest(t)
	in := Connection{
		Name: "Prod", OrgURL: "https://example.okta.com", ClientID: "0oa1", Kind: KindOAuth,
		Scopes: []string{"okta.users.read", "okta.logs.read"}, Subject: Subject{Sub: "00u1", Login: "svc@example.com", Name: "Flowdeck Service"},
		Pipeline: "idx", Color: "#c0392b", Production: true, Secret: Sealed("sealed-bundle"),
		RefreshExpiresAt: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	created, err := db.CreateConnection(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if created.ID == "" || created.Status != StatusOK || created.CreatedAt.IsZero() || !created.UpdatedAt.Equal(created.CreatedAt) {
		t.Fatalf("CreateConnection = %+v", created)
	}
	for name, get := range map[string]func() (Connection, error){
		"by id":           func() (Connection, error) { return db.GetConnection(ctx, created.ID) },
		"by name":         func() (Connection, error) { return db.GetConnectionByName(ctx, "Prod") },
		"by name, casing": func() (Connection, error) { return db.GetConnectionByName(ctx, "prod") },
	} {
		got, err := get()
		if err != nil || !reflect.DeepEqual(got, created) {
			t.Errorf("get %s = %+v, %v\nwant %+v", name, got, err, created)
		}
	}

	tests := []struct {
		name string
		c    Connection
		want error
	}{
		{"same name", Connection{Name: "Prod", OrgURL: "https://other.okta.com", Kind: KindAPIToken}, ErrDuplicate},
		{"same name, other casing", Connection{Name: "PROD", OrgURL: "https://other.okta.com", Kind: KindAPIToken}, ErrDuplicate},
		{"no name", Connection{OrgURL: "https://other.okta.com", Kind: KindOAuth}, ErrInvalid},
		{"no org", Connection{Name: "x", Kind: KindOAuth}, ErrInvalid},
		{"unknown kind", Connection{Name: "x", OrgURL: "https://other.okta.com", Kind: "password"}, ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := db.CreateConnection(ctx, tt.c); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
		})
	}

	staging, err := db.CreateConnection(ctx, Connection{Name: "Staging", OrgURL: "https://staging.okta.com", Kind: KindAPIToken})
	if err != nil {
		t.Fatal(err)
	}
	upd := created
	upd.Name, upd.Color, upd.Scopes = "Production", "#000000", nil
	got, err := db.UpdateConnection(ctx, upd)
	if err != nil || !got.CreatedAt.Equal(created.CreatedAt) || !got.UpdatedAt.After(created.UpdatedAt) {
		t.Fatalf("UpdateConnection = %+v, %v", got, err)
	}
	upd.Name = "staging"
	if _, err := db.UpdateConnection(ctx, upd); !errors.Is(err, ErrDuplicate) {
		t.Errorf("rename onto another connection's name: err = %v, want ErrDuplicate", err)
	}
	if _, err := db.UpdateConnection(ctx, Connection{ID: "nope", Name: "n", OrgURL: "u", Kind: KindOAuth}); !errors.Is(err, ErrNotFound) {
		t.Errorf("update a missing connection: err = %v, want ErrNotFound", err)
	}

	if err := db.UpdateConnectionSecret(ctx, created.ID, Sealed("rotated"), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if err := db.SetConnectionStatus(ctx, created.ID, StatusNeedsSignIn); err != nil {
		t.Fatal(err)
	}
	got, err = db.GetConnection(ctx, created.ID)
	if err != nil || string(got.Secret) != "rotated" || !got.RefreshExpiresAt.IsZero() || got.Status != StatusNeedsSignIn ||
		got.Name != "Production" || got.Scopes != nil {
		t.Fatalf("after secret and status updates = %+v, %v", got, err)
	}

	list, err := db.ListConnections(ctx)
	if err != nil || len(list) != 2 || list[0].ID != created.ID || list[1].ID != staging.ID {
		t.Fatalf("ListConnections = %+v, %v", list, err)
	}
	if err := db.DeleteConnection(ctx, created.ID); err != nil {
		t.Fatal(err)
	}
	for name, err := range map[string]error{
		"get":           func() error { _, err := db.GetConnection(ctx, created.ID); return err }(),
		"get by name":   func() error { _, err := db.GetConnectionByName(ctx, "Production"); return err }(),
		"delete again":  db.DeleteConnection(ctx, created.ID),
		"update secret": db.UpdateConnectionSecret(ctx, created.ID, nil, time.Time{}),
		"set status":    db.SetConnectionStatus(ctx, created.ID, StatusOK),
	} {
		if !errors.Is(err, ErrNotFound) {
			t.Errorf("%s after delete: err = %v, want ErrNotFound", name, err)
		}
	}
}

// Printing or logging a connection never shows its secret bytes.
func TestConnectionSecretNotPrinted(t *testing.T) {
	c := Connection{ID: "c1", Name: "Prod", Secret: Sealed("SECRET-BYTES")}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("conn", "c", c, "secret", c.Secret)
	for name, s := range map[string]string{
		"%v":     fmt.Sprintf("%v", c),
		"%+v":    fmt.Sprintf("%+v", c),
		"%#v":    fmt.Sprintf("%#v", c),
		"Sprint": fmt.Sprint(c.Secret),
		"slog":   logged.String(),
	} {
		if strings.Contains(s, "SECRET") || strings.Contains(s, fmt.Sprint([]byte("SECRET-BYTES"))) {
			t.Errorf("%s shows the secret: %s", name, s)
		}
	}
}
