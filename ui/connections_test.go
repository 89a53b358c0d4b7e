package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

func TestAddConnection(t *testing.T) {
	const signInURL = "https://acme.okta.com/oauth2/v1/authorize?client_id=0oa1&code_challenge_method=S256"
	tests := []struct {
		name    string
		org     string
		signIn  func(ctx context.Context, req SignInRequest) (Connection, error)
		cancel  bool
		want    string
		stored  int
		showURL bool
	}{
		{name: "success", org: "https://acme.okta.com", signIn: func(_ context.Context, req SignInRequest) (Connection, error) {
			req.ShowURL(signInURL)
			return Connection{ID: "c1", Name: "acme.okta.com", OrgURL: req.OrgURL, ConnectedAs: "Ada Admin (admin@acme.com)", Engine: "Identity Engine"}, nil
		}, want: "Connected to acme.okta.com as Ada Admin (admin@acme.com).", stored: 1, showURL: true},
		{name: "cancel", org: "https://acme.okta.com", cancel: true, signIn: func(ctx context.Context, req SignInRequest) (Connection, error) {
			req.ShowURL(signInURL)
			<-ctx.Done()
			return Connection{}, ctx.Err()
		}, want: "Sign-in cancelled. Nothing was stored.", showURL: true},
		{name: "failure", org: "https://acme.okta.com", signIn: func(context.Context, SignInRequest) (Connection, error) {
			return Connection{}, errors.New("the org answered 400 invalid_client: check the Client ID")
		}, want: "Sign-in failed: the org answered 400 invalid_client: check the Client ID"},
		{name: "missing fields", org: "", want: "Type the org's address and the app's Client ID first."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, b := newTestWindow(t, connectedLinear())
			b.SignInFunc = tt.signIn
			w.showConnections()
			test.Tap(findButton(w, "Add connection…"))
			v := w.addConnectionView
			if v == nil {
				t.Fatal("no Add connection dialog")
			}
			test.Type(v.orgURL, tt.org)
			test.Type(v.clientID, "0oa1")
			test.Tap(v.signIn)
			if tt.signIn != nil && (!v.waiting.Visible() || v.signIn.Disabled() == false) {
				t.Error("no waiting state while the browser sign-in runs")
			}
			if tt.cancel {
				test.Tap(v.cancelButton)
			}
			w.bridge.wait()
			if v.message.Text != tt.want || !v.message.Visible() {
				t.Errorf("message = %q (shown %v), want %q", v.message.Text, v.message.Visible(), tt.want)
			}
			if v.waiting.Visible() || v.signIn.Disabled() {
				t.Error("still waiting after the sign-in ended")
			}
			if tt.showURL && v.url.Text != signInURL {
				t.Errorf("sign-in address = %q", v.url.Text)
			}
			if len(w.conns) != tt.stored {
				t.Errorf("connections = %+v", w.conns)
			}
			if tt.stored > 0 && len(w.connectionsView.rows.Objects) != 2*tt.stored {
				t.Errorf("the Connections dialog was not refreshed")
			}
		})
	}
}

func TestDeleteConnection(t *testing.T) {
	unreachable := errors.New(`connection "acme" was kept because its tokens could not be revoked: dial tcp: connection refused`)
	tests := []struct {
		name    string
		del     func(id string, force bool) (DeleteOutcome, error)
		force   bool
		wantMsg string
	}{
		{"revoked", nil, false, "Deleted Acme. Its tokens are revoked at Okta."},
		{"org unreachable, removed anyway", func(_ string, force bool) (DeleteOutcome, error) {
			if !force {
				return DeleteOutcome{}, unreachable
			}
			return DeleteOutcome{Note: "revoke its grants in the Admin Console"}, nil
		}, true, "Deleted Acme. revoke its grants in the Admin Console"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, b := newTestWindow(t, connectedLinear())
			b.Connections = []Connection{{ID: "c_demo", Name: "Acme", OrgURL: "https://acme.okta.com", CanSignIn: true}}
			b.DeleteFunc = tt.del
			w.refreshConnections()
			w.bridge.wait()
			w.showConnections()
			test.Tap(findButton(w, "Delete"))
			if !strings.Contains(overlayText(w), "revokes its tokens") {
				t.Fatalf("no confirmation: %q", overlayText(w))
			}
			test.Tap(findButton(w, "Yes"))
			w.bridge.wait()
			if tt.force {
				if !strings.Contains(overlayText(w), "Remove the connection anyway?") {
					t.Fatalf("force not offered: %q", overlayText(w))
				}
				test.Tap(findButton(w, "Yes"))
				w.bridge.wait()
			}
			if w.status.Text != tt.wantMsg || !strings.Contains(overlayText(w), tt.wantMsg) {
				t.Errorf("status = %q; dialog %q", w.status.Text, overlayText(w))
			}
			if len(w.conns) != 0 {
				t.Errorf("connections = %+v", w.conns)
			}
		})
	}
}

