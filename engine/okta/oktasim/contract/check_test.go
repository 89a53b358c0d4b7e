package contract

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// okUser is a user as Okta sends it: the fields of Okta's examples, no optional attributes.
const okUser = `{"id":"00u1","status":"ACTIVE","created":"2026-01-01T00:00:00.000Z","activated":"2026-01-01T00:00:00.000Z",
"statusChanged":"2026-01-01T00:00:00.000Z","lastLogin":null,"lastUpdated":"2026-01-01T00:00:00.000Z",
"passwordChanged":"2026-01-01T00:00:00.000Z","type":{"id":"oty1"},
"profile":{"login":"a@example.com","email":"a@example.com","firstName":"A","lastName":"B","mobilePhone":null,"secondEmail":null},
"credentials":{"password":{},"provider":{"type":"OKTA","name":"OKTA"}},
"_links":{"self":{"href":"https://x/api/v1/users/00u1"}}}`

func check(t *testing.T, method, path string, status int, body string) Result {
	t.Helper()
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(method, "http://org.test"+path, nil)
	h := http.Header{}
	if body != "" {
		h.Set("Content-Type", "application/json")
	}
	return c.Check(context.Background(), req, nil, status, h, []byte(body))
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name          string
		method, path  string
		status        int
		body          string
		wantOK        bool
		wantExercised bool
		wantOp        string
		wantProblem   string
	}{
		{name: "a user shaped like Okta's", method: "GET", path: "/api/v1/users/00u1", status: 200, body: okUser,
			wantOK: true, wantExercised: true, wantOp: "GET /api/v1/users/{id}"},
		{name: "an empty object passes the schema but not the examples", method: "GET", path: "/api/v1/users/00u1", status: 200, body: `{}`,
			wantExercised: true, wantProblem: "profile: missing"},
		{name: "a base profile attribute may not be left out", method: "GET", path: "/api/v1/users/00u1", status: 200,
			body: strings.Replace(okUser, `"mobilePhone":null,`, "", 1), wantExercised: true, wantProblem: "profile.mobilePhone: missing"},
		{name: "a field of the wrong JSON type", method: "GET", path: "/api/v1/users/00u1", status: 200,
			body: strings.Replace(okUser, `"provider":{"type":"OKTA","name":"OKTA"}`, `"provider":"OKTA"`, 1), wantExercised: true, wantProblem: "credentials.provider: is string"},
		{name: "a self link is required", method: "GET", path: "/api/v1/users/00u1", status: 200,
			body: strings.Replace(okUser, `"self"`, `"suspend"`, 1), wantExercised: true, wantProblem: "_links.self: missing"},
		{name: "an undeclared status", method: "GET", path: "/api/v1/users/00u1", status: 418, body: `{}`,
			wantProblem: "status 418 is not declared"},
		{name: "an unknown path", method: "GET", path: "/api/v1/nowhere", status: 200, body: `{}`,
			wantProblem: "no operation for this path"},
		{name: "an undeclared method", method: "PATCH", path: "/api/v1/users/00u1", status: 200, body: `{}`,
			wantProblem: "declares no PATCH"},
		{name: "a literal segment beats a parameter", method: "GET", path: "/api/v1/groups/rules", status: 200, body: `[]`,
			wantOK: true, wantOp: "GET /api/v1/groups/rules"},
		{name: "an empty list is fine but exercises nothing", method: "GET", path: "/api/v1/users", status: 200, body: `[]`,
			wantOK: true},
		{name: "a list is held item by item", method: "GET", path: "/api/v1/users", status: 200, body: `[` + okUser + `,{"id":"00u2"}]`,
			wantExercised: true, wantProblem: "(item 1 of 2)"},
		{name: "a schema breach", method: "GET", path: "/api/v1/users/00u1", status: 200,
			body: strings.Replace(okUser, `"status":"ACTIVE"`, `"status":"HAPPY"`, 1), wantExercised: true, wantProblem: "schema: status"},
		{name: "no content", method: "DELETE", path: "/api/v1/groups/00g1", status: 204,
			wantOK: true, wantExercised: true},
		{name: "an Okta error body", method: "GET", path: "/api/v1/groups/00g1", status: 404,
			body:   `{"errorCode":"E0000007","errorSummary":"Not found: Resource not found: 00g1 (UserGroup)","errorLink":"E0000007","errorId":"oae1","errorCauses":[]}`,
			wantOK: true},
		{name: "a 401 Okta's spec leaves out", method: "GET", path: "/api/v1/users/00u1", status: 401,
			body:   `{"errorCode":"E0000011","errorSummary":"Invalid token provided","errorLink":"E0000011","errorId":"oae1","errorCauses":[]}`,
			wantOK: true},
		{name: "a 401 that is not an Okta error", method: "GET", path: "/api/v1/users/00u1", status: 401,
			body: `{"error":"invalid_token"}`, wantProblem: "lacks errorCode"},
		{name: "the authorize redirect the spec leaves out", method: "GET", path: "/oauth2/v1/authorize", status: 302,
			wantOK: true, wantExercised: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := check(t, tt.method, tt.path, tt.status, tt.body)
			if r.OK() != tt.wantOK {
				t.Errorf("OK = %v, want %v: %s", r.OK(), tt.wantOK, r)
			}
			if tt.wantProblem != "" && !strings.Contains(strings.Join(r.Problems, "\n"), tt.wantProblem) {
				t.Errorf("problems lack %q: %s", tt.wantProblem, r)
			}
			if r.Exercised != tt.wantExercised {
				t.Errorf("Exercised = %v, want %v", r.Exercised, tt.wantExercised)
			}
			if tt.wantOp != "" && r.Operation != tt.wantOp {
				t.Errorf("Operation = %q, want %q", r.Operation, tt.wantOp)
			}
		})
	}
}

