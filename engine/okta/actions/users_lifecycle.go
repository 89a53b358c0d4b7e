package actions

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

// User lifecycle cards. Each first reads the user (safe to repeat): that turns a login into the
// id the lifecycle endpoints want, and lets "already in that state" count as success without a
// second call — no second activation email, no error for a user who is already suspended.

func init() {
	register("okta.action.activateUser", activateUser)
	register("okta.action.deactivateUser", deactivateUser)
	register("okta.action.suspendUser", suspendUser)
	register("okta.action.unsuspendUser", unsuspendUser)
	register("okta.action.resetPassword", resetPassword)
	register("okta.action.clearUserSessions", clearUserSessions)
	register("okta.action.deleteUser", deleteUser)
}

const statusDeprovisioned = "DEPROVISIONED"

// lifecycleUser reads the card's user and returns its escaped id and status.
func lifecycleUser(ctx context.Context, c *Call) (id, status string, err error) {
	u, err := getUser(readSafe(ctx), c, newArgs(c).str("userId"))
	if err != nil {
		return "", "", err
	}
	return url.PathEscape(str(u, "id")), str(u, "status"), nil
}

// settled reports whether a failed lifecycle call left the user in one of want anyway: a
// concurrent change, or the first of two attempts, got there first. Okta answers those with
// 400 or 403 (E0000001, E0000016, E0000038) depending on the operation.
func settled(ctx context.Context, c *Call, callErr error, want ...string) bool {
	ae, ok := apiError(callErr)
	if !ok || (ae.Status != http.StatusBadRequest && ae.Status != http.StatusForbidden) {
		return false
	}
	_, status, err := lifecycleUser(ctx, c)
	if err != nil {
		return false
	}
	for _, w := range want {
		if status == w {
			return true
		}
	}
	return false
}

func lifecycleErr(op, who string, err error) error {
	return fmt.Errorf("%s user %q: %w", op, who, err)
}

// activateUser: STAGED and DEPROVISIONED users only; any other status means the user was
// activated already, which counts as success (and sends no second email).
func activateUser(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	sendEmail, err := a.boolean("sendEmail")
	if err != nil {
		return nil, err
	}
	id, status, err := lifecycleUser(ctx, c)
	if err != nil {
		return nil, err
	}
	if status != "STAGED" && status != statusDeprovisioned {
		return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusOK}), nil
	}
	_, resp, err := c.Client.SDK.User.ActivateUser(ctx, id, &query.Params{SendEmail: &sendEmail})
	if err != nil {
		err = sdkErr(http.MethodPost, "/api/v1/users/"+id+"/lifecycle/activate", resp, err)
		if ae, ok := apiError(err); ok && ae.ErrorCode == "E0000016" {
			return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusOK}), nil
		}
		if isOutcomeUnknown(err) {
			return reconcileActivation(ctx, c, sendEmail, err)
		}
		return nil, lifecycleErr("activate", a.str("userId"), err)
	}
	tok, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp),
		"activationUrl": tok["activationUrl"], "activationToken": tok["activationToken"]}), nil
}

// reconcileActivation reads the user back after an activation whose answer was lost: activated
// means done when Okta sent the email; without the email the one-time link is lost with the
// answer, and a second activation is not possible, so the admin is told how to get a new one.
func reconcileActivation(ctx context.Context, c *Call, sendEmail bool, cause error) (map[string]any, error) {
	who := newArgs(c).str("userId")
	_, status, err := lifecycleUser(ctx, c)
	if err != nil || status == "STAGED" || status == statusDeprovisioned {
		return nil, lifecycleErr("activate", who, cause)
	}
	if sendEmail {
		return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusOK}), nil
	}
	return nil, fmt.Errorf("activate user %q: the user is now %s, but Okta's answer with the activation link was lost; "+
		"send a new link from the Admin Console (Resend activation email or Reset Password)", who, status)
}

func deactivateUser(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	sendEmail, err := a.boolean("sendEmail")
	if err != nil {
		return nil, err
	}
	id, status, err := lifecycleUser(ctx, c)
	if err != nil {
		return nil, err
	}
	if status == statusDeprovisioned {
		return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusOK}), nil
	}
	resp, err := c.Client.SDK.User.DeactivateUser(ctx, id, &query.Params{SendEmail: &sendEmail})
	if err != nil {
		err = sdkErr(http.MethodPost, "/api/v1/users/"+id+"/lifecycle/deactivate", resp, err)
		if settled(ctx, c, err, statusDeprovisioned) {
			return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusOK}), nil
		}
		return nil, lifecycleErr("deactivate", a.str("userId"), err)
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp)}), nil
}

func suspendUser(ctx context.Context, c *Call) (map[string]any, error) {
	id, status, err := lifecycleUser(ctx, c)
	if err != nil {
		return nil, err
	}
	if status == "SUSPENDED" {
		return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusOK}), nil
	}
	resp, err := c.Client.SDK.User.SuspendUser(ctx, id)
	if err != nil {
		err = sdkErr(http.MethodPost, "/api/v1/users/"+id+"/lifecycle/suspend", resp, err)
		if settled(ctx, c, err, "SUSPENDED") {
			return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusOK}), nil
		}
		return nil, lifecycleErr("suspend", newArgs(c).str("userId"), err)
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp)}), nil
}

