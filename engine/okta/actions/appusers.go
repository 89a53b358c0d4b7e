package actions

import (
	"context"
	"fmt"
	"net/http"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

// Executors of the Application Users cards: a user's assignment to an app.

func init() {
	register("okta.action.assignUserToApplicationForSSO", func(ctx context.Context, c *Call) (map[string]any, error) {
		return assignUserToApplication(ctx, c, false)
	})
	register("okta.action.assignUserToApplicationForSSOAndProvisioning", func(ctx context.Context, c *Call) (map[string]any, error) {
		return assignUserToApplication(ctx, c, true)
	})
	register("okta.action.getAssignedUserForApplication", getAssignedUserForApplication)
	register("okta.action.listUsersAssignedToApplication", listUsersAssignedToApplication)
	register("okta.action.removeUserFromApplication", removeUserFromApplication)
	register("okta.action.updateApplicationCredentialsForAnAssignedUser", updateApplicationCredentials)
	register("okta.action.updateApplicationProfileForAssignedUser", updateApplicationProfile)
}

// assignUserToApplication is POST /api/v1/apps/{appId}/users. Okta updates an existing
// assignment in place, so repeating the card lands in the same state. The SSO card sends no
// profile; the provisioning card sends the given app profile on top of Okta's mappings.
func assignUserToApplication(ctx context.Context, c *Call, withProfile bool) (map[string]any, error) {
	a := newArgs(c)
	appID, appRaw, err := appIDArg(a)
	if err != nil {
		return nil, err
	}
	userRaw := a.str("userId")
	scope := a.str("scope")
	if scope != "USER" && scope != "GROUP" {
		return nil, fmt.Errorf("%s must be USER or GROUP, got %q", a.label("scope"), scope)
	}
	body := map[string]any{"scope": scope}
	if creds := appUserCredentials(a); creds != nil {
		body["credentials"] = creds
	}
	if withProfile {
		profile, err := a.object("profile")
		if err != nil {
			return nil, err
		}
		if profile != nil {
			body["profile"] = profile
		}
	}
	userID, err := userIDOf(ctx, c, userRaw)
	if err != nil {
		return nil, fmt.Errorf("assign user %s to app %s: %w", userRaw, appRaw, err)
	}
	body["id"] = userID
	out, err := postAppUser(ctx, c, "/api/v1/apps/"+appID+"/users", body)
	if err != nil {
		return nil, fmt.Errorf("assign user %s to app %s: %w", userRaw, appRaw, err)
	}
	return out, nil
}

func getAssignedUserForApplication(ctx context.Context, c *Call) (map[string]any, error) {
	appID, appRaw, userID, userRaw, err := appAndUser(ctx, c)
	if err != nil {
		return nil, err
	}
	_, resp, err := c.Client.SDK.Application.GetApplicationUser(ctx, appID, userID, nil)
	if err != nil {
		return nil, fmt.Errorf("read user %s's assignment to app %s: %w", userRaw, appRaw,
			sdkErr(http.MethodGet, "/api/v1/apps/"+appID+"/users/"+userID, resp, err))
	}
	return appUserResult(c, resp)
}

func listUsersAssignedToApplication(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	appID, appRaw, err := appIDArg(a)
	if err != nil {
		return nil, err
	}
	cap, err := appUsersCap(a)
	if err != nil {
		return nil, err
	}
	items, more, err := collect(ctx, c.Client, cap, appUsersPageMax, func(ctx context.Context, limit int) (*okta.Response, error) {
		_, resp, err := c.Client.SDK.Application.ListApplicationUsers(ctx, appID, &query.Params{Limit: int64(limit)})
		return resp, sdkErr(http.MethodGet, "/api/v1/apps/"+appID+"/users", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("list the users assigned to app %s: %w", appRaw, err)
	}
	return listOutputs(c, "users", items, more, nil), nil
}

// appUsersCap is recordCap for List Users Assigned to Application, whose first Result Set is
// "First 500 Records" (the endpoint's largest page), which the shared helper does not know.
func appUsersCap(a args) (int, error) {
	cap, err := recordCap(a)
	if err != nil || a.str("resultSet") != "First 500 Records" {
		return cap, err
	}
	if cap == 0 || cap > appUsersPageMax {
		cap = appUsersPageMax
	}
	return cap, nil
}

// removeUserFromApplication deletes a direct assignment. A user who is not assigned counts as
// success once the app and the user are known to exist, so a mistyped id still fails.
func removeUserFromApplication(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	appID, appRaw, userID, userRaw, err := appAndUser(ctx, c)
	if err != nil {
		return nil, err
	}
	sendEmail, err := a.boolean("sendEmail")
	if err != nil {
		return nil, err
	}
	resp, err := c.Client.SDK.Application.DeleteApplicationUser(ctx, appID, userID, &query.Params{SendEmail: &sendEmail})
	if err == nil {
		return statusOutput(c, statusOf(resp)), nil
	}
	err = sdkErr(http.MethodDelete, "/api/v1/apps/"+appID+"/users/"+userID, resp, err)
	fail := func(err error) error { return fmt.Errorf("remove user %s from app %s: %w", userRaw, appRaw, err) }
	if !isNotFound(err) {
		return nil, fail(err)
	}
	if _, err := readApp(readSafe(ctx), c, appID); err != nil {
		return nil, fail(err)
	}
	if _, err := getUser(readSafe(ctx), c, userRaw); err != nil {
		return nil, fail(err)
	}
	// Not assigned: report the status a removal answers with, so a flow that checks for 204
	// treats "already removed" like "removed".
	return statusOutput(c, http.StatusNoContent), nil
}

// updateApplicationCredentials changes the app username and/or password of an assigned user.
func updateApplicationCredentials(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	appID, appRaw, userID, userRaw, err := appAndUser(ctx, c)
	if err != nil {
		return nil, err
	}
	creds := appUserCredentials(a)
	if creds == nil {
		return nil, fmt.Errorf("nothing to change: give a %s, a %s or both", a.label("username"), a.label("password"))
	}
	out, err := postAppUser(ctx, c, "/api/v1/apps/"+appID+"/users/"+userID, map[string]any{"credentials": creds})
	if err != nil {
		return nil, fmt.Errorf("update user %s's credentials for app %s: %w", userRaw, appRaw, err)
	}
	return out, nil
}

// updateApplicationProfile changes attributes of an assigned user's app profile; Okta keeps the
// attributes left out.
func updateApplicationProfile(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	appID, appRaw, userID, userRaw, err := appAndUser(ctx, c)
	if err != nil {
		return nil, err
	}
	profile, err := a.object("profile")
	if err != nil {
		return nil, err
	}
	if len(profile) == 0 {
		return nil, fmt.Errorf("%s is empty: give the app profile attributes to change", a.label("profile"))
	}
	out, err := postAppUser(ctx, c, "/api/v1/apps/"+appID+"/users/"+userID, map[string]any{"profile": profile})
	if err != nil {
		return nil, fmt.Errorf("update user %s's app profile for app %s: %w", userRaw, appRaw, err)
	}
	return out, nil
}
