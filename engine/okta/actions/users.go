package actions

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
)

// Read, create and update users.

func init() {
	register("okta.action.readUser", readUser)
	register("okta.action.createUser", createUser)
	register("okta.action.updateUser", updateUser)
}

// getUser reads a user by id or login (GET /api/v1/users/{idOrLogin} accepts both) and returns
// the raw user object.
func getUser(ctx context.Context, c *Call, idOrLogin string) (map[string]any, error) {
	id, err := pathID("the user's ID or login", idOrLogin)
	if err != nil {
		return nil, err
	}
	_, resp, err := c.Client.SDK.User.GetUser(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("user %q: %w", idOrLogin, sdkErr(http.MethodGet, "/api/v1/users/"+id, resp, err))
	}
	return rawObject(resp)
}

func readUser(ctx context.Context, c *Call) (map[string]any, error) {
	u, err := getUser(ctx, c, newArgs(c).str("userId"))
	if err != nil {
		return nil, err
	}
	return flatten(c.Spec.Outputs, u, nil), nil
}

// Create User option values, as the catalog declares them.
const (
	createNoCreds       = "without Credentials"
	createRecovery      = "with Recovery Question"
	createPassword      = "with Password"
	createPasswordRecov = "with Password & Recovery Question"
	createAuthProvider  = "with Authentication Provider"
	createInGroup       = "in Group"
)

// profileInputs collects the base profile attributes given as inputs (the spec's string inputs
// in group "Profile") and the Custom Attributes object; named inputs win over the object.
// With keepEmpty, inputs given as empty text are sent as null, which clears them at Okta.
func profileInputs(c *Call, a args, keepEmpty bool) (map[string]any, error) {
	p := map[string]any{}
	custom, err := a.object("customProfile")
	if err != nil {
		return nil, err
	}
	for k, v := range custom {
		p[k] = v
	}
	for _, f := range c.Spec.Inputs {
		if f.Group != "Profile" || f.Type != catalog.TypeString {
			continue
		}
		switch {
		case a.has(f.Key):
			p[f.Key] = a.str(f.Key)
		case keepEmpty && hasKey(c.Inputs, f.Key):
			p[f.Key] = nil
		}
	}
	return p, nil
}

// userCredentials builds the credentials object from the Password and Recovery inputs.
func userCredentials(a args, password, recovery bool) (*okta.UserCredentials, error) {
	var cr okta.UserCredentials
	set := false
	if password {
		if !a.has("password") {
			return nil, fmt.Errorf("%s is required for this option", a.label("password"))
		}
		cr.Password = &okta.PasswordCredential{Value: a.str("password")}
		set = true
	}
	if recovery {
		if !a.has("recoveryQuestion") || !a.has("recoveryAnswer") {
			return nil, fmt.Errorf("%s and %s are required for this option", a.label("recoveryQuestion"), a.label("recoveryAnswer"))
		}
		cr.RecoveryQuestion = &okta.RecoveryQuestionCredential{Question: a.str("recoveryQuestion"), Answer: a.str("recoveryAnswer")}
		set = true
	}
	if !set {
		return nil, nil
	}
	return &cr, nil
}