// TestNullsOktaSends: a null the schema forbids passes where Okta's own examples of that schema
// send it (accessibility.errorRedirectUrl of an app), and fails elsewhere.
func TestNullsOktaSends(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	var app map[string]any
	for _, ex := range c.pool["#/components/schemas/Application"] {
		if m := ex.value.(map[string]any); m["signOnMode"] == "SAML_2_0" {
			app = m
			break
		}
	}
	if app == nil {
		t.Fatal("no SAML app example in the contract")
	}
	body, _ := json.Marshal(app)
	if r := check(t, "GET", "/api/v1/apps/0oa1", 200, string(body)); !r.OK() {
		t.Errorf("Okta's own example fails: %s", r)
	}
	app["label"] = nil
	body, _ = json.Marshal(app)
	r := check(t, "GET", "/api/v1/apps/0oa1", 200, string(body))
	if !strings.Contains(strings.Join(r.Problems, "\n"), "schema: label") {
		t.Errorf("a null label should break the schema: %s", r)
	}
}

// TestKnownNullInsideAnyOf: a group without a description (null, a known null) passes although
// its profile is an anyOf; a null name does not.
func TestKnownNullInsideAnyOf(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	pool := c.pool["#/components/schemas/Group"]
	if len(pool) == 0 {
		t.Fatal("no Group example in the contract")
	}
	for _, tt := range []struct {
		field  string
		wantOK bool
	}{{"description", true}, {"name", false}} {
		t.Run(tt.field, func(t *testing.T) {
			var group map[string]any
			b, _ := json.Marshal(pool[0].value)
			_ = json.Unmarshal(b, &group)
			group["profile"].(map[string]any)[tt.field] = nil
			b, _ = json.Marshal(group)
			if r := check(t, "GET", "/api/v1/groups/00g1", 200, string(b)); r.OK() != tt.wantOK {
				t.Errorf("OK = %v, want %v: %s", r.OK(), tt.wantOK, r)
			}
		})
	}
}

func TestShapeProblems(t *testing.T) {
	none := func(string) bool { return false }
	tests := []struct {
		name      string
		want, got string
		problems  int
	}{
		{"same", `{"a":1,"b":{"c":"x"}}`, `{"a":2,"b":{"c":"y"},"extra":true}`, 0},
		{"missing nested", `{"b":{"c":"x","d":1}}`, `{"b":{"c":"y"}}`, 1},
		{"wrong type", `{"a":1}`, `{"a":"1"}`, 1},
		{"null matches any type", `{"a":null,"b":"x"}`, `{"a":"set","b":null}`, 0},
		{"null still has to be present", `{"a":null}`, `{}`, 1},
		{"array: first item against the closest example item", `[{"k":"A","x":1},{"k":"B","y":1}]`, `[{"k":"B","y":2}]`, 0},
		{"array of the wrong item shape", `[{"x":1}]`, `[{"y":1}]`, 1},
		{"empty arrays compare nothing", `{"l":[{"x":1}]}`, `{"l":[]}`, 0},
		{"object where the example has a list", `{"l":[1]}`, `{"l":{}}`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var w, g any
			if err := json.Unmarshal([]byte(tt.want), &w); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(tt.got), &g); err != nil {
				t.Fatal(err)
			}
			p := shapeProblems(w, g, "", none, none)
			if len(p) != tt.problems {
				t.Errorf("problems = %q, want %d", p, tt.problems)
			}
		})
	}
}

func TestMatchPath(t *testing.T) {
	tests := []struct {
		pattern, path string
		want          bool
	}{
		{"_links.*", "_links.suspend", true},
		{"_links.*", "_links.suspend.href", false},
		{"_links.**", "_links.suspend.href", true},
		{"_links.**", "_links", false},
		{"profile.*", "profile.city", true},
		{"_embedded", "_embedded", true},
		{"_embedded", "profile", false},
	}
	for _, tt := range tests {
		if got := matchPath(tt.pattern, tt.path); got != tt.want {
			t.Errorf("matchPath(%q, %q) = %v, want %v", tt.pattern, tt.path, got, tt.want)
		}
	}
}

