package connections

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/engine/auth/dpop"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/storage"
)

// Pipelines of /.well-known/okta-organization.
const (
	PipelineIdentityEngine = "idx"
	PipelineClassic        = "v1"
)

// SignInRequest is one browser sign-in.
type SignInRequest struct {
	OrgURL   string
	ClientID string
	// Name is the connection's name. Empty: reconnect the one connection to this org, or name
	// a new one after the org's host.
	Name        string
	RedirectURI string   // default auth.DefaultRedirectURI
	Scopes      []string // default auth.DefaultScopes of the registry
	ShowURL     func(authorizeURL string)
	OpenBrowser func(authorizeURL string) error
	NoBrowser   bool
	Timeout     time.Duration
}

// SignIn signs in through the system browser and stores the connection: a new one, or (same
// name, same org) the existing one with fresh tokens. The tokens of a replaced sign-in are
// revoked.
func (m *Manager) SignIn(ctx context.Context, req SignInRequest) (Status, error) {
	org, err := client.ParseOrgURL(req.OrgURL)
	if err != nil {
		return Status{}, err
	}
	orgURL := org.String()
	if strings.TrimSpace(req.ClientID) == "" {
		return Status{}, errors.New("a client id is needed: copy the Client ID of the Okta app from the Admin Console (Applications → your Flowdeck app → General)")
	}
	existing, name, err := m.target(ctx, orgURL, req.Name, storage.KindOAuth)
	if err != nil {
		return Status{}, err
	}
	pipeline, err := m.discover(ctx, orgURL)
	if err != nil {
		return Status{}, err
	}
	tokenTransport := dpop.NewTokenTransport(m.base, nil, true)
	tokenTransport.Now = m.now
	res, err := auth.Login(ctx, auth.LoginRequest{
		OrgURL: orgURL, ClientID: req.ClientID, RedirectURI: req.RedirectURI, Scopes: m.scopesFor(req.Scopes),
		ShowURL: req.ShowURL, OpenBrowser: req.OpenBrowser, NoBrowser: req.NoBrowser, Timeout: req.Timeout,
		HTTPClient: m.httpClient(tokenTransport),
	})
	if err != nil {
		return Status{}, err
	}
	if res.Token.ExpiresIn > 0 {
		// x/oauth2 dates expiry by the wall clock; the manager's clock is the one it is judged by.
		res.Token.Expiry = m.now().Add(time.Duration(res.Token.ExpiresIn) * time.Second)
	}
	who, err := auth.VerifyIDToken(ctx, m.httpClient(nil), orgURL, req.ClientID, res.IDToken, res.Nonce, m.now())
	if err != nil {
		return Status{}, err
	}
	key := tokenTransport.Key()
	b, err := bundleFrom(res.Token, key)
	if err != nil {
		return Status{}, err
	}
	c := storage.Connection{
		Name: name, OrgURL: orgURL, ClientID: req.ClientID, Kind: storage.KindOAuth, Scopes: res.GrantedScopes,
		Subject:  storage.Subject{Sub: who.Subject, Login: who.Login, Name: who.Name},
		Pipeline: pipeline, Status: storage.StatusOK, RefreshExpiresAt: m.now().Add(RefreshTokenLifetime).UTC(),
	}
	saved, err := m.save(ctx, existing, c, b)
	if err != nil {
		return Status{}, err
	}
	m.log.Info("connection signed in", "connection", saved, "sub", who.Subject, "dpop", key != nil, "scopes", len(res.GrantedScopes))
	return m.status(saved, &b), nil
}

