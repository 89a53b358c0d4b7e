package ui_test

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/demo"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
	"github.com/flowdeck/flowdeck/ui"
	"github.com/flowdeck/flowdeck/ui/enginebackend"
)

// openOnDemo opens the window as the app does on a fresh data directory: on the demo org.
func openOnDemo(t *testing.T) (*ui.Window, *enginebackend.Backend) {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	ctx := context.Background()
	e, err := engine.Open(ctx, engine.Options{DataDir: t.TempDir(), Kind: "app", NoPolling: true})
	if err != nil {
		t.Fatal(err)
	}
	d, err := demo.Start(ctx, e, demo.Options{})
	if err != nil {
		e.Close()
		t.Fatal(err)
	}
	t.Cleanup(func() {
		e.Close()
		d.Close()
	})
	b := enginebackend.New(e)
	b.Labels[d.ConnectionID] = "Demo org (simulated)"
	w := ui.NewWindowForTest(t, b, catalog.Global())
	return w, b
}

func TestDemoOrgFirstScreen(t *testing.T) {
	w, _ := openOnDemo(t)
	if got := fmt.Sprint(w.ConnectionNames()); got != "[Demo org (simulated)]" {
		t.Errorf("connections = %s", got)
	}
	if !strings.HasPrefix(w.Banner(), "Demo org") {
		t.Errorf("banner = %q, want the demo org labelled", w.Banner())
	}
	flows := w.FlowNames()
	if len(flows) != 3 {
		t.Fatalf("flows = %v, want the three example flows", flows)
	}
	w.OpenFlow("demo-welcome-new-hires")
	w.Wait()
	if got := fmt.Sprint(w.OpenCards()); got != "[c_demo1trigger c_demo1addgrp]" {
		t.Errorf("canvas shows %s", got)
	}
}

func TestAddConnectionOnTheSimulatedOrg(t *testing.T) {
	w, b := openOnDemo(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	b.RedirectURI = "http://127.0.0.1:" + strconv.Itoa(ln.Addr().(*net.TCPAddr).Port) + "/callback"
	ln.Close()
	org := oktasim.New(oktasim.Options{Clients: []authz.Client{{ID: "0oaflowdeckapp", RedirectURIs: []string{b.RedirectURI}}}})
	srv := httptest.NewServer(org)
	defer srv.Close()
	// The browser: follows the sign-in address to the app's loopback callback.
	b.OpenBrowser = func(u string) error {
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		return resp.Body.Close()
	}
	msg := w.SignInForTest(srv.URL, "0oaflowdeckapp")
	host := strings.TrimPrefix(srv.URL, "http://")
	if want := "Connected to " + host + " as "; !strings.HasPrefix(msg, want) || !strings.Contains(msg, "admin@example.com") {
		t.Errorf("dialog says %q, want %q…", msg, want)
	}
	if got := fmt.Sprint(w.ConnectionNames()); !strings.Contains(got, host) {
		t.Errorf("connections = %s", got)
	}
	if w.Banner() != "" {
		t.Errorf("the demo banner still shows with a real org connected: %q", w.Banner())
	}
}

func TestRunCardOnTheDemoOrg(t *testing.T) {
	w, b := openOnDemo(t)
	w.OpenFlow("demo-welcome-new-hires")
	w.Wait()

	// The admin's user id, for a run that succeeds.
	f, _, err := b.LoadFlow(context.Background(), "demo-welcome-new-hires")
	if err != nil {
		t.Fatal(err)
	}
	read := &flow.Flow{Schema: flow.SchemaVersion, ID: "scratch", Connection: f.Connection, Cards: []flow.Card{
		{ID: "c_read", Type: "okta.action.readUser", Version: 1, Inputs: map[string]flow.Input{"userId": {Literal: "admin@example.com"}}}}}
	res, err := b.RunCard(context.Background(), read, "c_read", nil)
	if err != nil {
		t.Fatal(err)
	}
	status, dialog := w.RunCardForTest("c_demo1addgrp", res.Outputs["id"].(string))
	if !strings.HasPrefix(status, "Ran Add User to Group in ") || !strings.Contains(dialog, "Okta request id: ") {
		t.Errorf("success: status %q, dialog %q", status, dialog)
	}

	status, dialog = w.RunCardForTest("c_demo1addgrp", "00unosuchuser")
	if !strings.HasPrefix(status, "Run of Add User to Group failed: ") {
		t.Errorf("status = %q", status)
	}
	for _, want := range []string{"Card: Add User to Group", "Status: 404", "Okta error code: E0000007", "Request id: "} {
		if !strings.Contains(dialog, want) {
			t.Errorf("the error dialog lacks %q:\n%s", want, dialog)
		}
	}
}
