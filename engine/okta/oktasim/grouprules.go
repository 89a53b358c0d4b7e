package oktasim

import (
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

type groupRule struct {
	seq                  int64
	ID, Name, Status     string
	Created, LastUpdated time.Time
	Expression           string
	expr                 ruleExpr
	ExcludeUsers         []string
	GroupIDs             []string
	// lostGroup is set when a group the rule assigned to was deleted (and dropped from
	// GroupIDs): Okta then reports allGroupsValid false until the rule is updated.
	lostGroup bool
}

// groupRuleInput is the body of create and update, in Okta's GroupRule shape.
type groupRuleInput struct {
	Type       string `json:"type"`
	Name       string `json:"name"`
	Conditions struct {
		People struct {
			Users struct {
				Exclude []string `json:"exclude"`
			} `json:"users"`
		} `json:"people"`
		Expression struct {
			Value string `json:"value"`
			Type  string `json:"type"`
		} `json:"expression"`
	} `json:"conditions"`
	Actions struct {
		AssignUserToGroups struct {
			GroupIDs []string `json:"groupIds"`
		} `json:"assignUserToGroups"`
	} `json:"actions"`
}

func (c *call) ruleJSON(r *groupRule) map[string]any {
	exclude := r.ExcludeUsers
	if exclude == nil {
		exclude = []string{}
	}
	gids := r.GroupIDs
	if gids == nil {
		gids = []string{}
	}
	// allGroupsValid is false once a group the rule assigns to has been deleted.
	valid := !r.lostGroup
	for _, g := range gids {
		if _, ok := c.o.groups[g]; !ok {
			valid = false
		}
	}
	return map[string]any{
		"type": "group_rule", "id": r.ID, "status": r.Status, "name": r.Name, "allGroupsValid": valid,
		"created": oktaTime(r.Created), "lastUpdated": oktaTime(r.LastUpdated),
		"conditions": map[string]any{
			"people":     map[string]any{"users": map[string]any{"exclude": exclude}, "groups": map[string]any{"exclude": []string{}}},
			"expression": map[string]any{"value": r.Expression, "type": "urn:okta:expression:1.0"},
		},
		"actions": map[string]any{"assignUserToGroups": map[string]any{"groupIds": gids}},
	}
}

// validateRule checks a rule as Okta does: name of 1 to 50 characters, an expression it can
// parse, existing OKTA_GROUP targets.
func (c *call) validateRule(in *groupRuleInput) (ruleExpr, *apierr.Error) {
	if n := len(strings.TrimSpace(in.Name)); n == 0 || len(in.Name) > 50 {
		return nil, validationFor("name", "name: The name must be between 1 and 50 characters")
	}
	x, err := parseRuleExpr(in.Conditions.Expression.Value)
	if err != nil {
		return nil, validationFor("conditions.expression", "Invalid property "+in.Conditions.Expression.Value+" in expression: "+err.Error())
	}
	if len(in.Actions.AssignUserToGroups.GroupIDs) == 0 {
		return nil, validationFor("actions.assignUserToGroups.groupIds", "actions.assignUserToGroups.groupIds: The field cannot be left blank")
	}
	for _, gid := range in.Actions.AssignUserToGroups.GroupIDs {
		g, ok := c.o.groups[gid]
		if !ok || g.Type != "OKTA_GROUP" {
			return nil, validationFor("actions.assignUserToGroups.groupIds", "Group "+gid+" does not exist or is not an Okta group")
		}
	}
	return x, nil
}

func (c *call) findRule(id string) (*groupRule, *apierr.Error) {
	if r, ok := c.o.rules[id]; ok {
		return r, nil
	}
	return nil, apierr.ResourceNotFound(id, "GroupRule")
}

// createRule is POST /api/v1/groups/rules; rules are created INACTIVE.
func (c *call) createRule() {
	var in groupRuleInput
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	x, e := c.validateRule(&in)
	if e != nil {
		c.fail(e)
		return
	}
	r := &groupRule{seq: c.o.nextSeq(), ID: c.o.newID("0pr"), Name: in.Name, Status: "INACTIVE", Created: c.now, LastUpdated: c.now,
		Expression: in.Conditions.Expression.Value, expr: x, ExcludeUsers: in.Conditions.People.Users.Exclude,
		GroupIDs: in.Actions.AssignUserToGroups.GroupIDs}
	c.o.rules[r.ID] = r
	c.mutated("grouprule.create", r.ID)
	c.json(http.StatusOK, c.ruleJSON(r))
}

func (c *call) getRule() {
	r, e := c.findRule(c.path("ruleId"))
	if e != nil {
		c.fail(e)
		return
	}
	c.json(http.StatusOK, c.ruleJSON(r))
}

// updateRule is PUT /api/v1/groups/rules/{id}; only an INACTIVE rule can be changed.
func (c *call) updateRule() {
	r, e := c.findRule(c.path("ruleId"))
	if e != nil {
		c.fail(e)
		return
	}
	var in groupRuleInput
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	if r.Status == "ACTIVE" {
		c.fail(validationFor("status", "Cannot update rule in ACTIVE status. Deactivate the rule first."))
		return
	}
	x, e := c.validateRule(&in)
	if e != nil {
		c.fail(e)
		return
	}
	r.Name, r.Expression, r.expr = in.Name, in.Conditions.Expression.Value, x
	r.ExcludeUsers, r.GroupIDs, r.lostGroup = in.Conditions.People.Users.Exclude, in.Actions.AssignUserToGroups.GroupIDs, false
	r.LastUpdated = c.now
	c.mutated("grouprule.update", r.ID)
	c.json(http.StatusOK, c.ruleJSON(r))
}

// ruleLifecycle is POST /api/v1/groups/rules/{id}/lifecycle/{activate|deactivate}: 204.
// Activating runs the rule over every user at once (Okta does it shortly after).
func (c *call) ruleLifecycle() {
	r, e := c.findRule(c.path("ruleId"))
	if e != nil {
		c.fail(e)
		return
	}
	switch c.path("op") {
	case "activate":
		if r.Status != "ACTIVE" {
			r.Status, r.LastUpdated = "ACTIVE", c.now
			c.mutated("grouprule.activate", r.ID)
			for _, u := range c.o.sortedUsers() {
				c.applyRule(r, u)
			}
		}
	case "deactivate":
		if r.Status != "INACTIVE" {
			r.Status, r.LastUpdated = "INACTIVE", c.now
			c.mutated("grouprule.deactivate", r.ID)
			c.systemEmit("group.user_membership.rule.deactivated", "Group membership rule deactivated")
		}
	default:
		c.fail(apierr.ResourceNotFound(c.r.URL.Path, "Unknown"))
		return
	}
	c.noContent()
}

// deleteRule is DELETE /api/v1/groups/rules/{id}[?removeUsers=true]: 202; an ACTIVE rule must be
// deactivated first.
func (c *call) deleteRule() {
	r, e := c.findRule(c.path("ruleId"))
	if e != nil {
		c.fail(e)
		return
	}
	removeUsers, e := c.boolQuery("removeUsers", false)
	if e != nil {
		c.fail(e)
		return
	}
	if r.Status == "ACTIVE" {
		c.fail(validationFor("status", "Cannot delete rule in ACTIVE status. Deactivate the rule first."))
		return
	}
	delete(c.o.rules, r.ID)
	c.mutated("grouprule.delete", r.ID)
	for gid, ms := range c.o.members {
		for uid, m := range ms {
			if m.Rule != r.ID {
				continue
			}
			if removeUsers {
				c.removeMember(c.o.groups[gid], c.o.users[uid], true)
			} else {
				m.Rule = ""
			}
		}
	}
	c.w.WriteHeader(http.StatusAccepted)
}

// listRules is GET /api/v1/groups/rules[?search=keyword]: search matches the rule name.
func (c *call) listRules() {
	var all []*groupRule
	for _, r := range c.o.rules {
		all = append(all, r)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	if s := strings.ToLower(c.query("search")); s != "" {
		var kept []*groupRule
		for _, r := range all {
			if strings.Contains(strings.ToLower(r.Name), s) {
				kept = append(kept, r)
			}
		}
		all = kept
	}
	p, e := c.pageParams(50, 200)
	if e != nil {
		c.fail(e)
		return
	}
	out := []any{}
	for _, r := range paginate(c, all, p) {
		out = append(out, c.ruleJSON(r))
	}
	c.json(http.StatusOK, out)
}

// ruleMatches reports whether an active rule applies to u.
func (o *Org) ruleMatches(r *groupRule, u *user) bool {
	if u.Status == statusDeprovisioned || u.Status == statusStaged {
		return false
	}
	for _, x := range r.ExcludeUsers {
		if x == u.ID {
			return false
		}
	}
	env := ruleEnv{
		profile: u.Profile,
		inGroup: func(id string) bool { _, ok := o.members[id][u.ID]; return ok },
		groupName: func(name string) bool {
			for gid, g := range o.groups {
				if g.name() == name {
					if _, ok := o.members[gid][u.ID]; ok {
						return true
					}
				}
			}
			return false
		},
	}
	return truthy(r.expr.value(env))
}

// applyRule adds u to the rule's groups when it matches, and takes out of them the memberships
// this rule made when it no longer does.
func (c *call) applyRule(r *groupRule, u *user) {
	if u.Status == statusDeprovisioned {
		return // a deactivated user keeps its memberships until it is deleted or reactivated
	}
	match := c.o.ruleMatches(r, u)
	for _, gid := range r.GroupIDs {
		g, ok := c.o.groups[gid]
		if !ok {
			continue
		}
		m, member := c.o.members[gid][u.ID]
		switch {
		case match && !member:
			c.addMember(g, u, r.ID)
		case !match && member && m.Rule == r.ID:
			c.removeMember(g, u, true)
		}
	}
}

// evaluateRulesFor re-runs every active rule for u after it was created or changed.
func (c *call) evaluateRulesFor(u *user) {
	var active []*groupRule
	for _, r := range c.o.rules {
		if r.Status == "ACTIVE" {
			active = append(active, r)
		}
	}
	sort.Slice(active, func(i, j int) bool { return active[i].seq < active[j].seq })
	for _, r := range active {
		c.applyRule(r, u)
	}
}
