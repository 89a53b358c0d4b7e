package actions

import (
	"context"
	"fmt"
	"net/http"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"

	"github.com/flowdeck/flowdeck/engine/okta/governor"
)

// Executors of the Applications cards that read, search and change app instances themselves.

func init() {
	register("okta.action.readApplication", readApplication)
	register("okta.action.searchApplications", searchApplications)
	register("okta.action.activateApplication", func(ctx context.Context, c *Call) (map[string]any, error) {
		return appLifecycle(ctx, c, "activate", c.Client.SDK.Application.ActivateApplication)
	})
	register("okta.action.deactivateApplication", func(ctx context.Context, c *Call) (map[string]any, error) {
		return appLifecycle(ctx, c, "deactivate", c.Client.SDK.Application.DeactivateApplication)
	})
	register("okta.action.deleteApplication", deleteApplication)
}

func readApplication(ctx context.Context, c *Call) (map[string]any, error) {
	appID, raw, err := appIDArg(newArgs(c))
	if err != nil {
		return nil, err
	}
	resp, err := readApp(ctx, c, appID)
	if err != nil {
		return nil, fmt.Errorf("read app %s: %w", raw, err)
	}
	app, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	return flatten(c.Spec.Outputs, app, nil), nil
}

// searchApplications lists apps whose name or label starts with the query (Okta's q).
func searchApplications(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	cap, err := recordCap(a)
	if err != nil {
		return nil, err
	}
	q := a.str("query")
	items, more, err := collect(ctx, c.Client, cap, appsPageMax, func(ctx context.Context, limit int) (*okta.Response, error) {
		_, resp, err := c.Client.SDK.Application.ListApplications(ctx, &query.Params{Q: q, Limit: int64(limit)})
		return resp, sdkErr(http.MethodGet, "/api/v1/apps", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("search apps for %q: %w", q, err)
	}
	return listOutputs(c, "applications", items, more, nil), nil
}

// appLifecycle activates or deactivates an app. Okta answers 200 when the app is already in
// that state, so repeating the card is harmless and "already active" is success.
func appLifecycle(ctx context.Context, c *Call, op string, call func(context.Context, string) (*okta.Response, error)) (map[string]any, error) {
	a := newArgs(c)
	appID, raw, err := requiredID(a, "appId")
	if err != nil {
		return nil, err
	}
	resp, err := call(ctx, appID)
	if err != nil {
		return nil, fmt.Errorf("%s app %s: %w", op, raw, sdkErr(http.MethodPost, "/api/v1/apps/"+appID+"/lifecycle/"+op, resp, err))
	}
	return statusOutput(c, statusOf(resp)), nil
}

// deleteApplication deletes an app. Okta refuses an ACTIVE app (E0000056): the error says to
// deactivate it first rather than the card doing it silently.
//
// A repeated DELETE of a deleted app answers 404, so the governor must not repeat it blindly:
// after a lost answer or a 5xx the card reads the app instead, and a 404 there means the first
// call deleted it. Only an app still there is deleted again.
func deleteApplication(ctx context.Context, c *Call) (map[string]any, error) {
	appID, raw, err := requiredID(newArgs(c), "appId")
	if err != nil {
		return nil, err
	}
	del := func(ctx context.Context) (*okta.Response, error) {
		resp, err := c.Client.SDK.Application.DeleteApplication(ctx, appID)
		return resp, sdkErr(http.MethodDelete, "/api/v1/apps/"+appID, resp, err)
	}
	resp, err := del(governor.WithRepeatSafe(ctx, false))
	if err != nil && (isOutcomeUnknown(err) || isServerError(err)) {
		if _, rerr := readApp(readSafe(ctx), c, appID); isNotFound(rerr) {
			return statusOutput(c, http.StatusNoContent), nil
		}
		resp, err = del(ctx)
	}
	if err != nil {
		if ae, ok := apiError(err); ok && ae.ErrorCode == "E0000056" {
			return nil, fmt.Errorf("delete app %s: %w. Run Deactivate Application first", raw, err)
		}
		return nil, fmt.Errorf("delete app %s: %w", raw, err)
	}
	return statusOutput(c, statusOf(resp)), nil
}

// isServerError reports Okta's 5xx, after which a change may or may not have been made.
func isServerError(err error) bool {
	ae, ok := apiError(err)
	return ok && ae.Status >= http.StatusInternalServerError
}
