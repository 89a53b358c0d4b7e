package oktasim

import (
	"net/http"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// Scopes of the org authorization server that the Management API checks.
const (
	scopeUsersRead        = "okta.users.read"
	scopeUsersManage      = "okta.users.manage"
	scopeGroupsRead       = "okta.groups.read"
	scopeGroupsManage     = "okta.groups.manage"
	scopeAppsRead         = "okta.apps.read"
	scopeAppsManage       = "okta.apps.manage"
	scopeLogsRead         = "okta.logs.read"
	scopeSchemasRead      = "okta.schemas.read"
	scopeLinkedRead       = "okta.linkedObjects.read"
	scopeLinkedManage     = "okta.linkedObjects.manage"
	scopeIdentitySrcRead  = "okta.identitySources.read"
	scopeIdentitySrcWrite = "okta.identitySources.manage"
)

func (o *Org) routes() *http.ServeMux {
	mux := http.NewServeMux()
	var eps []string
	api := func(pattern, scope string, h handlerFunc) {
		o.api(mux, pattern, scope, h)
		eps = append(eps, pattern)
	}
	mux.HandleFunc("GET /.well-known/okta-organization", o.wellKnown)
	o.authz.Register(mux)

	api("GET /api/v1/users", scopeUsersRead, (*call).listUsers)
	api("POST /api/v1/users", scopeUsersManage, (*call).createUser)
	api("GET /api/v1/users/{id}", scopeUsersRead, (*call).getUser)
	api("POST /api/v1/users/{id}", scopeUsersManage, func(c *call) { c.updateUser(false) })
	api("PUT /api/v1/users/{id}", scopeUsersManage, func(c *call) { c.updateUser(true) })
	api("DELETE /api/v1/users/{id}", scopeUsersManage, (*call).deleteUser)
	api("POST /api/v1/users/{id}/lifecycle/{op}", scopeUsersManage, (*call).lifecycle)
	api("DELETE /api/v1/users/{id}/sessions", scopeUsersManage, (*call).clearSessions)
	api("GET /api/v1/users/{id}/groups", scopeUsersRead, (*call).userGroups)
	api("GET /api/v1/users/{id}/appLinks", scopeUsersRead, (*call).appLinks)
	api("GET /api/v1/users/{userId}/linkedObjects/{name}", scopeUsersRead, (*call).getLinks)
	api("PUT /api/v1/users/{userId}/linkedObjects/{name}/{primaryUserId}", scopeUsersManage, (*call).setLink)
	api("DELETE /api/v1/users/{userId}/linkedObjects/{name}", scopeUsersManage, (*call).deleteLink)

	api("GET /api/v1/groups", scopeGroupsRead, (*call).listGroups)
	api("POST /api/v1/groups", scopeGroupsManage, (*call).createGroup)
	api("GET /api/v1/groups/{groupId}", scopeGroupsRead, (*call).getGroup)
	api("PUT /api/v1/groups/{groupId}", scopeGroupsManage, (*call).updateGroup)
	api("DELETE /api/v1/groups/{groupId}", scopeGroupsManage, (*call).deleteGroup)
	// ServeMux cannot tell /groups/rules/{ruleId} from /groups/{groupId}/users: one route
	// serves both and dispatches on the segment, listed under both names.
	o.api(mux, "GET /api/v1/groups/{groupId}/{sub}", scopeGroupsRead, (*call).groupSubresource)
	eps = append(eps, "GET /api/v1/groups/{groupId}/users", "GET /api/v1/groups/{groupId}/apps", "GET /api/v1/groups/rules/{ruleId}")
	api("PUT /api/v1/groups/{groupId}/users/{userId}", scopeGroupsManage, (*call).addGroupMember)
	api("DELETE /api/v1/groups/{groupId}/users/{userId}", scopeGroupsManage, (*call).removeGroupMember)

	api("GET /api/v1/groups/rules", scopeGroupsRead, (*call).listRules)
	api("POST /api/v1/groups/rules", scopeGroupsManage, (*call).createRule)
	api("PUT /api/v1/groups/rules/{ruleId}", scopeGroupsManage, (*call).updateRule)
	api("DELETE /api/v1/groups/rules/{ruleId}", scopeGroupsManage, (*call).deleteRule)
	api("POST /api/v1/groups/rules/{ruleId}/lifecycle/{op}", scopeGroupsManage, (*call).ruleLifecycle)

	api("GET /api/v1/apps", scopeAppsRead, (*call).listApps)
	api("POST /api/v1/apps", scopeAppsManage, (*call).createApp)
	api("GET /api/v1/apps/{appId}", scopeAppsRead, (*call).getApp)
	api("PUT /api/v1/apps/{appId}", scopeAppsManage, (*call).updateApp)
	api("DELETE /api/v1/apps/{appId}", scopeAppsManage, (*call).deleteApp)
	api("POST /api/v1/apps/{appId}/lifecycle/{op}", scopeAppsManage, (*call).appLifecycle)
	api("GET /api/v1/apps/{appId}/users", scopeAppsRead, (*call).listAppUsers)
	api("POST /api/v1/apps/{appId}/users", scopeAppsManage, (*call).assignAppUser)
	api("GET /api/v1/apps/{appId}/users/{userId}", scopeAppsRead, (*call).getAppUser)
	api("POST /api/v1/apps/{appId}/users/{userId}", scopeAppsManage, (*call).updateAppUser)
	api("DELETE /api/v1/apps/{appId}/users/{userId}", scopeAppsManage, (*call).unassignAppUser)
	api("GET /api/v1/apps/{appId}/groups", scopeAppsRead, (*call).listAppGroups)
	api("GET /api/v1/apps/{appId}/groups/{groupId}", scopeAppsRead, (*call).getAppGroup)
	api("PUT /api/v1/apps/{appId}/groups/{groupId}", scopeAppsManage, (*call).assignAppGroup)
	api("DELETE /api/v1/apps/{appId}/groups/{groupId}", scopeAppsManage, (*call).unassignAppGroup)

	api("GET /api/v1/meta/schemas/apps/{appId}/default", scopeSchemasRead, (*call).appSchema)
	api("GET /api/v1/meta/schemas/user/linkedObjects", scopeLinkedRead, (*call).listLinkDefs)
	api("POST /api/v1/meta/schemas/user/linkedObjects", scopeLinkedManage, (*call).createLinkDef)
	api("GET /api/v1/meta/schemas/user/linkedObjects/{name}", scopeLinkedRead, (*call).getLinkDef)
	api("DELETE /api/v1/meta/schemas/user/linkedObjects/{name}", scopeLinkedManage, (*call).deleteLinkDef)

	const src = "/api/v1/identity-sources/{sourceId}/sessions"
	api("GET "+src, scopeIdentitySrcRead, (*call).listSessions)
	api("POST "+src, scopeIdentitySrcWrite, (*call).createSession)
	api("GET "+src+"/{sessionId}", scopeIdentitySrcRead, (*call).getSession)
	api("DELETE "+src+"/{sessionId}", scopeIdentitySrcWrite, (*call).deleteSession)
	api("POST "+src+"/{sessionId}/bulk-upsert", scopeIdentitySrcWrite, func(c *call) { c.bulkLoad(false) })
	api("POST "+src+"/{sessionId}/bulk-delete", scopeIdentitySrcWrite, func(c *call) { c.bulkLoad(true) })
	api("POST "+src+"/{sessionId}/start-import", scopeIdentitySrcWrite, (*call).startImport)

	// The System Log has its own store and locking: authenticate here, then hand over.
	mux.HandleFunc("GET /api/v1/logs", func(w http.ResponseWriter, r *http.Request) {
		p, aerr := o.authenticate(r)
		if aerr == nil {
			aerr = p.RequireScope(r, scopeLogsRead)
		}
		if aerr != nil {
			apierr.Write(w, aerr)
			return
		}
		o.logs.Handler().ServeHTTP(w, r)
	})
	// Not Okta: lets a test or the demo inject events (authentication, MFA…) the simulator does
	// not cause itself.
	mux.Handle("POST /sim/v1/logs", o.logs.AdminHandler())
	eps = append(eps, "GET /api/v1/logs", "GET /.well-known/okta-organization")
	o.endpoints = eps
	return mux
}

// Endpoints lists every Management API route the org serves, as "METHOD /path" (the OAuth
// routes of Authz come on top).
func (o *Org) Endpoints() []string { return append([]string(nil), o.endpoints...) }

// wellKnown is GET /.well-known/okta-organization (no token needed): the org id and pipeline.
func (o *Org) wellKnown(w http.ResponseWriter, r *http.Request) {
	body := map[string]any{
		"id":       o.orgID,
		"pipeline": o.opts.Pipeline,
		"_links":   map[string]any{"organization": map[string]any{"href": baseURL(r)}},
	}
	c := &call{w: w, r: r}
	c.json(http.StatusOK, body)
}

func (c *call) groupSubresource() {
	switch {
	case c.path("groupId") == "rules":
		c.r.SetPathValue("ruleId", c.path("sub"))
		c.getRule()
	case c.path("sub") == "users":
		c.groupUsers()
	case c.path("sub") == "apps":
		c.groupApps()
	default:
		c.fail(apierr.ResourceNotFound(c.r.URL.Path, "Unknown"))
	}
}
