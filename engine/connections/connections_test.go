package connections

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/storage"
)

// me calls GET /api/v1/users/me through the connection's client (the SDK, as a card does).
func me(t *testing.T, e *env, id string) (string, error) {
	t.Helper()
	cl, err := e.m.Client(context.Background(), id)
	if err != nil {
		return "", err
	}
	u, _, err := cl.SDK.User.GetUser(context.Background(), "me")
	if err != nil {
		return "", err
	}
	return u.Id, nil
}

func TestSignInRecordsWhoAndWhat(t *testing.T) {
	for _, pipeline := range []string{"idx", "v1"} {
		t.Run(pipeline, func(t *testing.T) {
			e := newEnv(t, func(o *envOptions) { o.pipeline = pipeline })
			st := e.signIn(rotatingClient, "")
			if st.Subject.Sub != e.org.AdminID() || st.Subject.Login != "admin@example.com" || st.Subject.Name == "" {
				t.Errorf("subject = %+v, want the org's admin %s", st.Subject, e.org.AdminID())
			}
			if st.Pipeline != pipeline || st.State != storage.StatusOK || st.Kind != storage.KindOAuth || st.DPoP {
				t.Errorf("status = %+v", st)
			}
			if want := e.clock.Now().Add(RefreshTokenLifetime); !st.RefreshExpiresAt.Equal(want) {
				t.Errorf("refresh expiry = %v, want %v", st.RefreshExpiresAt, want)
			}
			if len(st.CardsMissingScopes) != 0 || st.RefreshExpiring {
				t.Errorf("every scope was granted, yet missing = %v, expiring = %v", st.CardsMissingScopes, st.RefreshExpiring)
			}
			if st.Name != "127.0.0.1:"+strings.Split(e.srv.URL, ":")[2] {
				t.Errorf("default name = %q", st.Name)
			}
			if id, err := me(t, e, st.ID); err != nil || id != e.org.AdminID() {
				t.Errorf("GET users/me = %q, %v", id, err)
			}
		})
	}
}

func TestRefreshRotationSurvivesRestart(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(rotatingClient, "acme")
	b0 := e.bundleOf(st.ID)
	if _, err := me(t, e, st.ID); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(50 * time.Minute)
	if _, err := me(t, e, st.ID); err != nil {
		t.Fatal(err)
	}
	if n := e.org.Authz().Counts().Refreshes; n != 0 {
		t.Fatalf("%d refreshes while the access token was fresh", n)
	}
	e.clock.Advance(11 * time.Minute) // past the access token's hour
	if _, err := me(t, e, st.ID); err != nil {
		t.Fatalf("call after expiry: %v", err)
	}
	if n := e.org.Authz().Counts().Refreshes; n != 1 {
		t.Fatalf("%d refreshes after expiry, want 1", n)
	}
	b1 := e.bundleOf(st.ID)
	if b1.RefreshToken == b0.RefreshToken || b1.AccessToken == b0.AccessToken {
		t.Fatal("the refreshed tokens were not saved")
	}
	if !e.org.Authz().Revoked(b0.RefreshToken) {
		t.Error("the org did not rotate the refresh token; the test proves nothing")
	}
	c, _ := e.db.GetConnection(context.Background(), st.ID)
	if want := e.clock.Now().Add(RefreshTokenLifetime); !c.RefreshExpiresAt.Equal(want) {
		t.Errorf("refresh expiry after rotation = %v, want %v", c.RefreshExpiresAt, want)
	}

	e.restart()
	e.clock.Advance(61 * time.Minute)
	if _, err := me(t, e, st.ID); err != nil {
		t.Fatalf("after a restart the saved rotated refresh token does not work: %v", err)
	}
	if b2 := e.bundleOf(st.ID); b2.RefreshToken == b1.RefreshToken {
		t.Error("no refresh after the restart")
	}
	if got, _ := e.db.GetConnection(context.Background(), st.ID); got.Status != storage.StatusOK {
		t.Errorf("status = %q", got.Status)
	}
}

