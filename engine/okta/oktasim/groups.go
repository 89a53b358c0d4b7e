package oktasim

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

type group struct {
	seq                                         int64
	ID                                          string
	Type                                        string // OKTA_GROUP, BUILT_IN (Everyone), APP_GROUP
	Created, LastUpdated, LastMembershipUpdated time.Time
	Profile                                     map[string]any
}

// membership is one user in one group; Rule is the group rule that added it, if one did.
type membership struct {
	Since time.Time
	Rule  string
}

func (g *group) name() string {
	s, _ := g.Profile["name"].(string)
	return s
}

func (g *group) attr(path string) (any, bool) {
	switch path {
	case "id":
		return g.ID, true
	case "type":
		return g.Type, true
	case "created":
		return oktaTime(g.Created), true
	case "lastUpdated":
		return oktaTime(g.LastUpdated), true
	case "lastMembershipUpdated":
		return oktaTime(g.LastMembershipUpdated), true
	}
	if k, ok := strings.CutPrefix(path, "profile."); ok {
		v, found := g.Profile[k]
		return v, found
	}
	return nil, false
}

func (c *call) groupJSON(g *group) map[string]any {
	oc := "okta:user_group"
	if g.Type == "APP_GROUP" {
		oc = "okta:app_group"
	}
	return map[string]any{
		"id": g.ID, "created": oktaTime(g.Created), "lastUpdated": oktaTime(g.LastUpdated),
		"lastMembershipUpdated": oktaTime(g.LastMembershipUpdated), "objectClass": []string{oc}, "type": g.Type,
		"profile": groupProfileJSON(g.Profile),
		"_links": map[string]any{
			"logo": []any{
				map[string]any{"name": "medium", "href": c.base + "/img/logos/groups/okta-medium.png", "type": "image/png"},
				map[string]any{"name": "large", "href": c.base + "/img/logos/groups/okta-large.png", "type": "image/png"},
			},
			"users": c.href("/api/v1/groups/" + g.ID + "/users"),
			"apps":  c.href("/api/v1/groups/" + g.ID + "/apps"),
		},
	}
}

// groupProfileJSON is the profile as Okta returns it: description, a base attribute, is always
// there (null when unset).
func groupProfileJSON(p map[string]any) map[string]any {
	out := cloneMap(p)
	if _, ok := out["description"]; !ok {
		out["description"] = nil
	}
	return out
}