func TestConnectionStatusLine(t *testing.T) {
	tests := []struct {
		c    Connection
		want string
	}{
		{Connection{ConnectedAs: "Ada (ada@x.com)", Engine: "Identity Engine"}, "Connected as Ada (ada@x.com) · Identity Engine"},
		{Connection{ConnectedAs: "Ada", NeedsSignIn: true, Engine: "Classic Engine"}, "Needs sign-in again · Classic Engine"},
		{Connection{ConnectedAs: "Ada", RefreshExpiring: true, CardsMissingScopes: 3}, "Connected as Ada · refresh token ending soon: sign in again · 3 cards lack scopes"},
		{Connection{CardsMissingScopes: 1}, "1 card lacks a scope"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.c.StatusLine(); got != tt.want {
				t.Errorf("StatusLine = %q", got)
			}
		})
	}
}

func TestConnectionLook(t *testing.T) {
	w, b := newTestWindow(t, connectedLinear())
	b.Connections = []Connection{{ID: "c_demo", Name: "Acme", OrgURL: "https://acme.okta.com"}}
	w.refreshConnections()
	w.bridge.wait()
	w.showConnections()
	actions := w.connectionsView.rows.Objects[0].(*fyne.Container).Objects[1].(*fyne.Container)
	actions.Objects[0].(*widget.Select).SetSelected("Teal")
	w.bridge.wait()
	test.Tap(actions.Objects[1].(*widget.Check))
	w.bridge.wait()
	if c, _ := w.connection("c_demo"); !c.Production || c.Color != "#00838F" {
		t.Errorf("connection = %+v, want teal and production", c)
	}
	if got := connectionColor(Connection{ID: "c_demo", Color: "#00838F"}); got != mustHex(t, "#00838F") {
		t.Errorf("colour = %v", got)
	}
	if connectionColor(Connection{ID: "x"}) != connectionColor(Connection{ID: "x"}) {
		t.Error("the picked colour is not stable")
	}
}

func mustHex(t *testing.T, s string) any {
	t.Helper()
	c, ok := parseHexColor(s)
	if !ok {
		t.Fatalf("bad colour %s", s)
	}
	return c
}

func TestEngineStatusLine(t *testing.T) {
	now := time.Date(2026, 11, 28, 14, 3, 30, 0, time.UTC)
	tests := []struct {
		s    EngineStatus
		want string
	}{
		{EngineStatus{Headroom: -1}, "Engine on · no flow is on · 0 queued"},
		{EngineStatus{Polled: 2, LastPoll: now.Add(-2 * time.Second), Queued: 3, Running: 1, Headroom: 0.824, HeadroomBucket: "/api/v1/logs"},
			"Engine on · 2 orgs polled, last poll just now · 3 queued · 1 running · rate limit 82% left (/api/v1/logs)"},
		{EngineStatus{Paused: true, Polled: 1, LastPoll: now.Add(-90 * time.Second), PollError: "Okta answered 401", Headroom: -1},
			"Engine paused · 1 org polled, last poll 1 min ago · poll failed: Okta answered 401 · 0 queued"},
		{EngineStatus{ReadOnly: "flowdeck engine (pid 7)", Queued: 5, Headroom: -1}, "Read-only: the engine runs in flowdeck engine (pid 7) · 5 queued"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.s.Line(now); got != tt.want {
				t.Errorf("Line = %q", got)
			}
		})
	}
}

func TestStatusLineAndPause(t *testing.T) {
	w, b := newTestWindow(t, connectedLinear())
	b.Status = EngineStatus{Polled: 1, LastPoll: time.Now(), Queued: 2, Headroom: -1}
	w.refreshEngineStatus(0)
	w.bridge.wait()
	if w.engineStatus.Text != "Engine on · 1 org polled, last poll just now · 2 queued" {
		t.Errorf("status line = %q", w.engineStatus.Text)
	}
	w.setPaused(true)
	w.bridge.wait()
	if !strings.HasPrefix(w.engineStatus.Text, "Engine paused") || !strings.Contains(w.status.Text, "paused") {
		t.Errorf("after pausing: %q / %q", w.engineStatus.Text, w.status.Text)
	}
}

func TestBanner(t *testing.T) {
	t.Run("demo org", func(t *testing.T) {
		w, b := newTestWindow(t, connectedLinear())
		b.Connections = []Connection{{ID: "c_demo", Name: "Demo org (simulated)", Demo: true}}
		w.refreshConnections()
		w.bridge.wait()
		if !w.banner.Visible() || !strings.HasPrefix(w.bannerText.Text, "Demo org") || w.bannerButton.Text != "Connect your Okta org" {
			t.Fatalf("banner = %q (shown %v)", w.bannerText.Text, w.banner.Visible())
		}
		test.Tap(w.bannerButton)
		if w.addConnectionView == nil {
			t.Error("Connect your Okta org did not open the Add connection dialog")
		}
	})
	t.Run("read-only", func(t *testing.T) {
		a := test.NewTempApp(t)
		w := NewWindow(context.Background(), a, Options{Backend: NewMemoryBackend(), Registry: fixture.Registry(), StatusEvery: -1, testQueue: true,
			ReadOnly: "Read-only: a headless flowdeck engine (pid 7) runs this data directory"})
		w.bridge.wait()
		if !w.banner.Visible() || !strings.Contains(w.bannerText.Text, "pid 7") || w.bannerButton.Visible() {
			t.Errorf("banner = %q (shown %v)", w.bannerText.Text, w.banner.Visible())
		}
	})
}
