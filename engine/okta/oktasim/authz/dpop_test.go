package authz

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// prover makes DPoP proofs with one key, as a client's DPoP RoundTripper would.
type prover struct {
	t    *testing.T
	alg  jose.SignatureAlgorithm
	key  crypto.Signer
	clk  func() time.Time
	typ  string
	skew time.Duration
}

func newProver(t *testing.T, h *harness) *prover {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &prover{t: t, alg: jose.ES256, key: k, clk: h.clock.Now, typ: "dpop+jwt"}
}

// proof signs a proof for method and URL; ath is computed from accessToken when set.
func (p *prover) proof(method, u, nonce, accessToken string) string {
	p.t.Helper()
	opts := (&jose.SignerOptions{EmbedJWK: true}).WithType(jose.ContentType(p.typ))
	sig, err := jose.NewSigner(jose.SigningKey{Algorithm: p.alg, Key: p.key}, opts)
	if err != nil {
		p.t.Fatal(err)
	}
	c := map[string]any{"jti": randomToken(12), "htm": method, "htu": u, "iat": p.clk().Add(p.skew).Unix()}
	if nonce != "" {
		c["nonce"] = nonce
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		c["ath"] = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	s, err := jwt.Signed(sig).Claims(c).Serialize()
	if err != nil {
		p.t.Fatal(err)
	}
	return s
}

// dpopExchange runs the code flow for the DPoP client: first without a nonce, then with the one
// the server asks for. It returns the token response and the nonce.
func (h *harness) dpopExchange(t *testing.T, p *prover) map[string]any {
	t.Helper()
	code, verifier := h.codeFor(t, dpopClientID, "openid", "offline_access", "okta.users.read")
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
		"redirect_uri": {testRedirect}, "client_id": {dpopClientID}}
	tokenURL := h.ts.URL + "/oauth2/v1/token"
	resp, body := h.post(t, "/oauth2/v1/token", form, map[string]string{"DPoP": p.proof("POST", tokenURL, "", "")})
	wantOAuthError(t, resp, body, http.StatusBadRequest, "use_dpop_nonce")
	nonce := resp.Header.Get("DPoP-Nonce")
	if nonce == "" {
		t.Fatalf("use_dpop_nonce without a DPoP-Nonce header")
	}
	resp, body = h.post(t, "/oauth2/v1/token", form, map[string]string{"DPoP": p.proof("POST", tokenURL, nonce, "")})
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("DPoP exchange with nonce: %d %v", resp.StatusCode, body)
	}
	return body
}

