// Package e2e holds Flowdeck's end-to-end tests and benchmarks: the real engine (storage,
// connections, System Log poller, runner, action cards, governor) against the simulated Okta
// org served on loopback, with a temporary data directory.
package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/connections"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/storage"
)

// env is one simulated org served on loopback, one engine over a temporary data directory, and
// an API-token connection of the engine to the org.
type env struct {
	tb     testing.TB
	ctx    context.Context
	org    *oktasim.Org
	srv    *httptest.Server
	e      *engine.Engine
	conn   string // the engine's connection id
	admin  *client.Client
	served served
}

// served counts the requests the simulated org answered, by kind, and keeps a record of each
// Management API request Flowdeck's engine made.
type served struct {
	api  atomic.Int64 // the engine's /api/v1/... requests except the System Log's
	logs atomic.Int64 // the engine's GET /api/v1/logs requests

	mu  sync.Mutex
	log []request
}

// request is one answered request of the engine (not the test's own calls).
type request struct {
	method, path string
	status       int
	reset        string // X-Rate-Limit-Reset: names the rate-limit window the request counted in
}

// requests returns the engine's requests whose path starts with prefix.
func (s *served) requests(prefix string) []request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []request
	for _, r := range s.log {
		if strings.HasPrefix(r.path, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// outsideHeader marks the test's own calls (an admin working outside Flowdeck), so that the
// record of the engine's requests leaves them out.
const outsideHeader = "X-E2e-Outside"

// statusWriter remembers the status of a response.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

type envOptions struct {
	org    oktasim.Options
	engine engine.Options
	// noConnection leaves the engine without a connection (the test signs in its own).
	noConnection bool
}

// newEnv starts the org and opens the engine (not started: tests either call start or drive
// PollAllOnce and the runner's Drain themselves, which makes the order of events exact).
func newEnv(tb testing.TB, o envOptions) *env {
	tb.Helper()
	tb.Setenv("HOME", tb.TempDir()) // okta-sdk-golang reads ~/.okta/okta.yaml
	ctx := context.Background()
	v := &env{tb: tb, ctx: ctx}
	v.org = oktasim.New(o.org)
	v.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get(outsideHeader) != "" || !strings.HasPrefix(r.URL.Path, "/api/") {
			v.org.ServeHTTP(w, r)
			return
		}
		if r.URL.Path == "/api/v1/logs" {
			v.served.logs.Add(1)
		} else {
			v.served.api.Add(1)
		}
		sw := &statusWriter{ResponseWriter: w}
		v.org.ServeHTTP(sw, r)
		v.served.mu.Lock()
		v.served.log = append(v.served.log, request{method: r.Method, path: r.URL.Path, status: sw.status, reset: w.Header().Get("X-Rate-Limit-Reset")})
		v.served.mu.Unlock()
	}))
	tb.Cleanup(v.srv.Close)

	opts := o.engine
	opts.DataDir = tb.TempDir()
	if opts.Kind == "" {
		opts.Kind = "engine"
	}
	e, err := engine.Open(ctx, opts)
	if err != nil {
		tb.Fatalf("open the engine: %v", err)
	}
	v.e = e
	tb.Cleanup(func() {
		if err := e.Close(); err != nil {
			tb.Errorf("close the engine: %v", err)
		}
	})

	admin, err := client.New(ctx, client.Config{OrgURL: v.srv.URL, Tokens: client.StaticToken{Scheme: "SSWS", Value: v.org.APIToken()}})
	if err != nil {
		tb.Fatal(err)
	}
	v.admin = admin
	if !o.noConnection {
		st, err := e.Connections().AddAPIToken(ctx, connections.APITokenRequest{OrgURL: v.srv.URL, Name: "Simulated org", Token: v.org.APIToken()})
		if err != nil {
			tb.Fatalf("add the API-token connection: %v", err)
		}
		v.conn = st.ID
	}
	return v
}

// start runs the engine's pollers and workers until the test ends.
func (v *env) start() {
	v.tb.Helper()
	if err := v.e.Start(v.ctx); err != nil {
		v.tb.Fatalf("start the engine: %v", err)
	}
}

