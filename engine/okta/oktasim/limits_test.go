package oktasim

import (
	"net/http"
	"testing"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
)

func TestRateLimitsAreWiredIn(t *testing.T) {
	org, srv := testOrg(t, Options{RateLimits: &limits.Options{}})
	if err := org.Limiter().SetLimit(limits.BucketUsers, 2); err != nil {
		t.Fatal(err)
	}
	var e struct{ ErrorCode string }
	for i := 0; i < 2; i++ {
		resp := do(t, srv, org.APIToken(), "GET", "/api/v1/users", "", nil)
		if resp.StatusCode != http.StatusOK || resp.Header.Get("X-Rate-Limit-Limit") != "2" || resp.Header.Get("X-Rate-Limit-Reset") == "" {
			t.Fatalf("call %d: %d, limit header %q", i+1, resp.StatusCode, resp.Header.Get("X-Rate-Limit-Limit"))
		}
	}
	resp := do(t, srv, org.APIToken(), "GET", "/api/v1/users", "", &e)
	if resp.StatusCode != http.StatusTooManyRequests || e.ErrorCode != "E0000047" || resp.Header.Get("X-Okta-Request-Id") == "" {
		t.Fatalf("over the limit: %d %s, request id %q", resp.StatusCode, e.ErrorCode, resp.Header.Get("X-Okta-Request-Id"))
	}
	if len(eventsOfType(t, org, "system.org.rate_limit.violation")) != 1 {
		t.Fatal("no system.org.rate_limit.violation event")
	}
	if org.MutationCount("") != 0 {
		t.Fatal("a refused call changed the org")
	}
}
