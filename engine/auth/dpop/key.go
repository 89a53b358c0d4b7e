// Package dpop adds Demonstrating Proof of Possession (RFC 9449) to a connection's HTTP calls, for
// Okta apps that require it: a per-connection EC P-256 key, a fresh signed proof on every token
// and API request, the server's DPoP-Nonce echoed back (one retry after use_dpop_nonce), and
// "Authorization: DPoP <token>" with the proof's ath on API calls.
package dpop

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// Key is a connection's DPoP key. Its private half is stored only sealed, with the tokens it is
// bound to; it is never printed.
type Key struct {
	priv   *ecdsa.PrivateKey
	signer jose.Signer
}

// NewKey generates a P-256 key.
func NewKey() (*Key, error) {
	priv, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("generating the DPoP key: %w", err)
	}
	return newKey(priv)
}

// ParseKey reads a key written by Marshal.
func ParseKey(der []byte) (*Key, error) {
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("the stored DPoP key is damaged: sign in to the connection again: %w", err)
	}
	priv, ok := k.(*ecdsa.PrivateKey)
	if !ok || priv.Curve != elliptic.P256() {
		return nil, errors.New("the stored DPoP key is not a P-256 key: sign in to the connection again")
	}
	return newKey(priv)
}

func newKey(priv *ecdsa.PrivateKey) (*Key, error) {
	// EmbedJWK puts the public key in the proof's "jwk" header, as RFC 9449 asks.
	opts := (&jose.SignerOptions{EmbedJWK: true}).WithType("dpop+jwt")
	signer, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: priv}, opts)
	if err != nil {
		return nil, fmt.Errorf("preparing the DPoP signer: %w", err)
	}
	return &Key{priv: priv, signer: signer}, nil
}

// Marshal returns the private key as PKCS #8 DER, to be sealed with the connection's tokens.
func (k *Key) Marshal() ([]byte, error) {
	return x509.MarshalPKCS8PrivateKey(k.priv)
}

// Thumbprint is the base64url SHA-256 JWK thumbprint the org binds tokens to (jkt).
func (k *Key) Thumbprint() string {
	tp, _ := (&jose.JSONWebKey{Key: &k.priv.PublicKey}).Thumbprint(crypto.SHA256)
	return base64.RawURLEncoding.EncodeToString(tp)
}

// String keeps the key out of logs and error messages.
func (k *Key) String() string { return "[DPoP key " + k.Thumbprint()[:8] + "…]" }

// Proof signs a DPoP proof for one request: htm is the method, htu the URL without query and
// fragment, nonce the server's latest DPoP-Nonce (or ""), and accessToken, when set, is bound
// through ath (API calls; not token requests).
func (k *Key) Proof(method, rawURL, nonce, accessToken string, now time.Time) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("DPoP proof for an invalid URL: %w", err)
	}
	htu := url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path, RawPath: u.RawPath}
	jti := make([]byte, 18)
	if _, err := rand.Read(jti); err != nil {
		return "", err
	}
	claims := map[string]any{
		"jti": base64.RawURLEncoding.EncodeToString(jti),
		"htm": method,
		"htu": htu.String(),
		"iat": now.Unix(),
	}
	if nonce != "" {
		claims["nonce"] = nonce
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		claims["ath"] = base64.RawURLEncoding.EncodeToString(sum[:])
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", err
	}
	jws, err := k.signer.Sign(payload)
	if err != nil {
		return "", fmt.Errorf("signing the DPoP proof: %w", err)
	}
	return jws.CompactSerialize()
}