func TestInvalidGrantMarksNeedsSignIn(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(rotatingClient, "acme")
	b := e.bundleOf(st.ID)
	if err := auth.Revoke(context.Background(), nil, e.srv.URL, rotatingClient, b.RefreshToken, auth.HintRefreshToken); err != nil {
		t.Fatal(err)
	}
	e.clock.Advance(61 * time.Minute)
	_, err := me(t, e, st.ID)
	if err == nil {
		t.Fatal("a call with a revoked sign-in succeeded")
	}
	c, _ := e.db.GetConnection(context.Background(), st.ID)
	if c.Status != storage.StatusNeedsSignIn {
		t.Fatalf("status = %q, want needs_signin", c.Status)
	}
	if _, err := e.m.Client(context.Background(), st.ID); !errors.Is(err, ErrNeedsSignIn) || !strings.Contains(err.Error(), "flowdeck connect") {
		t.Errorf("Client = %v, want ErrNeedsSignIn with advice", err)
	}
	got, _ := e.m.Get(context.Background(), "acme")
	if len(got.Warnings) == 0 || !strings.Contains(got.Warnings[0], "paused") {
		t.Errorf("warnings = %q", got.Warnings)
	}
	// Signing in again under the same name brings it back.
	again := e.signIn(rotatingClient, "acme")
	if again.ID != st.ID || again.State != storage.StatusOK {
		t.Errorf("reconnect = %+v, want the same connection, ok", again)
	}
	if _, err := me(t, e, st.ID); err != nil {
		t.Errorf("after reconnect: %v", err)
	}
}

func TestNetworkFailureDoesNotMarkNeedsSignIn(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(rotatingClient, "acme")
	if _, err := e.m.Client(context.Background(), st.ID); err != nil {
		t.Fatal(err)
	}
	e.srv.CloseClientConnections()
	e.srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "upstream down", http.StatusBadGateway)
	})
	e.clock.Advance(61 * time.Minute)
	if _, err := me(t, e, st.ID); err == nil {
		t.Fatal("the refresh against a failing org succeeded")
	}
	if c, _ := e.db.GetConnection(context.Background(), st.ID); c.Status != storage.StatusOK {
		t.Errorf("a 502 from the token endpoint marked the connection %q", c.Status)
	}
}

func TestReconnectRevokesTheReplacedSignIn(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(rotatingClient, "acme")
	old := e.bundleOf(st.ID)
	e.signIn(rotatingClient, "acme")
	if !e.org.Authz().Revoked(old.RefreshToken) {
		t.Error("the replaced refresh token is still alive")
	}
	all, _ := e.m.List(context.Background())
	if len(all) != 1 {
		t.Errorf("reconnect made %d connections", len(all))
	}
	_, err := e.m.SignIn(context.Background(), SignInRequest{OrgURL: "http://127.0.0.2:1", ClientID: rotatingClient, Name: "acme", RedirectURI: e.redirect, NoBrowser: true})
	if err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("same name, other org: %v", err)
	}
}

func TestDeleteRevokesTokens(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(rotatingClient, "acme")
	b := e.bundleOf(st.ID)
	res, err := e.m.Delete(context.Background(), st.ID, false)
	if err != nil || !res.Revoked {
		t.Fatalf("Delete = %+v, %v", res, err)
	}
	if !e.org.Authz().Revoked(b.RefreshToken) || !e.org.Authz().Revoked(b.AccessToken) {
		t.Error("the tokens were not revoked at the org")
	}
	if _, err := e.db.GetConnection(context.Background(), st.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("the connection is still stored: %v", err)
	}
}

