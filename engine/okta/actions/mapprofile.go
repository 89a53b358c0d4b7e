package actions

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
)

// Map Profile Source Attributes: reshapes source records (an HR export, a spreadsheet) into the
// users list Bulk User Import takes. It reads the identity source's app user schema to know
// which attributes its profile has, and changes nothing in Okta.

func init() {
	register("okta.action.mapProfileSourceAttributes", mapProfileSourceAttributes)
}

func mapProfileSourceAttributes(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	op, err := importOperation(a)
	if err != nil {
		return nil, err
	}
	key := a.str("externalIdKey")
	if key == "" {
		return nil, fmt.Errorf("%s is empty: name the attribute that holds each record's unique ID", a.label("externalIdKey"))
	}
	records, err := objectList(a, "users")
	if err != nil {
		return nil, err
	}
	if len(records) > maxImportUsers {
		return nil, fmt.Errorf("%d records: Okta takes at most %d users per import session; split them over several sessions", len(records), maxImportUsers)
	}
	// DELETE sends external ids only: no profile, so no schema to read.
	var attrs map[string]bool
	if op == importOperationUpsert {
		if attrs, err = appProfileAttributes(ctx, c, a); err != nil {
			return nil, err
		}
	}
	users := make([]any, 0, len(records))
	for i, r := range records {
		ext, err := externalID(r, key)
		if err != nil {
			return nil, fmt.Errorf("record %d of %d: %w", i+1, len(records), err)
		}
		u := map[string]any{"externalId": ext}
		if op == importOperationUpsert {
			profile, err := sourceProfile(r, attrs)
			if err != nil {
				return nil, fmt.Errorf("record %d of %d (%s %s): %w", i+1, len(records), key, ext, err)
			}
			u["profile"] = profile
		}
		users = append(users, u)
	}
	return withOutputs(c.Spec, map[string]any{"users": users}), nil
}

// appProfileAttributes returns the attribute names of the app's user profile, base and custom.
func appProfileAttributes(ctx context.Context, c *Call, a args) (map[string]bool, error) {
	appID, raw, err := appIDArg(a)
	if err != nil {
		return nil, err
	}
	_, resp, err := c.Client.SDK.UserSchema.GetApplicationUserSchema(ctx, appID)
	if err != nil {
		return nil, fmt.Errorf("read the user profile schema of app %s: %w", raw,
			sdkErr(http.MethodGet, "/api/v1/meta/schemas/apps/"+appID+"/default", resp, err))
	}
	schema, err := rawObject(resp)
	if err != nil {
		return nil, err
	}
	attrs := map[string]bool{}
	for _, part := range []string{"base", "custom"} {
		props, _ := path(schema, "definitions", part, "properties").(map[string]any)
		for name := range props {
			attrs[name] = true
		}
	}
	if len(attrs) == 0 {
		return nil, fmt.Errorf("the user profile schema of app %s has no attributes: is it a Custom Identity Source app?", raw)
	}
	return attrs, nil
}

// externalID reads a record's unique id; a number (an employee number) is taken as its text.
func externalID(r map[string]any, key string) (string, error) {
	v, ok := r[key]
	if !ok || v == nil {
		return "", fmt.Errorf("no %q attribute, which External ID Key names: every record needs its unique ID there", key)
	}
	s, ok := scalarText(v)
	if !ok {
		return "", fmt.Errorf("%q is %T, not text or a number: the external ID must be a single value", key, v)
	}
	if s = strings.TrimSpace(s); s == "" {
		return "", fmt.Errorf("%q is empty: every record needs its unique ID there", key)
	}
	if len([]rune(s)) > maxImportExternalID {
		return "", fmt.Errorf("%q is longer than Okta's %d characters", key, maxImportExternalID)
	}
	return s, nil
}

// sourceProfile keeps the record's attributes that the app profile has, as text: Okta's
// identity-source profiles take string attributes only. Empty values are left out, so they do
// not blank what Okta has.
func sourceProfile(r map[string]any, attrs map[string]bool) (map[string]any, error) {
	names := make([]string, 0, len(r))
	for k := range r {
		names = append(names, k)
	}
	sort.Strings(names) // the first error named is the same on every run
	profile := map[string]any{}
	for _, k := range names {
		if !attrs[k] || r[k] == nil {
			continue
		}
		s, ok := scalarText(r[k])
		if !ok {
			return nil, fmt.Errorf("attribute %q is %T: identity-source profiles take text only", k, r[k])
		}
		if s != "" {
			profile[k] = s
		}
	}
	if len(profile) == 0 {
		known := make([]string, 0, len(attrs))
		for k := range attrs {
			known = append(known, k)
		}
		sort.Strings(known)
		return nil, fmt.Errorf("none of its attributes (%s) is in the app's user profile (%s): rename them in the source data to the profile's names",
			strings.Join(names, ", "), strings.Join(known, ", "))
	}
	return profile, nil
}

// scalarText renders text, numbers and booleans as text.
func scalarText(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}
