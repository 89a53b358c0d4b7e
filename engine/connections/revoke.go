package connections

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/storage"
)

// DeleteResult says what Delete did at Okta.
type DeleteResult struct {
	// Revoked is true when Okta confirmed the tokens are revoked.
	Revoked bool
	// Note is advice for the admin (an API token to delete in the Admin Console, tokens that could
	// not be revoked).
	Note string
}

// Delete revokes the connection's refresh and access tokens at the org, then removes the
// connection. When the org cannot be reached (or the tokens cannot be decrypted) it returns an
// error and keeps the connection, unless force is set: then it removes it anyway and says, in
// the result's Note, what the admin should revoke by hand.
func (m *Manager) Delete(ctx context.Context, id string, force bool) (DeleteResult, error) {
	c, err := m.db.GetConnection(ctx, id)
	if err != nil {
		return DeleteResult{}, err
	}
	var res DeleteResult
	switch c.Kind {
	case storage.KindAPIToken:
		// The token may serve other tools too: it is the admin's to delete, not ours.
		res.Note = fmt.Sprintf("Flowdeck forgot the API token; it still works at Okta until you delete it in the Admin Console (Security → API → Tokens) for %s", c.OrgURL)
	default:
		err := m.revokeStored(ctx, c)
		switch {
		case err == nil:
			res.Revoked = true
		case !force:
			return DeleteResult{}, fmt.Errorf("connection %q was kept because its tokens could not be revoked: %w; try again when %s can be reached, or pass --force to remove it anyway (then end its sign-in in the Admin Console)", c.Name, err, c.OrgURL)
		default:
			res.Note = fmt.Sprintf("the tokens could not be revoked (%v): in the Admin Console, open Applications → the Flowdeck app → Okta API Scopes or the user's profile and revoke its grants", err)
		}
	}
	m.forget(id)
	if err := m.db.DeleteConnection(ctx, id); err != nil {
		return res, err
	}
	m.log.Info("connection deleted", "connection", c, "revoked", res.Revoked)
	return res, nil
}

// revokeStored revokes the stored tokens of an OAuth connection.
func (m *Manager) revokeStored(ctx context.Context, c storage.Connection) error {
	b, err := m.unseal(c)
	if err != nil {
		return err
	}
	return m.revokeBundle(ctx, c, b)
}

// revokeBundle revokes the refresh token (which ends its access tokens too) and then the access
// token itself, in case the refresh token was already gone.
func (m *Manager) revokeBundle(ctx context.Context, c storage.Connection, b bundle) error {
	hc := m.httpClient(nil)
	var errs []error
	if b.RefreshToken != "" {
		errs = append(errs, auth.Revoke(ctx, hc, c.OrgURL, c.ClientID, b.RefreshToken, auth.HintRefreshToken))
	}
	if b.AccessToken != "" {
		errs = append(errs, auth.Revoke(ctx, hc, c.OrgURL, c.ClientID, b.AccessToken, auth.HintAccessToken))
	}
	return errors.Join(errs...)
}

// Events that end the authorizing user's access: Okta ends that user's grants, and Flowdeck
// stops using the connection.
var userGoneEvents = []string{"user.lifecycle.delete.initiated", "user.lifecycle.deactivate"}

// HandleEvent is called by the System Log poller with every event it receives for connection
// connID. When the event says the user the connection signed in as was deactivated or deleted,
// the connection's tokens are revoked and it is marked revoked. It reports whether it did so.
func (m *Manager) HandleEvent(ctx context.Context, connID string, event map[string]any) (bool, error) {
	typ, _ := event["eventType"].(string)
	if !slices.Contains(userGoneEvents, typ) {
		return false, nil
	}
	if out, ok := event["outcome"].(map[string]any); ok {
		if r, _ := out["result"].(string); r != "" && r != "SUCCESS" {
			return false, nil
		}
	}
	c, err := m.db.GetConnection(ctx, connID)
	if err != nil {
		return false, err
	}
	if c.Subject.Sub == "" || c.Status == storage.StatusRevoked || !targetsUser(event, c.Subject.Sub) {
		return false, nil
	}
	return true, m.RevokeForUser(ctx, connID)
}

func targetsUser(event map[string]any, sub string) bool {
	targets, _ := event["target"].([]any)
	for _, t := range targets {
		tm, _ := t.(map[string]any)
		if typ, _ := tm["type"].(string); typ != "User" {
			continue
		}
		if id, _ := tm["id"].(string); id == sub {
			return true
		}
	}
	return false
}

// RevokeForUser ends a connection whose user was deactivated or deleted: it revokes the tokens
// (Okta ends that user's grants too, but an org can be slow and this must not depend on it) and
// marks the connection revoked, even if the org could not be reached for the revocation.
func (m *Manager) RevokeForUser(ctx context.Context, connID string) error {
	c, err := m.db.GetConnection(ctx, connID)
	if err != nil {
		return err
	}
	m.forget(connID)
	var revokeErr error
	if c.Kind == storage.KindOAuth {
		revokeErr = m.revokeStored(ctx, c)
	}
	if err := m.db.SetConnectionStatus(ctx, connID, storage.StatusRevoked); err != nil {
		return err
	}
	m.forget(connID)
	m.log.Warn("the connection's user was deactivated or deleted in Okta: its tokens are revoked and its flows stop", "connection", c, "sub", c.Subject.Sub)
	if revokeErr != nil {
		return fmt.Errorf("connection %q is marked revoked, but Okta could not be told: %w", c.Name, revokeErr)
	}
	return nil
}
