package actions

import (
	"context"
	"fmt"
	"net/http"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

// Executors of the Applications cards about group assignments, and of the cards that list the
// apps of a group or a user.

func init() {
	register("okta.action.assignGroupToApplication", assignGroupToApplication)
	register("okta.action.removeGroupFromApplication", removeGroupFromApplication)
	register("okta.action.readAssignedGroupForApplication", readAssignedGroupForApplication)
	register("okta.action.listGroupsAssignedToApplication", listGroupsAssignedToApplication)
	register("okta.action.listApplicationsAssignedToGroup", listApplicationsAssignedToGroup)
	register("okta.action.listApplicationsAssignedToUser", listApplicationsAssignedToUser)
}

// appAndGroup reads the app and group ids of a group-assignment card.
func appAndGroup(c *Call) (appID, appRaw, groupID, groupRaw string, err error) {
	a := newArgs(c)
	if appID, appRaw, err = appIDArg(a); err != nil {
		return
	}
	groupID, groupRaw, err = requiredID(a, "groupId")
	return
}

// assignGroupToApplication creates or updates a group's assignment (PUT): assigning again updates
// priority and profile, so the card is idempotent.
func assignGroupToApplication(ctx context.Context, c *Call) (map[string]any, error) {
	appID, appRaw, groupID, groupRaw, err := appAndGroup(c)
	if err != nil {
		return nil, err
	}
	a := newArgs(c)
	var body okta.ApplicationGroupAssignment
	if a.has("priority") {
		p, err := a.integer("priority")
		if err != nil {
			return nil, err
		}
		if p < 0 {
			return nil, fmt.Errorf("%s cannot be negative", a.label("priority"))
		}
		// PriorityPtr, not Priority: the SDK never sends Priority, and a pointer lets 0 through.
		p64 := int64(p)
		body.PriorityPtr = &p64
	}
	profile, err := a.object("profile")
	if err != nil {
		return nil, err
	}
	if profile != nil {
		body.Profile = profile
	}
	_, resp, err := c.Client.SDK.Application.CreateApplicationGroupAssignment(ctx, appID, groupID, body)
	if err != nil {
		return nil, fmt.Errorf("assign group %s to app %s: %w", groupRaw, appRaw,
			sdkErr(http.MethodPut, "/api/v1/apps/"+appID+"/groups/"+groupID, resp, err))
	}
	obj, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	return flatten(c.Spec.Outputs, obj, groupAssignmentDerived(obj)), nil
}

// removeGroupFromApplication deletes a group's assignment. A group that is not assigned counts
// as success (the state the card asks for), but only once the app and the group are known to
// exist, so a mistyped id still fails with Okta's 404.
func removeGroupFromApplication(ctx context.Context, c *Call) (map[string]any, error) {
	appID, appRaw, groupID, groupRaw, err := appAndGroup(c)
	if err != nil {
		return nil, err
	}
	resp, err := c.Client.SDK.Application.DeleteApplicationGroupAssignment(ctx, appID, groupID)
	if err == nil {
		return statusOutput(c, statusOf(resp)), nil
	}
	err = sdkErr(http.MethodDelete, "/api/v1/apps/"+appID+"/groups/"+groupID, resp, err)
	if !isNotFound(err) {
		return nil, fmt.Errorf("remove group %s from app %s: %w", groupRaw, appRaw, err)
	}
	if _, err := readApp(readSafe(ctx), c, appID); err != nil {
		return nil, fmt.Errorf("remove group %s from app %s: %w", groupRaw, appRaw, err)
	}
	_, gresp, gerr := c.Client.SDK.Group.GetGroup(readSafe(ctx), groupID)
	if gerr != nil {
		return nil, fmt.Errorf("remove group %s from app %s: %w", groupRaw, appRaw,
			sdkErr(http.MethodGet, "/api/v1/groups/"+groupID, gresp, gerr))
	}
	// Not assigned: report the status a removal answers with, so a flow that checks for 204
	// treats "already removed" like "removed".
	return statusOutput(c, http.StatusNoContent), nil
}

func readAssignedGroupForApplication(ctx context.Context, c *Call) (map[string]any, error) {
	appID, appRaw, groupID, groupRaw, err := appAndGroup(c)
	if err != nil {
		return nil, err
	}
	_, resp, err := c.Client.SDK.Application.GetApplicationGroupAssignment(ctx, appID, groupID, nil)
	if err != nil {
		return nil, fmt.Errorf("read group %s's assignment to app %s: %w", groupRaw, appRaw,
			sdkErr(http.MethodGet, "/api/v1/apps/"+appID+"/groups/"+groupID, resp, err))
	}
	obj, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	return flatten(c.Spec.Outputs, obj, groupAssignmentDerived(obj)), nil
}

func listGroupsAssignedToApplication(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	appID, appRaw, err := appIDArg(a)
	if err != nil {
		return nil, err
	}
	cap, err := recordCap(a)
	if err != nil {
		return nil, err
	}
	items, more, err := collect(ctx, c.Client, cap, appGroupsPageMax, func(ctx context.Context, limit int) (*okta.Response, error) {
		_, resp, err := c.Client.SDK.Application.ListApplicationGroupAssignments(ctx, appID, &query.Params{Limit: int64(limit)})
		return resp, sdkErr(http.MethodGet, "/api/v1/apps/"+appID+"/groups", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("list the groups assigned to app %s: %w", appRaw, err)
	}
	return listOutputs(c, "groups", items, more, groupAssignmentDerived), nil
}

func listApplicationsAssignedToGroup(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	groupID, groupRaw, err := requiredID(a, "groupId")
	if err != nil {
		return nil, err
	}
	cap, err := recordCap(a)
	if err != nil {
		return nil, err
	}
	items, more, err := collect(ctx, c.Client, cap, appsPageMax, func(ctx context.Context, limit int) (*okta.Response, error) {
		_, resp, err := c.Client.SDK.Group.ListAssignedApplicationsForGroup(ctx, groupID, &query.Params{Limit: int64(limit)})
		return resp, sdkErr(http.MethodGet, "/api/v1/groups/"+groupID+"/apps", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("list the apps assigned to group %s: %w", groupRaw, err)
	}
	return listOutputs(c, "applications", items, more, nil), nil
}

// listApplicationsAssignedToUser filters List Applications by user.id, which counts direct and
// group-based assignments alike. The filter takes an id, so a login is looked up first. The id
// goes into a filter, not a path: it is quoted, and a quote or backslash in it is refused
// rather than escaped into another expression.
func listApplicationsAssignedToUser(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	raw := a.str("userId")
	cap, err := recordCap(a)
	if err != nil {
		return nil, err
	}
	userID, err := userIDOf(ctx, c, raw)
	if err != nil {
		return nil, fmt.Errorf("list the apps assigned to user %s: %w", raw, err)
	}
	for _, r := range userID {
		if r == '"' || r == '\\' {
			return nil, fmt.Errorf("%s %q is not an Okta user id", a.label("userId"), userID)
		}
	}
	filter := `user.id eq "` + userID + `"`
	items, more, err := collect(ctx, c.Client, cap, appsPageMax, func(ctx context.Context, limit int) (*okta.Response, error) {
		_, resp, err := c.Client.SDK.Application.ListApplications(ctx, &query.Params{Filter: filter, Limit: int64(limit)})
		return resp, sdkErr(http.MethodGet, "/api/v1/apps", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("list the apps assigned to user %s: %w", raw, err)
	}
	if len(items) == 0 {
		// Okta answers an unknown user id with an empty list: read the user so a mistyped id
		// fails with Okta's 404 instead of looking like a user without apps.
		if _, err := getUser(readSafe(ctx), c, userID); err != nil {
			return nil, fmt.Errorf("list the apps assigned to user %s: %w", raw, err)
		}
	}
	return listOutputs(c, "applications", items, more, nil), nil
}
