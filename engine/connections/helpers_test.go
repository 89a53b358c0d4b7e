package connections

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth/vault"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
	"github.com/flowdeck/flowdeck/storage"
)

const (
	rotatingClient = "0oarotating"
	dpopClient     = "0oadpop"
	staticClient   = "0oastatic"
)

// clock is the settable clock the simulated org, the database and the manager share.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// env is one simulated org, one data directory and a manager over them.
type env struct {
	t        *testing.T
	org      *oktasim.Org
	srv      *httptest.Server
	clock    *clock
	redirect string
	dir      string
	dbPath   string
	db       *storage.DB
	vault    *vault.Vault
	m        *Manager
	logs     *syncBuffer
	// transport carries the manager's requests (nil: the default).
	transport http.RoundTripper
}

type envOptions struct {
	pipeline  string
	transport http.RoundTripper
}

func newEnv(t *testing.T, opts ...func(*envOptions)) *env {
	t.Helper()
	var o envOptions
	for _, f := range opts {
		f(&o)
	}
	e := &env{transport: o.transport, t: t, clock: &clock{t: time.Now().UTC().Truncate(time.Second)}, redirect: freeRedirect(t), logs: &syncBuffer{}}
	e.org = oktasim.New(oktasim.Options{
		Pipeline: o.pipeline,
		Clock:    e.clock.Now,
		Clients: []authz.Client{
			{ID: rotatingClient, RedirectURIs: []string{e.redirect}, RotateRefreshTokens: true},
			{ID: dpopClient, RedirectURIs: []string{e.redirect}, RotateRefreshTokens: true, RequireDPoP: true},
			{ID: staticClient, RedirectURIs: []string{e.redirect}},
		},
	})
	e.srv = httptest.NewServer(e.org)
	t.Cleanup(e.srv.Close)
	e.dir = t.TempDir()
	e.dbPath = filepath.Join(e.dir, storage.FileName)
	e.open()
	t.Cleanup(func() { e.db.Close() })
	return e
}

// open (re)opens the database, the vault and a fresh manager: what a restart does.
func (e *env) open() {
	e.t.Helper()
	ctx := context.Background()
	db, err := storage.Open(ctx, e.dbPath, storage.WithClock(e.clock.Now))
	if err != nil {
		e.t.Fatal(err)
	}
	v, err := vault.Open(ctx, e.dir, nil)
	if err != nil {
		e.t.Fatal(err)
	}
	e.db, e.vault = db, v
	log := slog.New(slog.NewTextHandler(e.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	e.m = New(Options{DB: db, Vault: v, Logger: log, Now: e.clock.Now, Transport: e.transport})
}

func (e *env) restart() {
	e.t.Helper()
	if err := e.db.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.open()
}

// signIn runs a full sign-in with the browser following redirects.
func (e *env) signIn(clientID, name string) Status {
	e.t.Helper()
	st, err := e.m.SignIn(context.Background(), SignInRequest{
		OrgURL: e.srv.URL, ClientID: clientID, Name: name, RedirectURI: e.redirect,
		OpenBrowser: browser(e.t), Timeout: 10 * time.Second,
	})
	if err != nil {
		e.t.Fatalf("sign-in: %v", err)
	}
	return st
}

// bundleOf reads a connection's tokens as the manager stored them.
func (e *env) bundleOf(id string) bundle {
	e.t.Helper()
	c, err := e.db.GetConnection(context.Background(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	b, err := e.m.unseal(c)
	if err != nil {
		e.t.Fatal(err)
	}
	return b
}

// freeRedirect is a loopback redirect URI on a free port, so tests never fight over 8765.
func freeRedirect(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return "http://127.0.0.1:" + strconv.Itoa(port) + "/callback"
}

// browser follows the authorize URL's redirects to the callback, as a browser (or curl -L) does.
func browser(t *testing.T) func(string) error {
	return func(u string) error {
		resp, err := http.Get(u)
		if err != nil {
			t.Errorf("browser: %v", err)
			return err
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("browser: the sign-in ended on %s with %d", resp.Request.URL.Path, resp.StatusCode)
		}
		return nil
	}
}

type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
