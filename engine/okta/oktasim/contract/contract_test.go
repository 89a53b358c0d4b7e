package contract_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/contract"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

// TestContractTour drives the simulated org through every operation the action cards use,
// plus the sign-in and the System Log poll, and holds every answer to Okta's spec. It fails
// on any breach and on any operation the tour did not exercise.
func TestContractTour(t *testing.T) {
	t.Parallel()
	c, err := contract.Load()
	if err != nil {
		t.Fatal(err)
	}
	clock := &fixedClock{now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	org := oktasim.New(oktasim.Options{Seed: oktasim.SeedDemo, Clock: clock.Now})
	h, rep, err := contract.Wrap(org)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	tr := &tourRunner{t: t, srv: srv, vars: map[string]string{"me": org.AdminID()}}
	tr.signIn()
	for i, s := range tourSteps {
		if i == len(tourSteps)/2 {
			tr.refresh() // the rest of the tour runs on a refreshed token
		}
		tr.run(s)
	}
	tr.signOut()

	for _, s := range rep.Summaries() {
		if !s.OK() {
			t.Errorf("contract breach: %s", s)
		} else {
			t.Log(s)
		}
	}
	cardOps, cards, err := c.CardOperations(catalog.Global())
	if err != nil {
		t.Fatal(err)
	}
	required := append(cardOps, c.Operations()...)
	for _, op := range rep.Unexercised(dedupe(required)) {
		name, _, _ := strings.Cut(op, " (")
		if ids := cards[name]; len(ids) > 0 {
			op += " — used by " + strings.Join(ids, ", ")
		}
		t.Errorf("not exercised: %s", op)
	}
	passed := 0
	for _, s := range rep.Summaries() {
		if s.OK() && s.Exercised {
			passed++
		}
	}
	t.Logf("%d responses checked; %d of %d operations exercised and honouring the contract",
		len(rep.Results()), passed, len(dedupe(required)))
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// TestContractRateLimited holds Okta's 429 (E0000047, X-Rate-Limit-* headers) to the spec.
func TestContractRateLimited(t *testing.T) {
	clock := &fixedClock{now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	org := oktasim.New(oktasim.Options{Clock: clock.Now, RateLimits: &limits.Options{}})
	if err := org.Limiter().SetLimit(limits.BucketUsers, 1); err != nil {
		t.Fatal(err)
	}
	h, rep, err := contract.Wrap(org)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	var statuses []int
	for range 2 {
		req, _ := http.NewRequest("GET", srv.URL+"/api/v1/users", nil)
		req.Header.Set("Authorization", "SSWS "+org.APIToken())
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
	}
	if statuses[1] != http.StatusTooManyRequests {
		t.Fatalf("statuses = %v, want a 429 second", statuses)
	}
	for _, r := range rep.Failures() {
		t.Errorf("contract breach: %s", r)
	}
	if rs := rep.Results(); len(rs) != 2 || rs[1].Status != http.StatusTooManyRequests || !rs[1].ShapeChecked {
		t.Errorf("the 429 was not compared with Okta's example: %v", rs)
	}
}

// TestContractFaults: injected server errors are Okta-shaped errors, and a dropped connection
// reaches the client as one while the contract records nothing for it.
func TestContractFaults(t *testing.T) {
	clock := &fixedClock{now: time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)}
	org := oktasim.New(oktasim.Options{Clock: clock.Now, RateLimits: &limits.Options{}})
	faults := org.Limiter().Faults()
	faults.Add(limits.Fault{Method: "GET", PathPrefix: "/api/v1/users", ErrorRate: 1, Status: 503, Times: 1})
	faults.Add(limits.Fault{Method: "GET", PathPrefix: "/api/v1/groups", ErrorRate: 1, Status: 500, Times: 1})
	faults.Add(limits.Fault{Method: "GET", PathPrefix: "/api/v1/apps", ResetAfterRate: 1, Times: 1})
	h, rep, err := contract.Wrap(org)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	tests := []struct {
		path    string
		status  int
		dropped bool
	}{
		{"/api/v1/users", 503, false},
		{"/api/v1/groups", 500, false},
		{"/api/v1/apps", 0, true},
	}
	for _, tt := range tests {
		req, _ := http.NewRequest("GET", srv.URL+tt.path, nil)
		req.Header.Set("Authorization", "SSWS "+org.APIToken())
		resp, err := srv.Client().Do(req)
		if tt.dropped {
			if err == nil {
				resp.Body.Close()
				t.Errorf("GET %s: answered %d, want a dropped connection", tt.path, resp.StatusCode)
			}
			continue
		}
		if err != nil {
			t.Fatalf("GET %s: %v", tt.path, err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("GET %s: status %d, want %d", tt.path, resp.StatusCode, tt.status)
		}
	}
	if rs := rep.Results(); len(rs) != 2 {
		t.Errorf("want the two error answers recorded and the dropped one not: %v", rs)
	}
	for _, r := range rep.Failures() {
		t.Errorf("contract breach: %s", r)
	}
}

// TestContractPipelines: both kinds of org describe themselves as Okta does.
func TestContractPipelines(t *testing.T) {
	for _, p := range []string{oktasim.PipelineIdentityEngine, oktasim.PipelineClassic} {
		t.Run(p, func(t *testing.T) {
			h, rep, err := contract.Wrap(oktasim.New(oktasim.Options{Pipeline: p}))
			if err != nil {
				t.Fatal(err)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", "http://org.test/.well-known/okta-organization", nil))
			if !strings.Contains(rec.Body.String(), `"pipeline":"`+p+`"`) {
				t.Errorf("body %s does not name pipeline %s", rec.Body.String(), p)
			}
			for _, s := range rep.Summaries() {
				if !s.OK() || !s.Exercised {
					t.Errorf("%s (exercised %v)", s, s.Exercised)
				}
			}
		})
	}
}
