package actions

import (
	"context"
	"fmt"
	"net/http"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

// Group membership: add, remove, list a group's members, list a user's groups.

func init() {
	register("okta.action.addNewUserToGroup", addUserToGroup)
	register("okta.action.removeUserFromGroup", removeUserFromGroup)
	register("okta.action.listGroupMembers", listGroupMembers)
	register("okta.action.getUsersGroups", getUsersGroups)
}

func memberIDs(a args) (gid, uid string, err error) {
	if gid, err = pathID("the group's ID", a.str("groupId")); err != nil {
		return "", "", err
	}
	uid, err = pathID("the user's ID", a.str("userId"))
	return gid, uid, err
}

// addUserToGroup is PUT /api/v1/groups/{gid}/users/{uid}: Okta answers 204 for a user who is
// already a member too, so a repeat is harmless.
func addUserToGroup(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	gid, uid, err := memberIDs(a)
	if err != nil {
		return nil, err
	}
	resp, err := c.Client.SDK.Group.AddUserToGroup(ctx, gid, uid)
	if err != nil {
		return nil, fmt.Errorf("add user %q to group %q: %w", a.str("userId"), a.str("groupId"),
			sdkErr(http.MethodPut, "/api/v1/groups/"+gid+"/users/"+uid, resp, err))
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp)}), nil
}

// removeUserFromGroup is DELETE /api/v1/groups/{gid}/users/{uid}: 204 for a non-member too.
func removeUserFromGroup(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	gid, uid, err := memberIDs(a)
	if err != nil {
		return nil, err
	}
	resp, err := c.Client.SDK.Group.RemoveUserFromGroup(ctx, gid, uid)
	if err != nil {
		return nil, fmt.Errorf("remove user %q from group %q: %w", a.str("userId"), a.str("groupId"),
			sdkErr(http.MethodDelete, "/api/v1/groups/"+gid+"/users/"+uid, resp, err))
	}
	return withOutputs(c.Spec, map[string]any{"statusCode": statusOf(resp)}), nil
}

func listGroupMembers(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	cap, err := recordCap(a)
	if err != nil {
		return nil, err
	}
	in, gid, err := groupID(a)
	if err != nil {
		return nil, err
	}
	users, more, err := collect(ctx, c.Client, cap, maxUsersPage, func(ctx context.Context, limit int) (*okta.Response, error) {
		_, resp, err := c.Client.SDK.Group.ListGroupUsers(ctx, gid, &query.Params{Limit: int64(limit)})
		return resp, sdkErr(http.MethodGet, "/api/v1/groups/"+gid+"/users", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("members of group %q: %w", in, err)
	}
	return listOutputs(c, "users", users, more, nil), nil
}

// getUsersGroups is GET /api/v1/users/{id}/groups; v2's method takes no limit, so the page size
// is Okta's default, and any next link is followed.
func getUsersGroups(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	cap, err := recordCap(a)
	if err != nil {
		return nil, err
	}
	in := a.str("userId")
	uid, err := pathID("the user's ID", in)
	if err != nil {
		return nil, err
	}
	groups, more, err := collect(ctx, c.Client, cap, maxGroupsPage, func(ctx context.Context, _ int) (*okta.Response, error) {
		_, resp, err := c.Client.SDK.User.ListUserGroups(ctx, uid)
		return resp, sdkErr(http.MethodGet, "/api/v1/users/"+uid+"/groups", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("groups of user %q: %w", in, err)
	}
	return listOutputs(c, "groups", groups, more, nil), nil
}
