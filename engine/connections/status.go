package connections

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/storage"
)

// Status is what the app and `flowdeck connections` show about one connection.
type Status struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	OrgURL string `json:"org"`
	Kind   string `json:"kind"` // "oauth" or "api_token"
	// State is "ok", "needs_signin" or "revoked".
	State   string  `json:"state"`
	Subject Subject `json:"subject"`
	// Pipeline is "idx", "v1" or "" (unknown); Engine says it in words.
	Pipeline string   `json:"pipeline"`
	Engine   string   `json:"engine"`
	Scopes   []string `json:"scopes,omitempty"`
	DPoP     bool     `json:"dpop"`
	// RefreshExpiresAt is when the refresh token ends (zero for an API token).
	RefreshExpiresAt time.Time `json:"refreshExpiresAt,omitzero"`
	RefreshExpiring  bool      `json:"refreshExpiring"`
	// CardsMissingScopes are the action cards that cannot run with the granted scopes, by card
	// id, with the scopes each lacks. API tokens are not limited by scopes.
	CardsMissingScopes map[string][]string `json:"cardsMissingScopes,omitempty"`
	// Warnings are sentences for the admin: sign in again, refresh token ending soon…
	Warnings []string `json:"warnings,omitempty"`
}

// Subject is the user a connection acts as.
type Subject struct {
	Sub   string `json:"sub"` // the Okta user id (00u…)
	Login string `json:"login"`
	Name  string `json:"name"`
}

// ConnectedAs names the user the connection acts as: "Ada Admin (admin@example.com)".
func (s Status) ConnectedAs() string {
	switch {
	case s.Subject.Name != "" && s.Subject.Login != "":
		return s.Subject.Name + " (" + s.Subject.Login + ")"
	case s.Subject.Login != "":
		return s.Subject.Login
	case s.Subject.Sub != "":
		return s.Subject.Sub
	}
	return "an unknown user"
}

// EngineName says which Okta engine a pipeline value means.
func EngineName(pipeline string) string {
	switch pipeline {
	case PipelineIdentityEngine:
		return "Identity Engine"
	case PipelineClassic:
		return "Classic Engine"
	}
	return "unknown engine"
}

// List returns the status of every connection, by name.
func (m *Manager) List(ctx context.Context) ([]Status, error) {
	all, err := m.db.ListConnections(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Status, 0, len(all))
	for _, c := range all {
		var bp *bundle
		if b, err := m.unseal(c); err == nil {
			bp = &b
		}
		out = append(out, m.status(c, bp))
	}
	return out, nil
}

// Get returns one connection's status by name.
func (m *Manager) Get(ctx context.Context, name string) (Status, error) {
	c, err := m.db.GetConnectionByName(ctx, name)
	if err != nil {
		return Status{}, err
	}
	var bp *bundle
	if b, err := m.unseal(c); err == nil {
		bp = &b
	}
	return m.status(c, bp), nil
}

// status describes c; b is its unsealed bundle, or nil when it cannot be read.
func (m *Manager) status(c storage.Connection, b *bundle) Status {
	s := Status{
		ID: c.ID, Name: c.Name, OrgURL: c.OrgURL, Kind: c.Kind, State: c.Status, Subject: Subject(c.Subject),
		Pipeline: c.Pipeline, Engine: EngineName(c.Pipeline), Scopes: c.Scopes, RefreshExpiresAt: c.RefreshExpiresAt,
	}
	if b != nil {
		s.DPoP = len(b.DPoPKey) > 0
	}
	switch c.Status {
	case storage.StatusNeedsSignIn:
		s.Warnings = append(s.Warnings, fmt.Sprintf("Okta no longer accepts this connection's sign-in: its flows are paused; run `flowdeck connect --org %s --client-id %s --name %q` to sign in again", c.OrgURL, c.ClientID, c.Name))
	case storage.StatusRevoked:
		s.Warnings = append(s.Warnings, fmt.Sprintf("the connection was revoked because %s was deactivated or deleted in Okta: sign in as another admin (ideally a service account)", s.ConnectedAs()))
	}
	if b == nil && len(c.Secret) > 0 {
		s.Warnings = append(s.Warnings, "the stored sign-in cannot be decrypted on this machine (the key was replaced or the database copied): sign in again")
	}
	if c.Kind == storage.KindOAuth {
		if !c.RefreshExpiresAt.IsZero() && c.Status == storage.StatusOK {
			left := c.RefreshExpiresAt.Sub(m.now())
			if left < ExpiryWarning {
				s.RefreshExpiring = true
				s.Warnings = append(s.Warnings, fmt.Sprintf("the refresh token ends %s (in %s): sign in again before then or the flows stop", c.RefreshExpiresAt.Local().Format("2006-01-02 15:04"), roundDays(left)))
			}
		}
		missing := auth.CardsMissingScopes(m.reg, c.Scopes)
		if len(missing) > 0 {
			s.CardsMissingScopes = map[string][]string{}
			for spec, scopes := range missing {
				sort.Strings(scopes)
				s.CardsMissingScopes[spec.ID] = scopes
			}
		}
	}
	return s
}

func roundDays(d time.Duration) string {
	if d <= 0 {
		return "no time: it has ended"
	}
	days := int(d.Hours() / 24)
	switch days {
	case 0:
		return "less than a day"
	case 1:
		return "1 day"
	}
	return fmt.Sprintf("%d days", days)
}
