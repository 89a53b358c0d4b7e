package actions

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"unicode/utf8"
)

// Bulk User Import: loads users into an open import session, page by page.

func init() {
	register("okta.action.bulkUserImport", bulkUserImport)
}

// Okta's limits on identity-source imports.
const (
	maxImportUsers      = 10000 // users per session
	maxImportPage       = 200   // profiles per bulk request
	maxImportRequests   = 50    // bulk requests per card run, as Workflows' card allows
	maxImportExternalID = 512   // characters of an externalId
)

// Import Operation choices.
const (
	importOperationUpsert = "UPSERT"
	importOperationDelete = "DELETE"
)

// objectList reads an input that holds a list of objects: a list from an earlier card, or JSON
// text of one.
func objectList(a args, key string) ([]map[string]any, error) {
	v, ok := a.raw(key)
	if !ok {
		return nil, nil
	}
	var items []any
	switch x := v.(type) {
	case []map[string]any:
		out := make([]map[string]any, len(x))
		copy(out, x)
		return out, nil
	case []any:
		items = x
	case string:
		if err := json.Unmarshal([]byte(strings.TrimSpace(x)), &items); err != nil {
			return nil, fmt.Errorf("%s is not a JSON list: %w", a.label(key), err)
		}
	default:
		return nil, fmt.Errorf("%s must be a list of objects, got %T", a.label(key), v)
	}
	out := make([]map[string]any, len(items))
	for i, it := range items {
		m, ok := it.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s: item %d is %T, not an object", a.label(key), i+1, it)
		}
		out[i] = m
	}
	return out, nil
}

// importOperation reads the Import Operation option.
func importOperation(a args) (string, error) {
	op := strings.ToUpper(a.str("importOperation"))
	if op != importOperationUpsert && op != importOperationDelete {
		return "", fmt.Errorf("%s must be UPSERT or DELETE, got %q", a.label("importOperation"), op)
	}
	return op, nil
}

// importProfiles checks every user before anything is sent, so bad data never leaves a
// session half loaded, and returns the bodies' profiles: {externalId, profile} for UPSERT,
// {externalId} for DELETE.
func importProfiles(users []map[string]any, op string) ([]map[string]any, error) {
	if len(users) == 0 {
		return nil, fmt.Errorf("no users to import")
	}
	if len(users) > maxImportUsers {
		return nil, fmt.Errorf("%d users: Okta takes at most %d per import session; split them over several sessions", len(users), maxImportUsers)
	}
	out := make([]map[string]any, len(users))
	for i, u := range users {
		ext, _ := u["externalId"].(string)
		switch {
		case strings.TrimSpace(ext) == "":
			return nil, fmt.Errorf("user %d of %d has no externalId: every user needs the ID it has in the source (Map Profile Source Attributes sets it)", i+1, len(users))
		case utf8.RuneCountInString(ext) > maxImportExternalID:
			return nil, fmt.Errorf("user %d of %d: externalId is longer than Okta's %d characters", i+1, len(users), maxImportExternalID)
		}
		p := map[string]any{"externalId": ext}
		if op == importOperationUpsert {
			profile, ok := u["profile"].(map[string]any)
			if !ok || len(profile) == 0 {
				return nil, fmt.Errorf("user %d of %d (externalId %s) has no profile: UPSERT needs the user's attributes", i+1, len(users), ext)
			}
			p["profile"] = profile
		}
		out[i] = p
	}
	return out, nil
}

// bulkUserImport sends the users in pages of Users Per Page to bulk-upsert or bulk-delete. Okta
// keeps them in the session until Trigger Import Session. The card is never repeated blindly (a
// page would load twice); if a page fails, the error says how many users are already in.
func bulkUserImport(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	target, src, id, err := sessionPath(a)
	if err != nil {
		return nil, err
	}
	op, err := importOperation(a)
	if err != nil {
		return nil, err
	}
	perPage, err := a.integer("usersPerPage")
	if err != nil {
		return nil, err
	}
	if perPage < 1 || perPage > maxImportPage {
		return nil, fmt.Errorf("%s must be 1 to %d, got %d", a.label("usersPerPage"), maxImportPage, perPage)
	}
	users, err := objectList(a, "users")
	if err != nil {
		return nil, err
	}
	profiles, err := importProfiles(users, op)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", a.label("users"), err)
	}
	if pages := (len(profiles) + perPage - 1) / perPage; pages > maxImportRequests {
		return nil, fmt.Errorf("%d users at %d per page need %d requests; the card sends at most %d: raise %s",
			len(profiles), perPage, pages, maxImportRequests, a.label("usersPerPage"))
	}
	endpoint := target + "/bulk-upsert"
	if op == importOperationDelete {
		endpoint = target + "/bulk-delete"
	}
	sent := 0
	for sent < len(profiles) {
		end := min(sent+perPage, len(profiles))
		body := map[string]any{"entityType": "USERS", "profiles": profiles[sent:end]}
		if _, err := c.Client.Do(ctx, http.MethodPost, endpoint, nil, body, nil); err != nil {
			return withOutputs(c.Spec, map[string]any{"recordsImported": sent}), fmt.Errorf("load users %d–%d of %d into import session %s of identity source %s (%d already loaded): %w",
				sent+1, end, len(profiles), id, src, sent, err)
		}
		sent = end
	}
	return withOutputs(c.Spec, map[string]any{"recordsImported": sent}), nil
}
