package auth

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// Identity is who signed in, from a verified ID token.
type Identity struct {
	Subject string // the Okta user id (sub)
	Login   string // preferred_username
	Name    string
	Email   string
}

// idClaims are the ID token claims Flowdeck reads.
type idClaims struct {
	jwt.Claims
	Nonce             string `json:"nonce"`
	Name              string `json:"name"`
	PreferredUsername string `json:"preferred_username"`
	Email             string `json:"email"`
}

// VerifyIDToken checks an ID token from the org authorization server: RS256 signature by a key of
// the org's /oauth2/v1/keys, issuer = the org, audience = the client, not expired, and the nonce
// sent to /authorize. Only then is its sub trusted as the connection's user, the one whose
// deactivation ends the connection.
func VerifyIDToken(ctx context.Context, hc *http.Client, orgURL, clientID, rawIDToken, nonce string, now time.Time) (Identity, error) {
	if rawIDToken == "" {
		return Identity{}, fmt.Errorf("no ID token came back from Okta: check that the app grants the openid scope")
	}
	tok, err := jwt.ParseSigned(rawIDToken, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		return Identity{}, fmt.Errorf("the ID token from Okta cannot be read: %w", err)
	}
	keys, err := fetchKeys(ctx, hc, strings.TrimRight(orgURL, "/")+"/oauth2/v1/keys")
	if err != nil {
		return Identity{}, err
	}
	var c idClaims
	if err := tok.Claims(keys, &c); err != nil {
		return Identity{}, fmt.Errorf("the ID token from Okta is not signed by a key of %s/oauth2/v1/keys: %w", strings.TrimRight(orgURL, "/"), err)
	}
	want := jwt.Expected{Issuer: strings.TrimRight(orgURL, "/"), AnyAudience: jwt.Audience{clientID}, Time: now}
	if err := c.ValidateWithLeeway(want, 2*time.Minute); err != nil {
		return Identity{}, fmt.Errorf("the ID token from Okta does not fit this sign-in (issuer %q, audience %v): %w; check the org URL and client id", c.Issuer, []string(c.Audience), err)
	}
	if c.Nonce != nonce {
		return Identity{}, fmt.Errorf("the ID token from Okta carries another sign-in's nonce: start the sign-in again")
	}
	if c.Subject == "" {
		return Identity{}, fmt.Errorf("the ID token from Okta names no user (sub)")
	}
	return Identity{Subject: c.Subject, Login: c.PreferredUsername, Name: c.Name, Email: c.Email}, nil
}

func fetchKeys(ctx context.Context, hc *http.Client, keysURL string) (*jose.JSONWebKeySet, error) {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, keysURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("reading the org's signing keys at %s: %w", keysURL, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("reading the org's signing keys at %s: Okta answered %d", keysURL, resp.StatusCode)
	}
	var set jose.JSONWebKeySet
	if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&set); err != nil {
		return nil, fmt.Errorf("reading the org's signing keys at %s: %w", keysURL, err)
	}
	return &set, nil
}
