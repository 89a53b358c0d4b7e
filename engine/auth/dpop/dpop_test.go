package dpop

import (
	"crypto"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

type claims struct {
	JTI   string `json:"jti"`
	HTM   string `json:"htm"`
	HTU   string `json:"htu"`
	IAT   int64  `json:"iat"`
	Nonce string `json:"nonce"`
	ATH   string `json:"ath"`
}

// verify checks a proof the way an authorization server does and returns its claims.
func verify(t *testing.T, proof string) (claims, *jose.JSONWebKey) {
	t.Helper()
	jws, err := jose.ParseSignedCompact(proof, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		t.Fatalf("proof is not an ES256 JWS: %v", err)
	}
	h := jws.Signatures[0].Protected
	if typ, _ := h.ExtraHeaders[jose.HeaderType].(string); typ != "dpop+jwt" {
		t.Errorf("typ = %q", typ)
	}
	if h.JSONWebKey == nil || !h.JSONWebKey.IsPublic() || !h.JSONWebKey.Valid() {
		t.Fatal("the proof carries no public jwk")
	}
	payload, err := jws.Verify(h.JSONWebKey)
	if err != nil {
		t.Fatalf("signature: %v", err)
	}
	var c claims
	if err := json.Unmarshal(payload, &c); err != nil {
		t.Fatal(err)
	}
	return c, h.JSONWebKey
}

func ath(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func TestProof(t *testing.T) {
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		name, method, url, nonce, token string
		wantHTU                         string
	}{
		{"token request", "POST", "https://acme.okta.com/oauth2/v1/token", "", "", "https://acme.okta.com/oauth2/v1/token"},
		{"API call with query and nonce", "GET", "https://acme.okta.com/api/v1/users?limit=2&q=a#frag", "n0nce", "at-123", "https://acme.okta.com/api/v1/users"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := k.Proof(tt.method, tt.url, tt.nonce, tt.token, now)
			if err != nil {
				t.Fatal(err)
			}
			c, jwk := verify(t, p)
			if c.HTM != tt.method || c.HTU != tt.wantHTU || c.IAT != now.Unix() || c.Nonce != tt.nonce {
				t.Errorf("claims = %+v", c)
			}
			if (tt.token == "" && c.ATH != "") || (tt.token != "" && c.ATH != ath(tt.token)) {
				t.Errorf("ath = %q", c.ATH)
			}
			if c.JTI == "" || seen[c.JTI] {
				t.Errorf("jti %q is empty or repeated", c.JTI)
			}
			seen[c.JTI] = true
			if tp, _ := jwk.Thumbprint(crypto.SHA256); base64.RawURLEncoding.EncodeToString(tp) != k.Thumbprint() {
				t.Error("the proof's jwk is not the key's public half")
			}
		})
	}
}

func TestKeyRoundTrip(t *testing.T) {
	k, err := NewKey()
	if err != nil {
		t.Fatal(err)
	}
	der, err := k.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseKey(der)
	if err != nil {
		t.Fatal(err)
	}
	if back.Thumbprint() != k.Thumbprint() {
		t.Error("the parsed key differs")
	}
	if _, err := ParseKey([]byte("not a key")); err == nil || !strings.Contains(err.Error(), "sign in to the connection again") {
		t.Errorf("damaged key: %v", err)
	}
	if s := k.String(); !strings.HasPrefix(s, "[DPoP key ") {
		t.Errorf("String = %q", s)
	}
}

// nonceServer demands DPoP proofs carrying its current nonce, like Okta's token endpoint (400)
// and resource server (401).
type nonceServer struct {
	t      *testing.T
	api    bool
	nonce  string
	mu     sync.Mutex
	hits   int
	bodies []string
}