// addFlow saves a flow on the env's connection (unless it names its own) and switches it on.
func (v *env) addFlow(f *flow.Flow) {
	v.tb.Helper()
	if f.Schema == 0 {
		f.Schema = flow.SchemaVersion
	}
	if f.Connection == "" {
		f.Connection = v.conn
	}
	if f.Name == "" {
		f.Name = f.ID
	}
	if _, err := v.e.SaveFlow(v.ctx, f); err != nil {
		v.tb.Fatalf("save flow %s: %v", f.ID, err)
	}
	if err := v.e.EnableFlow(v.ctx, f.ID, true); err != nil {
		v.tb.Fatalf("enable flow %s: %v", f.ID, err)
	}
}

// pollAndRun reads the System Log to its end, then runs every due run: one deterministic turn
// of the engine.
func (v *env) pollAndRun() {
	v.tb.Helper()
	if err := v.e.PollAllOnce(v.ctx); err != nil {
		v.tb.Fatalf("poll the System Log: %v", err)
	}
	if err := v.e.Runner().Drain(v.ctx); err != nil {
		v.tb.Fatalf("run the queued runs: %v", err)
	}
}

// runs returns a flow's runs, oldest first.
func (v *env) runs(flowID string) []storage.Run {
	v.tb.Helper()
	rs, err := v.e.DB().ListRuns(v.ctx, flowID, 0)
	if err != nil {
		v.tb.Fatal(err)
	}
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	return rs
}

// steps returns a run's steps in order.
func (v *env) steps(runID string) []storage.Step {
	v.tb.Helper()
	ss, err := v.e.DB().ListSteps(v.ctx, runID)
	if err != nil {
		v.tb.Fatal(err)
	}
	return ss
}

// call makes an Okta API call as the org's admin, outside Flowdeck (as the Admin Console or a
// script would), and decodes the answer into out when out is not nil. It returns the call's
// X-Okta-Request-Id.
func (v *env) call(method, path string, body, out any) string {
	v.tb.Helper()
	resp, err := v.admin.Do(v.ctx, method, path, nil, body, outside)
	if err != nil {
		v.tb.Fatalf("%s %s: %v", method, path, err)
	}
	if out != nil {
		if err := resp.Decode(out); err != nil {
			v.tb.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return resp.RequestID
}

// createUser creates an active user outside Flowdeck and returns its id.
func (v *env) createUser(first, last string) string {
	return v.createUserWithLogin(first, last, strings.ToLower(first+"."+last)+"@example.com")
}

// createUserWithLogin creates an active user with the given login outside Flowdeck.
func (v *env) createUserWithLogin(first, last, login string) string {
	v.tb.Helper()
	resp, err := v.admin.Do(v.ctx, http.MethodPost, "/api/v1/users", url.Values{"activate": {"true"}},
		map[string]any{"profile": map[string]any{"firstName": first, "lastName": last, "email": login, "login": login}}, outside)
	if err != nil {
		v.tb.Fatalf("create user %s: %v", login, err)
	}
	var u struct{ ID string }
	if err := resp.Decode(&u); err != nil {
		v.tb.Fatal(err)
	}
	return u.ID
}

// outside is the header of the test's own calls.
var outside = http.Header{outsideHeader: {"1"}}

// createGroup creates an Okta group outside Flowdeck and returns its id.
func (v *env) createGroup(name string) string {
	v.tb.Helper()
	var g struct{ ID string }
	v.call(http.MethodPost, "/api/v1/groups", map[string]any{"profile": map[string]any{"name": name}}, &g)
	return g.ID
}

// waitFor polls cond until it holds. The deadline is only a safety net for a broken build:
// nothing here asserts how long anything takes.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// finished reports whether a run has reached an end state.
func finished(r storage.Run) bool {
	switch r.Status {
	case storage.RunQueued, storage.RunRunning:
		return false
	}
	return true
}

// ref wires an earlier card's output into an input.
func ref(card, path string) flow.Input {
	return flow.Input{Ref: &flow.Ref{ID: flow.NewWireID(), Card: card, Path: path}}
}

// refPart is a reference inside a text template.
func refPart(card, path string) flow.TemplatePart {
	return flow.TemplatePart{Ref: &flow.Ref{ID: flow.NewWireID(), Card: card, Path: path}}
}

// lit is a typed-in value.
func lit(v any) flow.Input { return flow.Input{Literal: v} }

// outputs decodes a step's outputs.
func outputs(tb testing.TB, s storage.Step) map[string]any {
	tb.Helper()
	var m map[string]any
	if len(s.Outputs) > 0 {
		if err := json.Unmarshal(s.Outputs, &m); err != nil {
			tb.Fatalf("step %s outputs %s: %v", s.CardID, s.Outputs, err)
		}
	}
	return m
}