func TestDeleteWhenTheOrgIsUnreachable(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(rotatingClient, "acme")
	e.srv.Close()
	_, err := e.m.Delete(context.Background(), st.ID, false)
	if err == nil || !strings.Contains(err.Error(), "--force") || !strings.Contains(err.Error(), "kept") {
		t.Fatalf("Delete = %v, want a clear error offering --force", err)
	}
	if _, err := e.db.GetConnection(context.Background(), st.ID); err != nil {
		t.Fatalf("the connection was removed although its tokens live on: %v", err)
	}
	res, err := e.m.Delete(context.Background(), st.ID, true)
	if err != nil || res.Revoked || !strings.Contains(res.Note, "Admin Console") {
		t.Fatalf("forced Delete = %+v, %v", res, err)
	}
	if _, err := e.db.GetConnection(context.Background(), st.ID); !errors.Is(err, storage.ErrNotFound) {
		t.Errorf("forced delete kept the connection: %v", err)
	}
}

func TestDPoPEndToEnd(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(dpopClient, "dpop")
	b := e.bundleOf(st.ID)
	if !st.DPoP || len(b.DPoPKey) == 0 || b.TokenType != "DPoP" {
		t.Fatalf("DPoP sign-in: status DPoP %v, key %d bytes, token type %q", st.DPoP, len(b.DPoPKey), b.TokenType)
	}
	if id, err := me(t, e, st.ID); err != nil || id != e.org.AdminID() {
		t.Fatalf("management call with DPoP: %q, %v", id, err)
	}
	// The token is bound to the key: as a Bearer token it is refused.
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/users/me", nil)
	req.Header.Set("Authorization", "Bearer "+b.AccessToken)
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the DPoP-bound token worked as a Bearer token (%v)", err)
	} else {
		resp.Body.Close()
	}
	nonceErrors := e.org.Authz().Counts().DPoPNonceErrors
	if nonceErrors < 2 {
		t.Errorf("use_dpop_nonce answered %d times; the token endpoint and the API should each have asked once", nonceErrors)
	}
	// New nonces, an expired access token, and a restart: refresh and API call still work.
	e.org.Authz().RotateDPoPNonces()
	e.clock.Advance(61 * time.Minute)
	if _, err := me(t, e, st.ID); err != nil {
		t.Fatalf("DPoP refresh: %v", err)
	}
	e.restart()
	e.org.Authz().RotateDPoPNonces()
	e.clock.Advance(61 * time.Minute)
	if _, err := me(t, e, st.ID); err != nil {
		t.Fatalf("DPoP after restart: %v", err)
	}
	if c, _ := e.db.GetConnection(context.Background(), st.ID); c.Status != storage.StatusOK {
		t.Errorf("status = %q", c.Status)
	}
	res, err := e.m.Delete(context.Background(), st.ID, false)
	if err != nil || !res.Revoked {
		t.Errorf("Delete = %+v, %v", res, err)
	}
}

func TestWrongStateIsRejected(t *testing.T) {
	e := newEnv(t)
	var forged int
	open := func(u string) error {
		resp, err := http.Get(e.redirect + "?code=forged&state=not-ours")
		if err != nil {
			return err
		}
		resp.Body.Close()
		forged = resp.StatusCode
		return browser(t)(u)
	}
	st, err := e.m.SignIn(context.Background(), SignInRequest{OrgURL: e.srv.URL, ClientID: rotatingClient, RedirectURI: e.redirect, OpenBrowser: open, Timeout: 10 * time.Second})
	if err != nil {
		t.Fatalf("the real callback after a forged one: %v", err)
	}
	if forged != http.StatusBadRequest {
		t.Errorf("a callback with a wrong state answered %d, want 400", forged)
	}
	if n := e.org.Authz().Counts().AuthorizationCodes; n != 1 || st.ID == "" {
		t.Errorf("codes redeemed = %d, want only the real one", n)
	}
}

