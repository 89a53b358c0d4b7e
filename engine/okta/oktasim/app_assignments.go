package oktasim

import (
	"net/http"
	"sort"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// appUser is a user's assignment to an app: direct (scope USER) and/or through a group
// assigned to the app (scope GROUP when only through groups).
type appUser struct {
	seq                                 int64
	assignmentID                        string
	direct                              bool
	Created, LastUpdated, StatusChanged time.Time
	PasswordChanged                     time.Time
	UserName                            string
	HasPassword                         bool
	ExternalID                          string
	Profile                             map[string]any
}

// appGroup is a group's assignment to an app.
type appGroup struct {
	seq         int64
	Priority    int
	Profile     map[string]any
	LastUpdated time.Time
}

func (c *call) appUserJSON(a *app, uid string, au *appUser) map[string]any {
	scope := "GROUP"
	if au.direct {
		scope = "USER"
	}
	creds := map[string]any{"userName": au.UserName}
	if au.HasPassword {
		creds["password"] = map[string]any{}
	}
	profile := au.Profile
	if profile == nil {
		profile = map[string]any{}
	}
	out := map[string]any{
		"id": uid, "created": oktaTime(au.Created), "lastUpdated": oktaTime(au.LastUpdated),
		"scope": scope, "status": "ACTIVE", "statusChanged": oktaTime(au.StatusChanged),
		"passwordChanged": oktaTimePtr(au.PasswordChanged), "syncState": "DISABLED",
		"lastSync":    oktaTime(au.LastUpdated), // Okta syncs the app user as it is assigned or changed
		"credentials": creds, "profile": profile,
		"_links": map[string]any{"app": c.href("/api/v1/apps/" + a.ID), "user": c.href("/api/v1/users/" + uid)},
	}
	// Okta sends "externalId": null for apps without provisioning, although its schema does
	// not mark it nullable.
	out["externalId"] = nil
	if au.ExternalID != "" {
		out["externalId"] = au.ExternalID
	}
	return out
}

func (c *call) appUserTarget(a *app, u *user) target {
	return target{ID: c.o.appUsers[a.ID][u.ID].assignmentID, Type: "AppUser", AlternateID: u.login(), DisplayName: u.displayName()}
}

// reconcileAppUser gives or takes the user's group-based assignment to a after a membership or
// app-group change: a user in any group assigned to the app is assigned to it.
func (c *call) reconcileAppUser(a *app, uid string) {
	if a == nil {
		return
	}
	u, ok := c.o.users[uid]
	if !ok || u.Status == statusDeprovisioned {
		return // deactivated users have no app assignments at Okta
	}
	viaGroup := false
	for gid := range c.o.appGroups[a.ID] {
		if _, member := c.o.members[gid][uid]; member {
			viaGroup = true
			break
		}
	}
	au := c.o.appUsers[a.ID][uid]
	switch {
	case au == nil && viaGroup:
		c.o.appUsers[a.ID][uid] = &appUser{seq: c.o.nextSeq(), assignmentID: c.o.newID("0ua"), Created: c.now, LastUpdated: c.now,
			StatusChanged: c.now, UserName: u.login(), Profile: map[string]any{}}
		c.mutated("app.user.add", a.ID+"/"+uid)
		c.emit("application.user_membership.add", "Add user to application membership", u.target(), a.target(), c.appUserTarget(a, u))
	case au != nil && !au.direct && !viaGroup:
		t := c.appUserTarget(a, u)
		delete(c.o.appUsers[a.ID], uid)
		c.mutated("app.user.remove", a.ID+"/"+uid)
		c.emit("application.user_membership.remove", "Remove user's application membership", u.target(), a.target(), t)
	}
}

type appUserInput struct {
	ID          string `json:"id"`
	Scope       string `json:"scope"`
	Credentials *struct {
		UserName string `json:"userName"`
		Password *struct {
			Value string `json:"value"`
		} `json:"password"`
	} `json:"credentials"`
	Profile map[string]any `json:"profile"`
}

// assignAppUser is POST /api/v1/apps/{appId}/users: a direct assignment (scope USER), created or
// updated in place when the user already has one.
func (c *call) assignAppUser() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	var in appUserInput
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	if in.ID == "" {
		c.fail(validationFor("id", "id: The field cannot be left blank"))
		return
	}
	u, ok := c.o.users[in.ID]
	if !ok {
		c.fail(apierr.ResourceNotFound(in.ID, "User"))
		return
	}
	if u.Status == statusDeprovisioned {
		c.fail(validationFor("id", "Deactivated users cannot be assigned to applications"))
		return
	}
	au := c.o.appUsers[a.ID][u.ID]
	isNew := au == nil
	if isNew {
		au = &appUser{seq: c.o.nextSeq(), assignmentID: c.o.newID("0ua"), Created: c.now, StatusChanged: c.now, UserName: u.login(), Profile: map[string]any{}}
		c.o.appUsers[a.ID][u.ID] = au
	}
	au.direct = true
	au.LastUpdated = c.now
	c.applyAppUserInput(au, in)
	if isNew {
		c.mutated("app.user.add", a.ID+"/"+u.ID)
		c.emit("application.user_membership.add", "Add user to application membership", u.target(), a.target(), c.appUserTarget(a, u))
	} else {
		c.mutated("app.user.update", a.ID+"/"+u.ID)
		c.emit("application.user_membership.update", "Update user application property", u.target(), a.target(), c.appUserTarget(a, u))
	}
	c.json(http.StatusOK, c.appUserJSON(a, u.ID, au))
}