func (o *Org) sortedGroups() []*group {
	out := make([]*group, 0, len(o.groups))
	for _, g := range o.groups {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

func (c *call) findGroup(id string) (*group, *apierr.Error) {
	if g, ok := c.o.groups[id]; ok {
		return g, nil
	}
	return nil, apierr.ResourceNotFound(id, "UserGroup")
}

type groupInput struct {
	Profile map[string]any `json:"profile"`
}

func (c *call) validateGroupProfile(p map[string]any, except string) *apierr.Error {
	name, _ := p["name"].(string)
	if strings.TrimSpace(name) == "" {
		return validationFor("name", "name: The field cannot be left blank")
	}
	for _, g := range c.o.groups {
		if g.ID != except && g.Type == "OKTA_GROUP" && strings.EqualFold(g.name(), name) {
			return validationFor("name", "name: An object with this field already exists in the current organization")
		}
	}
	return nil
}

// createGroup is POST /api/v1/groups: always an OKTA_GROUP.
func (c *call) createGroup() {
	var in groupInput
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	if in.Profile == nil {
		in.Profile = map[string]any{}
	}
	if e := c.validateGroupProfile(in.Profile, ""); e != nil {
		c.fail(e)
		return
	}
	g := &group{seq: c.o.nextSeq(), ID: c.o.newID("00g"), Type: "OKTA_GROUP", Created: c.now, LastUpdated: c.now,
		LastMembershipUpdated: c.now, Profile: cloneMap(in.Profile)}
	c.o.groups[g.ID] = g
	c.o.members[g.ID] = map[string]*membership{}
	c.mutated("group.create", g.ID)
	c.emit("group.lifecycle.create", "Create okta user group", g.target())
	c.json(http.StatusOK, c.groupJSON(g))
}

func (c *call) getGroup() {
	g, e := c.findGroup(c.path("groupId"))
	if e != nil {
		c.fail(e)
		return
	}
	c.json(http.StatusOK, c.groupJSON(g))
}

// updateGroup is PUT /api/v1/groups/{id}: the profile is replaced; OKTA_GROUP only.
func (c *call) updateGroup() {
	g, e := c.findGroup(c.path("groupId"))
	if e != nil {
		c.fail(e)
		return
	}
	var in groupInput
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	if in.Profile == nil {
		in.Profile = map[string]any{}
	}
	if g.Type != "OKTA_GROUP" {
		c.fail(apierr.New(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "Only OKTA_GROUP groups can be updated"))
		return
	}
	if e := c.validateGroupProfile(in.Profile, g.ID); e != nil {
		c.fail(e)
		return
	}
	g.Profile = cloneMap(in.Profile)
	g.LastUpdated = c.now
	c.mutated("group.update", g.ID)
	c.emit("group.profile.update", "Okta group profile updated", g.target())
	c.json(http.StatusOK, c.groupJSON(g))
}

// deleteGroup is DELETE /api/v1/groups/{id}: memberships, app assignments and rule actions
// pointing at the group go with it.
func (c *call) deleteGroup() {
	g, e := c.findGroup(c.path("groupId"))
	if e != nil {
		c.fail(e)
		return
	}
	if g.Type != "OKTA_GROUP" {
		c.fail(apierr.New(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action", "Only OKTA_GROUP groups can be deleted"))
		return
	}
	for appID, ags := range c.o.appGroups {
		if _, ok := ags[g.ID]; ok {
			delete(ags, g.ID)
			for uid := range c.o.members[g.ID] {
				c.reconcileAppUser(c.o.apps[appID], uid)
			}
		}
	}
	delete(c.o.members, g.ID)
	delete(c.o.groups, g.ID)
	for _, r := range c.o.rules {
		if slices.Contains(r.GroupIDs, g.ID) {
			r.GroupIDs, r.lostGroup = removeString(r.GroupIDs, g.ID), true
		}
	}
	c.mutated("group.delete", g.ID)
	c.emit("group.lifecycle.delete", "Delete okta user group", g.target())
	c.noContent()
}

// listGroups is GET /api/v1/groups with q (name starts with), filter and search.
func (c *call) listGroups() {
	all := c.o.sortedGroups()
	expr := ""
	param := ""
	switch {
	case c.query("search") != "":
		expr, param = c.query("search"), "search"
	case c.query("filter") != "":
		expr, param = c.query("filter"), "filter"
	}
	if expr != "" {
		x, err := parseSCIM(expr, nil)
		if err != nil {
			c.fail(errInvalidSearch(param, err))
			return
		}
		var kept []*group
		for _, g := range all {
			if x.eval(g.attr, param == "search") {
				kept = append(kept, g)
			}
		}
		all = kept
	}
	if q := strings.ToLower(c.query("q")); q != "" {
		var kept []*group
		for _, g := range all {
			if strings.HasPrefix(strings.ToLower(g.name()), q) {
				kept = append(kept, g)
			}
		}
		all = kept
	}
	p, e := c.pageParams(10000, 10000)
	if e != nil {
		c.fail(e)
		return
	}
	out := []any{}
	for _, g := range paginate(c, all, p) {
		out = append(out, c.groupJSON(g))
	}
	c.json(http.StatusOK, out)
}

// groupUsers is GET /api/v1/groups/{id}/users, in membership order.
func (c *call) groupUsers() {
	g, e := c.findGroup(c.path("groupId"))
	if e != nil {
		c.fail(e)
		return
	}
	var us []*user
	for uid := range c.o.members[g.ID] {
		if u, ok := c.o.users[uid]; ok {
			us = append(us, u)
		}
	}
	sort.Slice(us, func(i, j int) bool { return us[i].seq < us[j].seq })
	p, e := c.pageParams(1000, 10000)
	if e != nil {
		c.fail(e)
		return
	}
	c.writeUsers(paginate(c, us, p))
}

// addGroupMember is PUT /api/v1/groups/{gid}/users/{uid}; adding a member again is 204 and
// changes nothing, as at Okta.
func (c *call) addGroupMember() {
	g, e := c.findGroup(c.path("groupId"))
	if e != nil {
		c.fail(e)
		return
	}
	u, ok := c.o.users[c.path("userId")]
	if !ok {
		c.fail(apierr.ResourceNotFound(c.path("userId"), "User"))
		return
	}
	if g.Type != "OKTA_GROUP" {
		c.fail(apierr.New(http.StatusNotImplemented, "E0000060", "Unsupported operation.", fmt.Sprintf("Members of %s groups are managed by Okta or the app", g.Type)))
		return
	}
	c.addMember(g, u, "")
	c.noContent()
}

// removeGroupMember is DELETE /api/v1/groups/{gid}/users/{uid}; removing a non-member is 204.
func (c *call) removeGroupMember() {
	g, e := c.findGroup(c.path("groupId"))
	if e != nil {
		c.fail(e)
		return
	}
	u, ok := c.o.users[c.path("userId")]
	if !ok {
		c.fail(apierr.ResourceNotFound(c.path("userId"), "User"))
		return
	}
	if g.Type != "OKTA_GROUP" {
		c.fail(apierr.New(http.StatusNotImplemented, "E0000060", "Unsupported operation.", fmt.Sprintf("Members of %s groups are managed by Okta or the app", g.Type)))
		return
	}
	c.removeMember(g, u, false)
	c.noContent()
}

// addMember puts u in g (rule is the group rule doing it, or ""), writes the event and gives the
// user the apps assigned to g. It reports whether anything changed.
func (c *call) addMember(g *group, u *user, rule string) bool {
	if _, ok := c.o.members[g.ID][u.ID]; ok {
		return false
	}
	c.o.members[g.ID][u.ID] = &membership{Since: c.now, Rule: rule}
	g.LastMembershipUpdated = c.now
	c.mutated("group.member.add", g.ID+"/"+u.ID)
	if rule != "" {
		c.systemEmit("group.user_membership.add", "Add user to group membership", u.target(), g.target())
	} else {
		c.emit("group.user_membership.add", "Add user to group membership", u.target(), g.target())
	}
	for appID, ags := range c.o.appGroups {
		if _, ok := ags[g.ID]; ok {
			c.reconcileAppUser(c.o.apps[appID], u.ID)
		}
	}
	return true
}

// removeMember takes u out of g. byRule marks removals a group rule makes.
func (c *call) removeMember(g *group, u *user, byRule bool) bool {
	if _, ok := c.o.members[g.ID][u.ID]; !ok {
		return false
	}
	delete(c.o.members[g.ID], u.ID)
	g.LastMembershipUpdated = c.now
	c.mutated("group.member.remove", g.ID+"/"+u.ID)
	if byRule {
		c.systemEmit("group.user_membership.remove", "Remove user from group membership", u.target(), g.target())
	} else {
		c.emit("group.user_membership.remove", "Remove user from group membership", u.target(), g.target())
	}
	for appID, ags := range c.o.appGroups {
		if _, ok := ags[g.ID]; ok {
			c.reconcileAppUser(c.o.apps[appID], u.ID)
		}
	}
	return true
}

// groupApps is GET /api/v1/groups/{id}/apps.
func (c *call) groupApps() {
	g, e := c.findGroup(c.path("groupId"))
	if e != nil {
		c.fail(e)
		return
	}
	var as []*app
	for _, a := range c.o.sortedApps() {
		if _, ok := c.o.appGroups[a.ID][g.ID]; ok {
			as = append(as, a)
		}
	}
	p, e := c.pageParams(20, 200)
	if e != nil {
		c.fail(e)
		return
	}
	out := []any{}
	for _, a := range paginate(c, as, p) {
		out = append(out, c.appJSON(a))
	}
	c.json(http.StatusOK, out)
}

func removeString(list []string, s string) []string {
	out := list[:0:0]
	for _, v := range list {
		if v != s {
			out = append(out, v)
		}
	}
	return out
}
