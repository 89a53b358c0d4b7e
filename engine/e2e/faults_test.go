package e2e

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/connections"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/authz"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/limits"
	"github.com/flowdeck/flowdeck/storage"
)

// The org's rate-limit windows last one second instead of Okta's minute, so a limit that makes
// the engine wait several windows costs seconds, not minutes; the governor reads the windows
// from X-Rate-Limit-Reset either way. (The governor runs on the wall clock: engine.Options.Now
// does not reach it, so a virtual clock cannot stand in for the waits.)
const testWindow = time.Second

// welcomeFlow is "User Created → Add User to Group".
func welcomeFlow(id, group string) *flow.Flow {
	return &flow.Flow{ID: id, Cards: []flow.Card{
		{ID: "c_trigger", Type: "okta.event.userCreated", Version: 1},
		{ID: "c_add", Type: "okta.action.addNewUserToGroup", Version: 1,
			Inputs: map[string]flow.Input{"groupId": lit(group), "userId": ref("c_trigger", "user.id")}},
	}}
}

// With one Management API request in ten answered 500 and a tight limit on the bucket the flow's
// card calls, every run of the running engine still ends succeeded: the governor retries the
// 500s (Okta did not carry them out) and keeps to half of the bucket in every window, so it
// never causes a 429 itself. Each membership is added once.
func TestRunsCompleteThroughServerErrorsAndATightRateLimit(t *testing.T) {
	v := newEnv(t, envOptions{
		org:    oktasim.Options{RateLimits: &limits.Options{Window: testWindow}},
		engine: engine.Options{PollIdle: 20 * time.Millisecond, PollFast: 5 * time.Millisecond, Resync: 20 * time.Millisecond},
	})
	lim := v.org.Limiter()
	const perWindow = 10 // "/api/v1/groups/{id}": the engine's share is 5 a window
	if err := lim.SetLimit(limits.BucketGroupByID, perWindow); err != nil {
		t.Fatal(err)
	}
	group := v.createGroup("Onboarded")
	v.addFlow(welcomeFlow("welcome", group))
	// The card's first call surely fails; then one request in ten fails, the System Log's included.
	lim.Faults().Add(limits.Fault{PathPrefix: "/api/v1/groups/", ErrorRate: 1, Times: 1})
	lim.Faults().Add(limits.Fault{PathPrefix: "/api/v1/", ErrorRate: 0.1})

	v.start()
	waitFor(t, "the first poll", func() bool { return !v.e.PollerStatus()[v.conn].LastPoll.IsZero() })
	const users = 20
	ids := make([]string, users)
	for i := range ids {
		ids[i] = v.createUser("Load", fmt.Sprintf("Tester%02d", i))
	}
	waitFor(t, "every run to end", func() bool {
		rs := v.runs("welcome")
		for _, r := range rs {
			if !finished(r) {
				return false
			}
		}
		return len(rs) == users
	})

	for _, r := range v.runs("welcome") {
		if r.Status != storage.RunSucceeded {
			t.Errorf("run %s: %s %s", r.ID, r.Status, r.Error)
		}
	}
	for _, u := range ids {
		v.wantMember(t, group, u, true)
	}
	if n := v.org.MutationsOfKind("group.member.add"); n != users {
		t.Errorf("the org added %d memberships, want %d", n, users)
	}
	calls := v.served.requests("/api/v1/groups/" + group + "/users/")
	perReset := map[string]int{}
	errors5xx, tooMany := 0, 0
	for _, c := range calls {
		perReset[c.reset]++
		switch {
		case c.status >= 500:
			errors5xx++
		case c.status == http.StatusTooManyRequests:
			tooMany++
		}
	}
	if errors5xx == 0 || len(calls) < users+errors5xx {
		t.Errorf("the card's calls: %d, of which %d answered 5xx; want every 5xx retried", len(calls), errors5xx)
	}
	if tooMany > 0 {
		t.Errorf("the engine alone caused %d 429s: the governor did not keep to its share", tooMany)
	}
	for reset, n := range perReset {
		if n > perWindow/2 {
			t.Errorf("the engine sent %d requests in the window ending %s, more than its half of %d", n, reset, perWindow)
		}
	}
	if len(perReset) < users/(perWindow/2) {
		t.Errorf("the card's %d calls fit in %d windows: the limit was not tight", len(calls), len(perReset))
	}
	t.Logf("%d runs: %d card calls (%d answered 5xx) over %d rate-limit windows", users, len(calls), errors5xx, len(perReset))
}