func (c *call) applyAppUserInput(au *appUser, in appUserInput) {
	if cr := in.Credentials; cr != nil {
		if cr.UserName != "" {
			au.UserName = cr.UserName
		}
		if cr.Password != nil && cr.Password.Value != "" {
			au.HasPassword = true
			au.PasswordChanged = c.now
		}
	}
	for k, v := range in.Profile {
		au.Profile[k] = v
	}
}

func (c *call) appAndAppUser() (*app, *user, *appUser, *apierr.Error) {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		return nil, nil, nil, e
	}
	uid := c.path("userId")
	u, ok := c.o.users[uid]
	au := c.o.appUsers[a.ID][uid]
	if !ok || au == nil {
		return nil, nil, nil, apierr.ResourceNotFound(uid, "AppUser")
	}
	return a, u, au, nil
}

func (c *call) getAppUser() {
	a, u, au, e := c.appAndAppUser()
	if e != nil {
		c.fail(e)
		return
	}
	c.json(http.StatusOK, c.appUserJSON(a, u.ID, au))
}

// updateAppUser is POST /api/v1/apps/{appId}/users/{userId}: credentials and/or profile.
func (c *call) updateAppUser() {
	a, u, au, e := c.appAndAppUser()
	if e != nil {
		c.fail(e)
		return
	}
	var in appUserInput
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	oldName := au.UserName
	c.applyAppUserInput(au, in)
	au.LastUpdated = c.now
	c.mutated("app.user.update", a.ID+"/"+u.ID)
	t := c.appUserTarget(a, u)
	if in.Credentials != nil && au.UserName != oldName {
		c.emit("application.user_membership.change_username", "Change user's application username", u.target(), a.target(), t)
	}
	if in.Credentials != nil && in.Credentials.Password != nil && in.Credentials.Password.Value != "" {
		c.emit("application.user_membership.change_password", "Change application password for user", u.target(), a.target(), t)
	}
	if len(in.Profile) > 0 {
		c.emit("application.user_membership.update", "Update user application property", u.target(), a.target(), t)
	}
	c.json(http.StatusOK, c.appUserJSON(a, u.ID, au))
}

// unassignAppUser is DELETE /api/v1/apps/{appId}/users/{userId}. A user who is also assigned
// through a group keeps the group assignment.
func (c *call) unassignAppUser() {
	a, u, au, e := c.appAndAppUser()
	if e != nil {
		c.fail(e)
		return
	}
	if !au.direct {
		c.fail(apierr.New(http.StatusForbidden, "E0000006", "You do not have permission to perform the requested action",
			"The user is assigned to this app through a group; remove the user from the group instead"))
		return
	}
	t := c.appUserTarget(a, u)
	delete(c.o.appUsers[a.ID], u.ID)
	c.mutated("app.user.remove", a.ID+"/"+u.ID)
	c.emit("application.user_membership.remove", "Remove user's application membership", u.target(), a.target(), t)
	c.reconcileAppUser(a, u.ID)
	c.noContent()
}

