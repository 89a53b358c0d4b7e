package oktasim

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// userFilterAttrs are the only properties List Users' `filter` accepts.
var userFilterAttrs = map[string]bool{"status": true, "lastUpdated": true, "id": true, "profile.login": true,
	"profile.email": true, "profile.firstName": true, "profile.lastName": true}

// errInvalidSearch is Okta's 400 for a filter or search it cannot parse or does not support.
func errInvalidSearch(param string, err error) *apierr.Error {
	return apierr.New(http.StatusBadRequest, "E0000031", "Invalid search criteria.", param+": "+err.Error())
}

// listUsers is GET /api/v1/users with its three query modes:
//   - q: startsWith on firstName, lastName or email; no DEPROVISIONED users; limit (default 10)
//     and no pagination;
//   - filter: a few properties, eq only (lastUpdated also gt/ge/lt/le); paginates;
//   - search: any property, eq/sw/co/gt/ge/lt/le/pr, sortBy/sortOrder; paginates.
//
// Without any, every user but the DEPROVISIONED ones, paginated (limit default and max 200).
func (c *call) listUsers() {
	all := c.o.sortedUsers()
	q, filter, search := c.query("q"), c.query("filter"), c.query("search")
	switch {
	case q != "":
		p, e := c.pageParams(10, 200)
		if e != nil {
			c.fail(e)
			return
		}
		lq := strings.ToLower(q)
		var found []*user
		for _, u := range all {
			if u.Status == statusDeprovisioned {
				continue
			}
			if strings.HasPrefix(strings.ToLower(u.str("firstName")), lq) || strings.HasPrefix(strings.ToLower(u.str("lastName")), lq) ||
				strings.HasPrefix(strings.ToLower(u.str("email")), lq) {
				found = append(found, u)
				if len(found) == p.limit {
					break
				}
			}
		}
		c.selfLink()
		c.writeUsers(found)
		return
	case filter != "":
		expr, err := parseSCIM(filter, func(attr, op string) error {
			if !userFilterAttrs[attr] {
				return fmt.Errorf("filtering on %s is not supported; use search", attr)
			}
			if op != "eq" && !(attr == "lastUpdated" && (op == "gt" || op == "ge" || op == "lt" || op == "le")) {
				return fmt.Errorf("operator %s is not supported on %s", op, attr)
			}
			return nil
		})
		if err != nil {
			c.fail(errInvalidSearch("filter", err))
			return
		}
		all = filterUsers(all, expr, false)
	case search != "":
		expr, err := parseSCIM(search, func(attr, op string) error {
			if op == "ne" {
				return fmt.Errorf("the ne operator is not supported")
			}
			if op == "co" && attr != "profile.firstName" && attr != "profile.lastName" && attr != "profile.email" && attr != "profile.login" {
				return fmt.Errorf("co is supported only on profile.firstName, lastName, email and login")
			}
			return nil
		})
		if err != nil {
			c.fail(errInvalidSearch("search", err))
			return
		}
		all = filterUsers(all, expr, true)
		if d := c.o.opts.SearchDelay; d > 0 {
			indexed := all[:0:0]
			for _, u := range all {
				if !c.now.Before(u.LastUpdated.Add(d)) {
					indexed = append(indexed, u)
				}
			}
			all = indexed
		}
		if sortBy := c.query("sortBy"); sortBy != "" {
			desc := strings.EqualFold(c.query("sortOrder"), "desc")
			sort.SliceStable(all, func(i, j int) bool {
				a, _ := all[i].attr(sortBy)
				b, _ := all[j].attr(sortBy)
				as, bs := fmt.Sprint(a), fmt.Sprint(b)
				if as == bs {
					return all[i].ID < all[j].ID
				}
				return (as < bs) != desc
			})
		}
	default:
		kept := all[:0:0]
		for _, u := range all {
			if u.Status != statusDeprovisioned {
				kept = append(kept, u)
			}
		}
		all = kept
	}
	p, e := c.pageParams(200, 200)
	if e != nil {
		c.fail(e)
		return
	}
	c.writeUsers(paginate(c, all, p))
}

func filterUsers(all []*user, expr scimExpr, fold bool) []*user {
	var out []*user
	for _, u := range all {
		if expr.eval(u.attr, fold) {
			out = append(out, u)
		}
	}
	return out
}
