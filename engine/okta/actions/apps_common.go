package actions

import (
	"context"
	"errors"
	"net/http"

	"github.com/okta/okta-sdk-golang/v2/okta"
)

// Page sizes Okta allows at most on the app endpoints the list cards walk.
const (
	appsPageMax      = 200 // GET /api/v1/apps, /api/v1/groups/{id}/apps
	appGroupsPageMax = 200 // GET /api/v1/apps/{id}/groups
	appUsersPageMax  = 500 // GET /api/v1/apps/{id}/users
)

// appIDArg returns the app a card works on, escaped for a path: the Application ID input wins
// over the Application picked in the options, as the cards' help says.
func appIDArg(a args) (id, raw string, err error) {
	raw = a.str("appId")
	if raw == "" {
		raw = a.str("application")
	}
	if raw == "" {
		return "", "", errors.New("no application: pick one in the card's options or map an Application ID")
	}
	id, err = pathID("Application ID", raw)
	return id, raw, err
}

// requiredID reads an input that names an Okta object and escapes it for a path.
func requiredID(a args, key string) (id, raw string, err error) {
	raw = a.str(key)
	id, err = pathID(a.label(key), raw)
	return id, raw, err
}

// groupAssignmentDerived gives the group-assignment outputs Okta names differently.
func groupAssignmentDerived(obj map[string]any) map[string]any {
	return map[string]any{"links": obj["_links"]}
}

// statusOutput is the output of the cards whose only result is Okta's HTTP status.
func statusOutput(c *Call, status int) map[string]any {
	return withOutputs(c.Spec, map[string]any{"statusCode": status})
}

// readApp reads one app: Read Application, and the cards that check an app exists.
func readApp(ctx context.Context, c *Call, appID string) (*okta.Response, error) {
	_, resp, err := c.Client.SDK.Application.GetApplication(ctx, appID, okta.NewApplication(), nil)
	return resp, sdkErr(http.MethodGet, "/api/v1/apps/"+appID, resp, err)
}
