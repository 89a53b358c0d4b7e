package authz

import (
	"crypto/rand"
	"encoding/base64"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Server is an org authorization server. It is safe for concurrent use.
type Server struct {
	cfg     Config
	clock   func() time.Time
	log     *slog.Logger
	keys    *signingKey
	clients map[string]Client

	mu        sync.Mutex
	codes     map[string]*authCode
	access    map[string]*accessToken
	refresh   map[string]*refreshToken
	apiTokens map[string]User
	// The token endpoint and the resource server (/api/v1) each ask for their own DPoP nonce.
	tokenNonce    nonce
	resourceNonce nonce
	jtis          map[string]time.Time // DPoP proof ids seen, until they can no longer be fresh
	lastPrune     time.Time
	counts        Counts
}

// Counts are how often the endpoints were called, for tests and benchmarks.
type Counts struct {
	Authorize          int // GET /oauth2/v1/authorize
	Token              int // POST /oauth2/v1/token, every call
	AuthorizationCodes int // successful authorization_code grants
	Refreshes          int // successful refresh_token grants
	Revoke             int // POST /oauth2/v1/revoke
	DPoPNonceErrors    int // use_dpop_nonce answers, token endpoint and resource server
}

// New builds a Server. Clients with duplicate ids: the last one wins.
func New(cfg Config) *Server {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.AccessTokenTTL <= 0 {
		cfg.AccessTokenTTL = DefaultAccessTokenTTL
	}
	if cfg.RefreshTokenTTL <= 0 {
		cfg.RefreshTokenTTL = DefaultRefreshTokenTTL
	}
	if cfg.CodeTTL <= 0 {
		cfg.CodeTTL = DefaultCodeTTL
	}
	if cfg.DPoPNonceTTL <= 0 {
		cfg.DPoPNonceTTL = DefaultDPoPNonceTTL
	}
	cfg.Issuer = strings.TrimRight(cfg.Issuer, "/")
	s := &Server{
		cfg:       cfg,
		clock:     cfg.Clock,
		log:       cfg.Logger,
		keys:      newSigningKey(cfg.SigningKey),
		clients:   map[string]Client{},
		codes:     map[string]*authCode{},
		access:    map[string]*accessToken{},
		refresh:   map[string]*refreshToken{},
		apiTokens: map[string]User{},
		jtis:      map[string]time.Time{},
	}
	for _, c := range cfg.Clients {
		s.clients[c.ID] = c
	}
	for _, t := range cfg.APITokens {
		s.apiTokens[t.Token] = t.User
	}
	return s
}

// Paths are the routes the Server answers, exactly as Okta's org authorization server names them.
var Paths = []string{
	"/.well-known/openid-configuration",
	"/.well-known/oauth-authorization-server",
	"/oauth2/v1/authorize",
	"/oauth2/v1/token",
	"/oauth2/v1/revoke",
	"/oauth2/v1/keys",
}

// Register adds the Server's routes (Paths) to mux.
func (s *Server) Register(mux *http.ServeMux) {
	mux.HandleFunc("/.well-known/openid-configuration", s.serveMetadata)
	mux.HandleFunc("/.well-known/oauth-authorization-server", s.serveMetadata)
	mux.HandleFunc("/oauth2/v1/authorize", s.serveAuthorize)
	mux.HandleFunc("/oauth2/v1/token", s.serveToken)
	mux.HandleFunc("/oauth2/v1/revoke", s.serveRevoke)
	mux.HandleFunc("/oauth2/v1/keys", s.serveKeys)
}

// Handler serves Paths and answers 404 to anything else.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.Register(mux)
	return mux
}

// AddAPIToken registers an API token (SSWS) acting as u.
func (s *Server) AddAPIToken(token string, u User) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.apiTokens[token] = u
}

// Counts returns the call counters.
func (s *Server) Counts() Counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts
}

// Issuer is the issuer for request r: Config.Issuer, or the scheme and Host of r.
func (s *Server) Issuer(r *http.Request) string {
	if s.cfg.Issuer != "" {
		return s.cfg.Issuer
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func (s *Server) client(id string) (Client, bool) {
	c, ok := s.clients[id]
	return c, ok
}

// randomToken returns n random bytes, base64url: the shape of Okta's codes and opaque tokens.
func randomToken(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
