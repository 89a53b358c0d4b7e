package authz

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestResponsesMatchOktaSpec holds the JSON answers against the response schemas of Okta's
// OAuth OpenAPI spec (testdata/oauth-minimal.yaml).
func TestResponsesMatchOktaSpec(t *testing.T) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromFile("testdata/oauth-minimal.yaml")
	if err != nil {
		t.Fatalf("load Okta's OAuth spec: %v", err)
	}
	h := newHarness(t)
	code, verifier := h.codeFor(t, DefaultClientID, "openid", "profile", "offline_access", "okta.users.read")
	tokenForm := url.Values{"grant_type": {"authorization_code"}, "code": {code}, "code_verifier": {verifier},
		"redirect_uri": {testRedirect}, "client_id": {DefaultClientID}}

	tests := []struct {
		name     string
		specPath string
		method   string
		req      func() *http.Request
		status   int
	}{
		{"metadata", "/.well-known/openid-configuration", http.MethodGet, func() *http.Request { return get(h, "/.well-known/openid-configuration") }, 200},
		{"keys", "/oauth2/v1/keys", http.MethodGet, func() *http.Request { return get(h, "/oauth2/v1/keys") }, 200},
		{"token", "/oauth2/v1/token", http.MethodPost, func() *http.Request { return form(h, "/oauth2/v1/token", tokenForm) }, 200},
		{"token replayed code", "/oauth2/v1/token", http.MethodPost, func() *http.Request { return form(h, "/oauth2/v1/token", tokenForm) }, 400},
		{"token unknown client", "/oauth2/v1/token", http.MethodPost, func() *http.Request {
			return form(h, "/oauth2/v1/token", url.Values{"grant_type": {"refresh_token"}, "client_id": {"0oanosuch"}})
		}, 401},
		{"revoke without token", "/oauth2/v1/revoke", http.MethodPost, func() *http.Request {
			return form(h, "/oauth2/v1/revoke", url.Values{"client_id": {DefaultClientID}})
		}, 400},
	}
	// The check must be able to fail: a token_type outside the spec's enum is refused.
	if err := responseSchema(t, doc, "/oauth2/v1/token", http.MethodPost, 200).VisitJSON(map[string]any{"token_type": "Mac"}); err == nil {
		t.Fatalf("the spec's token schema accepted token_type Mac: the contract check is not working")
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, err := h.ts.Client().Do(tt.req())
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", resp.StatusCode, tt.status)
			}
			var body any
			b, _ := io.ReadAll(resp.Body)
			if err := json.Unmarshal(b, &body); err != nil {
				t.Fatalf("body is not JSON: %s", b)
			}
			schema := responseSchema(t, doc, tt.specPath, tt.method, tt.status)
			if err := schema.VisitJSON(body); err != nil {
				t.Errorf("answer does not match Okta's spec: %v\n%s", err, b)
			}
		})
	}
}

func responseSchema(t *testing.T, doc *openapi3.T, path, method string, status int) *openapi3.Schema {
	t.Helper()
	item := doc.Paths.Find(path)
	if item == nil || item.GetOperation(method) == nil {
		t.Fatalf("spec has no %s %s", method, path)
	}
	resp := item.GetOperation(method).Responses.Status(status)
	if resp == nil || resp.Value == nil || resp.Value.Content.Get("application/json") == nil {
		t.Fatalf("spec has no JSON %d answer for %s %s", status, method, path)
	}
	return resp.Value.Content.Get("application/json").Schema.Value
}

func get(h *harness, path string) *http.Request {
	r, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, h.ts.URL+path, nil)
	return r
}

func form(h *harness, path string, v url.Values) *http.Request {
	r, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, h.ts.URL+path, strings.NewReader(v.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return r
}