func TestWrongVerifierIsRejected(t *testing.T) {
	e := newEnv(t)
	cfg := auth.Endpoints(e.srv.URL, rotatingClient, e.redirect, []string{"openid", "offline_access"})
	right, wrong := oauth2.GenerateVerifier(), oauth2.GenerateVerifier()
	authURL := cfg.AuthCodeURL("some-state", oauth2.S256ChallengeOption(right))
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(authURL)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		t.Fatalf("authorize answered %d, Location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, err = cfg.Exchange(context.Background(), loc.Query().Get("code"), oauth2.VerifierOption(wrong))
	if !auth.IsInvalidGrant(err) {
		t.Fatalf("exchange with a wrong verifier: %v, want invalid_grant", err)
	}
	if n := e.org.Authz().Counts().AuthorizationCodes; n != 0 {
		t.Errorf("%d codes redeemed", n)
	}
}

// deactivationEvent deactivates a fresh user in the org and returns the System Log event Okta
// writes for it.
func deactivationEvent(t *testing.T, e *env) (map[string]any, string) {
	t.Helper()
	do := func(method, path string, body string) map[string]any {
		req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "SSWS "+e.org.APIToken())
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		if resp.StatusCode >= 300 {
			t.Fatalf("%s %s: %d", method, path, resp.StatusCode)
		}
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return out
	}
	u := do(http.MethodPost, "/api/v1/users?activate=true", `{"profile":{"firstName":"Sam","lastName":"Service","login":"sam@example.com","email":"sam@example.com"}}`)
	id, _ := u["id"].(string)
	do(http.MethodPost, "/api/v1/users/"+id+"/lifecycle/deactivate", "")
	for _, raw := range e.org.Events() {
		var ev map[string]any
		if err := json.Unmarshal(raw, &ev); err != nil {
			t.Fatal(err)
		}
		if ev["eventType"] == "user.lifecycle.deactivate" {
			return ev, id
		}
	}
	t.Fatal("the org wrote no user.lifecycle.deactivate event")
	return nil, ""
}

// retarget returns a copy of ev whose User target is sub.
func retarget(t *testing.T, ev map[string]any, from, to string) map[string]any {
	t.Helper()
	raw, _ := json.Marshal(ev)
	var out map[string]any
	_ = json.Unmarshal([]byte(strings.ReplaceAll(string(raw), from, to)), &out)
	return out
}

func TestUserGoneEventRevokesTheConnection(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(rotatingClient, "acme")
	b := e.bundleOf(st.ID)
	ev, other := deactivationEvent(t, e)
	ctx := context.Background()

	if hit, err := e.m.HandleEvent(ctx, st.ID, ev); hit || err != nil {
		t.Fatalf("another user's deactivation revoked the connection (%v)", err)
	}
	failed := retarget(t, ev, other, st.Subject.Sub)
	failed["outcome"] = map[string]any{"result": "FAILURE"}
	deleted := retarget(t, ev, other, st.Subject.Sub)
	deleted["eventType"] = "user.lifecycle.delete.initiated"
	for _, tc := range []struct {
		name string
		ev   map[string]any
		hit  bool
	}{
		{"unrelated event type", map[string]any{"eventType": "user.session.start", "target": deleted["target"]}, false},
		{"failed deactivation", failed, false},
		{"the connection's user deleted", deleted, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			hit, err := e.m.HandleEvent(ctx, st.ID, tc.ev)
			if err != nil || hit != tc.hit {
				t.Fatalf("HandleEvent = %v, %v; want %v", hit, err, tc.hit)
			}
		})
	}
	if !e.org.Authz().Revoked(b.RefreshToken) || !e.org.Authz().Revoked(b.AccessToken) {
		t.Error("the tokens were not revoked")
	}
	if c, _ := e.db.GetConnection(ctx, st.ID); c.Status != storage.StatusRevoked {
		t.Errorf("status = %q, want revoked", c.Status)
	}
	if _, err := e.m.Client(ctx, st.ID); !errors.Is(err, ErrRevoked) {
		t.Errorf("Client = %v, want ErrRevoked", err)
	}
}