// target finds the connection a sign-in replaces (nil: a new one) and the name to store.
func (m *Manager) target(ctx context.Context, orgURL, name, kind string) (*storage.Connection, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		all, err := m.db.ListConnections(ctx)
		if err != nil {
			return nil, "", err
		}
		var same []storage.Connection
		for _, c := range all {
			if c.OrgURL == orgURL && c.Kind == kind {
				same = append(same, c)
			}
		}
		if len(same) == 1 {
			return &same[0], same[0].Name, nil
		}
		if len(same) > 1 {
			return nil, "", fmt.Errorf("there are %d connections to %s: say which one to sign in again with --name", len(same), orgURL)
		}
		name = defaultName(orgURL)
	}
	c, err := m.db.GetConnectionByName(ctx, name)
	if errors.Is(err, storage.ErrNotFound) {
		return nil, name, nil
	}
	if err != nil {
		return nil, "", err
	}
	if c.OrgURL != orgURL {
		return nil, "", fmt.Errorf("a connection named %q already exists for %s: choose another --name, or disconnect it first", name, c.OrgURL)
	}
	if c.Kind != kind {
		return nil, "", fmt.Errorf("connection %q uses %s: disconnect it first, or choose another --name", name, kindWords(c.Kind))
	}
	return &c, name, nil
}

// defaultName names a connection after its org: "acme" for https://acme.okta.com, the host
// (and port) otherwise.
func defaultName(orgURL string) string {
	host := strings.TrimPrefix(strings.TrimPrefix(orgURL, "https://"), "http://")
	h, _, err := net.SplitHostPort(host)
	if err != nil {
		h = host
	}
	if net.ParseIP(h) != nil || !strings.Contains(h, ".") {
		return host
	}
	return strings.SplitN(h, ".", 2)[0]
}

func kindWords(kind string) string {
	if kind == storage.KindAPIToken {
		return "an API token"
	}
	return "an OAuth sign-in"
}

// save seals b for the connection and creates it, or replaces the existing one's sign-in and
// then revokes the sign-in it replaced.
func (m *Manager) save(ctx context.Context, existing *storage.Connection, c storage.Connection, b bundle) (storage.Connection, error) {
	if existing == nil {
		c.ID = storage.NewID()
		sealed, err := m.seal(c.ID, b)
		if err != nil {
			return storage.Connection{}, err
		}
		c.Secret = sealed
		return m.db.CreateConnection(ctx, c)
	}
	old := *existing
	c.ID, c.Color, c.Production = old.ID, old.Color, old.Production
	sealed, err := m.seal(c.ID, b)
	if err != nil {
		return storage.Connection{}, err
	}
	c.Secret = sealed
	saved, err := m.db.UpdateConnection(ctx, c)
	if err != nil {
		return storage.Connection{}, err
	}
	m.forget(c.ID)
	if old.Kind == storage.KindOAuth {
		if ob, err := m.unseal(old); err == nil {
			if err := m.revokeBundle(ctx, old, ob); err != nil {
				m.log.Warn("the replaced sign-in could not be revoked", "connection", saved, "err", err)
			}
		}
	}
	return saved, nil
}

// discover reads the org's pipeline from /.well-known/okta-organization (no token needed): it
// also proves the URL is an Okta org before the browser opens.
func (m *Manager) discover(ctx context.Context, orgURL string) (string, error) {
	u := orgURL + "/.well-known/okta-organization"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return "", err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := m.httpClient(nil).Do(req)
	if err != nil {
		return "", fmt.Errorf("cannot reach %s (%v): check the org URL and your network", orgURL, errors.Unwrap(err))
	}
	defer resp.Body.Close()
	var body struct {
		Pipeline string `json:"pipeline"`
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s does not look like an Okta org: %s answered %d; check the org URL (like https://acme.okta.com)", orgURL, u, resp.StatusCode)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&body); err != nil {
		return "", fmt.Errorf("%s does not look like an Okta org: %s is not Okta's JSON; check the org URL", orgURL, u)
	}
	switch body.Pipeline {
	case PipelineIdentityEngine, PipelineClassic:
		return body.Pipeline, nil
	default:
		m.log.Warn("unknown org pipeline", "org", orgURL, "pipeline", body.Pipeline)
		return "", nil
	}
}
