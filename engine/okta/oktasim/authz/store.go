package authz

import (
	"slices"
	"time"
)

// grant is one authorization: the tokens issued from one code (and their refreshes) share it, so
// revoking the refresh token revokes every access token issued with it.
type grant struct {
	clientID string
	user     User
	scopes   []string
	jkt      string // DPoP key thumbprint the tokens are bound to; empty for Bearer
	authTime time.Time
	revoked  bool
}

type authCode struct {
	clientID    string
	redirectURI string
	challenge   string
	nonce       string
	scopes      []string
	user        User
	issued      time.Time
	expires     time.Time
	used        bool
	grant       *grant // set on redemption, so a replayed code can revoke what it produced
}

type accessToken struct {
	grant   *grant
	scopes  []string
	expires time.Time
	revoked bool
}

type refreshToken struct {
	grant   *grant
	expires time.Time
	revoked bool // rotated away or revoked on its own
}

func (t *refreshToken) valid(now time.Time) bool {
	return !t.revoked && !t.grant.revoked && now.Before(t.expires)
}

// issueAccess stores a new access token for g. Callers hold s.mu.
func (s *Server) issueAccess(g *grant, scopes []string) (string, *accessToken) {
	v := randomToken(32)
	t := &accessToken{grant: g, scopes: slices.Clone(scopes), expires: s.clock().Add(s.cfg.AccessTokenTTL)}
	s.access[v] = t
	return v, t
}

// issueRefresh stores a new refresh token for g. Callers hold s.mu.
func (s *Server) issueRefresh(g *grant) string {
	v := randomToken(32)
	s.refresh[v] = &refreshToken{grant: g, expires: s.clock().Add(s.cfg.RefreshTokenTTL)}
	return v
}

// userBySubject is the admin for its subject, or a user known only by id: the authorization server
// holds no directory, so tests that mint tokens for other users get just the id as login.
func (s *Server) userBySubject(sub string) User {
	if sub == s.cfg.Admin.Subject {
		return s.cfg.Admin
	}
	return User{Subject: sub, Login: sub}
}

// MintAccessToken issues a Bearer access token without the code flow, for tests.
func (s *Server) MintAccessToken(sub, clientID string, scopes []string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := &grant{clientID: clientID, user: s.userBySubject(sub), scopes: slices.Clone(scopes)}
	v, _ := s.issueAccess(g, scopes)
	return v
}

// MintRefreshToken issues a refresh token without the code flow, for tests. offline_access is
// added to scopes if missing, since a refresh token implies it.
func (s *Server) MintRefreshToken(sub, clientID string, scopes []string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !slices.Contains(scopes, "offline_access") {
		scopes = append(slices.Clone(scopes), "offline_access")
	}
	g := &grant{clientID: clientID, user: s.userBySubject(sub), scopes: slices.Clone(scopes)}
	return s.issueRefresh(g)
}

// Revoked reports whether token was issued here and has since been revoked (directly, through its
// refresh token, by rotation, or by RevokeUser). Expired or unknown tokens are not "revoked".
func (s *Server) Revoked(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.access[token]; ok {
		return t.revoked || t.grant.revoked
	}
	if t, ok := s.refresh[token]; ok {
		return t.revoked || t.grant.revoked
	}
	return false
}

// RevokeUser ends every OAuth grant of the user and deletes the user's API tokens, as Okta does
// when a user is deactivated or deleted. It returns how many OAuth grants it ended.
func (s *Server) RevokeUser(sub string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for tok, u := range s.apiTokens {
		if u.Subject == sub {
			delete(s.apiTokens, tok)
		}
	}
	seen := map[*grant]bool{}
	for _, t := range s.access {
		if t.grant.user.Subject == sub && !t.grant.revoked {
			seen[t.grant] = true
		}
	}
	for _, t := range s.refresh {
		if t.grant.user.Subject == sub && !t.grant.revoked {
			seen[t.grant] = true
		}
	}
	for g := range seen {
		g.revoked = true
	}
	return len(seen)
}

// pruneInterval is how often, by the server clock, dead codes and tokens are dropped, so that a demo
// org left running for weeks does not grow without bound.
const pruneInterval = 10 * time.Minute

// prune drops codes and tokens that expired more than a day ago: by then no client retries them,
// and Revoked has nothing useful to say about them. Callers hold s.mu.
func (s *Server) prune() {
	now := s.clock()
	if now.Sub(s.lastPrune) < pruneInterval {
		return
	}
	s.lastPrune = now
	cutoff := now.Add(-24 * time.Hour)
	for v, c := range s.codes {
		if c.expires.Before(cutoff) {
			delete(s.codes, v)
		}
	}
	for v, t := range s.access {
		if t.expires.Before(cutoff) {
			delete(s.access, v)
		}
	}
	for v, t := range s.refresh {
		if t.expires.Before(cutoff) {
			delete(s.refresh, v)
		}
	}
	s.pruneJTIs(now)
}
