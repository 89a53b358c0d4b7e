package authz

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"
)

// exchange runs the code flow for clientID and returns the token response body.
func (h *harness) exchange(t *testing.T, clientID string, scopes ...string) map[string]any {
	t.Helper()
	code, verifier := h.codeFor(t, clientID, scopes...)
	resp, body := h.post(t, "/oauth2/v1/token", url.Values{"grant_type": {"authorization_code"}, "code": {code},
		"code_verifier": {verifier}, "redirect_uri": {testRedirect}, "client_id": {clientID}}, nil)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("exchange: %d %v", resp.StatusCode, body)
	}
	return body
}

func (h *harness) refresh(t *testing.T, clientID, rt string, extra url.Values) (*http.Response, map[string]any) {
	t.Helper()
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}, "client_id": {clientID}}
	for k, v := range extra {
		form[k] = v
	}
	return h.post(t, "/oauth2/v1/token", form, nil)
}

func TestRefresh(t *testing.T) {
	scopes := []string{"openid", "offline_access", "okta.users.read"}
	t.Run("rotation: old token then invalid_grant", func(t *testing.T) {
		h := newHarness(t)
		first := h.exchange(t, DefaultClientID, scopes...)
		old := first["refresh_token"].(string)
		resp, body := h.refresh(t, DefaultClientID, old, nil)
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("refresh: %d %v", resp.StatusCode, body)
		}
		if body["refresh_token"] == old || body["refresh_token"] == "" || body["access_token"] == first["access_token"] {
			t.Fatalf("rotation did not issue new tokens: %v", body)
		}
		if body["id_token"] == nil {
			t.Errorf("refresh with openid returned no id_token")
		}
		resp, body2 := h.refresh(t, DefaultClientID, old, nil)
		wantOAuthError(t, resp, body2, http.StatusBadRequest, "invalid_grant")
		// The new refresh token still works, and the access token minted before rotation too.
		if resp, b := h.refresh(t, DefaultClientID, body["refresh_token"].(string), nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("refresh with the rotated token: %d %v", resp.StatusCode, b)
		}
		if resp, b := h.api(t, "Bearer "+first["access_token"].(string), ""); resp.StatusCode != http.StatusOK {
			t.Errorf("access token issued before rotation: %d %v", resp.StatusCode, b)
		}
		if c := h.srv.Counts(); c.Refreshes != 2 || c.Token != 4 {
			t.Errorf("counts = %+v", c)
		}
	})
	t.Run("no rotation: same refresh token", func(t *testing.T) {
		h := newHarness(t)
		rt := h.exchange(t, staticClientID, scopes...)["refresh_token"].(string)
		for range 2 {
			resp, body := h.refresh(t, staticClientID, rt, nil)
			if resp.StatusCode != http.StatusOK || body["refresh_token"] != rt {
				t.Fatalf("refresh: %d %v, want the same refresh token back", resp.StatusCode, body)
			}
		}
	})
	t.Run("narrower scope", func(t *testing.T) {
		h := newHarness(t)
		rt := h.exchange(t, DefaultClientID, scopes...)["refresh_token"].(string)
		resp, body := h.refresh(t, DefaultClientID, rt, url.Values{"scope": {"offline_access okta.users.read"}})
		if resp.StatusCode != http.StatusOK || body["scope"] != "offline_access okta.users.read" || body["id_token"] != nil {
			t.Fatalf("refresh with narrower scope: %d %v", resp.StatusCode, body)
		}
	})
	tests := []struct {
		name   string
		client string
		token  func(h *harness, rt string) string
		extra  url.Values
		want   string
	}{
		{"wider scope", DefaultClientID, keep, url.Values{"scope": {"openid okta.users.manage"}}, "invalid_scope"},
		{"other client", staticClientID, keep, nil, "invalid_grant"},
		{"unknown token", DefaultClientID, func(*harness, string) string { return "nosuchtoken" }, nil, "invalid_grant"},
		{"expired", DefaultClientID, func(h *harness, rt string) string { h.clock.Advance(DefaultRefreshTokenTTL); return rt }, nil, "invalid_grant"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			rt := h.exchange(t, DefaultClientID, scopes...)["refresh_token"].(string)
			resp, body := h.refresh(t, tt.client, tt.token(h, rt), tt.extra)
			wantOAuthError(t, resp, body, http.StatusBadRequest, tt.want)
		})
	}
}

