// Package connections manages the Okta orgs Flowdeck is signed in to: sign-in (OAuth PKCE, or an
// API token), the encrypted token bundle in the database, one refreshing client per connection,
// revocation on delete or when the authorizing user leaves the org, and the status the app and
// `flowdeck connections` show.
package connections

import (
	"errors"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/engine/auth/vault"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/storage"
)

// RefreshTokenLifetime is how long Okta's org authorization server keeps a refresh token by
// default; the connection warns ExpiryWarning before it ends.
const (
	RefreshTokenLifetime = 90 * 24 * time.Hour
	ExpiryWarning        = 7 * 24 * time.Hour
)

// httpTimeout bounds every call the manager makes itself (discovery, keys, revoke, token).
const httpTimeout = 30 * time.Second

var (
	// ErrNeedsSignIn: the org refused the connection's refresh token; sign in again.
	ErrNeedsSignIn = errors.New("the connection needs a new sign-in")
	// ErrRevoked: the connection's tokens were revoked (its user left the org).
	ErrRevoked = errors.New("the connection was revoked")
)

// Options configure a Manager.
type Options struct {
	DB       *storage.DB
	Vault    *vault.Vault
	Registry *catalog.Registry // default catalog.Global()
	Logger   *slog.Logger
	// Transport carries every request to the org (default http.DefaultTransport); tests pass
	// the simulated org's.
	Transport http.RoundTripper
	// Now is the clock (default time.Now); tests share the simulated org's.
	Now func() time.Time
	// GovernorClock is the clock the clients' rate-limit governors read and wait on (default
	// real time); tests pass a governor.FakeClock so rate-limit waits are exact and instant.
	GovernorClock governor.Clock
}

// Manager owns the connections of one data directory. One process at a time owns their tokens
// (see engine/enginelock); within it, one Manager hands out one client per connection, so two
// refreshes of a rotating refresh token never race.
type Manager struct {
	db    *storage.DB
	vault *vault.Vault
	reg   *catalog.Registry
	log   *slog.Logger
	base  http.RoundTripper
	now   func() time.Time
	gov   governor.Clock

	mu      sync.Mutex
	clients map[string]*client.Client
}

// New builds a Manager.
func New(opts Options) *Manager {
	m := &Manager{db: opts.DB, vault: opts.Vault, reg: opts.Registry, log: opts.Logger, base: opts.Transport, now: opts.Now, gov: opts.GovernorClock, clients: map[string]*client.Client{}}
	if m.reg == nil {
		m.reg = catalog.Global()
	}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	if m.base == nil {
		m.base = http.DefaultTransport
	}
	if m.now == nil {
		m.now = time.Now
	}
	return m
}

// httpClient is a client for the manager's own calls to the org (never the API with a token).
func (m *Manager) httpClient(rt http.RoundTripper) *http.Client {
	if rt == nil {
		rt = m.base
	}
	return &http.Client{Transport: rt, Timeout: httpTimeout}
}

// forget drops the cached client of a connection whose tokens or status changed.
func (m *Manager) forget(id string) {
	m.mu.Lock()
	delete(m.clients, id)
	m.mu.Unlock()
}

// scopesFor is what a sign-in asks for: the given scopes, or the catalog's defaults.
func (m *Manager) scopesFor(scopes []string) []string {
	if len(scopes) > 0 {
		return scopes
	}
	return auth.DefaultScopes(m.reg)
}
