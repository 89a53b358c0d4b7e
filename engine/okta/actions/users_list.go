package actions

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

// Cards that list users: Find Users (q), List Users with Filter and List Users with Search.

func init() {
	register("okta.action.searchUsers", findUsers)
	register("okta.action.listUsersWithFilter", listUsersWithFilter)
	register("okta.action.listUsersWithSearch", listUsersWithSearch)
}

// maxUsersPage is Okta's largest page of users.
const maxUsersPage = 200

// findUsers is GET /api/v1/users?q=. Okta answers q with one page and no next link, at most
// 200 users: when that many come back, "More Records?" says the list may be incomplete.
func findUsers(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	cap, err := recordCap(a)
	if err != nil {
		return nil, err
	}
	q := a.str("query")
	limit := pageSize(cap, maxUsersPage)
	_, resp, err := c.Client.SDK.User.ListUsers(ctx, &query.Params{Q: q, Limit: int64(limit)})
	if err != nil {
		return nil, fmt.Errorf("find users %q: %w", q, sdkErr(http.MethodGet, "/api/v1/users", resp, err))
	}
	body, err := rawBody(resp)
	if err != nil {
		return nil, err
	}
	users, err := decodeList(body)
	if err != nil {
		return nil, err
	}
	more := len(users) >= maxUsersPage
	if cap > 0 && len(users) > cap {
		users, more = users[:cap], true
	}
	return listOutputs(c, "users", users, more, nil), nil
}

// scimString quotes a value for a filter or search expression.
func scimString(v string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(v) + `"`
}

// scimAnd joins "attr eq value" for every filled-in input with and, then ANDs the custom
// expression (in parentheses, so its own or stays inside).
func scimAnd(a args, attrs [][2]string, custom string) string {
	var terms []string
	for _, at := range attrs {
		if v := a.str(at[0]); v != "" && a.has(at[0]) {
			terms = append(terms, at[1]+" eq "+scimString(v))
		}
	}
	if custom = strings.TrimSpace(custom); custom != "" {
		if len(terms) > 0 {
			custom = "(" + custom + ")"
		}
		terms = append(terms, custom)
	}
	return strings.Join(terms, " and ")
}

// listUsers pages through GET /api/v1/users with the given parameters.
func listUsers(ctx context.Context, c *Call, qp query.Params, what string) (map[string]any, error) {
	cap, err := recordCap(newArgs(c))
	if err != nil {
		return nil, err
	}
	users, more, err := collect(ctx, c.Client, cap, maxUsersPage, func(ctx context.Context, limit int) (*okta.Response, error) {
		p := qp
		p.Limit = int64(limit)
		_, resp, err := c.Client.SDK.User.ListUsers(ctx, &p)
		return resp, sdkErr(http.MethodGet, "/api/v1/users", resp, err)
	})
	if err != nil {
		return nil, fmt.Errorf("list users with %s: %w", what, err)
	}
	return listOutputs(c, "users", users, more, nil), nil
}

func listUsersWithFilter(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	filter := scimAnd(a, [][2]string{{"status", "status"}, {"id", "id"}, {"login", "profile.login"},
		{"email", "profile.email"}, {"firstName", "profile.firstName"}, {"lastName", "profile.lastName"}}, a.str("customFilter"))
	return listUsers(ctx, c, query.Params{Filter: filter}, fmt.Sprintf("filter %q", filter))
}

func listUsersWithSearch(ctx context.Context, c *Call) (map[string]any, error) {
	a := newArgs(c)
	search := scimAnd(a, [][2]string{{"status", "status"}, {"id", "id"}, {"created", "created"}, {"activated", "activated"}},
		a.str("customSearch"))
	qp := query.Params{Search: search}
	if sortBy := a.str("sortBy"); sortBy != "" {
		qp.SortBy, qp.SortOrder = sortBy, a.str("sortOrder")
	}
	if search == "" {
		// Okta needs a search expression for sortBy; every user has an id.
		qp.Search = "id pr"
	}
	return listUsers(ctx, c, qp, fmt.Sprintf("search %q", qp.Search))
}
