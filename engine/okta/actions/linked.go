package actions

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/okta/okta-sdk-golang/v2/okta"
)

// Executors of the Linked Objects cards: the values of a relationship such as manager /
// subordinate, which live on the users.

func init() {
	register("okta.action.setLinkedObjectValueForPrimary", setLinkedObjectValue)
	register("okta.action.getPrimaryLinkedObjectValue", getPrimaryLinkedObjectValue)
	register("okta.action.getAssociatedLinkedObjectValues", getAssociatedLinkedObjectValues)
	register("okta.action.deleteLinkedObjectValue", deleteLinkedObjectValue)
}

// setLinkedObjectValue links the associated user to the primary user (PUT): Okta replaces an
// existing link, so repeating the card lands in the same state.
func setLinkedObjectValue(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	assoc, assocRaw, err := requiredID(a, "associatedUserId")
	if err != nil {
		return nil, err
	}
	name, nameRaw, err := requiredID(a, "primaryName")
	if err != nil {
		return nil, err
	}
	primaryRaw := a.str("primaryUserId")
	if _, err := pathID(a.label("primaryUserId"), primaryRaw); err != nil {
		return nil, err
	}
	fail := func(err error) error {
		return fmt.Errorf("link user %s to %s %s: %w", assocRaw, nameRaw, primaryRaw, err)
	}
	// The primary goes last in the path, where Okta takes an id only.
	primaryID, err := userIDOf(ctx, c, primaryRaw)
	if err != nil {
		return nil, fail(err)
	}
	primary, err := pathID(a.label("primaryUserId"), primaryID)
	if err != nil {
		return nil, err
	}
	resp, err := c.Client.SDK.User.SetLinkedObjectForUser(ctx, assoc, name, primary)
	if err != nil {
		return nil, fail(sdkErr(http.MethodPut, "/api/v1/users/"+assoc+"/linkedObjects/"+name+"/"+primary, resp, err))
	}
	return statusOutput(c, statusOf(resp)), nil
}

// linkedValues reads every link of a user under a relationship name, following Okta's pages.
func linkedValues(ctx context.Context, c *Call, user, name string) ([]map[string]any, error) {
	items, _, err := collect(ctx, c.Client, 0, 0, func(ctx context.Context, _ int) (*okta.Response, error) {
		_, resp, err := c.Client.SDK.User.GetLinkedObjectsForUser(ctx, user, name, nil)
		return resp, sdkErr(http.MethodGet, "/api/v1/users/"+user+"/linkedObjects/"+name, resp, err)
	})
	return items, err
}

// linkTarget returns the API URL of a link entry ({"_links": {"self": {"href": …}}}) and the
// user id at its end.
func linkTarget(entry map[string]any) (href, userID string) {
	href, _ = path(entry, "_links", "self", "href").(string)
	if href == "" {
		return "", ""
	}
	p := href
	if u, err := url.Parse(href); err == nil {
		p = u.Path
	}
	p = strings.TrimRight(p, "/")
	return href, p[strings.LastIndex(p, "/")+1:]
}

// getPrimaryLinkedObjectValue returns the associated user's primary, or empty outputs when the
// user has none.
func getPrimaryLinkedObjectValue(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	assoc, assocRaw, err := requiredID(a, "associatedUserId")
	if err != nil {
		return nil, err
	}
	name, nameRaw, err := requiredID(a, "primaryName")
	if err != nil {
		return nil, err
	}
	items, err := linkedValues(ctx, c, assoc, name)
	if err != nil {
		return nil, fmt.Errorf("read user %s's %s: %w", assocRaw, nameRaw, err)
	}
	vals := map[string]any{"primaryUserId": "", "link": ""}
	if len(items) > 0 {
		href, id := linkTarget(items[0])
		vals["primaryUserId"], vals["link"] = id, href
	}
	return withOutputs(c.Spec, vals), nil
}

// getAssociatedLinkedObjectValues lists the users linked to a primary user. Okta returns only
// links; the ids are taken from their ends.
func getAssociatedLinkedObjectValues(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	primary, primaryRaw, err := requiredID(a, "primaryUserId")
	if err != nil {
		return nil, err
	}
	name, nameRaw, err := requiredID(a, "associatedName")
	if err != nil {
		return nil, err
	}
	items, err := linkedValues(ctx, c, primary, name)
	if err != nil {
		return nil, fmt.Errorf("list user %s's %s: %w", primaryRaw, nameRaw, err)
	}
	ids := make([]any, 0, len(items))
	assoc := make([]any, 0, len(items))
	for _, it := range items {
		href, id := linkTarget(it)
		ids = append(ids, id)
		assoc = append(assoc, map[string]any{"id": id, "link": href, "raw": it})
	}
	return withOutputs(c.Spec, map[string]any{"userIds": ids, "associated": assoc}), nil
}

// deleteLinkedObjectValue removes the associated user's link to its primary. Okta answers 204
// also when there was no link, so "already unlinked" is success without a check of ours.
func deleteLinkedObjectValue(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	assoc, assocRaw, err := requiredID(a, "associatedUserId")
	if err != nil {
		return nil, err
	}
	name, nameRaw, err := requiredID(a, "primaryName")
	if err != nil {
		return nil, err
	}
	resp, err := c.Client.SDK.User.RemoveLinkedObjectForUser(ctx, assoc, name)
	if err != nil {
		return nil, fmt.Errorf("unlink user %s's %s: %w", assocRaw, nameRaw,
			sdkErr(http.MethodDelete, "/api/v1/users/"+assoc+"/linkedObjects/"+name, resp, err))
	}
	return statusOutput(c, statusOf(resp)), nil
}
