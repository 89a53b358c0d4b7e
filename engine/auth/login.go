package auth

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/pkg/browser"
	"golang.org/x/oauth2"
)

// DefaultRedirectURI is the loopback redirect URI Flowdeck listens on. Okta matches redirect URIs
// exactly, port included: register this one in the Okta app (or configure another).
const DefaultRedirectURI = "http://127.0.0.1:8765/callback"

// LoginRequest describes one sign-in.
type LoginRequest struct {
	OrgURL      string
	ClientID    string
	RedirectURI string   // default DefaultRedirectURI
	Scopes      []string // default: DefaultScopes of the global catalog
	// ShowURL is always called with the authorize URL, so the admin can open it by hand.
	ShowURL func(authorizeURL string)
	// OpenBrowser opens the URL (default: the system browser, in the background, silenced).
	// Set NoBrowser to skip it.
	OpenBrowser func(authorizeURL string) error
	NoBrowser   bool
	// Timeout bounds the wait for the browser to come back (default 5 minutes).
	Timeout time.Duration
	// HTTPClient makes the token call (default a client with a 30 s timeout).
	HTTPClient *http.Client
}

// LoginResult is a successful sign-in.
type LoginResult struct {
	Token         *oauth2.Token
	IDToken       string
	GrantedScopes []string
	// Nonce is the nonce sent to /authorize; the ID token must carry it back (VerifyIDToken).
	Nonce string
}

// ErrCancelled means the admin cancelled the sign-in.
var ErrCancelled = errors.New("sign-in cancelled")

// Endpoints returns the org authorization server's OAuth config for a public (PKCE) client.
func Endpoints(orgURL, clientID, redirectURI string, scopes []string) *oauth2.Config {
	base := strings.TrimRight(orgURL, "/")
	return &oauth2.Config{
		ClientID: clientID,
		Endpoint: oauth2.Endpoint{
			AuthURL:   base + "/oauth2/v1/authorize",
			TokenURL:  base + "/oauth2/v1/token",
			AuthStyle: oauth2.AuthStyleInParams, // a public client has no secret
		},
		RedirectURL: redirectURI,
		Scopes:      scopes,
	}
}

// Login runs the browser sign-in and waits for the callback, the timeout, or ctx to end (cancel
// ctx to cancel the sign-in).
func Login(ctx context.Context, req LoginRequest) (*LoginResult, error) {
	if req.RedirectURI == "" {
		req.RedirectURI = DefaultRedirectURI
	}
	if req.Timeout <= 0 {
		req.Timeout = 5 * time.Minute
	}
	if req.HTTPClient == nil {
		req.HTTPClient = &http.Client{Timeout: 30 * time.Second}
	}
	redirect, err := checkRedirectURI(req.RedirectURI)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", redirect.Host)
	if err != nil {
		return nil, fmt.Errorf("cannot listen for Okta's answer on %s (%v): close the program using port %s, or register another redirect URI in the Okta app and pass it with --redirect-uri", redirect.Host, err, redirect.Port())
	}
	defer ln.Close()

	cfg := Endpoints(req.OrgURL, req.ClientID, req.RedirectURI, req.Scopes)
	state, nonce := randomString(), randomString()
	verifier := oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL(state, oauth2.S256ChallengeOption(verifier), oauth2.SetAuthURLParam("nonce", nonce))

	type outcome struct {
		code string
		err  error
	}
	done := make(chan outcome, 1)
	var once sync.Once
	finish := func(o outcome) { once.Do(func() { done <- o }) }
	mux := http.NewServeMux()
	mux.HandleFunc(redirect.Path, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		switch {
		case q.Get("state") != state:
			// A stale tab or a forged request: refuse it and keep waiting for the real answer.
			writePage(w, http.StatusBadRequest, false, "This sign-in link is not the one Flowdeck is waiting for (the state does not match). Start the sign-in again from Flowdeck.")
		case q.Get("error") != "":
			msg := q.Get("error")
			if d := q.Get("error_description"); d != "" {
				msg += ": " + d
			}
			writePage(w, http.StatusOK, false, "Okta did not sign you in: "+msg)
			finish(outcome{err: fmt.Errorf("the org refused the sign-in: %s", msg)})
		case q.Get("code") == "":
			writePage(w, http.StatusBadRequest, false, "Okta's answer has no authorization code.")
			finish(outcome{err: errors.New("the answer from Okta had no authorization code")})
		default:
			writePage(w, http.StatusOK, true, "You are signed in. You can close this tab and return to Flowdeck.")
			finish(outcome{code: q.Get("code")})
		}
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	defer srv.Close()

	if req.ShowURL != nil {
		req.ShowURL(authURL)
	}
	if !req.NoBrowser {
		open := req.OpenBrowser
		if open == nil {
			open = OpenSystemBrowser
		}
		go func() { _ = open(authURL) }()
	}

	timer := time.NewTimer(req.Timeout)
	defer timer.Stop()
	var got outcome
	select {
	case got = <-done:
	case <-timer.C:
		return nil, fmt.Errorf("no answer from the browser within %v: start the sign-in again", req.Timeout)
	case <-ctx.Done():
		return nil, ErrCancelled
	}
	if got.err != nil {
		return nil, got.err
	}
	tctx := context.WithValue(ctx, oauth2.HTTPClient, req.HTTPClient)
	tok, err := cfg.Exchange(tctx, got.code, oauth2.VerifierOption(verifier))
	if err != nil {
		return nil, fmt.Errorf("exchanging the authorization code at %s: %w", cfg.Endpoint.TokenURL, describeTokenError(err))
	}
	res := &LoginResult{Token: tok, Nonce: nonce}
	if id, ok := tok.Extra("id_token").(string); ok {
		res.IDToken = id
	}
	if s, ok := tok.Extra("scope").(string); ok {
		res.GrantedScopes = strings.Fields(s)
	}
	return res, nil
}

// OpenSystemBrowser opens url with github.com/pkg/browser, without letting it write to our
// output (it would break --json) and without waiting more than a few seconds for it (on a
// headless box xdg-open may start a text browser that never returns).
func OpenSystemBrowser(u string) error {
	browser.Stdout, browser.Stderr = io.Discard, io.Discard
	errc := make(chan error, 1)
	go func() { errc <- browser.OpenURL(u) }()
	select {
	case err := <-errc:
		return err
	case <-time.After(10 * time.Second):
		return errors.New("the browser did not start within 10 s")
	}
}

// checkRedirectURI accepts only http://127.0.0.1:PORT/path: a loopback listener must bind the
// loopback address itself ("localhost" may resolve to ::1 and miss it).
func checkRedirectURI(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "http" || u.Hostname() != "127.0.0.1" || u.Port() == "" || u.Path == "" {
		return nil, fmt.Errorf("redirect URI %q: use http://127.0.0.1:PORT/callback (loopback address and an explicit port), and register exactly that URI in the Okta app", raw)
	}
	return u, nil
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

var page = template.Must(template.New("page").Parse(`<!doctype html>
<html><head><meta charset="utf-8"><title>Flowdeck sign-in</title>
<style>body{font-family:system-ui,sans-serif;margin:4em auto;max-width:34em;color:#222}
h1{font-size:1.4em}.ok{color:#1a7f37}.fail{color:#b42318}</style></head>
<body><h1 class="{{if .OK}}ok{{else}}fail{{end}}">{{if .OK}}Signed in{{else}}Sign-in failed{{end}}</h1>
<p>{{.Message}}</p></body></html>`))

func writePage(w http.ResponseWriter, status int, ok bool, msg string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = page.Execute(w, struct {
		OK      bool
		Message string
	}{ok, msg})
}
