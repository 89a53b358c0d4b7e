package storage

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
)

// Connection kinds.
const (
	KindOAuth    = "oauth"
	KindAPIToken = "api_token"
)

// Connection statuses. The column is free text so later builds can add states without a
// migration; these are the ones this build writes.
const (
	StatusOK          = "ok"
	StatusNeedsSignIn = "needs_signin"
	StatusRevoked     = "revoked"
)

// Connection is a signed-in Okta org.
type Connection struct {
	ID       string
	Name     string // unique, case-insensitively
	OrgURL   string
	ClientID string
	Kind     string // KindOAuth or KindAPIToken
	Scopes   []string
	Subject  Subject
	// Pipeline is "idx" (Identity Engine), "v1" (Classic) or "" (not yet known).
	Pipeline   string
	Color      string
	Production bool
	Status     string
	// Secret is the encrypted token bundle; storage never decrypts it.
	Secret           Sealed
	RefreshExpiresAt time.Time // zero when unknown
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Subject is the admin (or service account) the connection acts as.
type Subject struct {
	Sub   string // the ID token's sub: the Okta user id
	Login string
	Name  string
}

// LogValue keeps the secret, and anything that is not needed to tell connections apart, out of logs.
func (c Connection) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", c.ID),
		slog.String("name", c.Name),
		slog.String("org", c.OrgURL),
		slog.String("status", c.Status),
	)
}

const connectionColumns = `id, name, org_url, client_id, kind, scopes, subject_sub, subject_login, subject_name,
	pipeline, color, production, status, secret, refresh_expires_at, created_at, updated_at`

func scanConnection(row interface{ Scan(...any) error }) (Connection, error) {
	var c Connection
	var scopes string
	var production int64
	var secret []byte
	err := row.Scan(&c.ID, &c.Name, &c.OrgURL, &c.ClientID, &c.Kind, &scopes, &c.Subject.Sub, &c.Subject.Login,
		&c.Subject.Name, &c.Pipeline, &c.Color, &production, &c.Status, &secret, ms(&c.RefreshExpiresAt),
		ms(&c.CreatedAt), ms(&c.UpdatedAt))
	if err != nil {
		return Connection{}, err
	}
	if scopes != "" {
		c.Scopes = strings.Fields(scopes)
	}
	c.Production = production != 0
	if secret != nil {
		c.Secret = Sealed(append([]byte(nil), secret...))
	}
	return c, nil
}

func validateConnection(c Connection) error {
	switch {
	case strings.TrimSpace(c.Name) == "":
		return newError(ErrInvalid, nil, "a connection needs a name")
	case c.OrgURL == "":
		return newError(ErrInvalid, nil, "connection %q needs its Okta org URL", c.Name)
	case c.Kind != KindOAuth && c.Kind != KindAPIToken:
		return newError(ErrInvalid, nil, "connection %q has kind %q; expected %q or %q", c.Name, c.Kind, KindOAuth, KindAPIToken)
	}
	return nil
}

