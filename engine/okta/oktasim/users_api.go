package oktasim

import (
	"net/http"
	"strings"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// createUser is POST /api/v1/users: without credentials the user is STAGED (activate=false) or
// PROVISIONED (activation email sent); with a password or an authentication provider it is
// ACTIVE. groupIds put the user in OKTA_GROUP groups on the way in.
func (c *call) createUser() {
	var in userInput
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	activate, e := c.boolQuery("activate", true)
	if e != nil {
		c.fail(e)
		return
	}
	provider, e := c.boolQuery("provider", false)
	if e != nil {
		c.fail(e)
		return
	}
	if in.Profile == nil {
		c.fail(apierr.Validation("profile: The field cannot be left blank"))
		return
	}
	if e := c.o.validateProfile(in.Profile, ""); e != nil {
		c.fail(e)
		return
	}
	var groups []*group
	for _, gid := range in.GroupIDs {
		g, ok := c.o.groups[gid]
		if !ok {
			c.fail(apierr.ResourceNotFound(gid, "UserGroup"))
			return
		}
		if g.Type == "BUILT_IN" {
			c.fail(apierr.New(http.StatusNotImplemented, "E0000060", "Unsupported operation.", "Everyone group membership is managed by Okta"))
			return
		}
		groups = append(groups, g)
	}
	u := &user{seq: c.o.nextSeq(), ID: c.o.newID("00u"), Status: statusStaged, Created: c.now, LastUpdated: c.now,
		Profile: cloneMap(in.Profile), ProviderType: "OKTA", ProviderName: "OKTA"}
	if cr := in.Credentials; cr != nil {
		if cr.Password != nil && cr.Password.Value != "" {
			u.HasPassword = true
			u.PasswordChanged = c.now
		}
		if cr.RecoveryQuestion != nil {
			u.RecoveryQuestion = cr.RecoveryQuestion.Question
		}
		if cr.Provider != nil && cr.Provider.Type != "" {
			u.ProviderType, u.ProviderName = cr.Provider.Type, cr.Provider.Name
			if u.ProviderName == "" {
				u.ProviderName = cr.Provider.Type
			}
		}
	}
	if provider && u.ProviderType == "OKTA" {
		c.fail(apierr.Validation("provider: A provider type other than OKTA is required when provider=true"))
		return
	}
	c.o.users[u.ID] = u
	c.mutated("user.create", u.ID)
	c.emit("user.lifecycle.create", "Create Okta user", u.target())
	if activate {
		switch {
		case u.HasPassword || provider || u.ProviderType != "OKTA":
			u.Status = statusActive
		default:
			u.Status = statusProvisioned
		}
		u.Activated, u.StatusChanged = c.now, c.now
		c.emit("user.lifecycle.activate", "Activate Okta user", u.target())
	}
	c.o.members[c.o.everyone][u.ID] = &membership{Since: c.now}
	for _, g := range groups {
		c.addMember(g, u, "")
	}
	c.evaluateRulesFor(u)
	c.json(http.StatusOK, c.userJSON(u))
}

func (c *call) getUser() {
	u, e := c.findUser(c.path("id"))
	if e != nil {
		c.fail(e)
		return
	}
	c.json(http.StatusOK, c.userJSON(u))
}

// updateUser is POST (partial: merge the profile) and PUT (strict: replace the profile; missing
// properties are removed) on /api/v1/users/{id}.
func (c *call) updateUser(strict bool) {
	u, e := c.findUser(c.path("id"))
	if e != nil {
		c.fail(e)
		return
	}
	var in userInput
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	before := cloneMap(u.Profile)
	next := cloneMap(u.Profile)
	if strict {
		if in.Profile == nil {
			c.fail(apierr.Validation("profile: The field cannot be left blank"))
			return
		}
		next = cloneMap(in.Profile)
	} else {
		for k, v := range in.Profile {
			if v == nil {
				delete(next, k)
				continue
			}
			next[k] = v
		}
	}
	if e := c.o.validateProfile(next, u.ID); e != nil {
		c.fail(e)
		return
	}
	changed := changedAttributes(before, next)
	u.Profile = next
	u.LastUpdated = c.now
	if changed != "" {
		c.mutated("user.update", u.ID)
		c.emitWith(logEvent{eventType: "user.account.update_profile", message: "Update user profile for Okta", targets: []target{u.target()},
			debugData: map[string]any{"changedAttributes": changed}})
	}
	if cr := in.Credentials; cr != nil {
		if cr.Password != nil && cr.Password.Value != "" {
			u.HasPassword = true
			u.PasswordChanged = c.now
			c.mutated("user.password", u.ID)
			c.emit("user.account.update_password", "User update password for Okta", u.target())
		}
		if cr.RecoveryQuestion != nil {
			u.RecoveryQuestion = cr.RecoveryQuestion.Question
			c.mutated("user.recovery_question", u.ID)
		}
	}
	if changed != "" {
		c.evaluateRulesFor(u)
	}
	c.json(http.StatusOK, c.userJSON(u))
}

// deleteUser is DELETE /api/v1/users/{id}: a user who is not DEPROVISIONED is only deactivated;
// a second call deletes for good. Okta answers 204 both times.
func (c *call) deleteUser() {
	u, e := c.findUser(c.path("id"))
	if e != nil {
		c.fail(e)
		return
	}
	if u.Status != statusDeprovisioned {
		c.deactivate(u)
		c.noContent()
		return
	}
	c.emit("user.lifecycle.delete.initiated", "Delete Okta user initiated", u.target())
	delete(c.o.users, u.ID)
	for gid, ms := range c.o.members {
		if _, ok := ms[u.ID]; ok {
			delete(ms, u.ID)
			if g := c.o.groups[gid]; g != nil {
				g.LastMembershipUpdated = c.now
			}
		}
	}
	for _, aus := range c.o.appUsers {
		delete(aus, u.ID)
	}
	for name, m := range c.o.links {
		delete(m, u.ID)
		for assoc, primary := range m {
			if primary == u.ID {
				delete(c.o.links[name], assoc)
			}
		}
	}
	for _, ext := range c.o.imported {
		for k, v := range ext {
			if v == u.ID {
				delete(ext, k)
			}
		}
	}
	c.o.authz.RevokeUser(u.ID)
	c.mutated("user.delete", u.ID)
	c.emit("user.lifecycle.delete.completed", "Delete Okta user completed", u.target())
	c.noContent()
}

// clearSessions is DELETE /api/v1/users/{id}/sessions.
func (c *call) clearSessions() {
	u, e := c.findUser(c.path("id"))
	if e != nil {
		c.fail(e)
		return
	}
	oauth, e := c.boolQuery("oauthTokens", false)
	if e != nil {
		c.fail(e)
		return
	}
	if oauth {
		c.o.authz.RevokeUser(u.ID)
	}
	c.mutated("user.sessions.clear", u.ID)
	c.emit("user.session.clear", "Clear user session", u.target())
	c.noContent()
}

// userGroups is GET /api/v1/users/{id}/groups.
func (c *call) userGroups() {
	u, e := c.findUser(c.path("id"))
	if e != nil {
		c.fail(e)
		return
	}
	p, e := c.pageParams(10000, 10000)
	if e != nil {
		c.fail(e)
		return
	}
	var in []*group
	for _, g := range c.o.sortedGroups() {
		if _, ok := c.o.members[g.ID][u.ID]; ok {
			in = append(in, g)
		}
	}
	out := []any{}
	for _, g := range paginate(c, in, p) { // paginate sends Okta's Link header, as Okta does here
		out = append(out, c.groupJSON(g))
	}
	c.json(http.StatusOK, out)
}

// appLinks is GET /api/v1/users/{id}/appLinks: one link per app the user is assigned to.
func (c *call) appLinks() {
	u, e := c.findUser(c.path("id"))
	if e != nil {
		c.fail(e)
		return
	}
	out := []any{}
	for i, a := range c.o.sortedApps() {
		au, ok := c.o.appUsers[a.ID][u.ID]
		if !ok || a.Status != "ACTIVE" {
			continue
		}
		out = append(out, map[string]any{
			"id": u.ID, "label": a.Label, "linkUrl": c.base + "/home/" + a.Name + "/" + a.ID + "/" + strings.ToLower(a.ID[len(a.ID)-4:]),
			"logoUrl": c.base + "/img/logos/" + a.Name + ".png", "appName": a.Name, "appInstanceId": a.ID,
			"appAssignmentId": au.assignmentID, "credentialsSetup": false, "hidden": false, "sortOrder": i,
		})
	}
	c.json(http.StatusOK, out)
}