func TestAPITokenConnection(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	st, err := e.m.AddAPIToken(ctx, APITokenRequest{OrgURL: e.srv.URL, Name: "ssws", Token: e.org.APIToken()})
	if err != nil {
		t.Fatal(err)
	}
	if st.Kind != storage.KindAPIToken || st.Subject.Sub != e.org.AdminID() || st.Subject.Login != "admin@example.com" || len(st.CardsMissingScopes) != 0 {
		t.Errorf("status = %+v", st)
	}
	if id, err := me(t, e, st.ID); err != nil || id != e.org.AdminID() {
		t.Errorf("SSWS call = %q, %v", id, err)
	}
	_, err = e.m.AddAPIToken(ctx, APITokenRequest{OrgURL: e.srv.URL, Name: "bad", Token: "00notAToken"})
	if err == nil || !strings.Contains(err.Error(), "does not accept this API token") || strings.Contains(err.Error(), "00notAToken") {
		t.Errorf("bad token: %v", err)
	}
	res, err := e.m.Delete(ctx, st.ID, false)
	if err != nil || !strings.Contains(res.Note, "Security → API → Tokens") {
		t.Errorf("Delete = %+v, %v", res, err)
	}
}

func TestStatusWarnsBeforeTheRefreshTokenEnds(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(staticClient, "acme")
	e.clock.Advance(RefreshTokenLifetime - 6*24*time.Hour)
	got, err := e.m.Get(context.Background(), st.Name)
	if err != nil {
		t.Fatal(err)
	}
	if !got.RefreshExpiring || len(got.Warnings) == 0 || !strings.Contains(got.Warnings[0], "6 days") {
		t.Errorf("status = %+v, want a warning 6 days before", got)
	}
}

func TestCardsMissingScopes(t *testing.T) {
	e := newEnv(t)
	st, err := e.m.SignIn(context.Background(), SignInRequest{OrgURL: e.srv.URL, ClientID: rotatingClient, RedirectURI: e.redirect,
		Scopes: []string{"openid", "profile", "offline_access", "okta.users.read"}, OpenBrowser: browser(t), Timeout: 10 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.CardsMissingScopes) == 0 {
		t.Fatal("with only okta.users.read, no card lacks a scope")
	}
	for card, scopes := range st.CardsMissingScopes {
		for _, s := range scopes {
			if s == "okta.users.read" {
				t.Errorf("card %s is said to lack a granted scope", card)
			}
		}
	}
}

func TestBorrowClientNeverRefreshes(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(rotatingClient, "acme")
	ctx := context.Background()
	cl, err := e.m.BorrowClient(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	if u, _, err := cl.SDK.User.GetUser(ctx, "me"); err != nil || u.Id != e.org.AdminID() {
		t.Fatalf("borrowed call: %v", err)
	}
	e.clock.Advance(61 * time.Minute)
	_, _, err = cl.SDK.User.GetUser(ctx, "me")
	if err == nil || !strings.Contains(err.Error(), "owns its refresh") {
		t.Errorf("expired borrowed token: %v", err)
	}
	if n := e.org.Authz().Counts().Refreshes; n != 0 {
		t.Errorf("a borrowed client refreshed %d times", n)
	}
	if c, _ := e.db.GetConnection(ctx, st.ID); c.Status != storage.StatusOK {
		t.Errorf("status = %q", c.Status)
	}
}

func TestAClientFromBeforeANewSignInDoesNotMarkTheConnection(t *testing.T) {
	e := newEnv(t)
	st := e.signIn(rotatingClient, "acme")
	ctx := context.Background()
	stale, err := e.m.Client(ctx, st.ID)
	if err != nil {
		t.Fatal(err)
	}
	e.signIn(rotatingClient, "acme") // revokes the sign-in stale holds
	e.clock.Advance(61 * time.Minute)
	if _, _, err := stale.SDK.User.GetUser(ctx, "me"); err == nil {
		t.Fatal("the replaced sign-in still works")
	}
	if c, _ := e.db.GetConnection(ctx, st.ID); c.Status != storage.StatusOK {
		t.Fatalf("the stale client marked the new sign-in %q", c.Status)
	}
	if _, err := me(t, e, st.ID); err != nil {
		t.Errorf("the new sign-in: %v", err)
	}
}
