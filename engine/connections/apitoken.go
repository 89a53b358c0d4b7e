package connections

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/storage"
)

// APITokenRequest adds a connection that uses an Okta API token (Authorization: SSWS …).
type APITokenRequest struct {
	OrgURL string
	Name   string
	Token  string
}

// AddAPIToken checks an API token with GET /api/v1/users/me and stores it sealed, as a new
// connection or in place of the same-named connection's token. An API token acts with its
// creator's admin role and is not limited by OAuth scopes.
func (m *Manager) AddAPIToken(ctx context.Context, req APITokenRequest) (Status, error) {
	org, err := client.ParseOrgURL(req.OrgURL)
	if err != nil {
		return Status{}, err
	}
	orgURL := org.String()
	token := strings.TrimSpace(req.Token)
	if token == "" {
		return Status{}, errors.New("the API token is empty: create one in the Admin Console (Security → API → Tokens) and pass it through an environment variable")
	}
	existing, name, err := m.target(ctx, orgURL, req.Name, storage.KindAPIToken)
	if err != nil {
		return Status{}, err
	}
	pipeline, err := m.discover(ctx, orgURL)
	if err != nil {
		return Status{}, err
	}
	cl, err := client.New(ctx, client.Config{OrgURL: orgURL, Tokens: client.StaticToken{Scheme: "SSWS", Value: token}, Base: m.base, Logger: m.log})
	if err != nil {
		return Status{}, err
	}
	var me struct {
		ID      string `json:"id"`
		Profile struct {
			Login     string `json:"login"`
			FirstName string `json:"firstName"`
			LastName  string `json:"lastName"`
		} `json:"profile"`
	}
	resp, err := cl.Do(ctx, http.MethodGet, "/api/v1/users/me", nil, nil, nil)
	if err != nil {
		if resp != nil && resp.Status == http.StatusUnauthorized {
			return Status{}, fmt.Errorf("%s does not accept this API token: check it was copied whole and has not been deleted or expired (unused tokens expire after 30 days): %w", orgURL, err)
		}
		return Status{}, fmt.Errorf("checking the API token: %w", err)
	}
	if err := resp.Decode(&me); err != nil {
		return Status{}, fmt.Errorf("checking the API token: %w", err)
	}
	c := storage.Connection{
		Name: name, OrgURL: orgURL, Kind: storage.KindAPIToken, Pipeline: pipeline, Status: storage.StatusOK,
		Subject: storage.Subject{Sub: me.ID, Login: me.Profile.Login, Name: strings.TrimSpace(me.Profile.FirstName + " " + me.Profile.LastName)},
	}
	b := bundle{APIToken: token}
	saved, err := m.save(ctx, existing, c, b)
	if err != nil {
		return Status{}, err
	}
	m.log.Info("API token connection added", "connection", saved, "sub", me.ID)
	return m.status(saved, &b), nil
}
