package contract_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
)

// fixedClock moves one millisecond per read, so ordering holds and runs repeat exactly.
type fixedClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fixedClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

// tourRunner sends the tour's requests with the token from the sign-in.
type tourRunner struct {
	t       *testing.T
	srv     *httptest.Server
	vars    map[string]string
	token   *oauth2.Token
	oauthCf *oauth2.Config
}

var placeholder = regexp.MustCompile(`\{[A-Za-z0-9]+\}`)

// fill replaces {name} with a saved value, escaped by esc if not nil; an unknown name stays,
// so the request fails loudly.
func (tr *tourRunner) fill(s string, esc func(string) string) string {
	return placeholder.ReplaceAllStringFunc(s, func(m string) string {
		v, ok := tr.vars[strings.Trim(m, "{}")]
		if !ok {
			return m
		}
		if esc != nil {
			return esc(v)
		}
		return v
	})
}

func (tr *tourRunner) run(s step) {
	t := tr.t
	t.Helper()
	path := tr.url(s.Path)
	var body io.Reader
	if s.Body != "" {
		body = strings.NewReader(tr.fill(s.Body, nil))
	}
	req, err := http.NewRequest(s.Method, tr.srv.URL+path, body)
	if err != nil {
		t.Fatalf("%s %s: %v", s.Method, path, err)
	}
	req.Header.Set("Accept", "application/json")
	if s.Body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if tr.token != nil && !s.NoAuth {
		req.Header.Set("Authorization", "Bearer "+tr.token.AccessToken)
	}
	resp, err := tr.srv.Client().Do(req)
	if err != nil {
		t.Errorf("%s %s: %v", s.Method, path, err)
		return
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != s.Want {
		t.Errorf("%s %s: status %d, want %d: %s", s.Method, path, resp.StatusCode, s.Want, snippet(b))
		return
	}
	if len(s.Save) == 0 {
		return
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Errorf("%s %s: answer is not JSON: %v", s.Method, path, err)
		return
	}
	for _, sv := range s.Save {
		name, field, _ := strings.Cut(sv, "=")
		got, ok := lookup(v, field)
		if !ok {
			t.Errorf("%s %s: answer has no %s to keep as {%s}: %s", s.Method, path, field, name, snippet(b))
			continue
		}
		tr.vars[name] = got
	}
}

// url fills the placeholders of a step's path (path-escaped) and query (each value
// query-escaped; steps write queries unescaped, as an admin types them).
func (tr *tourRunner) url(raw string) string {
	p, q, hasQuery := strings.Cut(raw, "?")
	out := tr.fill(p, url.PathEscape)
	if !hasQuery {
		return out
	}
	var parts []string
	for _, kv := range strings.Split(q, "&") {
		k, v, _ := strings.Cut(kv, "=")
		parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(tr.fill(v, nil)))
	}
	return out + "?" + strings.Join(parts, "&")
}

// lookup reads "a.b", "[0].id" from decoded JSON as a string.
func lookup(v any, path string) (string, bool) {
	for _, part := range strings.Split(path, ".") {
		if strings.HasPrefix(part, "[") {
			i, err := strconv.Atoi(strings.Trim(part, "[]"))
			l, ok := v.([]any)
			if err != nil || !ok || i >= len(l) {
				return "", false
			}
			v = l[i]
			continue
		}
		m, ok := v.(map[string]any)
		if !ok {
			return "", false
		}
		if v, ok = m[part]; !ok {
			return "", false
		}
	}
	s, ok := v.(string)
	return s, ok
}

func snippet(b []byte) string {
	if len(b) > 300 {
		return string(b[:300]) + "…"
	}
	return string(b)
}

// signIn runs the Authorization Code + PKCE flow against the org authorization server, as
// Flowdeck's connect does: discovery, keys, /authorize (answered with a redirect), /token.
func (tr *tourRunner) signIn() {
	t := tr.t
	t.Helper()
	client := tr.srv.Client()
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	for _, p := range []string{"/.well-known/openid-configuration", "/oauth2/v1/keys"} {
		resp, err := client.Get(tr.srv.URL + p)
		if err != nil {
			t.Fatalf("GET %s: %v", p, err)
		}
		resp.Body.Close()
	}
	tr.oauthCf = &oauth2.Config{
		ClientID:    authz.DefaultClientID,
		RedirectURL: authz.DefaultRedirectURIs[0],
		Scopes:      tourScopes,
		Endpoint: oauth2.Endpoint{AuthURL: tr.srv.URL + "/oauth2/v1/authorize", TokenURL: tr.srv.URL + "/oauth2/v1/token",
			AuthStyle: oauth2.AuthStyleInParams},
	}
	verifier := oauth2.GenerateVerifier()
	resp, err := client.Get(tr.oauthCf.AuthCodeURL("tour-state", oauth2.S256ChallengeOption(verifier)))
	if err != nil {
		t.Fatalf("authorize: %v", err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize answered %d with Location %q: no code", resp.StatusCode, resp.Header.Get("Location"))
	}
	ctx := context.WithValue(context.Background(), oauth2.HTTPClient, client)
	tok, err := tr.oauthCf.Exchange(ctx, loc.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatalf("token: %v", err)
	}
	tr.token = tok
}

// refresh trades the refresh token for new tokens, as the engine does every hour.
func (tr *tourRunner) refresh() {
	form := url.Values{"grant_type": {"refresh_token"}, "refresh_token": {tr.token.RefreshToken},
		"client_id": {authz.DefaultClientID}, "scope": {strings.Join(tourScopes, " ")}}
	resp, err := tr.srv.Client().PostForm(tr.srv.URL+"/oauth2/v1/token", form)
	if err != nil {
		tr.t.Errorf("refresh: %v", err)
		return
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken  string `json:"access_token"`
		RefreshToken string `json:"refresh_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || resp.StatusCode != http.StatusOK || tok.AccessToken == "" {
		tr.t.Errorf("refresh: status %d, decode error %v", resp.StatusCode, err)
		return
	}
	tr.token.AccessToken = tok.AccessToken
	if tok.RefreshToken != "" {
		tr.token.RefreshToken = tok.RefreshToken
	}
}

// signOut revokes the refresh token, as deleting a connection does.
func (tr *tourRunner) signOut() {
	form := url.Values{"token": {tr.token.RefreshToken}, "token_type_hint": {"refresh_token"}, "client_id": {authz.DefaultClientID}}
	resp, err := tr.srv.Client().PostForm(tr.srv.URL+"/oauth2/v1/revoke", form)
	if err != nil {
		tr.t.Errorf("revoke: %v", err)
		return
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		tr.t.Errorf("revoke: status %d, want 200", resp.StatusCode)
	}
}
