package actions

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

// The test harness every action card test uses: a simulated org behind httptest, the real
// client (okta-sdk-golang v2, governor, token transport) with an OAuth token carrying every
// scope, and a way to run a card by id. Keep it small and stable: the Applications, Linked
// Objects and Import tests use it too.

// TestMain fails the run when an executor read an input or option its card does not declare.
func TestMain(m *testing.M) {
	var mu sync.Mutex
	seen := map[string]bool{}
	undeclared = func(cardID, key string) {
		mu.Lock()
		defer mu.Unlock()
		seen[cardID+": "+key] = true
	}
	code := m.Run()
	if len(seen) > 0 {
		var list []string
		for k := range seen {
			list = append(list, k)
		}
		sort.Strings(list)
		fmt.Fprintf(os.Stderr, "executors read keys their card specs do not declare:\n  %s\n", strings.Join(list, "\n  "))
		if code == 0 {
			code = 1
		}
	}
	os.Exit(code)
}

// allScopes is every Okta API scope the simulated org checks.
var allScopes = []string{
	"okta.users.read", "okta.users.manage", "okta.groups.read", "okta.groups.manage",
	"okta.apps.read", "okta.apps.manage", "okta.logs.read", "okta.schemas.read",
	"okta.linkedObjects.read", "okta.linkedObjects.manage",
	"okta.identitySources.read", "okta.identitySources.manage",
}

// simOrg is a running simulated org and a client connected to it.
type simOrg struct {
	Org    *oktasim.Org
	Srv    *httptest.Server
	Client *client.Client
}

// simConfig tunes newSim.
type simConfig struct {
	tls    bool
	wrap   func(org http.Handler) http.Handler
	scopes []string
	opts   oktasim.Options
}

// withTLS serves the org over https (httptest's certificate, trusted by the client).
func withTLS() func(*simConfig) { return func(c *simConfig) { c.tls = true } }

// withHandler puts wrap in front of the org (e.g. to answer some paths with a redirect).
func withHandler(wrap func(org http.Handler) http.Handler) func(*simConfig) {
	return func(c *simConfig) { c.wrap = wrap }
}

// withScopes gives the client's token only these scopes instead of allScopes.
func withScopes(scopes ...string) func(*simConfig) { return func(c *simConfig) { c.scopes = scopes } }

// ticker is a deterministic clock for the org: every read moves it one millisecond on.
type ticker struct {
	mu  sync.Mutex
	now time.Time
}

func (k *ticker) Now() time.Time {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.now = k.now.Add(time.Millisecond)
	return k.now
}

// simStart is the org clock's first instant.
var simStart = time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)

// newSim starts an empty org (the admin and Everyone) with fault injection available and no
// rate limits, and a client with a token carrying allScopes. HOME is a temp dir because the SDK
// reads ~/.okta/okta.yaml.
func newSim(t *testing.T, opts ...func(*simConfig)) *simOrg {
	t.Helper()
	t.Setenv("HOME", t.TempDir())
	cfg := simConfig{scopes: allScopes, opts: oktasim.Options{Clock: (&ticker{now: simStart}).Now,
		RateLimits: &limits.Options{Buckets: []limits.Bucket{}, Concurrency: -1}}}
	for _, o := range opts {
		o(&cfg)
	}
	org := oktasim.New(cfg.opts)
	var h http.Handler = org
	if cfg.wrap != nil {
		h = cfg.wrap(org)
	}
	var srv *httptest.Server
	if cfg.tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	tok := org.MintAccessToken(authz.DefaultClientID, cfg.scopes...)
	c, err := client.New(context.Background(), client.Config{
		OrgURL: srv.URL,
		Tokens: client.StaticToken{Scheme: "Bearer", Value: tok},
		Base:   srv.Client().Transport,
		// Retries without waiting, so fault tests stay fast.
		Governor: governor.Config{BaseBackoff: time.Millisecond, MaxBackoff: time.Millisecond,
			Jitter: func(time.Duration) time.Duration { return 0 }},
	})
	if err != nil {
		t.Fatal(err)
	}
	return &simOrg{Org: org, Srv: srv, Client: c}
}

// faults is the org's fault injector.
func (s *simOrg) faults() *limits.Faults { return s.Org.Limiter().Faults() }

