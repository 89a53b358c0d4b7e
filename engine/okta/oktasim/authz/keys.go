package authz

import (
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"sync"

	jose "github.com/go-jose/go-jose/v4"
)

// signingKey signs ID tokens with RS256, as Okta's org authorization server does.
type signingKey struct {
	priv   *rsa.PrivateKey
	kid    string
	signer jose.Signer
}

// processKey is generated once per process when Config.SigningKey is nil: a 2048-bit RSA key
// takes long enough to generate that building one per test server would slow the suite.
var processKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic("authz: generate RSA signing key: " + err.Error())
	}
	return k
})

func newSigningKey(priv *rsa.PrivateKey) *signingKey {
	if priv == nil {
		priv = processKey()
	}
	pub := jose.JSONWebKey{Key: &priv.PublicKey}
	tp, err := pub.Thumbprint(crypto.SHA256)
	if err != nil {
		panic("authz: thumbprint of the signing key: " + err.Error())
	}
	kid := base64.RawURLEncoding.EncodeToString(tp)
	signer, err := jose.NewSigner(
		jose.SigningKey{Algorithm: jose.RS256, Key: jose.JSONWebKey{Key: priv, KeyID: kid}},
		(&jose.SignerOptions{}).WithType("JWT"))
	if err != nil {
		panic("authz: RS256 signer: " + err.Error())
	}
	return &signingKey{priv: priv, kid: kid, signer: signer}
}

// JWKS is the public key set served at /oauth2/v1/keys.
func (s *Server) JWKS() jose.JSONWebKeySet {
	return jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{
		Key: &s.keys.priv.PublicKey, KeyID: s.keys.kid, Algorithm: string(jose.RS256), Use: "sig",
	}}}
}

func (s *Server) serveKeys(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "The /keys endpoint supports GET only.")
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "max-age=3832304, must-revalidate")
	_ = json.NewEncoder(w).Encode(s.JWKS())
}
