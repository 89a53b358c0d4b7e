package oktasim

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/contract"
	"github.com/okta/okta-sdk-golang/v2/okta"
)

// testClock is a deterministic clock: every read moves it one millisecond on.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(time.Millisecond)
	return c.now
}

// Advance moves the clock on by d.
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// testOrg starts an org behind an httptest server. Every response is held to Okta's OpenAPI
// contract (package contract); a breach fails the test.
func testOrg(t *testing.T, opts Options) (*Org, *httptest.Server) {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = newTestClock().Now
	}
	org := New(opts)
	h, rep, err := contract.Wrap(org)
	if err != nil {
		t.Fatalf("load Okta's OpenAPI contract: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(func() {
		srv.Close()
		for _, r := range rep.Failures() {
			if outsideSpec(r.Problems) {
				continue
			}
			t.Errorf("breaks Okta's OpenAPI contract: %s", r)
		}
	})
	return org, srv
}

// outsideSpec reports problems that only say the spec does not list the answer: the negative
// tests exercise answers Okta gives (400 for a bad filter, 404 for an unknown path…) that its
// spec does not enumerate. The contract package's own tour holds the org to the listed ones.
func outsideSpec(problems []string) bool {
	for _, p := range problems {
		if !strings.Contains(p, "is not declared") && !strings.Contains(p, "the spec has no operation") &&
			!strings.Contains(p, "the spec declares no") {
			return false
		}
	}
	return true
}

// sdkClient is the real okta-sdk-golang v2 client pointed at srv, with every setting explicit
// (NewClient reads ~/.okta/okta.yaml and OKTA_* first, so HOME is a temp dir).
func sdkClient(t *testing.T, srv *httptest.Server, token string) *okta.Client {
	t.Helper()
	return sdkClientMode(t, srv, token, "SSWS")
}

// sdkClientMode is sdkClient with an authorization mode: "SSWS" (API token) or "Bearer" (OAuth).
func sdkClientMode(t *testing.T, srv *httptest.Server, token, mode string) *okta.Client {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	for _, k := range []string{"OKTA_CLIENT_ORGURL", "OKTA_CLIENT_TOKEN", "OKTA_CLIENT_AUTHORIZATIONMODE", "OKTA_CLIENT_CLIENTID"} {
		t.Setenv(k, "")
	}
	ctx := context.Background()
	_, c, err := okta.NewClient(ctx,
		okta.WithOrgUrl(srv.URL),
		okta.WithToken(token),
		okta.WithAuthorizationMode(mode),
		okta.WithCache(false),
		okta.WithRateLimitMaxRetries(0),
		okta.WithRateLimitMaxBackOff(1),
		okta.WithConnectionTimeout(30),
		okta.WithRequestTimeout(30),
		okta.WithTestingDisableHttpsCheck(true),
		okta.WithHttpClientPtr(srv.Client()),
		okta.WithUserAgentExtra("flowdeck-test"),
	)
	if err != nil {
		t.Fatalf("okta.NewClient: %v", err)
	}
	return c
}

// send is do for goroutines: it reports failures instead of stopping the test.
func send(srv *httptest.Server, token, method, path, body string, out any) (int, error) {
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "SSWS "+token)
	resp, err := srv.Client().Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if out != nil {
		if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
			return resp.StatusCode, fmt.Errorf("%s %s: decode: %w", method, path, err)
		}
	}
	return resp.StatusCode, nil
}

// do sends a raw request with the org's API token and decodes a JSON answer into out (if not nil).
func do(t *testing.T, srv *httptest.Server, token, method, path, body string, out any) *http.Response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "SSWS "+token)
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if out != nil && len(b) > 0 {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, path, b, err)
		}
	}
	return resp
}

// oktaErr returns the Okta error code and summary of err, which must be an *okta.Error.
func oktaErr(t *testing.T, err error) (string, string) {
	t.Helper()
	oe, ok := err.(*okta.Error)
	if !ok {
		t.Fatalf("error %v (%T) is not an *okta.Error", err, err)
	}
	return oe.ErrorCode, oe.ErrorSummary
}

// eventsOfType decodes the org's events of one type.
func eventsOfType(t *testing.T, org *Org, eventType string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, raw := range org.Events() {
		var m map[string]any
		if err := json.Unmarshal(raw, &m); err != nil {
			t.Fatal(err)
		}
		if m["eventType"] == eventType {
			out = append(out, m)
		}
	}
	return out
}
