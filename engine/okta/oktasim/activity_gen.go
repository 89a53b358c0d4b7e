package oktasim

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"time"
)

// Activity levels of a living org (flowdeck sim --activity, the demo org).
const (
	ActivityOff    = "off"
	ActivityNormal = "normal"
	ActivityBusy   = "busy"
)

// activityKind is one thing that happens in a living org on its own, about every mean.
type activityKind struct {
	name string
	mean time.Duration // at the normal level; busy is four times as often
	do   func(a *Activity) string
}

var activityKinds = []activityKind{
	{"new hire", 20 * time.Second, (*Activity).newHire},
	{"sign-ins", 10 * time.Second, func(a *Activity) string {
		return fmt.Sprintf("%d sign-ins", a.org.SimulateSignIns(1+a.intn(3)))
	}},
	{"group change", 45 * time.Second, (*Activity).groupChange},
	{"suspension", 3 * time.Minute, (*Activity).suspension},
	{"deactivation", 5 * time.Minute, (*Activity).deactivation},
}

// Activity makes an org live: new hires (whom the group rules then place), group changes,
// suspensions and their end, deactivations and sign-ins, each written to the System Log as
// Okta writes it. It acts through the org's own API as its admin, as HR provisioning or a
// help-desk admin would, so every change has Okta's events and rule evaluations. Step does what
// is due; Run steps on every tick. Safe for concurrent use.
type Activity struct {
	org   *Org
	every time.Duration // the mean's divisor: 1 normal, 4 busy

	mu     sync.Mutex
	paused bool
	next   []time.Time // when each kind is next due; zero until the first step
	hires  int
}

// NewActivity returns the activity of org at level (ActivityNormal or ActivityBusy); nil for
// ActivityOff, which Run and Step accept as doing nothing.
func NewActivity(org *Org, level string) (*Activity, error) {
	switch level {
	case ActivityOff, "":
		return nil, nil
	case ActivityNormal:
		return &Activity{org: org, every: 1}, nil
	case ActivityBusy:
		return &Activity{org: org, every: 4}, nil
	}
	return nil, fmt.Errorf("activity must be off, normal or busy, not %q", level)
}

// SetPaused stops (true) or resumes the activity; while paused nothing happens and nothing is
// saved up for later.
func (a *Activity) SetPaused(p bool) {
	if a == nil {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.paused && !p {
		a.next = nil // resume on a fresh schedule, not with a burst of what was due while paused
	}
	a.paused = p
}

// Paused reports whether the activity is paused (a nil Activity is always still).
func (a *Activity) Paused() bool {
	if a == nil {
		return true
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.paused
}

// Run steps on every tick until ctx ends. The demo passes a one-second ticker; tests their own
// channel, with the org on a fake clock.
func (a *Activity) Run(ctx context.Context, tick <-chan time.Time) {
	if a == nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick:
			a.Step()
		}
	}
}

// Step does whatever is due at the org's current time and returns what it did.
func (a *Activity) Step() []string {
	if a == nil {
		return nil
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.paused {
		return nil
	}
	now := a.org.clock()
	if a.next == nil {
		// The first new hire comes soon, so a new user sees a flow run within the first minute.
		a.next = make([]time.Time, len(activityKinds))
		for i, k := range activityKinds {
			a.next[i] = now.Add(a.interval(k.mean))
		}
		a.next[0] = now.Add(a.interval(10 * time.Second))
	}
	var did []string
	for i, k := range activityKinds {
		if now.Before(a.next[i]) {
			continue
		}
		if what := k.do(a); what != "" {
			did = append(did, what)
		}
		a.next[i] = now.Add(a.interval(k.mean))
	}
	return did
}

// interval is mean (divided by the level) with ±25 % jitter, so the org does not tick.
func (a *Activity) interval(mean time.Duration) time.Duration {
	m := mean / a.every
	return m*3/4 + time.Duration(a.int64n(int64(m/2)+1))
}

func (a *Activity) intn(n int) int {
	a.org.mu.Lock()
	defer a.org.mu.Unlock()
	return a.org.rng.IntN(n)
}

func (a *Activity) int64n(n int64) int64 {
	a.org.mu.Lock()
	defer a.org.mu.Unlock()
	return a.org.rng.Int64N(n)
}

// call makes one API request as the org's admin, through the org's handler but not its rate
// limits (the activity is Okta's own traffic, not the client's), and decodes the answer.
func (a *Activity) call(method, path string, body, out any) error {
	var r *http.Request
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		r = httptest.NewRequest(method, "http://activity.invalid"+path, strings.NewReader(string(b)))
		r.Header.Set("Content-Type", "application/json")
	} else {
		r = httptest.NewRequest(method, "http://activity.invalid"+path, nil)
	}
	r.Header.Set("Authorization", "SSWS "+a.org.apiToken)
	r.Header.Set("User-Agent", "Okta-Integrations")
	w := httptest.NewRecorder()
	a.org.internal.ServeHTTP(w, r)
	if w.Code >= 300 {
		return fmt.Errorf("%s %s: %d %s", method, path, w.Code, strings.TrimSpace(w.Body.String()))
	}
	if out != nil {
		return json.Unmarshal(w.Body.Bytes(), out)
	}
	return nil
}

