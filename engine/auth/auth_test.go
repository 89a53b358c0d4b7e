package auth

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
)

type simOrg struct {
	srv      *httptest.Server
	az       *authz.Server
	redirect string
	now      time.Time
	mu       sync.Mutex
}

func (o *simOrg) clock() time.Time { o.mu.Lock(); defer o.mu.Unlock(); return o.now }
func (o *simOrg) advance(d time.Duration) {
	o.mu.Lock()
	o.now = o.now.Add(d)
	o.mu.Unlock()
}

// newSimOrg starts the simulated org authorization server with a client registered for a free
// loopback port, so tests never fight over the default 8765.
func newSimOrg(t *testing.T, rotate bool) *simOrg {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	o := &simOrg{redirect: "http://127.0.0.1:" + strconv.Itoa(port) + "/callback", now: time.Now()}
	o.az = authz.New(authz.Config{
		Clients: []authz.Client{{ID: "0oatest", RedirectURIs: []string{o.redirect}, RotateRefreshTokens: rotate}},
		Admin:   authz.User{Subject: "00uadmin", Login: "admin@example.com", Name: "Ada Admin"},
		Clock:   o.clock,
	})
	o.srv = httptest.NewServer(o.az.Handler())
	t.Cleanup(o.srv.Close)
	return o
}

// browser follows the authorize redirect as a browser would, then loads the callback.
func fakeBrowser(t *testing.T, mutate func(callback string) string) func(string) error {
	return func(authorizeURL string) error {
		noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noFollow.Get(authorizeURL)
		if err != nil {
			return err
		}
		resp.Body.Close()
		loc := resp.Header.Get("Location")
		if resp.StatusCode != http.StatusFound || loc == "" {
			t.Errorf("authorize answered %d without a redirect", resp.StatusCode)
			return nil
		}
		if mutate != nil {
			loc = mutate(loc)
		}
		cb, err := http.Get(loc)
		if err != nil {
			return err
		}
		cb.Body.Close()
		return nil
	}
}