func TestDPoPTokenEndpoint(t *testing.T) {
	h := newHarness(t)
	p := newProver(t, h)

	code, verifier := h.codeFor(t, dpopClientID, "openid", "offline_access", "okta.users.read")
	form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
		"redirect_uri": {testRedirect}, "client_id": {dpopClientID}}
	resp, body := h.post(t, "/oauth2/v1/token", form, nil)
	wantOAuthError(t, resp, body, http.StatusBadRequest, "invalid_dpop_proof")

	body = h.dpopExchange(t, p)
	if body["token_type"] != "DPoP" {
		t.Fatalf("token_type = %v, want DPoP", body["token_type"])
	}
	h.srv.mu.Lock()
	g := h.srv.access[body["access_token"].(string)].grant
	h.srv.mu.Unlock()
	jwk := jose.JSONWebKey{Key: p.key.Public()}
	tp, _ := jwk.Thumbprint(crypto.SHA256)
	if g.jkt != base64.RawURLEncoding.EncodeToString(tp) {
		t.Fatalf("token bound to %q, want the proof key's thumbprint", g.jkt)
	}

	// The code flow above left the server's nonce in place; refresh needs the same key.
	tokenURL := h.ts.URL + "/oauth2/v1/token"
	h.srv.mu.Lock()
	nonce := h.srv.tokenNonce.value
	h.srv.mu.Unlock()
	rt := body["refresh_token"].(string)
	refresh := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {dpopClientID}}
	other := newProver(t, h)
	resp, body = h.post(t, "/oauth2/v1/token", refresh, map[string]string{"DPoP": other.proof("POST", tokenURL, nonce, "")})
	wantOAuthError(t, resp, body, http.StatusBadRequest, "invalid_dpop_proof")
	resp, body = h.post(t, "/oauth2/v1/token", refresh, map[string]string{"DPoP": p.proof("POST", tokenURL, nonce, "")})
	if resp.StatusCode != http.StatusOK || body["token_type"] != "DPoP" {
		t.Fatalf("DPoP refresh: %d %v", resp.StatusCode, body)
	}

	// After the server changes its nonce, the old one is refused with the new one offered.
	h.srv.RotateDPoPNonces()
	refresh.Set("refresh_token", body["refresh_token"].(string))
	resp, body = h.post(t, "/oauth2/v1/token", refresh, map[string]string{"DPoP": p.proof("POST", tokenURL, nonce, "")})
	wantOAuthError(t, resp, body, http.StatusBadRequest, "use_dpop_nonce")
	if got := resp.Header.Get("DPoP-Nonce"); got == "" || got == nonce {
		t.Errorf("DPoP-Nonce after rotation = %q", got)
	}
	if c := h.srv.Counts(); c.DPoPNonceErrors != 2 {
		t.Errorf("DPoPNonceErrors = %d, want 2", c.DPoPNonceErrors)
	}
}

func TestDPoPProofChecks(t *testing.T) {
	tests := []struct {
		name  string
		proof func(h *harness, p *prover, nonce string) string
	}{
		{"wrong htm", func(h *harness, p *prover, n string) string {
			return p.proof("GET", h.ts.URL+"/oauth2/v1/token", n, "")
		}},
		{"wrong htu", func(h *harness, p *prover, n string) string {
			return p.proof("POST", h.ts.URL+"/oauth2/v1/revoke", n, "")
		}},
		{"stale iat", func(h *harness, p *prover, n string) string {
			p.skew = -10 * time.Minute
			return p.proof("POST", h.ts.URL+"/oauth2/v1/token", n, "")
		}},
		{"future iat", func(h *harness, p *prover, n string) string {
			p.skew = 10 * time.Minute
			return p.proof("POST", h.ts.URL+"/oauth2/v1/token", n, "")
		}},
		{"wrong typ", func(h *harness, p *prover, n string) string {
			p.typ = "JWT"
			return p.proof("POST", h.ts.URL+"/oauth2/v1/token", n, "")
		}},
		{"not a JWT", func(*harness, *prover, string) string { return "not.a.jwt" }},
		{"HS256", func(h *harness, _ *prover, n string) string {
			sig, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.HS256, Key: []byte("0123456789abcdef0123456789abcdef")},
				(&jose.SignerOptions{}).WithType("dpop+jwt"))
			s, _ := jwt.Signed(sig).Claims(map[string]any{"jti": "x", "htm": "POST", "htu": h.ts.URL + "/oauth2/v1/token",
				"iat": h.clock.Now().Unix(), "nonce": n}).Serialize()
			return s
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			p := newProver(t, h)
			h.srv.mu.Lock()
			nonce := h.srv.current(&h.srv.tokenNonce)
			h.srv.mu.Unlock()
			code, verifier := h.codeFor(t, dpopClientID, "openid")
			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
				"redirect_uri": {testRedirect}, "client_id": {dpopClientID}}
			resp, body := h.post(t, "/oauth2/v1/token", form, map[string]string{"DPoP": tt.proof(h, p, nonce)})
			wantOAuthError(t, resp, body, http.StatusBadRequest, "invalid_dpop_proof")
		})
	}
}