// createUser is POST /api/v1/users. Creating twice would make two users or fail on the login,
// so the call is never repeated: after an answer that was lost, the card reads the login back
// and returns the user only if it is the one this call asked for.
func createUser(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	profile, err := profileInputs(c, a, false)
	if err != nil {
		return nil, err
	}
	activate, err := a.boolean("activate")
	if err != nil {
		return nil, err
	}
	body := okta.CreateUserRequest{Profile: (*okta.UserProfile)(&profile)}
	qp := &query.Params{Activate: &activate}
	switch opt := a.str("option"); opt {
	case createNoCreds, "":
	case createPassword, createRecovery, createPasswordRecov:
		if body.Credentials, err = userCredentials(a, opt != createRecovery, opt != createPassword); err != nil {
			return nil, err
		}
	case createAuthProvider:
		if !a.has("providerType") {
			return nil, fmt.Errorf("%s is required for this option", a.label("providerType"))
		}
		body.Credentials = &okta.UserCredentials{Provider: &okta.AuthenticationProvider{Type: a.str("providerType"), Name: a.str("providerName")}}
		qp.Provider = true
	case createInGroup:
		if body.GroupIds, err = a.strList("groupIds"); err != nil {
			return nil, err
		}
		if len(body.GroupIds) == 0 {
			return nil, fmt.Errorf("%s is required for this option", a.label("groupIds"))
		}
	default:
		return nil, fmt.Errorf("option %q is not a Create User option", opt)
	}
	login, _ := profile["login"].(string)
	_, resp, err := c.Client.SDK.User.CreateUser(ctx, body, qp)
	if err != nil {
		err = sdkErr(http.MethodPost, "/api/v1/users", resp, err)
		if isOutcomeUnknown(err) {
			return reconcileCreatedUser(ctx, c, login, profile, err)
		}
		return nil, fmt.Errorf("create user %q: %w", login, err)
	}
	u, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	return flatten(c.Spec.Outputs, u, nil), nil
}

// reconcileCreatedUser looks up the login after a create whose answer was lost. A user with that
// login and every profile value sent is the one the call created (Okta refuses a second user
// with the same login); anything else leaves the outcome unknown.
func reconcileCreatedUser(ctx context.Context, c *Call, login string, sent map[string]any, cause error) (map[string]any, error) {
	u, err := getUser(readSafe(ctx), c, login)
	switch {
	case isNotFound(err):
		// Okta creates users synchronously and reads by login are consistent: no user means
		// the call did not create one, so this is a plain failure, safe to run again.
		return nil, fmt.Errorf("create user %q: the user was not created (Okta's answer was lost and no user with that login exists); run the card again (%v)",
			login, strings.Replace(cause.Error(), governor.ErrOutcomeUnknown.Error(), "no answer came back", 1))
	case err != nil:
		return nil, fmt.Errorf("create user %q: checking whether the user was created failed (%v): %w", login, err, cause)
	}
	got, _ := u["profile"].(map[string]any)
	for k, v := range sent {
		if fmt.Sprint(got[k]) != fmt.Sprint(v) {
			return nil, fmt.Errorf("create user %q: a user with that login exists (%s) but its %s differs from what this card sent, so it may not be the one this call created: %w",
				login, str(u, "id"), k, cause)
		}
	}
	return flatten(c.Spec.Outputs, u, nil), nil
}

// updateUser is POST (Partial: merge) or PUT (Strict: replace) /api/v1/users/{id}.
func updateUser(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	idIn := a.str("userId")
	id, err := pathID("the user's ID", idIn)
	if err != nil {
		return nil, err
	}
	strict := a.str("updateSemantics") == "Strict"
	passEmpty, err := a.boolean("passEmptyValues")
	if err != nil {
		return nil, err
	}
	profile, err := profileInputs(c, a, passEmpty && !strict)
	if err != nil {
		return nil, err
	}
	creds, err := userCredentials(a, a.has("password"), a.has("recoveryQuestion") || a.has("recoveryAnswer"))
	if err != nil {
		return nil, err
	}
	body := okta.User{Credentials: creds}
	if len(profile) > 0 || strict {
		body.Profile = (*okta.UserProfile)(&profile)
	}
	var resp *okta.Response
	method := http.MethodPost
	if strict {
		method = http.MethodPut
		_, resp, err = c.Client.SDK.User.UpdateUser(ctx, id, body, nil)
	} else {
		_, resp, err = c.Client.SDK.User.PartialUpdateUser(ctx, id, body, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("user %q: %w", idIn, sdkErr(method, "/api/v1/users/"+id, resp, err))
	}
	u, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	return flatten(c.Spec.Outputs, u, nil), nil
}
