package authz

import (
	"slices"

	"github.com/go-jose/go-jose/v4/jwt"
)

// idToken signs an OIDC ID token for g with RS256. As at Okta's org authorization server, name and
// preferred_username come with the profile scope and email with the email scope.
func (s *Server) idToken(iss string, g *grant, scopes []string, nonce string) (string, error) {
	now := s.clock()
	c := map[string]any{
		"sub":       g.user.Subject,
		"ver":       1,
		"iss":       iss,
		"aud":       g.clientID,
		"iat":       now.Unix(),
		"exp":       now.Add(DefaultIDTokenTTL).Unix(),
		"jti":       "ID." + randomToken(30),
		"amr":       []string{"pwd"},
		"auth_time": g.authTime.Unix(),
	}
	if g.authTime.IsZero() {
		c["auth_time"] = now.Unix()
	}
	if nonce != "" {
		c["nonce"] = nonce
	}
	if slices.Contains(scopes, "profile") {
		c["name"] = g.user.Name
		c["preferred_username"] = g.user.Login
	}
	if slices.Contains(scopes, "email") {
		email := g.user.Email
		if email == "" {
			email = g.user.Login
		}
		c["email"] = email
		c["email_verified"] = true
	}
	return jwt.Signed(s.keys.signer).Claims(c).Serialize()
}
