package authz

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
	"golang.org/x/oauth2"
)

var testAdmin = User{Subject: "00uadmin0000000000x1", Login: "admin@example.com", Name: "Ada Admin"}

const (
	testRedirect   = "http://127.0.0.1:8765/callback"
	testAPIToken   = "00sswsTestTokenForTheAdmin"
	dpopClientID   = "0oadpopclient"
	staticClientID = "0oanorotation"
)

// fakeClock is a settable clock so expiry is tested without sleeping.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type harness struct {
	srv   *Server
	ts    *httptest.Server
	clock *fakeClock
	// noRedirect is a client that shows the /authorize answer instead of following it.
	noRedirect *http.Client
}

// newHarness starts the server with the default client, a DPoP client and a client without
// refresh token rotation, plus /api/v1/users guarded by Require(okta.users.read).
func newHarness(t *testing.T) *harness {
	t.Helper()
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	srv := New(Config{
		Clients: []Client{
			DefaultClient(),
			{ID: dpopClientID, RedirectURIs: []string{testRedirect}, RequireDPoP: true, RotateRefreshTokens: true},
			{ID: staticClientID, RedirectURIs: []string{testRedirect}},
		},
		Admin:     testAdmin,
		APITokens: []APIToken{{Token: testAPIToken, User: testAdmin}},
		Clock:     clock.Now,
	})
	mux := http.NewServeMux()
	srv.Register(mux)
	mux.HandleFunc("/api/v1/users", func(w http.ResponseWriter, r *http.Request) {
		p, aerr := srv.Require(r, "okta.users.read")
		if aerr != nil {
			apierr.Write(w, aerr)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"sub": p.Subject, "login": p.Login, "clientId": p.ClientID, "kind": p.TokenKind})
	})
	ts := httptestServer(t, mux)
	nr := *ts.Client()
	nr.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &harness{srv: srv, ts: ts, clock: clock, noRedirect: &nr}
}

func (h *harness) oauthConfig(clientID string, scopes ...string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: clientID,
		Endpoint: oauth2.Endpoint{
			AuthURL:   h.ts.URL + "/oauth2/v1/authorize",
			TokenURL:  h.ts.URL + "/oauth2/v1/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
		RedirectURL: testRedirect,
		Scopes:      scopes,
	}
}

func (h *harness) ctx() context.Context {
	return context.WithValue(context.Background(), oauth2.HTTPClient, h.ts.Client())
}

// authorize runs /authorize and returns the redirect it answers with.
func (h *harness) authorize(t *testing.T, authURL string) *url.URL {
	t.Helper()
	resp, err := h.noRedirect.Get(authURL)
	if err != nil {
		t.Fatalf("GET /authorize: %v", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusFound {
		b, _ := io.ReadAll(resp.Body)
		t.Fatalf("/authorize answered %d, want 302: %s", resp.StatusCode, b)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatalf("parse Location: %v", err)
	}
	return loc
}

// codeFor runs /authorize for clientID with PKCE and returns the code and the verifier.
func (h *harness) codeFor(t *testing.T, clientID string, scopes ...string) (code, verifier string) {
	t.Helper()
	verifier = oauth2.GenerateVerifier()
	loc := h.authorize(t, h.oauthConfig(clientID, scopes...).AuthCodeURL("st", oauth2.S256ChallengeOption(verifier)))
	code = loc.Query().Get("code")
	if code == "" {
		t.Fatalf("/authorize redirected without a code: %s", loc)
	}
	return code, verifier
}

// post sends a form with optional headers and decodes a JSON body.
func (h *harness) post(t *testing.T, path string, form url.Values, hdr map[string]string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	return h.do(t, req)
}

// api calls GET /api/v1/users with the given Authorization (and DPoP proof, if any).
func (h *harness) api(t *testing.T, authorization, proof string) (*http.Response, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.ts.URL+"/api/v1/users", nil)
	if err != nil {
		t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	if proof != "" {
		req.Header.Set("DPoP", proof)
	}
	return h.do(t, req)
}

func (h *harness) do(t *testing.T, req *http.Request) (*http.Response, map[string]any) {
	t.Helper()
	resp, err := h.ts.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var body map[string]any
	if len(b) > 0 {
		if err := json.Unmarshal(b, &body); err != nil {
			t.Fatalf("%s %s: body is not JSON: %s", req.Method, req.URL.Path, b)
		}
	}
	return resp, body
}

// wantOAuthError checks an OAuth error answer.
func wantOAuthError(t *testing.T, resp *http.Response, body map[string]any, status int, code string) {
	t.Helper()
	if resp.StatusCode != status || body["error"] != code {
		t.Fatalf("got %d %v, want %d error=%s", resp.StatusCode, body, status, code)
	}
	if d, _ := body["error_description"].(string); d == "" {
		t.Errorf("error %s has no error_description", code)
	}
}

// wantOktaError checks an Okta management API error answer.
func wantOktaError(t *testing.T, resp *http.Response, body map[string]any, status int, code string) {
	t.Helper()
	if resp.StatusCode != status || body["errorCode"] != code {
		t.Fatalf("got %d %v, want %d errorCode=%s", resp.StatusCode, body, status, code)
	}
}

func httptestServer(t *testing.T, h http.Handler) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts
}