func keep(_ *harness, rt string) string { return rt }

func TestNoRefreshTokenWithoutOfflineAccess(t *testing.T) {
	h := newHarness(t)
	body := h.exchange(t, DefaultClientID, "openid", "okta.users.read")
	if _, ok := body["refresh_token"]; ok {
		t.Fatalf("refresh_token issued without offline_access: %v", body)
	}
}

func TestTokenSourceRefreshesWithRotation(t *testing.T) {
	h := newHarness(t)
	conf := h.oauthConfig(DefaultClientID, "openid", "offline_access", "okta.users.read")
	code, verifier := h.codeFor(t, DefaultClientID, conf.Scopes...)
	tok, err := conf.Exchange(h.ctx(), code, oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	// x/oauth2 judges expiry by the wall clock, so mark the token expired rather than move time.
	tok.Expiry = time.Now().Add(-time.Minute)
	next, err := conf.TokenSource(h.ctx(), tok).Token()
	if err != nil {
		t.Fatalf("refresh through x/oauth2: %v", err)
	}
	if next.RefreshToken == tok.RefreshToken || !h.srv.Revoked(tok.RefreshToken) {
		t.Fatalf("refresh token was not rotated")
	}
}

func TestRevoke(t *testing.T) {
	scopes := []string{"openid", "offline_access", "okta.users.read"}
	revoke := func(t *testing.T, h *harness, tok, hint string) {
		t.Helper()
		form := url.Values{"token": {tok}, "client_id": {DefaultClientID}}
		if hint != "" {
			form.Set("token_type_hint", hint)
		}
		if resp, body := h.post(t, "/oauth2/v1/revoke", form, nil); resp.StatusCode != http.StatusOK {
			t.Fatalf("revoke: %d %v", resp.StatusCode, body)
		}
	}
	t.Run("refresh token takes its access tokens", func(t *testing.T) {
		h := newHarness(t)
		first := h.exchange(t, DefaultClientID, scopes...)
		_, second := h.refresh(t, DefaultClientID, first["refresh_token"].(string), nil)
		other := h.exchange(t, DefaultClientID, scopes...)
		revoke(t, h, second["refresh_token"].(string), "refresh_token")
		for _, at := range []any{first["access_token"], second["access_token"]} {
			resp, body := h.api(t, "Bearer "+at.(string), "")
			wantOktaError(t, resp, body, http.StatusUnauthorized, "E0000011")
		}
		resp, body := h.refresh(t, DefaultClientID, second["refresh_token"].(string), nil)
		wantOAuthError(t, resp, body, http.StatusBadRequest, "invalid_grant")
		if resp, _ := h.api(t, "Bearer "+other["access_token"].(string), ""); resp.StatusCode != http.StatusOK {
			t.Errorf("another grant's access token died too: %d", resp.StatusCode)
		}
	})
	t.Run("access token alone", func(t *testing.T) {
		h := newHarness(t)
		body := h.exchange(t, DefaultClientID, scopes...)
		revoke(t, h, body["access_token"].(string), "")
		if !h.srv.Revoked(body["access_token"].(string)) || h.srv.Revoked(body["refresh_token"].(string)) {
			t.Fatalf("revoking the access token: access revoked=%v refresh revoked=%v",
				h.srv.Revoked(body["access_token"].(string)), h.srv.Revoked(body["refresh_token"].(string)))
		}
		if resp, b := h.refresh(t, DefaultClientID, body["refresh_token"].(string), nil); resp.StatusCode != http.StatusOK {
			t.Errorf("refresh after access revoke: %d %v", resp.StatusCode, b)
		}
	})
	t.Run("unknown token is 200", func(t *testing.T) {
		h := newHarness(t)
		revoke(t, h, "nosuchtoken", "refresh_token")
		if c := h.srv.Counts(); c.Revoke != 1 {
			t.Errorf("revoke count = %d", c.Revoke)
		}
	})
	t.Run("another client's token is left alone", func(t *testing.T) {
		h := newHarness(t)
		body := h.exchange(t, staticClientID, scopes...)
		revoke(t, h, body["refresh_token"].(string), "")
		if h.srv.Revoked(body["refresh_token"].(string)) {
			t.Fatalf("a client revoked another client's token")
		}
	})
	t.Run("missing token is 400", func(t *testing.T) {
		h := newHarness(t)
		resp, body := h.post(t, "/oauth2/v1/revoke", url.Values{"client_id": {DefaultClientID}}, nil)
		wantOAuthError(t, resp, body, http.StatusBadRequest, "invalid_request")
	})
	t.Run("RevokeUser", func(t *testing.T) {
		h := newHarness(t)
		body := h.exchange(t, DefaultClientID, scopes...)
		minted := h.srv.MintAccessToken("00uother", DefaultClientID, []string{"okta.users.read"})
		if n := h.srv.RevokeUser(testAdmin.Subject); n != 1 {
			t.Errorf("RevokeUser ended %d grants, want 1", n)
		}
		if !h.srv.Revoked(body["access_token"].(string)) || !h.srv.Revoked(body["refresh_token"].(string)) || h.srv.Revoked(minted) {
			t.Fatalf("RevokeUser revoked the wrong tokens")
		}
	})
}

func TestManagementAuth(t *testing.T) {
	tests := []struct {
		name   string
		auth   func(h *harness) string
		status int
		code   string
	}{
		{"no header", func(*harness) string { return "" }, 401, "E0000011"},
		{"unknown bearer", func(*harness) string { return "Bearer nosuchtoken" }, 401, "E0000011"},
		{"unknown SSWS", func(*harness) string { return "SSWS nosuchtoken" }, 401, "E0000011"},
		{"basic", func(*harness) string { return "Basic " + basic("a", "b") }, 401, "E0000011"},
		{"expired", func(h *harness) string {
			tok := h.srv.MintAccessToken(testAdmin.Subject, DefaultClientID, []string{"okta.users.read"})
			h.clock.Advance(DefaultAccessTokenTTL)
			return "Bearer " + tok
		}, 401, "E0000011"},
		{"missing scope", func(h *harness) string {
			return "Bearer " + h.srv.MintAccessToken(testAdmin.Subject, DefaultClientID, []string{"okta.groups.read"})
		}, 403, "E0000006"},
		{"read scope", func(h *harness) string {
			return "Bearer " + h.srv.MintAccessToken(testAdmin.Subject, DefaultClientID, []string{"okta.users.read"})
		}, 200, ""},
		{"manage implies read", func(h *harness) string {
			return "Bearer " + h.srv.MintAccessToken(testAdmin.Subject, DefaultClientID, []string{"okta.users.manage"})
		}, 200, ""},
		{"SSWS has every scope", func(*harness) string { return "SSWS " + testAPIToken }, 200, ""},
		{"added API token", func(h *harness) string { h.srv.AddAPIToken("00sswsAdded", testAdmin); return "SSWS 00sswsAdded" }, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t)
			resp, body := h.api(t, tt.auth(h), "")
			if tt.code == "" {
				if resp.StatusCode != http.StatusOK || body["sub"] != testAdmin.Subject {
					t.Fatalf("got %d %v, want 200 as the admin", resp.StatusCode, body)
				}
				return
			}
			wantOktaError(t, resp, body, tt.status, tt.code)
			if www := resp.Header.Get("WWW-Authenticate"); tt.status == 403 && !strings.Contains(www, `error="insufficient_scope"`) ||
				tt.name == "expired" && !strings.Contains(www, "expired") {
				t.Errorf("WWW-Authenticate = %q", www)
			}
		})
	}
}

func TestPrincipalHasScope(t *testing.T) {
	p := &Principal{TokenKind: TokenKindOAuth, Scopes: []string{"okta.users.manage", "okta.logs.read"}}
	for s, want := range map[string]bool{
		"okta.users.manage": true, "okta.users.read": true, "okta.logs.read": true,
		"okta.logs.manage": false, "okta.groups.read": false, "openid": false,
	} {
		if got := p.HasScope(s); got != want {
			t.Errorf("HasScope(%q) = %v, want %v", s, got, want)
		}
	}
	if !(&Principal{TokenKind: TokenKindSSWS}).HasScope("okta.groups.manage") {
		t.Errorf("an API token lacks a scope")
	}
}