func (s *nonceServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hits++
	body, _ := io.ReadAll(r.Body)
	s.bodies = append(s.bodies, string(body))
	fail := func(code string) {
		if s.api {
			w.Header().Set("WWW-Authenticate", `DPoP error="`+code+`"`)
			w.Header().Set("DPoP-Nonce", s.nonce)
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if code == codeUseNonce {
			w.Header().Set("DPoP-Nonce", s.nonce)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": "x"})
	}
	proof := r.Header.Get("DPoP")
	if proof == "" {
		fail(codeInvalidProof)
		return
	}
	c, _ := verify(s.t, proof)
	if c.HTU != "http://"+r.Host+r.URL.Path || c.HTM != r.Method {
		fail(codeInvalidProof)
		return
	}
	if s.api {
		tok := strings.TrimPrefix(r.Header.Get("Authorization"), "DPoP ")
		if c.ATH != ath(tok) {
			fail(codeInvalidProof)
			return
		}
	}
	if c.Nonce != s.nonce {
		fail(codeUseNonce)
		return
	}
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(`{"ok":true}`))
}

func TestTokenTransport(t *testing.T) {
	t.Run("auto: no proof, then a key, then the nonce", func(t *testing.T) {
		s := &nonceServer{t: t, nonce: "n1"}
		srv := httptest.NewServer(s)
		defer srv.Close()
		tt := NewTokenTransport(nil, nil, true)
		resp, err := (&http.Client{Transport: tt}).Post(srv.URL+"/oauth2/v1/token", "application/x-www-form-urlencoded", strings.NewReader("grant_type=refresh_token"))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || tt.Key() == nil || s.hits != 3 {
			t.Fatalf("status %d, key %v, hits %d; want 200 after 3 tries with a new key", resp.StatusCode, tt.Key(), s.hits)
		}
		for i, b := range s.bodies {
			if b != "grant_type=refresh_token" {
				t.Errorf("try %d sent body %q", i, b)
			}
		}
		// The nonce is remembered: the next request needs one try.
		resp, err = (&http.Client{Transport: tt}).Post(srv.URL+"/oauth2/v1/token", "application/x-www-form-urlencoded", strings.NewReader("x=1"))
		if err != nil || resp.StatusCode != http.StatusOK || s.hits != 4 {
			t.Fatalf("second request: %v, hits %d", err, s.hits)
		}
		resp.Body.Close()
	})
	t.Run("not auto: the org's answer is returned", func(t *testing.T) {
		s := &nonceServer{t: t, nonce: "n1"}
		srv := httptest.NewServer(s)
		defer srv.Close()
		tt := NewTokenTransport(nil, nil, false)
		resp, err := (&http.Client{Transport: tt}).Post(srv.URL+"/oauth2/v1/token", "application/x-www-form-urlencoded", strings.NewReader("a=b"))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(body), codeInvalidProof) || tt.Key() != nil {
			t.Errorf("status %d body %s key %v", resp.StatusCode, body, tt.Key())
		}
	})
}

func TestAPITransport(t *testing.T) {
	s := &nonceServer{t: t, api: true, nonce: "r1"}
	srv := httptest.NewServer(s)
	defer srv.Close()
	k, _ := NewKey()
	hc := &http.Client{Transport: &APITransport{Key: k}}
	send := func(scheme string) int {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/v1/groups?x=1", strings.NewReader(`{"profile":{}}`))
		req.Header.Set("Authorization", scheme+" at-secret")
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if code := send("DPoP"); code != http.StatusOK || s.hits != 2 {
		t.Fatalf("first call: %d after %d hits, want 200 after the nonce retry", code, s.hits)
	}
	if s.bodies[1] != `{"profile":{}}` {
		t.Errorf("the retry sent %q", s.bodies[1])
	}
	if code := send("DPoP"); code != http.StatusOK || s.hits != 3 {
		t.Errorf("second call: %d, hits %d; the nonce should be reused", code, s.hits)
	}
	if code := send("Bearer"); code != http.StatusUnauthorized || s.hits != 4 {
		t.Errorf("a Bearer request got a proof or a retry (%d, %d hits)", code, s.hits)
	}
}