// run runs the card with id through actions.Run and returns its outputs.
func (s *simOrg) run(t *testing.T, cardID string, inputs, options map[string]any) (map[string]any, error) {
	t.Helper()
	spec, ok := catalog.Global().Lookup(cardID)
	if !ok {
		t.Fatalf("no card %s in the catalog", cardID)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := Run(ctx, &Call{Spec: spec, Client: s.Client, Inputs: inputs, Options: options})
	if err == nil {
		checkOutputKeys(t, spec, res.Outputs)
	}
	return res.Outputs, err
}

// checkOutputKeys holds a card's outputs to its spec: every declared output present, nothing else.
func checkOutputKeys(t *testing.T, spec *catalog.Spec, out map[string]any) {
	t.Helper()
	for _, f := range spec.Outputs {
		if _, ok := out[f.Key]; !ok {
			t.Errorf("%s: declared output %q is missing", spec.Name, f.Key)
		}
	}
	for k := range out {
		if _, ok := spec.Output(k); !ok {
			t.Errorf("%s: output %q is not declared by the card", spec.Name, k)
		}
	}
}

// runOK runs a card that must succeed.
func (s *simOrg) runOK(t *testing.T, cardID string, inputs, options map[string]any) map[string]any {
	t.Helper()
	out, err := s.run(t, cardID, inputs, options)
	if err != nil {
		t.Fatalf("%s: %v", cardID, err)
	}
	return out
}

// do is an admin's raw call for setting up and checking the org's state; it must succeed.
func (s *simOrg) do(t *testing.T, method, path string, body any) *client.Response {
	t.Helper()
	resp, err := s.Client.Do(context.Background(), method, path, nil, body, nil)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	return resp
}

// object is do, decoded as one JSON object.
func (s *simOrg) object(t *testing.T, method, path string, body any) map[string]any {
	t.Helper()
	var m map[string]any
	if err := s.do(t, method, path, body).Decode(&m); err != nil {
		t.Fatal(err)
	}
	return m
}

// addUser creates an ACTIVE user (with a password) named after login and returns its id.
func (s *simOrg) addUser(t *testing.T, login string) string {
	t.Helper()
	first, _, _ := strings.Cut(login, "@")
	u := s.object(t, http.MethodPost, "/api/v1/users?activate=true", map[string]any{
		"profile":     map[string]any{"login": login, "email": login, "firstName": first, "lastName": "Test"},
		"credentials": map[string]any{"password": map[string]any{"value": "Sim-Passw0rd!"}},
	})
	return u["id"].(string)
}

// addGroup creates an OKTA_GROUP and returns its id.
func (s *simOrg) addGroup(t *testing.T, name string) string {
	t.Helper()
	g := s.object(t, http.MethodPost, "/api/v1/groups", map[string]any{"profile": map[string]any{"name": name}})
	return g["id"].(string)
}

// userStatus reads a user's status; "" when the user does not exist.
func (s *simOrg) userStatus(t *testing.T, idOrLogin string) string {
	t.Helper()
	resp, err := s.Client.Do(context.Background(), http.MethodGet, "/api/v1/users/"+idOrLogin, nil, nil, nil)
	if ae, ok := apiError(err); ok && ae.Status == http.StatusNotFound {
		return ""
	}
	if err != nil {
		t.Fatal(err)
	}
	var u map[string]any
	if err := resp.Decode(&u); err != nil {
		t.Fatal(err)
	}
	return u["status"].(string)
}

// wantOktaError checks that err is a card error naming the card and Okta's error code.
func wantOktaError(t *testing.T, err error, card, code string) {
	t.Helper()
	if err == nil {
		t.Fatalf("want an error with %s, got none", code)
	}
	var ce *CardError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v (%T) is not a *CardError", err, err)
	}
	if !strings.Contains(err.Error(), card) || !strings.Contains(err.Error(), code) {
		t.Errorf("error %q should name the card %q and Okta's %s", err, card, code)
	}
}

// cardTests maps each action card id to the tests that run it, filled by covers.
var cardTests = map[string][]string{}

// covers records that test runs card cardID; test files call it as
// `var _ = covers("okta.action.readUser", TestReadUser)`, so the test must exist to compile.
func covers(cardID string, test func(*testing.T)) bool {
	name := runtime.FuncForPC(reflect.ValueOf(test).Pointer()).Name()
	cardTests[cardID] = append(cardTests[cardID], name[strings.LastIndex(name, ".")+1:])
	return true
}

// pendingActionCategories are the action card categories whose executors are still being
// written (the second half of issue 4). Whoever completes one removes it from this list; the
// coverage test then holds every card of that category to an executor and a test.
var pendingActionCategories = []string{}

func TestEveryActionCardHasExecutorAndTest(t *testing.T) {
	pending := map[string]bool{}
	for _, c := range pendingActionCategories {
		pending[c] = true
	}
	done := map[string]bool{} // pending categories with every card done
	cards := catalog.Global().OfKind(catalog.KindAction)
	if len(cards) == 0 {
		t.Fatal("the catalog has no action cards")
	}
	for _, s := range cards {
		_, hasExec := Lookup(s.ID)
		hasTest := len(cardTests[s.ID]) > 0
		if pending[s.Category] {
			if _, seen := done[s.Category]; !seen {
				done[s.Category] = true
			}
			done[s.Category] = done[s.Category] && hasExec && hasTest
			continue
		}
		if !hasExec {
			t.Errorf("action card %s (%s, %s) has no executor", s.ID, s.Name, s.Category)
		}
		if !hasTest {
			t.Errorf("action card %s (%s) has no test: add `var _ = covers(%q, TestX)` beside its test", s.ID, s.Name, s.ID)
		}
	}
	var complete []string
	for c, ok := range done {
		if ok {
			complete = append(complete, c)
		}
	}
	sort.Strings(complete)
	for _, c := range complete {
		t.Errorf("every %q card has an executor and a test: remove %q from pendingActionCategories", c, c)
	}
	for id := range cardTests {
		if _, ok := catalog.Global().Lookup(id); !ok {
			t.Errorf("covers names %s, which is not a card in the catalog", id)
		}
	}
}

// specName is a card's display name.
func specName(t *testing.T, cardID string) string {
	t.Helper()
	s, ok := catalog.Global().Lookup(cardID)
	if !ok {
		t.Fatalf("no card %s", cardID)
	}
	return s.Name
}
