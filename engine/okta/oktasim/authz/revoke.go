package authz

import (
	"mime"
	"net/http"
)

// serveRevoke is POST /oauth2/v1/revoke. Unknown, expired or already revoked tokens, and tokens
// of another client, answer 200 like a success, so the endpoint reveals nothing. Revoking a refresh
// token revokes every token of its grant, its access tokens included; revoking an access token
// revokes only that one.
func (s *Server) serveRevoke(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.counts.Revoke++
	if r.Method != http.MethodPost {
		writeOAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "The /revoke endpoint supports POST only.")
		return
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "The request must be sent as application/x-www-form-urlencoded.")
		return
	}
	if err := r.ParseForm(); err != nil {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "The request body is not a valid form.")
		return
	}
	c, terr := s.tokenClient(r)
	if terr != nil {
		writeOAuthError(w, terr.status, terr.code, terr.desc)
		return
	}
	tok := r.PostForm.Get("token")
	if tok == "" {
		writeOAuthError(w, http.StatusBadRequest, "invalid_request", "The `token` parameter is required.")
		return
	}
	// The hint only says where to look first; both kinds are checked, as RFC 7009 allows.
	if rt, ok := s.refresh[tok]; ok && rt.grant.clientID == c.ID && rt.valid(s.clock()) {
		rt.grant.revoked = true
		s.log.Debug("authz: refresh token revoked", "client_id", c.ID, "sub", rt.grant.user.Subject)
	}
	if at, ok := s.access[tok]; ok && at.grant.clientID == c.ID {
		at.revoked = true
		s.log.Debug("authz: access token revoked", "client_id", c.ID, "sub", at.grant.user.Subject)
	}
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
}
