package authz

import (
	"crypto"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"strings"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// DPoP (RFC 9449) as Okta applies it: proofs signed with ES256 or RS256, a server nonce at the
// token endpoint and another at the resource server, and tokens bound to the key thumbprint.

// dpopAlgs are the proof algorithms accepted (and advertised in the metadata).
var dpopAlgs = []jose.SignatureAlgorithm{jose.RS256, jose.ES256}

// Proof freshness: how far iat may lie in the past or the future of the server clock.
const (
	proofMaxAge  = 5 * time.Minute
	proofMaxSkew = 1 * time.Minute
)

// DPoP error codes, as in the OAuth error body and the WWW-Authenticate header.
const (
	errInvalidDPoPProof = "invalid_dpop_proof"
	errUseDPoPNonce     = "use_dpop_nonce"
)

// nonce is a server-chosen DPoP nonce; the client must echo the current one.
type nonce struct {
	value  string
	issued time.Time
}

// current returns the nonce, choosing a new one when none exists or it has aged out. Callers
// hold s.mu.
func (s *Server) current(n *nonce) string {
	now := s.clock()
	if n.value == "" || now.Sub(n.issued) >= s.cfg.DPoPNonceTTL {
		*n = nonce{value: randomToken(24), issued: now}
	}
	return n.value
}

// RotateDPoPNonces replaces both DPoP nonces (token endpoint and resource server), so proofs that
// carry the old ones get use_dpop_nonce: for tests of a client's nonce handling.
func (s *Server) RotateDPoPNonces() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.clock()
	s.tokenNonce = nonce{value: randomToken(24), issued: now}
	s.resourceNonce = nonce{value: randomToken(24), issued: now}
}

type proofError struct {
	code  string // errInvalidDPoPProof or errUseDPoPNonce
	desc  string
	nonce string // with errUseDPoPNonce: the nonce to send in DPoP-Nonce
}

type proofClaims struct {
	JTI   string          `json:"jti"`
	HTM   string          `json:"htm"`
	HTU   string          `json:"htu"`
	IAT   json.RawMessage `json:"iat"`
	Nonce string          `json:"nonce"`
	ATH   string          `json:"ath"`
}

// verifyProof checks a DPoP proof for a request to method htu. n is the nonce slot that applies
// (token endpoint or resource server); accessToken, when set, must match the proof's ath. It
// returns the key's SHA-256 thumbprint. Callers hold s.mu.
func (s *Server) verifyProof(proof, method, htu string, n *nonce, accessToken string) (string, *proofError) {
	bad := func(desc string) (string, *proofError) {
		return "", &proofError{code: errInvalidDPoPProof, desc: desc}
	}
	if proof == "" {
		return bad("The DPoP proof JWT header is missing.")
	}
	jws, err := jose.ParseSignedCompact(proof, dpopAlgs)
	if err != nil || len(jws.Signatures) != 1 {
		return bad("The DPoP proof is not a JWT signed with RS256 or ES256.")
	}
	h := jws.Signatures[0].Protected
	if typ, _ := h.ExtraHeaders[jose.HeaderType].(string); typ != "dpop+jwt" {
		return bad("The DPoP proof 'typ' header must be 'dpop+jwt'.")
	}
	jwk := h.JSONWebKey
	if jwk == nil || !jwk.Valid() || !jwk.IsPublic() {
		return bad("The DPoP proof 'jwk' header is missing or is not a public key.")
	}
	payload, err := jws.Verify(jwk)
	if err != nil {
		return bad("The DPoP proof signature is invalid.")
	}
	var c proofClaims
	if err := json.Unmarshal(payload, &c); err != nil {
		return bad("The DPoP proof claims are not valid JSON.")
	}
	if c.JTI == "" {
		return bad("The DPoP proof 'jti' claim is missing.")
	}
	if c.HTM != method {
		return bad("The DPoP proof 'htm' claim does not match the request method.")
	}
	if !sameHTU(c.HTU, htu) {
		return bad("The DPoP proof 'htu' claim does not match the request URL.")
	}
	var iat float64
	if err := json.Unmarshal(c.IAT, &iat); err != nil {
		return bad("The DPoP proof 'iat' claim is missing.")
	}
	now := s.clock()
	issued := time.Unix(int64(iat), 0)
	if issued.Before(now.Add(-proofMaxAge)) || issued.After(now.Add(proofMaxSkew)) {
		return bad("The DPoP proof 'iat' claim is not recent.")
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		want := base64.RawURLEncoding.EncodeToString(sum[:])
		if subtle.ConstantTimeCompare([]byte(c.ATH), []byte(want)) != 1 {
			return bad("The DPoP proof 'ath' claim does not match the access token.")
		}
	}
	if cur := s.current(n); c.Nonce != cur {
		return "", &proofError{code: errUseDPoPNonce, desc: "Authorization server requires nonce in DPoP proof.", nonce: cur}
	}
	s.pruneJTIs(now)
	if _, seen := s.jtis[c.JTI]; seen {
		return bad("The DPoP proof 'jti' has been used before.")
	}
	s.jtis[c.JTI] = issued.Add(proofMaxAge + proofMaxSkew)
	tp, err := jwk.Thumbprint(crypto.SHA256)
	if err != nil {
		return bad("The DPoP proof key has no thumbprint.")
	}
	return base64.RawURLEncoding.EncodeToString(tp), nil
}

// pruneJTIs forgets proof ids whose proofs could no longer pass the iat check anyway.
func (s *Server) pruneJTIs(now time.Time) {
	for j, until := range s.jtis {
		if now.After(until) {
			delete(s.jtis, j)
		}
	}
}

// sameHTU compares URLs as RFC 9449 asks: without query and fragment, scheme and host case-blind.
func sameHTU(got, want string) bool {
	g, err1 := url.Parse(got)
	w, err2 := url.Parse(want)
	if err1 != nil || err2 != nil || g.Host == "" {
		return false
	}
	return strings.EqualFold(g.Scheme, w.Scheme) && strings.EqualFold(g.Host, w.Host) && g.EscapedPath() == w.EscapedPath()
}