// When another app has used up the bucket, Okta answers 429 with the window's reset time: the
// governor waits for it and the run ends succeeded. The bucket is used up by lowering its limit
// to what was used in the current window; should the window end before the engine's call, the
// test tries again with a new user.
func TestA429IsWaitedOutAndTheRunSucceeds(t *testing.T) {
	v := newEnv(t, envOptions{org: oktasim.Options{RateLimits: &limits.Options{Window: testWindow}}})
	lim := v.org.Limiter()
	group := v.createGroup("Onboarded")
	v.addFlow(welcomeFlow("welcome", group))
	v.pollAndRun()

	got429 := false
	for attempt := 0; attempt < 5 && !got429; attempt++ {
		user := v.createUser("Rate", "Limited"+strconv.Itoa(attempt))
		if err := v.e.PollAllOnce(v.ctx); err != nil {
			t.Fatal(err)
		}
		used := 0
		for used == 0 { // another app's call; again if the window ended in between
			v.call(http.MethodGet, "/api/v1/groups/"+group, nil, nil)
			used = lim.Used(limits.BucketGroupByID)
		}
		if err := lim.SetLimit(limits.BucketGroupByID, used); err != nil {
			t.Fatal(err)
		}
		before := len(v.served.requests("/api/v1/groups/"))
		if err := v.e.Runner().Drain(v.ctx); err != nil {
			t.Fatal(err)
		}
		if err := lim.SetLimit(limits.BucketGroupByID, 1000); err != nil {
			t.Fatal(err)
		}
		calls := v.served.requests("/api/v1/groups/")[before:]
		if len(calls) == 0 {
			t.Fatal("the run made no call to the org")
		}
		for _, c := range calls {
			got429 = got429 || c.status == http.StatusTooManyRequests
		}
		if last := calls[len(calls)-1]; last.status != http.StatusNoContent && last.status != http.StatusOK {
			t.Errorf("the card's last call was answered %d", last.status)
		}
		v.wantMember(t, group, user, true)
	}
	if !got429 {
		t.Fatal("the engine never met a 429 (each window ended before its call)")
	}
	for _, r := range v.runs("welcome") {
		if r.Status != storage.RunSucceeded {
			t.Errorf("run %s: %s %s", r.ID, r.Status, r.Error)
		}
	}
}

// A connection signed in without okta.groups.manage cannot add members: the run fails once,
// with an error that says what is missing, and nothing retries it.
func TestAMissingScopeFailsTheRunWithoutRetrying(t *testing.T) {
	const clientID = "0oae2eflowdeck"
	redirect := freeRedirect(t)
	v := newEnv(t, envOptions{noConnection: true,
		org: oktasim.Options{Clients: []authz.Client{{ID: clientID, RedirectURIs: []string{redirect}}}}})
	st, err := v.e.Connections().SignIn(v.ctx, connections.SignInRequest{
		OrgURL: v.srv.URL, ClientID: clientID, Name: "Groups read-only", RedirectURI: redirect, Timeout: 30 * time.Second,
		Scopes:      []string{"openid", "profile", "email", "offline_access", "okta.logs.read", "okta.users.read", "okta.groups.read"},
		OpenBrowser: followRedirects,
	})
	if err != nil {
		t.Fatalf("sign in: %v", err)
	}
	v.conn = st.ID
	group := v.createGroup("Onboarded")
	v.addFlow(welcomeFlow("welcome", group))
	v.pollAndRun()
	user := v.createUser("Scope", "Less")
	v.pollAndRun()
	v.pollAndRun() // nothing left to run, nothing requeued

	runs := v.runs("welcome")
	if len(runs) != 1 {
		t.Fatalf("%d runs, want 1", len(runs))
	}
	r := runs[0]
	if r.Status != storage.RunFailed {
		t.Fatalf("run status %s (%s), want failed", r.Status, r.Error)
	}
	for _, want := range []string{"403", "E0000006", "was not granted okta.groups.manage"} {
		if !strings.Contains(r.Error, want) {
			t.Errorf("the run's error does not mention %q: %s", want, r.Error)
		}
	}
	steps := v.steps(r.ID)
	if len(steps) != 1 || steps[0].Status != "failed" || steps[0].Attempt != 1 {
		t.Errorf("steps %+v, want one failed attempt", steps)
	}
	if calls := v.served.requests("/api/v1/groups/" + group + "/users/"); len(calls) != 1 || calls[0].status != http.StatusForbidden {
		t.Errorf("the card's calls: %+v, want one answered 403", calls)
	}
	counts, err := v.e.DB().StatusCounts(v.ctx)
	if err != nil {
		t.Fatal(err)
	}
	if counts[storage.RunQueued]+counts[storage.RunRunning] != 0 {
		t.Errorf("runs still waiting: %v", counts)
	}
	v.wantMember(t, group, user, false)
}

// followRedirects is the system browser of a sign-in: it follows the authorize URL's redirects
// to the loopback callback (the simulated org signs the admin in without a form).
func followRedirects(u string) error {
	resp, err := http.Get(u)
	if err != nil {
		return err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("the sign-in ended on %s with %d", resp.Request.URL, resp.StatusCode)
	}
	return nil
}

// freeRedirect is a loopback redirect URI on a free port.
func freeRedirect(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return "http://" + ln.Addr().String() + "/callback"
}
