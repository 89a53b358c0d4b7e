package authz

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// Authenticate checks the token of a management call (/api/v1/…): "SSWS <api token>",
// "Bearer <access token>", or "DPoP <access token>" with a DPoP proof header carrying ath. It
// returns Okta's 401 E0000011 (with WWW-Authenticate, and DPoP-Nonce when the resource server wants
// a nonce) for a missing, unknown, expired or revoked token or a bad proof. Write the error with
// apierr.Write, which sends its headers.
func (s *Server) Authenticate(r *http.Request) (*Principal, *apierr.Error) {
	iss := s.Issuer(r)
	scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	tok = strings.TrimSpace(tok)
	switch {
	case strings.EqualFold(scheme, "SSWS") && tok != "":
		s.mu.Lock()
		u, ok := s.apiTokens[tok]
		s.mu.Unlock()
		if !ok {
			return nil, apierr.InvalidToken()
		}
		return &Principal{Subject: u.Subject, Login: u.Login, Name: u.Name, TokenKind: TokenKindSSWS, issuer: iss}, nil
	case strings.EqualFold(scheme, "Bearer") && tok != "":
		return s.authenticateOAuth(r, iss, tok, false)
	case strings.EqualFold(scheme, "DPoP") && tok != "":
		return s.authenticateOAuth(r, iss, tok, true)
	}
	return nil, withHeader(apierr.InvalidToken(), "WWW-Authenticate",
		fmt.Sprintf(`Bearer authorization_uri="%s/oauth2/v1/authorize", realm="%s", resource="%s"`, iss, iss, r.URL.Path))
}

func (s *Server) authenticateOAuth(r *http.Request, iss, tok string, dpop bool) (*Principal, *apierr.Error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.access[tok]
	invalid := func(desc string) *apierr.Error {
		sch := "Bearer"
		if dpop {
			sch = "DPoP"
		}
		return withHeader(apierr.InvalidToken(), "WWW-Authenticate", fmt.Sprintf(
			`%s authorization_uri="%s/oauth2/v1/authorize", realm="%s", scope="", error="invalid_token", error_description="%s", resource="%s"`,
			sch, iss, iss, desc, r.URL.Path))
	}
	switch {
	case !ok:
		return nil, invalid("The token is not valid.")
	case t.revoked || t.grant.revoked:
		return nil, invalid("The token has been revoked.")
	case !s.clock().Before(t.expires):
		return nil, invalid("The token has expired.")
	case !dpop && t.grant.jkt != "":
		return nil, invalid("The access token is DPoP-bound: send it with the DPoP authorization scheme and a DPoP proof.")
	case dpop && t.grant.jkt == "":
		return nil, invalid("The access token is not DPoP-bound: send it with the Bearer authorization scheme.")
	}
	if dpop {
		jkt, perr := s.verifyProof(r.Header.Get("DPoP"), r.Method, iss+r.URL.Path, &s.resourceNonce, tok)
		if perr != nil {
			e := withHeader(apierr.InvalidToken(), "WWW-Authenticate",
				fmt.Sprintf(`DPoP algs="RS256 ES256", error="%s", error_description="%s"`, perr.code, resourceWording(perr)))
			if perr.nonce != "" {
				s.counts.DPoPNonceErrors++
				e.Header.Set("DPoP-Nonce", perr.nonce)
			}
			return nil, e
		}
		if jkt != t.grant.jkt {
			return nil, invalid("The DPoP proof key does not match the key the access token is bound to.")
		}
	}
	u := t.grant.user
	return &Principal{
		Subject: u.Subject, Login: u.Login, Name: u.Name, ClientID: t.grant.clientID,
		Scopes: slices.Clone(t.scopes), TokenKind: TokenKindOAuth, issuer: iss,
	}, nil
}

// resourceWording says "resource server" where the token endpoint's wording says "authorization
// server": the two ask for their own nonces.
func resourceWording(p *proofError) string {
	if p.code == errUseDPoPNonce {
		return "Resource server requires nonce in DPoP proof."
	}
	return p.desc
}

func withHeader(e *apierr.Error, k, v string) *apierr.Error {
	if e.Header == nil {
		e.Header = http.Header{}
	}
	e.Header.Set(k, v)
	return e
}

// Require authenticates r and checks that its token carries any of the scopes (none: any valid
// token): the one call a management handler makes before doing its work.
func (s *Server) Require(r *http.Request, anyOf ...string) (*Principal, *apierr.Error) {
	p, err := s.Authenticate(r)
	if err != nil {
		return nil, err
	}
	if err := p.RequireScope(r, anyOf...); err != nil {
		return nil, err
	}
	return p, nil
}
