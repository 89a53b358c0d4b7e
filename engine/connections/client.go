package connections

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"golang.org/x/oauth2"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/engine/auth/dpop"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/storage"
)

// saveTimeout bounds the saving of a refreshed token, which goes on after the caller gives up.
const saveTimeout = 10 * time.Second

// Client returns the connection's Okta client. Its token source refreshes before expiry, saves
// every rotated refresh token with the new access token in one write, and on invalid_grant marks
// the connection needs_signin (the engine then pauses its flows; their poll cursor is kept).
// The client is built once per connection and shared, so a rotating token is refreshed by one
// source only.
func (m *Manager) Client(ctx context.Context, id string) (*client.Client, error) {
	c, err := m.usable(ctx, id)
	if err != nil {
		return nil, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if cl, ok := m.clients[id]; ok {
		return cl, nil
	}
	cl, err := m.newClient(ctx, c, true)
	if err != nil {
		return nil, err
	}
	m.clients[id] = cl
	return cl, nil
}

// BorrowClient returns a client that uses the connection's stored access token as it is and
// never refreshes it: for a second process (a `flowdeck run-card` while the app runs) that must
// not refresh a rotating token the owner holds. When the stored token has expired it says so.
func (m *Manager) BorrowClient(ctx context.Context, id string) (*client.Client, error) {
	c, err := m.usable(ctx, id)
	if err != nil {
		return nil, err
	}
	return m.newClient(ctx, c, false)
}

// usable loads a connection and refuses one that needs a new sign-in or was revoked.
func (m *Manager) usable(ctx context.Context, id string) (storage.Connection, error) {
	c, err := m.db.GetConnection(ctx, id)
	if err != nil {
		return c, err
	}
	switch c.Status {
	case storage.StatusNeedsSignIn:
		return c, fmt.Errorf("connection %q: Okta no longer accepts its sign-in; sign in again with `flowdeck connect --org %s --client-id %s --name %q`: %w", c.Name, c.OrgURL, c.ClientID, c.Name, ErrNeedsSignIn)
	case storage.StatusRevoked:
		return c, fmt.Errorf("connection %q: its tokens were revoked because the user it signed in as was deactivated or deleted; sign in again as another admin: %w", c.Name, ErrRevoked)
	}
	return c, nil
}

func (m *Manager) newClient(ctx context.Context, c storage.Connection, refresh bool) (*client.Client, error) {
	b, err := m.unseal(c)
	if err != nil {
		return nil, err
	}
	cfg := client.Config{OrgURL: c.OrgURL, Base: m.base, Logger: m.log, Governor: governor.Config{Clock: m.gov}}
	switch c.Kind {
	case storage.KindAPIToken:
		cfg.Tokens = client.StaticToken{Scheme: "SSWS", Value: b.APIToken}
	default:
		key, err := b.key()
		if err != nil {
			return nil, fmt.Errorf("connection %q: %w", c.Name, err)
		}
		if refresh {
			cfg.Tokens = m.source(c, b, key)
		} else {
			cfg.Tokens = &borrowed{name: c.Name, tok: b.token(), now: m.now}
		}
		if key != nil {
			// Under the governor, so every request it repeats gets a fresh proof.
			cfg.Base = &dpop.APITransport{Base: m.base, Key: key, Now: m.now}
		}
	}
	cl, err := client.New(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connection %q: %w", c.Name, err)
	}
	return cl, nil
}

// borrowed hands out a stored access token until it expires, and never refreshes it.
type borrowed struct {
	name string
	tok  *oauth2.Token
	now  func() time.Time
}

func (b *borrowed) Credential(context.Context) (client.Credential, error) {
	if !b.tok.Expiry.IsZero() && !b.now().Before(b.tok.Expiry) {
		return client.Credential{}, fmt.Errorf("connection %q: its access token has expired, and the Flowdeck process that runs the engine owns its refresh: run the card from the app, or stop the engine and try again", b.name)
	}
	scheme := "Bearer"
	if b.tok.Type() == "DPoP" {
		scheme = "DPoP"
	}
	return client.Credential{Scheme: scheme, Value: b.tok.AccessToken}, nil
}

// source is the refreshing token source of an OAuth connection.
func (m *Manager) source(c storage.Connection, b bundle, key *dpop.Key) *auth.Source {
	tt := dpop.NewTokenTransport(m.base, key, false)
	tt.Now = m.now
	lastRefresh, refreshExpires := b.RefreshToken, c.RefreshExpiresAt
	persist := func(ctx context.Context, tok *oauth2.Token) error {
		nb, err := bundleFrom(tok, key)
		if err != nil {
			return err
		}
		sealed, err := m.seal(c.ID, nb)
		if err != nil {
			return err
		}
		exp, rotated := refreshExpires, tok.RefreshToken != lastRefresh
		if rotated {
			exp = m.now().Add(RefreshTokenLifetime).UTC()
		}
		// A rotated refresh token that is not saved is lost for good: save it even if the
		// caller has given up.
		sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), saveTimeout)
		defer cancel()
		if err := m.db.UpdateConnectionSecret(sctx, c.ID, sealed, exp); err != nil {
			return err
		}
		lastRefresh, refreshExpires = tok.RefreshToken, exp
		m.log.Debug("connection tokens refreshed", "connection", c, "rotated", rotated)
		return nil
	}
	onInvalidGrant := func(ctx context.Context) {
		m.markNeedsSignIn(context.WithoutCancel(ctx), c, lastRefresh)
	}
	src := auth.NewSource(auth.Endpoints(c.OrgURL, c.ClientID, "", nil), b.token(), &http.Client{Transport: tt, Timeout: httpTimeout}, persist, onInvalidGrant)
	src.Now = m.now
	return src
}

// markNeedsSignIn records that the org refused the refresh token. The cached client is
// dropped so the next Client call reports it instead of failing at Okta again. A client left over
// from before a new sign-in (still held by a run in progress) holds a token the new sign-in
// revoked: its refusal says nothing about the connection, which is left as it is.
func (m *Manager) markNeedsSignIn(ctx context.Context, c storage.Connection, refused string) {
	ctx, cancel := context.WithTimeout(ctx, saveTimeout)
	defer cancel()
	m.forget(c.ID)
	cur, err := m.db.GetConnection(ctx, c.ID)
	if err != nil {
		return // deleted meanwhile
	}
	if b, err := m.unseal(cur); err == nil && b.RefreshToken != refused {
		m.log.Info("a client from before the connection's new sign-in was refused; the connection is fine", "connection", cur)
		return
	}
	if err := m.db.SetConnectionStatus(ctx, c.ID, storage.StatusNeedsSignIn); err != nil && !errors.Is(err, storage.ErrNotFound) {
		m.log.Error("could not mark the connection as needing a new sign-in", "connection", c, "err", err)
	}
	m.log.Warn("Okta refused the connection's refresh token: its flows pause until an admin signs in again", "connection", c)
}
