package authz

import (
	"crypto/rsa"
	"log/slog"
	"time"
)

// DefaultClientID is the OAuth client the demo org registers for Flowdeck: a public (Native) client,
// PKCE only, no secret, as an admin would create it in the Admin Console.
const DefaultClientID = "0oaflowdeckdemo"

// DefaultRedirectURIs are the loopback callbacks registered for DefaultClientID. Okta matches a
// redirect URI exactly, port included, so the app must listen on one of these ports; three are
// registered so that a port already taken on the user's machine is not a dead end.
var DefaultRedirectURIs = []string{
	"http://127.0.0.1:8765/callback",
	"http://127.0.0.1:8766/callback",
	"http://127.0.0.1:8767/callback",
}

// Default lifetimes, as Okta's org authorization server issues them.
const (
	DefaultAccessTokenTTL  = 60 * time.Minute
	DefaultRefreshTokenTTL = 90 * 24 * time.Hour
	// DefaultCodeTTL is how long an authorization code can be redeemed: Okta's codes are
	// short-lived (about a minute) and single-use.
	DefaultCodeTTL = 60 * time.Second
	// DefaultIDTokenTTL is the lifetime of an ID token (one hour at Okta).
	DefaultIDTokenTTL = 60 * time.Minute
	// DefaultDPoPNonceTTL is how long a server-issued DPoP nonce is accepted before the client is
	// asked for a fresh one.
	DefaultDPoPNonceTTL = 24 * time.Hour
)

// Client is an OAuth client (an OIDC app) registered in the org. All clients are public: they
// authenticate with client_id alone and must use PKCE S256.
type Client struct {
	ID string
	// RedirectURIs are matched exactly (scheme, host, port, path), as Okta does.
	RedirectURIs []string
	// RequireDPoP makes the token endpoint demand a DPoP proof and issue DPoP-bound tokens
	// (the app setting "Require Demonstrating Proof of Possession (DPoP) header in token requests").
	RequireDPoP bool
	// RotateRefreshTokens issues a new refresh token on every refresh and invalidates the old one
	// (Okta's "Rotate token after every use"). Okta keeps the old token usable for a grace period
	// (30 s by default); the simulator has no grace period: the old token fails at once.
	RotateRefreshTokens bool
	// AllowedScopes are the scopes granted to the app; empty means every scope in KnownScopes.
	AllowedScopes []string
}

// User is a person the authorization server can issue tokens for.
type User struct {
	Subject string // the Okta user id, "00u…"
	Login   string // also the preferred_username and, unless Email is set, the email
	Name    string
	Email   string
}

// APIToken is an Okta API token (Authorization: SSWS …) created by a user; it acts with that
// user's admin role and is not limited by OAuth scopes.
type APIToken struct {
	Token string
	User  User
}

// Config configures a Server. Zero values get Okta's defaults.
type Config struct {
	// Issuer is the org base URL, e.g. "https://example.okta.com". Empty: computed per request
	// from the Host header (and TLS), which suits httptest servers whose URL is known only after
	// start.
	Issuer  string
	Clients []Client
	// Admin is the user /authorize signs in as without asking (the simulator has no login page).
	Admin     User
	APITokens []APIToken
	Clock     func() time.Time

	AccessTokenTTL  time.Duration
	RefreshTokenTTL time.Duration
	CodeTTL         time.Duration
	DPoPNonceTTL    time.Duration

	// SigningKey signs ID tokens; nil uses a key generated once per process (RSA key
	// generation is slow enough to matter when every test builds a server).
	SigningKey *rsa.PrivateKey
	Logger     *slog.Logger
}

// DefaultClient is the Flowdeck demo client: public, PKCE, refresh token rotation on, no DPoP.
func DefaultClient() Client {
	return Client{
		ID:                  DefaultClientID,
		RedirectURIs:        append([]string(nil), DefaultRedirectURIs...),
		RotateRefreshTokens: true,
	}
}

// KnownScopes are the scopes the org authorization server knows: the OIDC scopes and the okta.*
// scopes of the Management API that Flowdeck's cards use.
var KnownScopes = []string{
	"openid", "profile", "email", "address", "phone", "offline_access", "groups",
	"okta.users.read", "okta.users.manage",
	"okta.groups.read", "okta.groups.manage",
	"okta.apps.read", "okta.apps.manage",
	"okta.logs.read",
	"okta.schemas.read", "okta.schemas.manage",
	"okta.linkedObjects.read", "okta.linkedObjects.manage",
	"okta.identitySources.read", "okta.identitySources.manage",
	"okta.userTypes.read", "okta.userTypes.manage",
	"okta.roles.read", "okta.roles.manage",
	"okta.devices.read", "okta.devices.manage",
	"okta.factors.read", "okta.factors.manage",
	"okta.orgs.read",
}
