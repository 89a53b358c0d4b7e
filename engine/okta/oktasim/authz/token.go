package authz

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"mime"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
)

// pkceVerifier is RFC 7636's code_verifier: 43 to 128 unreserved characters.
var pkceVerifier = regexp.MustCompile(`^[A-Za-z0-9._~-]{43,128}$`)

// tokenResponse is the body of a successful /token call (schema TokenResponse).
type tokenResponse struct {
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	AccessToken  string `json:"access_token"`
	Scope        string `json:"scope"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
}

// tokenError is an OAuth error with the status and headers to send it with.
type tokenError struct {
	status int
	code   string
	desc   string
	nonce  string // DPoP-Nonce header, with use_dpop_nonce
}

func errGrant(desc string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: "invalid_grant", desc: desc}
}

func errRequest(desc string) *tokenError {
	return &tokenError{status: http.StatusBadRequest, code: "invalid_request", desc: desc}
}

func errClient(desc string) *tokenError {
	return &tokenError{status: http.StatusUnauthorized, code: "invalid_client", desc: desc}
}

// serveToken is POST /oauth2/v1/token for the authorization_code and refresh_token grants.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.Token++
	s.prune()
	resp, terr := s.token(r)
	if terr != nil {
		if terr.nonce != "" {
			s.counts.DPoPNonceErrors++
			w.Header().Set("DPoP-Nonce", terr.nonce)
		}
		writeOAuthError(w, terr.status, terr.code, terr.desc)
		return
	}
	writeJSON(w, http.StatusOK, resp)
}

// token does the work of serveToken; callers hold s.mu. Nothing is consumed (code, refresh token,
// DPoP proof id) before the client and its DPoP proof have been accepted, so a client that retries
// after use_dpop_nonce, or after x/oauth2's auth-style probing, still succeeds.
func (s *Server) token(r *http.Request) (*tokenResponse, *tokenError) {
	if r.Method != http.MethodPost {
		return nil, &tokenError{status: http.StatusMethodNotAllowed, code: "invalid_request", desc: "The /token endpoint supports POST only."}
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return nil, errRequest("The request must be sent as application/x-www-form-urlencoded.")
	}
	if err := r.ParseForm(); err != nil {
		return nil, errRequest("The request body is not a valid form.")
	}
	c, terr := s.tokenClient(r)
	if terr != nil {
		return nil, terr
	}
	grantType := r.PostForm.Get("grant_type")
	switch grantType {
	case "":
		return nil, errRequest("The 'grant_type' parameter is required.")
	case "authorization_code", "refresh_token":
	default:
		return nil, &tokenError{status: http.StatusBadRequest, code: "unsupported_grant_type", desc: "The grant type in the request isn't supported."}
	}
	iss := s.Issuer(r)
	var jkt string
	if c.RequireDPoP {
		var perr *proofError
		jkt, perr = s.verifyProof(r.Header.Get("DPoP"), http.MethodPost, iss+"/oauth2/v1/token", &s.tokenNonce, "")
		if perr != nil {
			return nil, &tokenError{status: http.StatusBadRequest, code: perr.code, desc: perr.desc, nonce: perr.nonce}
		}
	}
	if grantType == "authorization_code" {
		return s.redeemCode(r, iss, c, jkt)
	}
	return s.redeemRefresh(r, iss, c, jkt)
}

// tokenClient authenticates a public client: client_id in the body and no secret. Okta refuses
// HTTP Basic for such a client (there is no secret to check), which is why clients must use
// oauth2.AuthStyleInParams.
func (s *Server) tokenClient(r *http.Request) (Client, *tokenError) {
	formID := r.PostForm.Get("client_id")
	if id, _, basic := r.BasicAuth(); basic {
		if formID != "" && formID != id {
			return Client{}, errRequest("Can't supply multiple client credentials. Use one of the following: credentials in the Authorization header, credentials in the post body, or a `client_assertion` in the post body.")
		}
		return Client{}, errClient("Client authentication failed. Either the client or the client credentials are invalid.")
	}
	if r.PostForm.Get("client_secret") != "" {
		return Client{}, errClient("Client authentication failed. Either the client or the client credentials are invalid.")
	}
	if formID == "" {
		return Client{}, errClient("No client credentials found.")
	}
	c, ok := s.client(formID)
	if !ok {
		return Client{}, errClient("Invalid value for 'client_id' parameter.")
	}
	return c, nil
}

func (s *Server) redeemCode(r *http.Request, iss string, c Client, jkt string) (*tokenResponse, *tokenError) {
	v := r.PostForm.Get("code")
	code, ok := s.codes[v]
	if !ok {
		return nil, errGrant("The authorization code is invalid or has expired.")
	}
	if code.used {
		// A replayed code is a sign it was stolen: end what it produced (RFC 6749 §4.1.2).
		if code.grant != nil {
			code.grant.revoked = true
		}
		return nil, errGrant("The authorization code is invalid or has expired.")
	}
	// One attempt per code, even a failed one: a guessed verifier gets no second try.
	code.used = true
	if !s.clock().Before(code.expires) {
		return nil, errGrant("The authorization code is invalid or has expired.")
	}
	if code.clientID != c.ID {
		return nil, errGrant("The grant was issued to another client. Ensure that the `client_id` matches the one used at the authorize request.")
	}
	if r.PostForm.Get("redirect_uri") != code.redirectURI {
		return nil, errGrant("The 'redirect_uri' does not match the redirection URI used in the authorization request.")
	}
	verifier := r.PostForm.Get("code_verifier")
	if verifier == "" {
		return nil, errRequest("The 'code_verifier' parameter is required: the authorization request used PKCE.")
	}
	if !pkceVerifier.MatchString(verifier) {
		return nil, errRequest("The 'code_verifier' must be 43 to 128 characters from [A-Za-z0-9-._~].")
	}
	sum := sha256.Sum256([]byte(verifier))
	if subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(code.challenge)) != 1 {
		return nil, errGrant("PKCE verification failed.")
	}
	g := &grant{clientID: c.ID, user: code.user, scopes: code.scopes, jkt: jkt, authTime: code.issued}
	code.grant = g
	s.counts.AuthorizationCodes++
	return s.respond(iss, g, g.scopes, "", code.nonce, true)
}

func (s *Server) redeemRefresh(r *http.Request, iss string, c Client, jkt string) (*tokenResponse, *tokenError) {
	v := r.PostForm.Get("refresh_token")
	rt, ok := s.refresh[v]
	if !ok || !rt.valid(s.clock()) {
		return nil, errGrant("The refresh token is invalid or expired.")
	}
	if rt.grant.clientID != c.ID {
		return nil, errGrant("The refresh token was issued to another client.")
	}
	if rt.grant.jkt != jkt {
		return nil, &tokenError{status: http.StatusBadRequest, code: errInvalidDPoPProof,
			desc: "The DPoP proof key does not match the key the refresh token is bound to."}
	}
	scopes := rt.grant.scopes
	if req := r.PostForm.Get("scope"); req != "" {
		scopes = dedupe(strings.Fields(req))
		for _, sc := range scopes {
			if !slices.Contains(rt.grant.scopes, sc) {
				return nil, &tokenError{status: http.StatusBadRequest, code: "invalid_scope",
					desc: "The requested scope " + sc + " was not granted with the refresh token; sign in again to ask for it."}
			}
		}
	}
	keep := v
	if c.RotateRefreshTokens {
		rt.revoked = true
		keep = ""
	}
	s.counts.Refreshes++
	return s.respond(iss, rt.grant, scopes, keep, "", false)
}

// respond issues the access token (and refresh and ID tokens as the scopes allow) for g.
// refresh is the refresh token to hand back unchanged; empty issues a new one.
func (s *Server) respond(iss string, g *grant, scopes []string, refresh, nonce string, fromCode bool) (*tokenResponse, *tokenError) {
	at, _ := s.issueAccess(g, scopes)
	resp := &tokenResponse{
		TokenType:   "Bearer",
		ExpiresIn:   int(s.cfg.AccessTokenTTL / time.Second),
		AccessToken: at,
		Scope:       strings.Join(scopes, " "),
	}
	if g.jkt != "" {
		resp.TokenType = "DPoP"
	}
	if slices.Contains(g.scopes, "offline_access") {
		if refresh == "" {
			refresh = s.issueRefresh(g)
		}
		resp.RefreshToken = refresh
	}
	if slices.Contains(scopes, "openid") {
		idt, err := s.idToken(iss, g, scopes, nonce)
		if err != nil {
			s.log.Error("authz: sign ID token", "err", err)
			return nil, &tokenError{status: http.StatusInternalServerError, code: "server_error", desc: "The simulated org could not sign the ID token."}
		}
		resp.IDToken = idt
	}
	s.log.Debug("authz: tokens issued", "client_id", g.clientID, "sub", g.user.Subject, "code_grant", fromCode, "dpop", g.jkt != "")
	return resp, nil
}
