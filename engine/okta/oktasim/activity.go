package oktasim

import "fmt"

// SimulateSignIns writes the System Log events of n sign-ins by random active users happening
// now (about one in ten fails first), so that a demo org shows live activity to a poller. It
// returns how many sign-ins it wrote (fewer than n only when the org has no active user).
func (o *Org) SimulateSignIns(n int) int {
	o.mu.Lock()
	defer o.mu.Unlock()
	var active []*user
	for _, u := range o.sortedUsers() {
		if u.Status == statusActive {
			active = append(active, u)
		}
	}
	if len(active) == 0 {
		return 0
	}
	now := o.clock()
	o.gen++
	for i := 0; i < n; i++ {
		u := active[o.rng.IntN(len(active))]
		ua := seedUserAgents[o.rng.IntN(len(seedUserAgents))]
		ip := fmt.Sprintf("198.51.100.%d", 1+o.rng.IntN(254))
		ev := func(eventType, msg, outcome, reason string, targets ...target) {
			sev := "INFO"
			if outcome == "FAILURE" {
				sev = "WARN"
			}
			o.appendEvent(o.build(logEvent{eventType: eventType, message: msg, actor: o.userActor(u.ID), ip: ip, userAgent: ua, geo: geoOf(u),
				requestID: o.randString(23) + "AAAA", requestURI: "/idp/idx/identify", url: "/idp/idx/identify",
				published: now, outcome: outcome, reason: reason, severity: sev, targets: targets}))
		}
		if o.rng.IntN(10) == 0 {
			ev("user.session.start", "User login to Okta", "FAILURE", "INVALID_CREDENTIALS")
		}
		ev("user.session.start", "User login to Okta", "SUCCESS", "")
		ev("user.authentication.auth_via_mfa", "Authentication of user via MFA", "SUCCESS", "",
			target{ID: "pfd" + o.randString(17), Type: "AuthenticatorEnrollment", AlternateID: "unknown", DisplayName: "Okta Verify"})
		u.LastLogin = now
	}
	return n
}