func TestAllowedMissing(t *testing.T) {
	saml := map[string]any{"signOnMode": "SAML_2_0"}
	bookmark := map[string]any{"signOnMode": "BOOKMARK"}
	tests := []struct {
		name, op, field string
		res             map[string]any
		want            bool
	}{
		{"state-dependent link", "GET /api/v1/users/{id}", "_links.suspend", nil, true},
		{"self link", "GET /api/v1/users/{id}", "_links.self", nil, false},
		{"self link in a list", "GET /api/v1/users", "[]._links.self", nil, false},
		{"unset profile attribute", "GET /api/v1/users", "[].profile.city", nil, true},
		{"base profile attribute", "GET /api/v1/users/{id}", "profile.secondEmail", nil, false},
		{"profile attribute outside user operations", "GET /api/v1/groups/{groupId}", "profile.name", nil, false},
		{"signOn of a bookmark app", "GET /api/v1/apps/{appId}", "settings.signOn", bookmark, true},
		{"signOn of a SAML app", "GET /api/v1/apps/{appId}", "settings.signOn", saml, false},
		{"an app schema's own attribute", "GET /api/v1/meta/schemas/apps/{appId}/default", "definitions.base.properties.name", nil, true},
		{"an app schema's base definition", "GET /api/v1/meta/schemas/apps/{appId}/default", "definitions.base", nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := allowedMissing(tt.op, tt.field, tt.res); got != tt.want {
				t.Errorf("allowedMissing(%q, %q) = %v, want %v", tt.op, tt.field, got, tt.want)
			}
		})
	}
}

// TestWrapPassesThrough: the client sees the handler's answer unchanged, and the report has it.
func TestWrapPassesThrough(t *testing.T) {
	h, rep, err := Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Okta-Request-Id", "req1")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write([]byte(okUser))
	}))
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "http://org.test/api/v1/users/00u1", nil))
	if rec.Code != 200 || rec.Body.String() != okUser || rec.Header().Get("X-Okta-Request-Id") != "req1" {
		t.Errorf("response changed: %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
	results := rep.Results()
	if len(results) != 1 || !results[0].OK() || !results[0].Exercised {
		t.Fatalf("report = %v", results)
	}
	if un := rep.Unexercised([]string{"GET /api/v1/users/{id}", "GET /api/v1/logs"}); len(un) != 1 || un[0] != "GET /api/v1/logs (never called)" {
		t.Errorf("Unexercised = %q", un)
	}
}

// TestRequestChecks: the request is held to the spec when the org accepted it, not when it
// rejected it; oneOf alternatives that require nothing do not make every body a breach.
func TestRequestChecks(t *testing.T) {
	c, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	errBody := `{"errorCode":"E0000001","errorSummary":"Api validation failed: login","errorLink":"E0000001","errorId":"oae1","errorCauses":[{"errorSummary":"login: The field cannot be left blank"}]}`
	appUser := `{"id":"00u1","externalId":null,"created":"2026-01-01T00:00:00.000Z","lastUpdated":"2026-01-01T00:00:00.000Z","scope":"USER","status":"ACTIVE","statusChanged":"2026-01-01T00:00:00.000Z","passwordChanged":null,"syncState":"DISABLED","credentials":{"userName":"a@example.com"},"profile":{},"_links":{"app":{"href":"x"},"user":{"href":"y"}}}`
	tests := []struct {
		name         string
		method, path string
		reqBody      string
		status       int
		body         string
		wantProblem  bool
	}{
		{"a malformed request the org rejected", "POST", "/api/v1/users", `{"profile":"me"}`, 400, errBody, false},
		{"a malformed request the org accepted", "POST", "/api/v1/users", `{"profile":"me"}`, 200, okUser, true},
		{"a well-formed request", "POST", "/api/v1/users", `{"profile":{"login":"a@example.com"}}`, 200, okUser, false},
		{"a body matching both oneOf alternatives", "POST", "/api/v1/apps/0oa1/users/00u1", `{"profile":{"title":"x"}}`, 200, appUser, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "http://org.test"+tt.path, strings.NewReader(tt.reqBody))
			req.Header.Set("Content-Type", "application/json")
			r := c.Check(context.Background(), req, []byte(tt.reqBody), tt.status, jsonHeader, []byte(tt.body))
			got := strings.Contains(strings.Join(r.Problems, "\n"), "request ")
			if got != tt.wantProblem {
				t.Errorf("request problem = %v, want %v: %s", got, tt.wantProblem, r)
			}
		})
	}
}
