package authz

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
	"golang.org/x/oauth2"
)

func TestCodeFlowWithPKCE(t *testing.T) {
	h := newHarness(t)
	conf := h.oauthConfig(DefaultClientID, "openid", "profile", "email", "offline_access", "okta.users.read")
	verifier := oauth2.GenerateVerifier()
	loc := h.authorize(t, conf.AuthCodeURL("state-123", oauth2.S256ChallengeOption(verifier),
		oauth2.SetAuthURLParam("nonce", "nonce-456")))

	if got := loc.Scheme + "://" + loc.Host + loc.Path; got != testRedirect {
		t.Fatalf("redirected to %s, want %s", got, testRedirect)
	}
	if loc.Query().Get("state") != "state-123" {
		t.Fatalf("state not echoed: %s", loc)
	}
	tok, err := conf.Exchange(h.ctx(), loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	if tok.TokenType != "Bearer" || tok.AccessToken == "" || tok.RefreshToken == "" {
		t.Fatalf("token = %+v, want Bearer with access and refresh tokens", tok)
	}
	if got := tok.Extra("scope"); got != "openid profile email offline_access okta.users.read" {
		t.Errorf("scope = %v", got)
	}
	if got := tok.Extra("expires_in"); got != float64(3600) {
		t.Errorf("expires_in = %v, want 3600", got)
	}

	resp, body := h.api(t, "Bearer "+tok.AccessToken, "")
	if resp.StatusCode != http.StatusOK || body["sub"] != testAdmin.Subject || body["clientId"] != DefaultClientID || body["kind"] != TokenKindOAuth {
		t.Fatalf("management call: %d %v", resp.StatusCode, body)
	}

	idt, _ := tok.Extra("id_token").(string)
	claims := verifyIDToken(t, h, idt)
	want := map[string]any{
		"iss": h.ts.URL, "aud": DefaultClientID, "sub": testAdmin.Subject, "nonce": "nonce-456",
		"name": testAdmin.Name, "preferred_username": testAdmin.Login, "email": testAdmin.Login,
	}
	for k, v := range want {
		if claims[k] != v {
			t.Errorf("id_token %s = %v, want %v", k, claims[k], v)
		}
	}
	if iat, exp := claims["iat"].(float64), claims["exp"].(float64); iat != float64(h.clock.Now().Unix()) || exp != iat+3600 {
		t.Errorf("id_token iat/exp = %v/%v", iat, exp)
	}
	if c := h.srv.Counts(); c.Authorize != 1 || c.Token != 1 || c.AuthorizationCodes != 1 {
		t.Errorf("counts = %+v", c)
	}
}

// verifyIDToken checks the signature against the JWKS found through the discovery document.
func verifyIDToken(t *testing.T, h *harness, idt string) map[string]any {
	t.Helper()
	var md map[string]any
	getJSON(t, h, "/.well-known/openid-configuration", &md)
	if md["issuer"] != h.ts.URL || md["jwks_uri"] != h.ts.URL+"/oauth2/v1/keys" {
		t.Fatalf("metadata = %v", md)
	}
	var set jose.JSONWebKeySet
	getJSON(t, h, "/oauth2/v1/keys", &set)
	parsed, err := jwt.ParseSigned(idt, []jose.SignatureAlgorithm{jose.RS256})
	if err != nil {
		t.Fatalf("parse id_token: %v", err)
	}
	keys := set.Key(parsed.Headers[0].KeyID)
	if len(keys) != 1 || keys[0].Algorithm != "RS256" || keys[0].Use != "sig" {
		t.Fatalf("no RS256 signing key %q in JWKS %+v", parsed.Headers[0].KeyID, set)
	}
	var claims map[string]any
	var std jwt.Claims
	if err := parsed.Claims(keys[0].Key, &claims, &std); err != nil {
		t.Fatalf("id_token signature: %v", err)
	}
	if err := std.Validate(jwt.Expected{Issuer: h.ts.URL, AnyAudience: jwt.Audience{DefaultClientID}, Time: h.clock.Now()}); err != nil {
		t.Fatalf("id_token claims: %v", err)
	}
	return claims
}

func getJSON(t *testing.T, h *harness, path string, v any) {
	t.Helper()
	resp, err := h.ts.Client().Get(h.ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET %s: %d %s", path, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

func TestMetadataBothWellKnownPaths(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/.well-known/openid-configuration", "/.well-known/oauth-authorization-server"} {
		t.Run(path, func(t *testing.T) {
			var md map[string]any
			getJSON(t, h, path, &md)
			for k, v := range map[string]string{
				"authorization_endpoint": "/oauth2/v1/authorize", "token_endpoint": "/oauth2/v1/token",
				"revocation_endpoint": "/oauth2/v1/revoke", "jwks_uri": "/oauth2/v1/keys",
			} {
				if md[k] != h.ts.URL+v {
					t.Errorf("%s = %v, want %s", k, md[k], h.ts.URL+v)
				}
			}
			if algs, _ := md["dpop_signing_alg_values_supported"].([]any); len(algs) == 0 {
				t.Errorf("no dpop_signing_alg_values_supported")
			}
		})
	}
}

func TestAuthorizeErrorPagesDoNotRedirect(t *testing.T) {
	h := newHarness(t)
	base := h.oauthConfig(DefaultClientID, "openid")
	tests := []struct {
		name string
		url  string
	}{
		{"unknown client", strings.Replace(base.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), DefaultClientID, "0oanosuchclient", 1)},
		{"other port", withRedirect(base, "http://127.0.0.1:9999/callback")},
		{"localhost instead of 127.0.0.1", withRedirect(base, "http://localhost:8765/callback")},
		{"trailing slash", withRedirect(base, testRedirect+"/")},
		{"missing redirect_uri", withRedirect(base, "")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := h.noRedirect.Get(tt.url)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" {
				t.Fatalf("got %d Location=%q, want 400 and no redirect", resp.StatusCode, resp.Header.Get("Location"))
			}
			if !strings.Contains(string(b), "error-summary") {
				t.Errorf("no error page: %s", b)
			}
		})
	}
}

