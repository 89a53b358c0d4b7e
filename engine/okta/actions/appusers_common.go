package actions

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/okta/okta-sdk-golang/v2/okta"
)

// userIDOf returns the Okta id of a user given by id or login. Calls that take the user in a
// body or a filter (assign to an app, List Applications' user.id) need the id; a value that
// looks like one is used as it is, anything else is read from Okta.
func userIDOf(ctx context.Context, c *Call, idOrLogin string) (string, error) {
	idOrLogin = strings.TrimSpace(idOrLogin)
	if looksLikeUserID(idOrLogin) {
		return idOrLogin, nil
	}
	u, err := getUser(readSafe(ctx), c, idOrLogin)
	if err != nil {
		return "", err
	}
	id := str(u, "id")
	if id == "" {
		return "", fmt.Errorf("user %q: Okta's answer has no id", idOrLogin)
	}
	return id, nil
}

// looksLikeUserID reports an Okta user id: "00u" and 17 more letters or digits.
func looksLikeUserID(s string) bool {
	if len(s) != 20 || !strings.HasPrefix(s, "00u") {
		return false
	}
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// appAndUser reads the app and user of an app-user card, both escaped for a path. Okta's
// app-user paths take the user's id only, so a login is looked up first.
func appAndUser(ctx context.Context, c *Call) (appID, appRaw, userID, userRaw string, err error) {
	a := newArgs(c)
	if appID, appRaw, err = appIDArg(a); err != nil {
		return
	}
	userRaw = a.str("userId")
	if _, err = pathID(a.label("userId"), userRaw); err != nil {
		return
	}
	id, err := userIDOf(ctx, c, userRaw)
	if err != nil {
		return "", "", "", "", err
	}
	userID, err = pathID(a.label("userId"), id)
	return
}

// appUserCredentials builds the credentials object of an assignment from the Username and
// Password inputs; nil when neither is given. The password is only ever sent to Okta.
func appUserCredentials(a args) map[string]any {
	creds := map[string]any{}
	if u := a.str("username"); u != "" {
		creds["userName"] = u
	}
	if p, ok := a.raw("password"); ok {
		if s, _ := p.(string); s != "" {
			creds["password"] = map[string]any{"value": s}
		}
	}
	if len(creds) == 0 {
		return nil
	}
	return creds
}

// appUserResult flattens an app user from an SDK answer.
func appUserResult(c *Call, resp *okta.Response) (map[string]any, error) {
	obj, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	return flatten(c.Spec.Outputs, obj, nil), nil
}

// postAppUser sends an app-user body with a raw call. The SDK's AppUserCredentials always sends
// "userName", empty when only a password is meant to change, which would blank the app
// username; a map sends only what the admin gave.
func postAppUser(ctx context.Context, c *Call, target string, body map[string]any) (map[string]any, error) {
	resp, err := c.Client.Do(ctx, http.MethodPost, target, nil, body, nil)
	if err != nil {
		return nil, err
	}
	obj, err := decodeObject(resp.Body)
	if err != nil {
		return nil, err
	}
	return flatten(c.Spec.Outputs, obj, nil), nil
}