func unsuspendUser(ctx context.Context, c *Call) (map[string]any, error) {
	id, status, err := lifecycleUser(ctx, c)
	if err != nil {
		return nil, err
	}
	if status == "ACTIVE" {
		return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusOK}), nil
	}
	resp, err := c.Client.SDK.User.UnsuspendUser(ctx, id)
	if err != nil {
		err = sdkErr(http.MethodPost, "/api/v1/users/"+id+"/lifecycle/unsuspend", resp, err)
		if settled(ctx, c, err, "ACTIVE") {
			return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusOK}), nil
		}
		return nil, lifecycleErr("unsuspend", newArgs(c).str("userId"), err)
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp)}), nil
}

// resetPassword issues a new reset link on every call, so it is never repeated; Convert to
// Federated User sends provider=FEDERATION (and never an email).
func resetPassword(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	convert, err := a.boolean("convert")
	if err != nil {
		return nil, err
	}
	sendEmail, err := a.boolean("sendEmail")
	if err != nil {
		return nil, err
	}
	id, _, err := lifecycleUser(ctx, c)
	if err != nil {
		return nil, err
	}
	qp := &query.Params{SendEmail: &sendEmail}
	if convert {
		no := false
		qp.SendEmail, qp.Provider = &no, "FEDERATION"
	}
	_, resp, err := c.Client.SDK.User.ResetPassword(ctx, id, qp)
	if err != nil {
		return nil, lifecycleErr("reset the password of", a.str("userId"), sdkErr(http.MethodPost, "/api/v1/users/"+id+"/lifecycle/reset_password", resp, err))
	}
	tok, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp), "resetPasswordUrl": tok["resetPasswordUrl"]}), nil
}

func clearUserSessions(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	revoke, err := a.boolean("oauthTokens")
	if err != nil {
		return nil, err
	}
	id, err := pathID("the user's ID", a.str("userId"))
	if err != nil {
		return nil, err
	}
	resp, err := c.Client.SDK.User.ClearUserSessions(ctx, id, &query.Params{OauthTokens: &revoke})
	if err != nil {
		return nil, lifecycleErr("clear the sessions of", a.str("userId"), sdkErr(http.MethodDelete, "/api/v1/users/"+id+"/sessions", resp, err))
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp)}), nil
}

// errNotDeactivated refuses to delete a user who is not DEPROVISIONED: Okta's DELETE would only
// deactivate them, and a second DELETE — a retry, a re-run — would then delete them for good.
var errNotDeactivated = errors.New("not deleted")

// deleteUser deletes only DEPROVISIONED users. With "Deactivate first" it deactivates (a call
// that is safe to repeat) and then deletes. The DELETE itself is never repeated: after a lost
// answer the card reads the user back; gone means deleted.
func deleteUser(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	who := a.str("userId")
	first, err := a.boolean("deactivateFirst")
	if err != nil {
		return nil, err
	}
	sendEmail, err := a.boolean("sendEmail")
	if err != nil {
		return nil, err
	}
	id, status, err := lifecycleUser(ctx, c)
	if err != nil {
		return nil, err
	}
	if status != statusDeprovisioned {
		if !first {
			return nil, fmt.Errorf("user %q is %s, %w: Okta deletes only deactivated users, and on any other user a delete only deactivates. "+
				"Deactivate the user first (Deactivate User), or turn on the option \"Deactivate first\"", who, status, errNotDeactivated)
		}
		if err := deactivateForDelete(ctx, c, id, sendEmail); err != nil {
			return nil, lifecycleErr("deactivate", who, err)
		}
	}
	resp, err := c.Client.SDK.User.DeactivateOrDeleteUser(ctx, id, &query.Params{SendEmail: &sendEmail})
	if err != nil {
		err = sdkErr(http.MethodDelete, "/api/v1/users/"+id, resp, err)
		if isOutcomeUnknown(err) {
			if _, gerr := getUser(readSafe(ctx), c, who); isNotFound(gerr) {
				return withOutputs(c.Spec, map[string]any{"statusCode": http.StatusNoContent, "outcome": "deleted"}), nil
			}
		}
		return nil, lifecycleErr("delete", who, err)
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp), "outcome": "deleted"}), nil
}

// deactivateForDelete deactivates through the lifecycle endpoint, never through DELETE: repeated,
// it lands in the same state, so the governor may retry it after a lost answer.
func deactivateForDelete(ctx context.Context, c *Call, id string, sendEmail bool) error {
	resp, err := c.Client.SDK.User.DeactivateUser(readSafe(ctx), id, &query.Params{SendEmail: &sendEmail})
	if err != nil {
		err = sdkErr(http.MethodPost, "/api/v1/users/"+id+"/lifecycle/deactivate", resp, err)
		if settled(ctx, c, err, statusDeprovisioned) {
			return nil
		}
		return err
	}
	return nil
}