func withRedirect(c *oauth2.Config, uri string) string {
	cc := *c
	cc.RedirectURL = uri
	return cc.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()))
}

func TestAuthorizeErrorsRedirectToClient(t *testing.T) {
	h := newHarness(t)
	v := oauth2.GenerateVerifier()
	tests := []struct {
		name, wantErr string
		edit          func(q url.Values)
	}{
		{"unknown scope", "invalid_scope", func(q url.Values) { q.Set("scope", "openid okta.nosuch.read") }},
		{"no openid", "invalid_scope", func(q url.Values) { q.Set("scope", "okta.users.read") }},
		{"no scope", "invalid_scope", func(q url.Values) { q.Del("scope") }},
		{"no state", "invalid_request", func(q url.Values) { q.Del("state") }},
		{"no code_challenge", "invalid_request", func(q url.Values) { q.Del("code_challenge"); q.Del("code_challenge_method") }},
		{"plain method", "invalid_request", func(q url.Values) { q.Set("code_challenge_method", "plain"); q.Set("code_challenge", v) }},
		{"missing method", "invalid_request", func(q url.Values) { q.Del("code_challenge_method") }},
		{"token response type", "unsupported_response_type", func(q url.Values) { q.Set("response_type", "token") }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, _ := url.Parse(h.oauthConfig(DefaultClientID, "openid").AuthCodeURL("st", oauth2.S256ChallengeOption(v)))
			q := u.Query()
			tt.edit(q)
			u.RawQuery = q.Encode()
			loc := h.authorize(t, u.String())
			if got := loc.Query().Get("error"); got != tt.wantErr {
				t.Fatalf("error = %q (%s), want %s", got, loc.Query().Get("error_description"), tt.wantErr)
			}
			if loc.Query().Get("code") != "" {
				t.Fatalf("an error redirect carried a code")
			}
			if q.Get("state") != "" && loc.Query().Get("state") != "st" {
				t.Errorf("state not echoed on error: %s", loc)
			}
		})
	}
}

func TestAuthorizeClientAllowedScopes(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1_700_000_000, 0)}
	srv := New(Config{Clients: []Client{{ID: "0oaread", RedirectURIs: []string{testRedirect},
		AllowedScopes: []string{"openid", "okta.users.read"}}}, Admin: testAdmin, Clock: clock.Now})
	h := &harness{srv: srv, clock: clock}
	h.ts = httptestServer(t, srv.Handler())
	nr := *h.ts.Client()
	nr.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	h.noRedirect = &nr
	loc := h.authorize(t, h.oauthConfig("0oaread", "openid", "okta.users.manage").AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
	if loc.Query().Get("error") != "invalid_scope" {
		t.Fatalf("a scope not granted to the app was accepted: %s", loc)
	}
}