func TestLoginFullFlow(t *testing.T) {
	o := newSimOrg(t, true)
	var shown string
	res, err := Login(context.Background(), LoginRequest{
		OrgURL: o.srv.URL, ClientID: "0oatest", RedirectURI: o.redirect,
		Scopes:      []string{"openid", "profile", "offline_access", "okta.users.read"},
		ShowURL:     func(u string) { shown = u },
		OpenBrowser: fakeBrowser(t, nil),
		Timeout:     10 * time.Second,
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown, "code_challenge_method=S256") || !strings.Contains(shown, "state=") {
		t.Errorf("authorize URL %q lacks PKCE S256 or state", shown)
	}
	if res.Token.AccessToken == "" || res.Token.RefreshToken == "" || res.IDToken == "" {
		t.Errorf("token incomplete: access %t refresh %t id %t", res.Token.AccessToken != "", res.Token.RefreshToken != "", res.IDToken != "")
	}
	if !strings.Contains(strings.Join(res.GrantedScopes, " "), "okta.users.read") {
		t.Errorf("granted scopes = %v", res.GrantedScopes)
	}
}

func TestLoginRejectsAWrongStateAndKeepsWaiting(t *testing.T) {
	o := newSimOrg(t, true)
	var forgedStatus int
	open := func(authorizeURL string) error {
		// A forged callback first: it must be refused with 400.
		resp, err := http.Get(o.redirect + "?code=forged&state=not-ours")
		if err != nil {
			return err
		}
		resp.Body.Close()
		forgedStatus = resp.StatusCode
		return fakeBrowser(t, nil)(authorizeURL)
	}
	_, err := Login(context.Background(), LoginRequest{OrgURL: o.srv.URL, ClientID: "0oatest", RedirectURI: o.redirect,
		Scopes: []string{"openid", "offline_access"}, OpenBrowser: open, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("the real callback after a forged one failed: %v", err)
	}
	if forgedStatus != http.StatusBadRequest {
		t.Errorf("a callback with a wrong state answered %d, want 400", forgedStatus)
	}
}

func TestLoginErrorsAndCancel(t *testing.T) {
	o := newSimOrg(t, true)
	t.Run("cancelled", func(t *testing.T) {
		open := func(string) error { return nil } // the admin never finishes in the browser
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := Login(ctx, LoginRequest{OrgURL: o.srv.URL, ClientID: "0oatest", RedirectURI: o.redirect, OpenBrowser: open})
		if !errors.Is(err, ErrCancelled) {
			t.Errorf("err = %v, want ErrCancelled", err)
		}
	})
	t.Run("access denied", func(t *testing.T) {
		open := fakeBrowser(t, func(cb string) string {
			u := strings.SplitN(cb, "?", 2)
			state := ""
			for _, kv := range strings.Split(u[1], "&") {
				if strings.HasPrefix(kv, "state=") {
					state = kv
				}
			}
			return u[0] + "?error=access_denied&error_description=User+is+not+assigned&" + state
		})
		_, err := Login(context.Background(), LoginRequest{OrgURL: o.srv.URL, ClientID: "0oatest", RedirectURI: o.redirect,
			Scopes: []string{"openid"}, OpenBrowser: open, Timeout: 10 * time.Second})
		if err == nil || !strings.Contains(err.Error(), "access_denied") {
			t.Errorf("err = %v, want Okta's access_denied", err)
		}
	})
	t.Run("port busy", func(t *testing.T) {
		ln, err := net.Listen("tcp", strings.TrimSuffix(strings.TrimPrefix(o.redirect, "http://"), "/callback"))
		if err != nil {
			t.Skip("cannot hold the port:", err)
		}
		defer ln.Close()
		_, err = Login(context.Background(), LoginRequest{OrgURL: o.srv.URL, ClientID: "0oatest", RedirectURI: o.redirect, NoBrowser: true})
		if err == nil || !strings.Contains(err.Error(), "cannot listen") {
			t.Errorf("err = %v, want a clear busy-port error", err)
		}
	})
	t.Run("bad redirect URI", func(t *testing.T) {
		_, err := Login(context.Background(), LoginRequest{OrgURL: o.srv.URL, ClientID: "0oatest", RedirectURI: "http://localhost:8765/callback", NoBrowser: true})
		if err == nil || !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("err = %v, want advice to use 127.0.0.1", err)
		}
	})
}

func signIn(t *testing.T, o *simOrg) *LoginResult {
	t.Helper()
	res, err := Login(context.Background(), LoginRequest{OrgURL: o.srv.URL, ClientID: "0oatest", RedirectURI: o.redirect,
		Scopes: []string{"openid", "offline_access", "okta.users.read"}, OpenBrowser: fakeBrowser(t, nil), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestSourceRefreshesRotatesAndPersists(t *testing.T) {
	o := newSimOrg(t, true)
	res := signIn(t, o)
	cfg := Endpoints(o.srv.URL, "0oatest", o.redirect, nil)
	var saved []*oauth2.Token
	src := NewSource(cfg, res.Token, nil, func(_ context.Context, tok *oauth2.Token) error {
		saved = append(saved, tok)
		return nil
	}, nil)
	src.Now = o.clock
	first, err := src.Credential(context.Background())
	if err != nil || first.Value != res.Token.AccessToken {
		t.Fatalf("a fresh token was not reused: %v", err)
	}
	o.advance(61 * time.Minute) // past the access token's hour
	second, err := src.Credential(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if second.Value == first.Value || len(saved) != 1 {
		t.Fatalf("no refresh happened (saved %d)", len(saved))
	}
	if saved[0].RefreshToken == res.Token.RefreshToken {
		t.Error("the rotated refresh token was not handed over for saving")
	}
	// The old refresh token is dead after rotation: a source still holding it must say "sign in again".
	var told bool
	stale := NewSource(cfg, &oauth2.Token{RefreshToken: res.Token.RefreshToken}, nil, nil, func(context.Context) { told = true })
	if _, err := stale.Refresh(context.Background()); !errors.Is(err, ErrSignInAgain) || !told {
		t.Errorf("stale refresh: err = %v, told = %v; want ErrSignInAgain", err, told)
	}
}

func TestSourceNetworkFailureIsNotSignInAgain(t *testing.T) {
	cfg := Endpoints("http://127.0.0.1:1", "0oatest", "", nil)
	src := NewSource(cfg, &oauth2.Token{RefreshToken: "rt"}, &http.Client{Timeout: time.Second}, nil, func(context.Context) {
		t.Error("a network failure marked the connection as needing sign-in")
	})
	_, err := src.Refresh(context.Background())
	if err == nil || errors.Is(err, ErrSignInAgain) {
		t.Errorf("err = %v, want a retryable error", err)
	}
}

func TestDefaultScopesDeriveFromCards(t *testing.T) {
	reg := catalog.NewRegistry()
	reg.MustRegister(catalog.Spec{ID: "t.a", Version: 1, Kind: catalog.KindAction, Name: "A", Help: "h", API: []string{"GET /x"}, Effect: catalog.EffectRead, Scopes: []string{"okta.widgets.read"}})
	got := strings.Join(DefaultScopes(reg), " ")
	for _, want := range []string{"openid", "offline_access", "okta.logs.read", "okta.widgets.read"} {
		if !strings.Contains(got, want) {
			t.Errorf("DefaultScopes = %q lacks %q", got, want)
		}
	}
	if m := CardsMissingScopes(reg, []string{"okta.widgets.manage"}); len(m) != 0 {
		t.Errorf("manage should imply read: %v", m)
	}
	if m := CardsMissingScopes(reg, []string{"openid"}); len(m) != 1 {
		t.Errorf("missing scopes = %v, want card A", m)
	}
}
