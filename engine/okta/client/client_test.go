package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
)

func newClient(t *testing.T, h http.Handler) (*Client, *httptest.Server) {
	t.Helper()
	t.Setenv("HOME", t.TempDir()) // the SDK reads ~/.okta/okta.yaml
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(context.Background(), Config{OrgURL: srv.URL, Tokens: StaticToken{Scheme: "Bearer", Value: "tok-123"}, Base: srv.Client().Transport})
	if err != nil {
		t.Fatal(err)
	}
	return c, srv
}

func TestSDKCallsCarryTheCurrentTokenAndAreNotCached(t *testing.T) {
	var hits atomic.Int32
	c, _ := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		if got := r.Header.Get("Authorization"); got != "Bearer tok-123" {
			t.Errorf("Authorization = %q, want the transport's token", got)
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"00u1","status":"ACTIVE","profile":{"login":"a@example.com"}}`)
	}))
	for i := 0; i < 2; i++ {
		u, _, err := c.SDK.User.GetUser(context.Background(), "00u1")
		if err != nil {
			t.Fatal(err)
		}
		if u.Id != "00u1" {
			t.Fatalf("id = %q", u.Id)
		}
	}
	if hits.Load() != 2 {
		t.Errorf("the org saw %d GETs for 2 calls: the SDK cache must be off", hits.Load())
	}
}

func TestRedirectToAnotherHostIsRefusedAndCarriesNoToken(t *testing.T) {
	var evilSawAuth atomic.Bool
	var evilHits atomic.Int32
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		evilHits.Add(1)
		if r.Header.Get("Authorization") != "" {
			evilSawAuth.Store(true)
		}
	}))
	defer evil.Close()
	c, _ := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, evil.URL+"/steal", http.StatusFound)
	}))
	_, err := c.Do(context.Background(), http.MethodGet, "/api/v1/users", nil, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "refused a redirect") {
		t.Errorf("err = %v, want a refused redirect", err)
	}
	if evilHits.Load() != 0 || evilSawAuth.Load() {
		t.Errorf("the other host was contacted (%d hits, token sent: %v)", evilHits.Load(), evilSawAuth.Load())
	}
}

func TestResolveRefusesEverythingOffTheOrg(t *testing.T) {
	c, srv := newClient(t, http.NotFoundHandler())
	for _, target := range []string{
		"https://evil.example/api/v1/users",
		"//evil.example/x",
		"/api/v1/../../admin",
		"/api/v1/%2e%2e/%2e%2e/x",
		"/api/v1/users/%2F..%2Fgroups",
		"/api/v1\\users",
		"http://evil.example" + strings.TrimPrefix(srv.URL, "http://127.0.0.1"),
		strings.Replace(srv.URL, "http://", "https://", 1) + "/api/v1/users", // scheme change
		"/api/v1/users\r\nX-Injected: 1",
	} {
		if _, err := c.Resolve(target); err == nil {
			t.Errorf("Resolve(%q) was accepted", target)
		}
	}
	for _, target := range []string{"/api/v1/users", "api/v1/users?limit=2", srv.URL + "/api/v1/logs?after=abc"} {
		u, err := c.Resolve(target)
		if err != nil {
			t.Errorf("Resolve(%q): %v", target, err)
			continue
		}
		if u.Host != c.org.Host {
			t.Errorf("Resolve(%q) host = %q", target, u.Host)
		}
	}
}

func TestAPIErrorNamesEverythingAnAdminNeeds(t *testing.T) {
	c, _ := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Okta-Request-Id", "req-42")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 00u9 (User)","errorLink":"E0000007","errorId":"x","errorCauses":[{"errorSummary":"no such user"}]}`)
	}))
	_, err := c.Do(context.Background(), http.MethodGet, "/api/v1/users/00u9", nil, nil, nil)
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatalf("err = %v, want *APIError", err)
	}
	msg := err.Error()
	for _, want := range []string{"404", "E0000007", "Resource not found: 00u9", "no such user", "req-42", "GET /api/v1/users/00u9"} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q does not mention %q", msg, want)
		}
	}
	if !ae.IsNotFound() {
		t.Error("IsNotFound() = false")
	}
}

func TestPagesFollowNextLinksExactly(t *testing.T) {
	var seen []string
	c2, _ := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen = append(seen, r.URL.RequestURI())
		switch r.URL.Query().Get("after") {
		case "":
			w.Header().Add("Link", `<http://`+r.Host+`/api/v1/users?limit=2>; rel="self"`)
			w.Header().Add("Link", `<http://`+r.Host+`/api/v1/users?after=opaque%3D1&limit=2>; rel="next"`)
		case "opaque=1":
			w.Header().Add("Link", `<http://`+r.Host+`/api/v1/users?after=opaque%3D1&limit=2>; rel="self"`)
		}
		io.WriteString(w, `[]`)
	}))
	pages := 0
	err := c2.Pages(context.Background(), "/api/v1/users", map[string][]string{"limit": {"2"}}, func(*Response) (bool, error) {
		pages++
		return true, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if pages != 2 || len(seen) != 2 || seen[1] != "/api/v1/users?after=opaque%3D1&limit=2" {
		t.Errorf("pages = %d, requests = %v", pages, seen)
	}
}

func TestParseOrgURL(t *testing.T) {
	for raw, ok := range map[string]bool{
		"https://acme.okta.com":         true,
		"https://acme.okta.com/":        true,
		"acme.okta.com":                 false,
		"http://acme.okta.com":          false,
		"http://127.0.0.1:8080":         true,
		"https://acme-admin.okta.com":   false,
		"https://acme.okta.com/app":     false,
		"https://user:pw@acme.okta.com": false,
	} {
		_, err := ParseOrgURL(raw)
		if (err == nil) != ok {
			t.Errorf("ParseOrgURL(%q) err = %v, want ok=%v", raw, err, ok)
		}
	}
}

func TestRecorderCollectsRequestIDs(t *testing.T) {
	var n atomic.Int32
	c, _ := newClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Okta-Request-Id", "req-"+string(rune('a'+n.Add(1)-1)))
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"id":"00u1"}`)
	}))
	rec := &Recorder{}
	ctx := WithRecorder(context.Background(), rec)
	if _, _, err := c.SDK.User.GetUser(ctx, "00u1"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Do(ctx, http.MethodGet, "/api/v1/users/00u1", nil, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(rec.IDs(), ","); got != "req-a,req-b" {
		t.Errorf("recorded %q, want req-a,req-b", got)
	}
}
