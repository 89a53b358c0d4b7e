package enginebackend

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
	"github.com/flowdeck/flowdeck/ui"
)

const flowdeckClient = "0oaflowdeckapp"

// SimOrg is a simulated org with the Flowdeck OIDC app registered for redirect.
func simOrg(t *testing.T, redirect string) *httptest.Server {
	t.Helper()
	org := oktasim.New(oktasim.Options{Clients: []authz.Client{{ID: flowdeckClient, RedirectURIs: []string{redirect}, RotateRefreshTokens: true}}})
	srv := httptest.NewServer(org)
	t.Cleanup(srv.Close)
	return srv
}

// freeRedirect is a loopback redirect URI on a free port.
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

// fakeBrowser follows the sign-in address's redirects to the callback, as a browser does.
func fakeBrowser(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return errors.New("the sign-in ended on " + resp.Request.URL.String())
	}
	return nil
}

func TestSignInAndDelete(t *testing.T) {
	b, _, _ := startDemo(t)
	ctx := context.Background()
	b.RedirectURI = freeRedirect(t)
	srv := simOrg(t, b.RedirectURI)

	t.Run("failure", func(t *testing.T) {
		b.OpenBrowser = fakeBrowser
		_, err := b.SignIn(ctx, ui.SignInRequest{OrgURL: "http://127.0.0.1:1", ClientID: flowdeckClient})
		if err == nil || errors.Is(err, context.Canceled) {
			t.Fatalf("signing in to an org that cannot be reached: %v", err)
		}
	})
	t.Run("cancel", func(t *testing.T) {
		cctx, cancel := context.WithCancel(ctx)
		shown := make(chan string, 1)
		b.OpenBrowser = func(string) error { return nil } // the admin never signs in
		go func() { <-shown; cancel() }()
		_, err := b.SignIn(cctx, ui.SignInRequest{OrgURL: srv.URL, ClientID: flowdeckClient, ShowURL: func(u string) { shown <- u }})
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want cancelled", err)
		}
	})
	t.Run("success, look, delete", func(t *testing.T) {
		var shown string
		b.OpenBrowser = fakeBrowser
		c, err := b.SignIn(ctx, ui.SignInRequest{OrgURL: srv.URL, ClientID: flowdeckClient, Name: "acme", ShowURL: func(u string) { shown = u }})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(shown, "code_challenge_method=S256") {
			t.Errorf("sign-in address = %q", shown)
		}
		if c.Name != "acme" || !strings.Contains(c.ConnectedAs, "admin@example.com") || c.Engine == "" || !c.CanSignIn || c.Demo || c.NeedsSignIn {
			t.Errorf("connection = %+v", c)
		}
		if err := b.SetConnectionLook(ctx, c.ID, "#6A1B9A", true); err != nil {
			t.Fatal(err)
		}
		conns, err := b.ListConnections(ctx)
		if err != nil || len(conns) != 2 {
			t.Fatalf("connections = %+v, %v", conns, err)
		}
		for _, got := range conns {
			if got.ID == c.ID && (got.Color != "#6A1B9A" || !got.Production) {
				t.Errorf("look not kept: %+v", got)
			}
		}
		out, err := b.DeleteConnection(ctx, c.ID, false)
		if err != nil || !out.Revoked {
			t.Fatalf("delete = %+v, %v", out, err)
		}
		if conns, _ := b.ListConnections(ctx); len(conns) != 1 {
			t.Errorf("connections after delete = %+v", conns)
		}
	})
}