func TestCodeExchangeErrors(t *testing.T) {
	tests := []struct {
		name       string
		edit       func(h *harness, form url.Values)
		status     int
		wantErr    string
		clientAuth bool
	}{
		{"wrong verifier", func(_ *harness, f url.Values) { f.Set("code_verifier", oauth2.GenerateVerifier()) }, 400, "invalid_grant", false},
		{"missing verifier", func(_ *harness, f url.Values) { f.Del("code_verifier") }, 400, "invalid_request", false},
		{"other redirect_uri", func(_ *harness, f url.Values) { f.Set("redirect_uri", "http://127.0.0.1:8766/callback") }, 400, "invalid_grant", false},
		{"other client", func(_ *harness, f url.Values) { f.Set("client_id", staticClientID) }, 400, "invalid_grant", false},
		{"unknown client", func(_ *harness, f url.Values) { f.Set("client_id", "0oanosuch") }, 401, "invalid_client", false},
		{"no client", func(_ *harness, f url.Values) { f.Del("client_id") }, 401, "invalid_client", false},
		{"unknown code", func(_ *harness, f url.Values) { f.Set("code", "nosuchcode") }, 400, "invalid_grant", false},
		{"expired code", func(h *harness, _ url.Values) { h.clock.Advance(DefaultCodeTTL) }, 400, "invalid_grant", false},
		{"unsupported grant", func(_ *harness, f url.Values) { f.Set("grant_type", "password") }, 400, "unsupported_grant_type", false},
		{"basic auth for a public client", func(_ *harness, _ url.Values) {}, 401, "invalid_client", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			code, verifier := h.codeFor(t, DefaultClientID, "openid")
			form := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
				"redirect_uri": {testRedirect}, "client_id": {DefaultClientID}}
			tt.edit(h, form)
			hdr := map[string]string{}
			if tt.clientAuth {
				hdr["Authorization"] = "Basic " + basic(DefaultClientID, "")
			}
			resp, body := h.post(t, "/oauth2/v1/token", form, hdr)
			wantOAuthError(t, resp, body, tt.status, tt.wantErr)
		})
	}
}

func basic(user, pass string) string {
	r, _ := http.NewRequest(http.MethodGet, "http://x", nil)
	r.SetBasicAuth(user, pass)
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
}

func TestCodeIsSingleUse(t *testing.T) {
	h := newHarness(t)
	conf := h.oauthConfig(DefaultClientID, "openid", "offline_access", "okta.users.read")
	code, verifier := h.codeFor(t, DefaultClientID, conf.Scopes...)
	tok, err := conf.Exchange(h.ctx(), code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("first exchange: %v", err)
	}
	_, err = conf.Exchange(h.ctx(), code, oauth2.VerifierOption(verifier))
	var re *oauth2.RetrieveError
	if !errors.As(err, &re) || re.ErrorCode != "invalid_grant" || re.Response.StatusCode != http.StatusBadRequest {
		t.Fatalf("second exchange: %v, want 400 invalid_grant", err)
	}
	// A replayed code ends the tokens it produced, as RFC 6749 §4.1.2 recommends.
	if !h.srv.Revoked(tok.AccessToken) || !h.srv.Revoked(tok.RefreshToken) {
		t.Errorf("tokens of a replayed code are still live")
	}
}

func TestAutoDetectAuthStyleStillWorks(t *testing.T) {
	h := newHarness(t)
	conf := h.oauthConfig(DefaultClientID, "openid")
	conf.Endpoint.AuthStyle = oauth2.AuthStyleAutoDetect
	code, verifier := h.codeFor(t, DefaultClientID, "openid")
	// x/oauth2 tries HTTP Basic first; the refusal must not consume the code.
	if _, err := conf.Exchange(h.ctx(), code, oauth2.VerifierOption(verifier)); err != nil {
		t.Fatalf("exchange with auth style auto-detection: %v", err)
	}
	if c := h.srv.Counts(); c.Token != 2 {
		t.Errorf("token calls = %d, want 2 (Basic refused, then params)", c.Token)
	}
}