// pick returns the id of a random user in one of the statuses (the admin is never picked).
func (a *Activity) pick(statuses ...string) string {
	a.org.mu.Lock()
	defer a.org.mu.Unlock()
	var ids []string
	for _, u := range a.org.sortedUsers() {
		if u.ID != a.org.adminID && slices.Contains(statuses, u.Status) {
			ids = append(ids, u.ID)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return ids[a.org.rng.IntN(len(ids))]
}

// pickGroup returns the id of a random group the admin manages (OKTA_GROUP).
func (a *Activity) pickGroup() string {
	a.org.mu.Lock()
	defer a.org.mu.Unlock()
	var ids []string
	for _, g := range a.org.sortedGroups() {
		if g.Type == "OKTA_GROUP" {
			ids = append(ids, g.ID)
		}
	}
	if len(ids) == 0 {
		return ""
	}
	return ids[a.org.rng.IntN(len(ids))]
}

// newHire creates and activates a user as HR provisioning does; the group rules place them.
func (a *Activity) newHire() string {
	a.hires++
	first := seedFirstNames[a.intn(len(seedFirstNames))]
	last := seedLastNames[a.intn(len(seedLastNames))]
	dept := seedDepartments[a.intn(len(seedDepartments))]
	login := strings.ToLower(fmt.Sprintf("%s.%s.h%d@acme-robotics.example", first, last, a.hires))
	body := map[string]any{"profile": map[string]any{"firstName": first, "lastName": last, "email": login, "login": login,
		"displayName": first + " " + last, "department": dept.Name, "title": dept.Titles[a.intn(len(dept.Titles))],
		"organization": "Acme Robotics", "userType": "Employee"}}
	if err := a.call(http.MethodPost, "/api/v1/users?activate=true", body, nil); err != nil {
		return ""
	}
	return "new hire " + login
}

// groupChange adds an active user to a group, or now and then takes one out of it.
func (a *Activity) groupChange() string {
	u, g := a.pick(statusActive), a.pickGroup()
	if u == "" || g == "" {
		return ""
	}
	method, what := http.MethodPut, "added"
	if a.intn(3) == 0 {
		method, what = http.MethodDelete, "removed"
	}
	if err := a.call(method, "/api/v1/groups/"+g+"/users/"+u, nil, nil); err != nil {
		return ""
	}
	return fmt.Sprintf("user %s %s to/from group %s", u, what, g)
}

// suspension suspends an active user, or ends a suspension (which happens as often).
func (a *Activity) suspension() string {
	if u := a.pick(statusSuspended); u != "" && a.intn(2) == 0 {
		if a.call(http.MethodPost, "/api/v1/users/"+u+"/lifecycle/unsuspend", nil, nil) == nil {
			return "unsuspended " + u
		}
		return ""
	}
	u := a.pick(statusActive)
	if u == "" || a.call(http.MethodPost, "/api/v1/users/"+u+"/lifecycle/suspend", nil, nil) != nil {
		return ""
	}
	return "suspended " + u
}

// deactivation deactivates a user who left (active or suspended).
func (a *Activity) deactivation() string {
	u := a.pick(statusActive, statusSuspended)
	if u == "" || a.call(http.MethodPost, "/api/v1/users/"+u+"/lifecycle/deactivate?sendEmail=false", nil, nil) != nil {
		return ""
	}
	return "deactivated " + u
}