// listAppUsers is GET /api/v1/apps/{appId}/users, in assignment order.
func (c *call) listAppUsers() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	type pair struct {
		id string
		au *appUser
	}
	var all []pair
	for uid, au := range c.o.appUsers[a.ID] {
		all = append(all, pair{uid, au})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].au.seq < all[j].au.seq })
	p, e := c.pageParams(50, 500)
	if e != nil {
		c.fail(e)
		return
	}
	out := []any{}
	for _, x := range paginate(c, all, p) {
		out = append(out, c.appUserJSON(a, x.id, x.au))
	}
	c.json(http.StatusOK, out)
}

func (c *call) appGroupJSON(a *app, gid string, ag *appGroup) map[string]any {
	profile := ag.Profile
	if profile == nil {
		profile = map[string]any{}
	}
	return map[string]any{
		"id": gid, "priority": ag.Priority, "lastUpdated": oktaTime(ag.LastUpdated), "profile": profile,
		"_links": map[string]any{"app": c.href("/api/v1/apps/" + a.ID), "self": c.href("/api/v1/apps/" + a.ID + "/groups/" + gid),
			"group": c.href("/api/v1/groups/" + gid)},
	}
}

// assignAppGroup is PUT /api/v1/apps/{appId}/groups/{groupId} with optional priority and
// profile; every member gets the app.
func (c *call) assignAppGroup() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	g, e := c.findGroup(c.path("groupId"))
	if e != nil {
		c.fail(e)
		return
	}
	var in struct {
		Priority *int           `json:"priority"`
		Profile  map[string]any `json:"profile"`
	}
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	ag, exists := c.o.appGroups[a.ID][g.ID]
	if !exists {
		ag = &appGroup{seq: c.o.nextSeq(), Priority: len(c.o.appGroups[a.ID]), Profile: map[string]any{}}
		c.o.appGroups[a.ID][g.ID] = ag
	}
	if in.Priority != nil {
		ag.Priority = *in.Priority
	}
	for k, v := range in.Profile {
		ag.Profile[k] = v
	}
	ag.LastUpdated = c.now
	if exists {
		c.mutated("app.group.update", a.ID+"/"+g.ID)
		c.emit("group.application_assignment.update", "Update assigned application in group", a.target(), g.target())
	} else {
		c.mutated("app.group.add", a.ID+"/"+g.ID)
		c.emit("group.application_assignment.add", "Add assigned application to group", a.target(), g.target())
		for uid := range c.o.members[g.ID] {
			c.reconcileAppUser(a, uid)
		}
	}
	c.json(http.StatusOK, c.appGroupJSON(a, g.ID, ag))
}

func (c *call) getAppGroup() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	ag, ok := c.o.appGroups[a.ID][c.path("groupId")]
	if !ok {
		c.fail(apierr.ResourceNotFound(c.path("groupId"), "ApplicationGroupAssignment"))
		return
	}
	c.json(http.StatusOK, c.appGroupJSON(a, c.path("groupId"), ag))
}

// unassignAppGroup is DELETE /api/v1/apps/{appId}/groups/{groupId}; members assigned only
// through that group lose the app.
func (c *call) unassignAppGroup() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	g, e := c.findGroup(c.path("groupId"))
	if e != nil {
		c.fail(e)
		return
	}
	if _, ok := c.o.appGroups[a.ID][g.ID]; !ok {
		c.fail(apierr.ResourceNotFound(g.ID, "ApplicationGroupAssignment"))
		return
	}
	delete(c.o.appGroups[a.ID], g.ID)
	c.mutated("app.group.remove", a.ID+"/"+g.ID)
	c.emit("group.application_assignment.remove", "Remove assigned application from group", a.target(), g.target())
	for uid := range c.o.members[g.ID] {
		c.reconcileAppUser(a, uid)
	}
	c.noContent()
}

// listAppGroups is GET /api/v1/apps/{appId}/groups.
func (c *call) listAppGroups() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	type pair struct {
		id string
		ag *appGroup
	}
	var all []pair
	for gid, ag := range c.o.appGroups[a.ID] {
		all = append(all, pair{gid, ag})
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ag.seq < all[j].ag.seq })
	p, e := c.pageParams(20, 200)
	if e != nil {
		c.fail(e)
		return
	}
	out := []any{}
	for _, x := range paginate(c, all, p) {
		out = append(out, c.appGroupJSON(a, x.id, x.ag))
	}
	c.json(http.StatusOK, out)
}
