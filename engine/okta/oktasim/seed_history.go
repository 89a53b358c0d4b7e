package oktasim

import (
	"fmt"
	"sort"
	"time"
)

// adminConsoleClientID is the client id Okta's Admin Console shows in System Log events.
const adminConsoleClientID = "okta.2b1959c8-bcc0-56eb-a589-cfcfb7422f26"

// seedHistory writes a week of System Log history: sign-ins (some failed), MFA, SSO to apps,
// sign-outs, lockouts, and the admin's changes to recent hires and leavers.
func (o *Org) seedHistory(now time.Time, users []*user) {
	var evs []logEvent
	ip := func() string { return fmt.Sprintf("198.51.100.%d", 1+o.rng.IntN(254)) }
	tx := func() string { return o.randString(23) + "AAAA" }
	weekAgo := now.Add(-7 * 24 * time.Hour)
	admin := o.userActor(o.adminID)
	adminEvent := func(at time.Time, eventType, msg string, targets ...target) {
		evs = append(evs, logEvent{eventType: eventType, message: msg, actor: admin, clientID: adminConsoleClientID, ip: "203.0.113.10",
			userAgent: seedUserAgents[0], requestID: tx(), requestURI: "/api/v1/users", url: "/api/v1/users", published: at, targets: targets})
	}
	systemEvent := func(at time.Time, eventType, msg string, targets ...target) {
		evs = append(evs, logEvent{eventType: eventType, message: msg, actor: systemActor, ip: "203.0.113.10", requestID: tx(),
			txType: "JOB", published: at, targets: targets})
	}
	apps := o.sortedApps()
	for _, u := range users {
		a := o.userActor(u.ID)
		ua := seedUserAgents[o.rng.IntN(len(seedUserAgents))]
		userEvent := func(at time.Time, eventType, msg, outcome, reason string, targets ...target) {
			sev := "INFO"
			if outcome == "FAILURE" {
				sev = "WARN"
			}
			evs = append(evs, logEvent{eventType: eventType, message: msg, actor: a, ip: ip(), userAgent: ua, geo: geoOf(u), requestID: tx(),
				requestURI: "/idp/idx/identify", url: "/idp/idx/identify", published: at, outcome: outcome, reason: reason, severity: sev, targets: targets})
		}
		switch u.Status {
		case statusActive, statusPasswordExpired, statusRecovery:
			for day := 0; day < 7; day++ {
				if o.rng.IntN(100) >= 45 {
					continue
				}
				at := weekAgo.Add(time.Duration(day)*24*time.Hour + time.Duration(8*60+o.rng.IntN(10*60))*time.Minute)
				if at.Before(u.Created) || !at.Before(now) {
					continue
				}
				if o.rng.IntN(100) < 6 {
					userEvent(at.Add(-2*time.Minute), "user.session.start", "User login to Okta", "FAILURE", "INVALID_CREDENTIALS")
				}
				userEvent(at, "user.session.start", "User login to Okta", "SUCCESS", "")
				userEvent(at.Add(5*time.Second), "user.authentication.auth_via_mfa", "Authentication of user via MFA", "SUCCESS", "",
					target{ID: "pfd" + o.randString(17), Type: "AuthenticatorEnrollment", AlternateID: "unknown", DisplayName: "Okta Verify"})
				var mine []*app
				for _, ap := range apps {
					if _, ok := o.appUsers[ap.ID][u.ID]; ok && ap.Status == "ACTIVE" && ap.SignOnMode == "SAML_2_0" {
						mine = append(mine, ap)
					}
				}
				if len(mine) > 0 {
					ap := mine[o.rng.IntN(len(mine))]
					userEvent(at.Add(40*time.Second), "user.authentication.sso", "User single sign on to app", "SUCCESS", "",
						ap.target(), target{ID: o.appUsers[ap.ID][u.ID].assignmentID, Type: "AppUser", AlternateID: u.login(), DisplayName: u.displayName()})
				}
				if o.rng.IntN(100) < 30 {
					userEvent(at.Add(7*time.Hour), "user.session.end", "User logout from Okta", "SUCCESS", "")
				}
			}
		case statusLockedOut:
			at := maxTime(u.StatusChanged, weekAgo.Add(time.Hour))
			for i := 0; i < 3; i++ {
				userEvent(at.Add(time.Duration(i-3)*time.Minute), "user.session.start", "User login to Okta", "FAILURE", "INVALID_CREDENTIALS")
			}
			userEvent(at, "user.account.lock", "Max sign in attempts exceeded", "SUCCESS", "")
		case statusSuspended:
			if u.StatusChanged.After(weekAgo) {
				adminEvent(u.StatusChanged, "user.lifecycle.suspend", "Suspend Okta user", u.target())
			}
		case statusDeprovisioned:
			if u.StatusChanged.After(weekAgo) {
				adminEvent(u.StatusChanged, "user.lifecycle.deactivate", "Deactivate Okta user", u.target())
			}
		}
		if u.Created.After(weekAgo) {
			adminEvent(u.Created, "user.lifecycle.create", "Create Okta user", u.target())
			if !u.Activated.IsZero() {
				adminEvent(u.Activated, "user.lifecycle.activate", "Activate Okta user", u.target())
			}
			for _, g := range o.sortedGroups() {
				if m, ok := o.members[g.ID][u.ID]; ok && g.Type == "OKTA_GROUP" {
					if m.Rule != "" {
						systemEvent(u.Created.Add(time.Minute), "group.user_membership.add", "Add user to group membership", u.target(), g.target())
					} else {
						adminEvent(u.Created.Add(time.Minute), "group.user_membership.add", "Add user to group membership", u.target(), g.target())
					}
				}
			}
			for _, ap := range apps {
				if au, ok := o.appUsers[ap.ID][u.ID]; ok {
					systemEvent(u.Created.Add(2*time.Minute), "application.user_membership.add", "Add user to application membership", u.target(), ap.target(),
						target{ID: au.assignmentID, Type: "AppUser", AlternateID: u.login(), DisplayName: u.displayName()})
				}
			}
		}
	}
	for i := 0; i < 12; i++ {
		u := users[o.rng.IntN(len(users))]
		at := weekAgo.Add(time.Duration(o.rng.IntN(7*24*60)) * time.Minute)
		if at.Before(u.Created) {
			continue
		}
		evs = append(evs, logEvent{eventType: "user.account.update_profile", message: "Update user profile for Okta", actor: admin,
			clientID: adminConsoleClientID, ip: "203.0.113.10", userAgent: seedUserAgents[0], requestID: tx(),
			requestURI: "/api/v1/users/" + u.ID, url: "/api/v1/users/" + u.ID, published: at, targets: []target{u.target()},
			debugData: map[string]any{"changedAttributes": "title"}})
	}
	sort.SliceStable(evs, func(i, j int) bool { return evs[i].published.Before(evs[j].published) })
	for _, e := range evs {
		o.appendEvent(o.build(e))
	}
}