// CreateConnection stores a new connection and returns it with its id (generated when empty),
// status (StatusOK when empty) and timestamps filled in.
func (db *DB) CreateConnection(ctx context.Context, c Connection) (Connection, error) {
	if err := validateConnection(c); err != nil {
		return Connection{}, fmt.Errorf("save connection: %w", err)
	}
	if c.ID == "" {
		c.ID = NewID()
	}
	if c.Status == "" {
		c.Status = StatusOK
	}
	c.CreatedAt = db.stamp()
	c.UpdatedAt = c.CreatedAt
	_, err := db.w.ExecContext(ctx, `INSERT INTO connections (`+connectionColumns+`)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ID, c.Name, c.OrgURL, c.ClientID, c.Kind, strings.Join(c.Scopes, " "), c.Subject.Sub, c.Subject.Login,
		c.Subject.Name, c.Pipeline, c.Color, boolInt(c.Production), c.Status, secretValue(c.Secret),
		millis(c.RefreshExpiresAt), millis(c.CreatedAt), millis(c.UpdatedAt))
	if isUniqueViolation(err) {
		return Connection{}, newError(ErrDuplicate, err, "save connection: a connection named %q already exists: choose another name", c.Name)
	}
	if err != nil {
		return Connection{}, db.wrap(fmt.Sprintf("save connection %q", c.Name), err)
	}
	return c, nil
}

// secretValue binds a missing secret as NULL and any other as a BLOB.
func secretValue(s Sealed) any {
	if s == nil {
		return nil
	}
	return []byte(s)
}

// GetConnection returns the connection with this id, or an error matching ErrNotFound.
func (db *DB) GetConnection(ctx context.Context, id string) (Connection, error) {
	c, err := scanConnection(db.r.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return Connection{}, newError(ErrNotFound, nil, "connection %s does not exist (it may have been deleted)", id)
	}
	return c, db.wrap(fmt.Sprintf("read connection %s", id), err)
}

// GetConnectionByName returns the connection with this name (case-insensitive), or an error
// matching ErrNotFound.
func (db *DB) GetConnectionByName(ctx context.Context, name string) (Connection, error) {
	c, err := scanConnection(db.r.QueryRowContext(ctx, `SELECT `+connectionColumns+` FROM connections WHERE name = ?`, name))
	if errors.Is(err, sql.ErrNoRows) {
		return Connection{}, newError(ErrNotFound, nil, "there is no connection named %q: `flowdeck connect` lists and adds connections", name)
	}
	return c, db.wrap(fmt.Sprintf("read connection %q", name), err)
}

// ListConnections returns every connection, by name.
func (db *DB) ListConnections(ctx context.Context) ([]Connection, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+connectionColumns+` FROM connections ORDER BY name, id`)
	if err != nil {
		return nil, db.wrap("list connections", err)
	}
	defer rows.Close()
	var out []Connection
	for rows.Next() {
		c, err := scanConnection(rows)
		if err != nil {
			return nil, db.wrap("list connections", err)
		}
		out = append(out, c)
	}
	return out, db.wrap("list connections", rows.Err())
}

// UpdateConnection replaces every field of the stored connection c.ID except CreatedAt, and
// returns it with UpdatedAt set. To store only a rotated token, UpdateConnectionSecret does not
// race with an admin editing the name.
func (db *DB) UpdateConnection(ctx context.Context, c Connection) (Connection, error) {
	if err := validateConnection(c); err != nil {
		return Connection{}, fmt.Errorf("save connection: %w", err)
	}
	c.UpdatedAt = db.stamp()
	var created int64
	err := db.w.QueryRowContext(ctx, `UPDATE connections SET name = ?, org_url = ?, client_id = ?, kind = ?, scopes = ?,
		subject_sub = ?, subject_login = ?, subject_name = ?, pipeline = ?, color = ?, production = ?, status = ?,
		secret = ?, refresh_expires_at = ?, updated_at = ? WHERE id = ? RETURNING created_at`,
		c.Name, c.OrgURL, c.ClientID, c.Kind, strings.Join(c.Scopes, " "), c.Subject.Sub, c.Subject.Login, c.Subject.Name,
		c.Pipeline, c.Color, boolInt(c.Production), c.Status, secretValue(c.Secret), millis(c.RefreshExpiresAt),
		millis(c.UpdatedAt), c.ID).Scan(&created)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Connection{}, newError(ErrNotFound, nil, "save connection %q: it no longer exists (it may have been deleted)", c.Name)
	case isUniqueViolation(err):
		return Connection{}, newError(ErrDuplicate, err, "save connection: a connection named %q already exists: choose another name", c.Name)
	case err != nil:
		return Connection{}, db.wrap(fmt.Sprintf("save connection %q", c.Name), err)
	}
	c.CreatedAt = time.UnixMilli(created).UTC()
	return c, nil
}

// UpdateConnectionSecret stores a new encrypted token bundle (after a refresh rotated the
// refresh token) and its refresh-token expiry (zero when unknown).
func (db *DB) UpdateConnectionSecret(ctx context.Context, id string, secret Sealed, refreshExpiresAt time.Time) error {
	return db.execOne(ctx, id, "connection", "save the tokens of connection",
		`UPDATE connections SET secret = ?, refresh_expires_at = ?, updated_at = ? WHERE id = ?`,
		secretValue(secret), millis(refreshExpiresAt), millis(db.stamp()), id)
}

// SetConnectionStatus records a connection's status (StatusOK, StatusNeedsSignIn, StatusRevoked…).
func (db *DB) SetConnectionStatus(ctx context.Context, id, status string) error {
	return db.execOne(ctx, id, "connection", "save the status of connection",
		`UPDATE connections SET status = ?, updated_at = ? WHERE id = ?`, status, millis(db.stamp()), id)
}

// DeleteConnection removes a connection and its poll cursor. Flows keep their reference (they
// show as needing a connection); events keep their data for the run history. Revoking the
// tokens at Okta is the caller's job, before this.
func (db *DB) DeleteConnection(ctx context.Context, id string) error {
	return db.execOne(ctx, id, "connection", "delete connection", `DELETE FROM connections WHERE id = ?`, id)
}
