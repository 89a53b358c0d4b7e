package oktasim

import (
	"net/http"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// errNotAllowedInStatus is Okta's E0000038 for a lifecycle operation the user's status forbids.
func errNotAllowedInStatus() *apierr.Error {
	return apierr.New(http.StatusForbidden, "E0000038", "This operation is not allowed in the user's current status.")
}

// lifecycle answers POST /api/v1/users/{id}/lifecycle/{op}.
func (c *call) lifecycle() {
	u, e := c.findUser(c.path("id"))
	if e != nil {
		c.fail(e)
		return
	}
	sendEmail, e := c.boolQuery("sendEmail", c.path("op") != "deactivate")
	if e != nil {
		c.fail(e)
		return
	}
	switch c.path("op") {
	case "activate":
		c.activate(u, sendEmail)
	case "reactivate":
		c.reactivate(u, sendEmail)
	case "deactivate":
		if u.Status == statusDeprovisioned {
			c.fail(errNotAllowedInStatus())
			return
		}
		c.deactivate(u)
		c.empty()
	case "suspend":
		if u.Status != statusActive {
			c.fail(validationFor("suspendUser", "Cannot suspend a user that is not active"))
			return
		}
		c.setStatus(u, statusSuspended, "user.suspend", "user.lifecycle.suspend", "Suspend Okta user")
		c.empty()
	case "unsuspend":
		if u.Status != statusSuspended {
			c.fail(validationFor("unsuspendUser", "Cannot unsuspend a user that is not suspended"))
			return
		}
		c.setStatus(u, statusActive, "user.unsuspend", "user.lifecycle.unsuspend", "Unsuspend Okta user")
		c.empty()
	case "reset_password":
		c.resetPassword(u, sendEmail)
	case "unlock":
		// Okta unlocks a LOCKED_OUT user, and an ACTIVE one blocked from unknown devices (which
		// the simulator does not model: 200, nothing changes); other statuses are E0000038.
		switch u.Status {
		case statusLockedOut:
			c.setStatus(u, statusActive, "user.unlock", "user.account.unlock_by_admin", "User account unlock by admin")
		case statusActive:
		default:
			c.fail(errNotAllowedInStatus())
			return
		}
		c.empty()
	case "expire_password":
		switch u.Status {
		case statusActive, statusRecovery, statusPasswordExpired, statusLockedOut:
		default:
			c.fail(errNotAllowedInStatus())
			return
		}
		temp, e := c.boolQuery("tempPassword", false)
		if e != nil {
			c.fail(e)
			return
		}
		c.setStatus(u, statusPasswordExpired, "user.expire_password", "user.account.expire_password", "Expire password")
		if temp {
			// Okta sets a one-time password the user must change at the next sign-in.
			u.HasPassword, u.PasswordChanged = true, c.now
			c.json(http.StatusOK, map[string]any{"tempPassword": c.o.randString(8)})
			return
		}
		c.json(http.StatusOK, c.userJSON(u))
	default:
		c.fail(apierr.ResourceNotFound(c.r.URL.Path, "Unknown"))
	}
}

// validationFor is E0000001 naming the operation, with Okta's cause.
func validationFor(field, cause string) *apierr.Error {
	e := apierr.Validation(cause)
	e.ErrorSummary = "Api validation failed: " + field
	return e
}

func (c *call) setStatus(u *user, status, kind, eventType, message string) {
	u.Status = status
	u.StatusChanged, u.LastUpdated = c.now, c.now
	c.mutated(kind, u.ID)
	c.emit(eventType, message, u.target())
}

// activate: STAGED and DEPROVISIONED users only. With sendEmail=false Okta returns the one-time
// activation token and URL instead of emailing them.
func (c *call) activate(u *user, sendEmail bool) {
	if u.Status != statusStaged && u.Status != statusDeprovisioned {
		c.fail(apierr.New(http.StatusForbidden, "E0000016", "Activation failed because the user is already active"))
		return
	}
	next := statusProvisioned
	if u.HasPassword || u.ProviderType != "OKTA" {
		next = statusActive
	}
	u.Activated = c.now
	c.setStatus(u, next, "user.activate", "user.lifecycle.activate", "Activate Okta user")
	c.evaluateRulesFor(u)
	c.reconcileApps(u)
	c.activationToken(u, sendEmail)
}

// reactivate: PROVISIONED users only (the activation email is sent again).
func (c *call) reactivate(u *user, sendEmail bool) {
	if u.Status != statusProvisioned {
		c.fail(errNotAllowedInStatus())
		return
	}
	c.setStatus(u, statusProvisioned, "user.reactivate", "user.lifecycle.reactivate", "Reactivate Okta user")
	c.activationToken(u, sendEmail)
}

func (c *call) activationToken(u *user, sendEmail bool) {
	if sendEmail {
		c.empty()
		return
	}
	tok := c.o.randString(20)
	c.json(http.StatusOK, map[string]any{"activationToken": tok, "activationUrl": c.base + "/welcome/" + tok})
}

// deactivate moves any user to DEPROVISIONED and ends their OAuth grants, as Okta does. Okta
// keeps the group memberships but removes every assignment to an active app (a background job).
func (c *call) deactivate(u *user) {
	c.setStatus(u, statusDeprovisioned, "user.deactivate", "user.lifecycle.deactivate", "Deactivate Okta user")
	c.removeAppsOf(u)
}

// removeAppsOf is the clean-up of a deactivation: OAuth grants and app assignments go.
func (c *call) removeAppsOf(u *user) {
	c.o.authz.RevokeUser(u.ID)
	for _, a := range c.o.sortedApps() {
		if _, ok := c.o.appUsers[a.ID][u.ID]; !ok || a.Status != "ACTIVE" {
			continue
		}
		t := c.appUserTarget(a, u)
		delete(c.o.appUsers[a.ID], u.ID)
		c.mutated("app.user.remove", a.ID+"/"+u.ID)
		c.systemEmit("application.user_membership.remove", "Remove user's application membership", u.target(), a.target(), t)
	}
}

// reconcileApps gives a (re)activated user the apps of its groups back.
func (c *call) reconcileApps(u *user) {
	for _, a := range c.o.sortedApps() {
		c.reconcileAppUser(a, u.ID)
	}
}

// resetPassword moves an active user to RECOVERY; with sendEmail=false Okta returns the reset
// URL. provider=FEDERATION converts the user to federated authentication instead.
func (c *call) resetPassword(u *user, sendEmail bool) {
	switch u.Status {
	case statusActive, statusRecovery, statusPasswordExpired, statusLockedOut:
	default:
		c.fail(errNotAllowedInStatus())
		return
	}
	if c.query("provider") == "FEDERATION" {
		u.ProviderType, u.ProviderName = "FEDERATION", "FEDERATION"
		u.HasPassword = false
		u.LastUpdated = c.now
		c.mutated("user.provider.federation", u.ID)
		c.emit("user.account.reset_password", "Reset Okta password", u.target())
		c.empty()
		return
	}
	u.HasPassword = false
	c.setStatus(u, statusRecovery, "user.reset_password", "user.account.reset_password", "Reset Okta password")
	if sendEmail {
		c.empty()
		return
	}
	c.json(http.StatusOK, map[string]any{"resetPasswordUrl": c.base + "/signin/reset-password/" + c.o.randString(20)})
}
