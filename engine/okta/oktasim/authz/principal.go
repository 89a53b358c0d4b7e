package authz

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// Token kinds a Principal can come from.
const (
	TokenKindOAuth = "oauth" // an access token from /oauth2/v1/token (Bearer or DPoP)
	TokenKindSSWS  = "ssws"  // an API token
)

// Principal is who a management call acts as.
type Principal struct {
	Subject   string // user id, "00u…"
	Login     string
	Name      string
	ClientID  string // the OAuth client; empty for an API token
	Scopes    []string
	TokenKind string // TokenKindOAuth or TokenKindSSWS

	issuer string // for the WWW-Authenticate header of a 403
}

// HasScope reports whether the token carries scope s. An okta.*.manage scope also grants the
// matching okta.*.read, as at Okta; an API token carries every scope.
func (p *Principal) HasScope(s string) bool {
	if p.TokenKind == TokenKindSSWS {
		return true
	}
	if slices.Contains(p.Scopes, s) {
		return true
	}
	if base, ok := strings.CutSuffix(s, ".read"); ok && strings.HasPrefix(s, "okta.") {
		return slices.Contains(p.Scopes, base+".manage")
	}
	return false
}

// RequireScope returns nil when the token carries any of the given scopes, else Okta's 403
// E0000006 with a WWW-Authenticate header naming the first scope (error="insufficient_scope").
// With no scopes it returns nil.
func (p *Principal) RequireScope(r *http.Request, anyOf ...string) *apierr.Error {
	if len(anyOf) == 0 {
		return nil
	}
	for _, s := range anyOf {
		if p.HasScope(s) {
			return nil
		}
	}
	return withHeader(apierr.Forbidden(), "WWW-Authenticate", fmt.Sprintf(
		`Bearer authorization_uri="%s/oauth2/v1/authorize", realm="%s", scope="%s", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="%s"`,
		p.issuer, p.issuer, anyOf[0], r.URL.Path))
}
