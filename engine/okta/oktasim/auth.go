package oktasim

import (
	"net/http"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
)

// authenticate checks the call's token with the org authorization server: SSWS API tokens,
// Bearer and DPoP access tokens. Okta answers a missing or unknown token with E0000011.
func (o *Org) authenticate(r *http.Request) (*authz.Principal, *apierr.Error) {
	return o.authz.Authenticate(r)
}

// Authz is the org authorization server (/oauth2/v1/*): tests mint tokens with it.
func (o *Org) Authz() *authz.Server { return o.authz }

// IssueAPIToken creates another SSWS API token acting as userID (that admin's own token).
func (o *Org) IssueAPIToken(userID string) string {
	o.mu.Lock()
	defer o.mu.Unlock()
	tok := "00" + o.randString(40)
	u := o.users[userID]
	au := authz.User{Subject: userID, Login: userID}
	if u != nil {
		au = authz.User{Subject: u.ID, Login: u.login(), Name: u.displayName(), Email: u.str("email")}
	}
	o.authz.AddAPIToken(tok, au)
	return tok
}

// MintAccessToken issues an OAuth access token for the super admin through clientID with scopes,
// without the browser dance (tests and the demo).
func (o *Org) MintAccessToken(clientID string, scopes ...string) string {
	return o.authz.MintAccessToken(o.AdminID(), clientID, scopes)
}