func TestDPoPProofRS256AndReplay(t *testing.T) {
	h := newHarness(t)
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &prover{t: t, alg: jose.RS256, key: k, clk: h.clock.Now, typ: "dpop+jwt"}
	h.srv.mu.Lock()
	nonce := h.srv.current(&h.srv.tokenNonce)
	h.srv.mu.Unlock()
	proof := p.proof("POST", h.ts.URL+"/oauth2/v1/token", nonce, "")
	for i, want := range []int{http.StatusOK, http.StatusBadRequest} {
		code, verifier := h.codeFor(t, dpopClientID, "openid")
		form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
			"redirect_uri": {testRedirect}, "client_id": {dpopClientID}}
		resp, body := h.post(t, "/oauth2/v1/token", form, map[string]string{"DPoP": proof})
		if resp.StatusCode != want {
			t.Fatalf("use %d of one RS256 proof: %d %v, want %d", i+1, resp.StatusCode, body, want)
		}
		if want != http.StatusOK {
			wantOAuthError(t, resp, body, want, "invalid_dpop_proof")
		}
	}
}

func TestDPoPManagementCall(t *testing.T) {
	h := newHarness(t)
	p := newProver(t, h)
	at := h.dpopExchange(t, p)["access_token"].(string)
	apiURL := h.ts.URL + "/api/v1/users"

	resp, body := h.api(t, "Bearer "+at, "")
	wantOktaError(t, resp, body, http.StatusUnauthorized, "E0000011")

	// The resource server has its own nonce: the first call is told to use it.
	resp, body = h.api(t, "DPoP "+at, p.proof("GET", apiURL, "", at))
	wantOktaError(t, resp, body, http.StatusUnauthorized, "E0000011")
	nonce := resp.Header.Get("DPoP-Nonce")
	if www := resp.Header.Get("WWW-Authenticate"); nonce == "" || !strings.Contains(www, `error="use_dpop_nonce"`) || !strings.HasPrefix(www, "DPoP ") {
		t.Fatalf("nonce challenge: WWW-Authenticate=%q DPoP-Nonce=%q", www, nonce)
	}

	resp, body = h.api(t, "DPoP "+at, p.proof("GET", apiURL, nonce, at))
	if resp.StatusCode != http.StatusOK || body["clientId"] != dpopClientID {
		t.Fatalf("DPoP management call: %d %v", resp.StatusCode, body)
	}

	tests := []struct {
		name  string
		proof func() string
	}{
		{"no proof", func() string { return "" }},
		{"no ath", func() string { return p.proof("GET", apiURL, nonce, "") }},
		{"ath of another token", func() string { return p.proof("GET", apiURL, nonce, "another-token") }},
		{"other key", func() string { return newProver(t, h).proof("GET", apiURL, nonce, at) }},
		{"wrong method", func() string { return p.proof("POST", apiURL, nonce, at) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := h.api(t, "DPoP "+at, tt.proof())
			wantOktaError(t, resp, body, http.StatusUnauthorized, "E0000011")
			if www := resp.Header.Get("WWW-Authenticate"); !strings.Contains(www, "error=") {
				t.Errorf("WWW-Authenticate = %q", www)
			}
		})
	}
	t.Run("bearer token sent as DPoP", func(t *testing.T) {
		bearer := h.srv.MintAccessToken(testAdmin.Subject, DefaultClientID, []string{"okta.users.read"})
		resp, body := h.api(t, "DPoP "+bearer, p.proof("GET", apiURL, nonce, bearer))
		wantOktaError(t, resp, body, http.StatusUnauthorized, "E0000011")
	})
	t.Run("replayed proof", func(t *testing.T) {
		proof := p.proof("GET", apiURL, nonce, at)
		if resp, body := h.api(t, "DPoP "+at, proof); resp.StatusCode != http.StatusOK {
			t.Fatalf("first use: %d %v", resp.StatusCode, body)
		}
		resp, body := h.api(t, "DPoP "+at, proof)
		wantOktaError(t, resp, body, http.StatusUnauthorized, "E0000011")
	})
}
