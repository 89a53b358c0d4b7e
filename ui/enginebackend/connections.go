package enginebackend

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/engine/connections"
	"github.com/flowdeck/flowdeck/storage"
	"github.com/flowdeck/flowdeck/ui"
)

// ListConnections implements ui.Backend: the manager's status of each connection (who it acts
// as, which engine, whether to sign in again), with its colour and production flag.
func (b *Backend) ListConnections(ctx context.Context) ([]ui.Connection, error) {
	stored, err := b.db.ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	var statuses []connections.Status
	if b.e != nil {
		// The manager decrypts the tokens to tell their state: only the engine's owner can.
		if statuses, err = b.e.Connections().List(ctx); err != nil {
			return nil, err
		}
	}
	byID := map[string]connections.Status{}
	for _, s := range statuses {
		byID[s.ID] = s
	}
	out := make([]ui.Connection, 0, len(stored))
	for _, c := range stored {
		out = append(out, b.connection(c, byID[c.ID]))
	}
	return out, nil
}

func (b *Backend) connection(c storage.Connection, s connections.Status) ui.Connection {
	u := ui.Connection{ID: c.ID, Name: c.Name, OrgURL: c.OrgURL, Color: c.Color, Production: c.Production,
		Engine: s.Engine, NeedsSignIn: c.Status != storage.StatusOK, RefreshExpiring: s.RefreshExpiring,
		CardsMissingScopes: len(s.CardsMissingScopes), Warnings: s.Warnings, CanSignIn: c.Kind == storage.KindOAuth}
	if s.ID != "" {
		u.ConnectedAs = s.ConnectedAs()
	} else {
		u.ConnectedAs = connections.Status{Subject: connections.Subject{Sub: c.Subject.Sub, Login: c.Subject.Login, Name: c.Subject.Name}}.ConnectedAs()
		u.Engine = connections.EngineName(c.Pipeline)
	}
	if l, ok := b.Labels[c.ID]; ok {
		u.Name, u.Demo, u.CanSignIn = l, true, false
	}
	return u
}

// connectionName is how errors name a connection.
func (b *Backend) connectionName(ctx context.Context, id string) string {
	if l, ok := b.Labels[id]; ok {
		return l
	}
	if c, err := b.db.GetConnection(ctx, id); err == nil {
		return fmt.Sprintf("%s (%s)", c.Name, c.OrgURL)
	}
	return id
}

// signInTimeout is how long the app waits for the admin to finish signing in in the browser.
const signInTimeout = 10 * time.Minute

// SignIn implements ui.Backend.
func (b *Backend) SignIn(ctx context.Context, req ui.SignInRequest) (ui.Connection, error) {
	e, err := b.engine()
	if err != nil {
		return ui.Connection{}, err
	}
	st, err := e.Connections().SignIn(ctx, connections.SignInRequest{OrgURL: req.OrgURL, ClientID: req.ClientID, Name: req.Name,
		ShowURL: req.ShowURL, OpenBrowser: b.OpenBrowser, RedirectURI: b.RedirectURI, Timeout: signInTimeout})
	if errors.Is(err, auth.ErrCancelled) || (err != nil && ctx.Err() != nil) {
		// The UI tells a cancelled sign-in from a failed one by context.Canceled.
		return ui.Connection{}, fmt.Errorf("%w: %w", auth.ErrCancelled, context.Canceled)
	}
	if err != nil {
		return ui.Connection{}, err
	}
	c, err := b.db.GetConnection(ctx, st.ID)
	if err != nil {
		return ui.Connection{}, err
	}
	return b.connection(c, st), nil
}

// DeleteConnection implements ui.Backend.
func (b *Backend) DeleteConnection(ctx context.Context, id string, force bool) (ui.DeleteOutcome, error) {
	e, err := b.engine()
	if err != nil {
		return ui.DeleteOutcome{}, err
	}
	res, err := e.Connections().Delete(ctx, id, force)
	if err != nil {
		return ui.DeleteOutcome{}, err
	}
	return ui.DeleteOutcome{Revoked: res.Revoked, Note: res.Note}, nil
}

// SetConnectionLook implements ui.Backend.
func (b *Backend) SetConnectionLook(ctx context.Context, id, color string, production bool) error {
	if _, err := b.engine(); err != nil {
		return err
	}
	return b.db.SetConnectionLook(ctx, id, color, production)
}
