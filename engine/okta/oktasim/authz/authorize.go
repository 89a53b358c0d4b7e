package authz

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// pkceChallenge is the shape of an S256 challenge: base64url of a SHA-256 digest.
var pkceChallenge = regexp.MustCompile(`^[A-Za-z0-9_-]{43}$`)

// serveAuthorize is GET /oauth2/v1/authorize. There is no sign-in page: the org's admin approves
// at once. Until client_id and redirect_uri are known good, errors are a 400 page (Okta never
// redirects to an unregistered URI); after that, they go back to the client as ?error=….
func (s *Server) serveAuthorize(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.counts.Authorize++
	s.mu.Unlock()
	if r.Method != http.MethodGet {
		errorPage(w, http.StatusMethodNotAllowed, "The /authorize endpoint of the simulated org supports GET only.")
		return
	}
	q := r.URL.Query()
	c, ok := s.client(q.Get("client_id"))
	if !ok {
		errorPage(w, http.StatusBadRequest, "Invalid value for 'client_id' parameter.")
		return
	}
	redirectURI := q.Get("redirect_uri")
	if !slices.Contains(c.RedirectURIs, redirectURI) {
		errorPage(w, http.StatusBadRequest, fmt.Sprintf(
			"The 'redirect_uri' parameter must be a Login redirect URI in the client app settings: %s (got %q). Okta matches it exactly, port included.",
			strings.Join(c.RedirectURIs, ", "), redirectURI))
		return
	}
	state := q.Get("state")
	fail := func(code, desc string) { redirectError(w, r, redirectURI, state, code, desc) }

	if q.Get("response_type") != "code" {
		fail("unsupported_response_type", "The response type contained in the request isn't supported.")
		return
	}
	if m := q.Get("response_mode"); m != "" && m != "query" {
		fail("unsupported_response_mode", "The response mode isn't supported by the simulated org. Valid response modes: [`query`].")
		return
	}
	if state == "" {
		fail("invalid_request", "The 'state' parameter is required.")
		return
	}
	scopes := strings.Fields(q.Get("scope"))
	if len(scopes) == 0 {
		fail("invalid_scope", "No scopes were requested.")
		return
	}
	if !slices.Contains(scopes, "openid") {
		fail("invalid_scope", "The authorization request must include the 'openid' scope.")
		return
	}
	for _, sc := range scopes {
		if !slices.Contains(KnownScopes, sc) || (len(c.AllowedScopes) > 0 && !slices.Contains(c.AllowedScopes, sc)) {
			fail("invalid_scope", "One or more scopes are not configured for the authorization server resource.")
			return
		}
	}
	challenge := q.Get("code_challenge")
	if challenge == "" {
		fail("invalid_request", "PKCE code challenge is required when the token endpoint authentication method is 'NONE'.")
		return
	}
	if m := q.Get("code_challenge_method"); m != "S256" {
		fail("invalid_request", fmt.Sprintf("PKCE code challenge method %q is not supported; use S256.", m))
		return
	}
	if !pkceChallenge.MatchString(challenge) {
		fail("invalid_request", "PKCE code challenge must be 43 base64url characters (the S256 hash of the verifier).")
		return
	}

	code := randomToken(32)
	now := s.clock()
	s.mu.Lock()
	s.codes[code] = &authCode{
		clientID: c.ID, redirectURI: redirectURI, challenge: challenge, nonce: q.Get("nonce"),
		scopes: dedupe(scopes), user: s.cfg.Admin, issued: now, expires: now.Add(s.cfg.CodeTTL),
	}
	s.mu.Unlock()
	s.log.Debug("authz: authorization code issued", "client_id", c.ID, "sub", s.cfg.Admin.Subject)
	redirect(w, r, redirectURI, url.Values{"code": {code}, "state": {state}})
}

func redirectError(w http.ResponseWriter, r *http.Request, redirectURI, state, code, desc string) {
	v := url.Values{"error": {code}, "error_description": {desc}}
	if state != "" {
		v.Set("state", state)
	}
	redirect(w, r, redirectURI, v)
}

// redirect sends the browser to redirectURI with params added to any query it already has.
func redirect(w http.ResponseWriter, r *http.Request, redirectURI string, params url.Values) {
	u, err := url.Parse(redirectURI)
	if err != nil {
		errorPage(w, http.StatusBadRequest, "The registered redirect URI is not a valid URL.")
		return
	}
	q := u.Query()
	for k, vs := range params {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	w.Header().Set("Referrer-Policy", "no-referrer")
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// errorPage is the HTML page Okta shows instead of redirecting when the client or redirect URI is
// wrong.
func errorPage(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	fmt.Fprintf(w, "<!DOCTYPE html>\n<html><head><title>Error</title></head><body><h1>%d %s</h1><p id=\"error-summary\">%s</p></body></html>\n",
		status, http.StatusText(status), html.EscapeString(msg))
}

// dedupe drops repeated scopes, keeping the order the client asked in.
func dedupe(scopes []string) []string {
	var out []string
	for _, s := range scopes {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
