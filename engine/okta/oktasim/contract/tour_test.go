package contract_test

// step is one request of the tour. Path and Body may name values saved by earlier steps as
// {name}; Save lists "name=field.path" to keep from the JSON answer ("[0].id" for lists).
type step struct {
	Method, Path, Body string
	Want               int
	Save               []string
	// NoAuth sends the request without the token.
	NoAuth bool
}

// tourSteps calls every operation the action cards use, in an order that makes each call
// meaningful (lists are not empty, lifecycle calls meet the status they need), with
// Okta-shaped request bodies. {me} is the admin's id; {src} the demo identity source.
var tourSteps = []step{
	{Method: "GET", Path: "/.well-known/okta-organization", Want: 200},
	{Method: "GET", Path: "/api/v1/apps?q=Slack", Want: 200, Save: []string{"samlApp=[0].id"}},
	{Method: "GET", Path: "/api/v1/apps/{samlApp}", Want: 200},
	{Method: "GET", Path: "/api/v1/apps?q=HR Source", Want: 200, Save: []string{"src=[0].id"}},
	{Method: "GET", Path: "/api/v1/apps?q=Legacy", Want: 200, Save: []string{"legacyApp=[0].id"}},
	{Method: "GET", Path: "/api/v1/apps?q=Employee Handbook", Want: 200, Save: []string{"app=[0].id"}},
	{Method: "GET", Path: "/api/v1/apps/{app}", Want: 200},
	{Method: "PUT", Path: "/api/v1/apps/{legacyApp}", Want: 200,
		Body: `{"name":"template_basic_auth","label":"Legacy Intranet (renamed)","signOnMode":"BASIC_AUTH","settings":{"app":{"url":"https://intranet.example.com/login","authURL":"https://intranet.example.com/login"}}}`},
	{Method: "GET", Path: `/api/v1/apps?filter=user.id eq "{me}"`, Want: 200},

	// Users: a staged one (A) and an active one (B), then everything the user cards do.
	{Method: "POST", Path: "/api/v1/users?activate=false", Want: 200, Save: []string{"userA=id", "loginA=profile.login"},
		Body: `{"profile":{"firstName":"Ada","lastName":"Tour","email":"ada.tour@example.com","login":"ada.tour@example.com","department":"Engineering"}}`},
	{Method: "POST", Path: "/api/v1/users?activate=true", Want: 200, Save: []string{"userB=id"},
		Body: `{"profile":{"firstName":"Bo","lastName":"Tour","email":"bo.tour@example.com","login":"bo.tour@example.com","mobilePhone":"+1-555-0100"},"credentials":{"password":{"value":"Tour-Passw0rd-9x!"}}}`},
	{Method: "GET", Path: "/api/v1/users", Want: 200},
	{Method: "GET", Path: "/api/v1/users?q=ada.tour", Want: 200},
	{Method: "GET", Path: `/api/v1/users?filter=status eq "STAGED"`, Want: 200},
	{Method: "GET", Path: `/api/v1/users?search=profile.department eq "Engineering"`, Want: 200},
	{Method: "GET", Path: "/api/v1/users/{userA}", Want: 200},
	{Method: "GET", Path: "/api/v1/users/{loginA}", Want: 200},
	{Method: "POST", Path: "/api/v1/users/{userA}", Want: 200, Body: `{"profile":{"title":"Engineer"}}`},
	{Method: "PUT", Path: "/api/v1/users/{userB}", Want: 200,
		Body: `{"profile":{"firstName":"Bo","lastName":"Tour","email":"bo.tour@example.com","login":"bo.tour@example.com","title":"Analyst"}}`},
	{Method: "POST", Path: "/api/v1/users/{userA}/lifecycle/activate?sendEmail=false", Want: 200},
	{Method: "POST", Path: "/api/v1/users/{userB}/lifecycle/suspend", Want: 200},
	{Method: "POST", Path: "/api/v1/users/{userB}/lifecycle/unsuspend", Want: 200},
	{Method: "POST", Path: "/api/v1/users/{userB}/lifecycle/reset_password?sendEmail=false", Want: 200},
	{Method: "DELETE", Path: "/api/v1/users/{userB}/sessions", Want: 204},

	// Groups and memberships.
	{Method: "POST", Path: "/api/v1/groups", Want: 200, Save: []string{"group=id"},
		Body: `{"profile":{"name":"Tour Group","description":"Made by the contract tour"}}`},
	{Method: "GET", Path: `/api/v1/groups?search=profile.name sw "Tour"`, Want: 200},
	{Method: "GET", Path: "/api/v1/groups/{group}", Want: 200},
	{Method: "POST", Path: "/api/v1/groups", Want: 200, Save: []string{"bareGroup=id"}, Body: `{"profile":{"name":"Tour Group Without Description"}}`},
	{Method: "GET", Path: "/api/v1/groups/{bareGroup}", Want: 200},
	{Method: "DELETE", Path: "/api/v1/groups/{bareGroup}", Want: 204},
	{Method: "PUT", Path: "/api/v1/groups/{group}", Want: 200,
		Body: `{"profile":{"name":"Tour Group","description":"Renamed by the contract tour"}}`},
	{Method: "PUT", Path: "/api/v1/groups/{group}/users/{userB}", Want: 204},
	{Method: "GET", Path: "/api/v1/groups/{group}/users", Want: 200},
	{Method: "GET", Path: "/api/v1/users/{userB}/groups", Want: 200},

	// Apps: group and user assignments.
	{Method: "PUT", Path: "/api/v1/apps/{app}/groups/{group}", Want: 200, Body: `{"priority":0}`},
	{Method: "GET", Path: "/api/v1/apps/{app}/groups", Want: 200},
	{Method: "GET", Path: "/api/v1/apps/{app}/groups/{group}", Want: 200},
	{Method: "GET", Path: "/api/v1/groups/{group}/apps", Want: 200},
	{Method: "POST", Path: "/api/v1/apps/{app}/users", Want: 200,
		Body: `{"id":"{userA}","scope":"USER","credentials":{"userName":"ada.tour@example.com"}}`},
	{Method: "GET", Path: "/api/v1/apps/{app}/users", Want: 200},
	{Method: "GET", Path: "/api/v1/apps/{app}/users/{userA}", Want: 200},
	{Method: "POST", Path: "/api/v1/apps/{app}/users/{userA}", Want: 200, Body: `{"profile":{"title":"Engineer"}}`},
	{Method: "GET", Path: "/api/v1/meta/schemas/apps/{app}/default", Want: 200},
	{Method: "GET", Path: "/api/v1/meta/schemas/apps/{src}/default", Want: 200},
	{Method: "DELETE", Path: "/api/v1/apps/{app}/users/{userA}", Want: 204},
	{Method: "DELETE", Path: "/api/v1/apps/{app}/groups/{group}", Want: 204},
	{Method: "DELETE", Path: "/api/v1/groups/{group}/users/{userB}", Want: 204},
	{Method: "POST", Path: "/api/v1/apps/{legacyApp}/lifecycle/activate", Want: 200},
	{Method: "POST", Path: "/api/v1/apps/{legacyApp}/lifecycle/deactivate", Want: 200},
	{Method: "DELETE", Path: "/api/v1/apps/{legacyApp}", Want: 204},

	// Group rules: created inactive, changed, switched on and off, deleted.
	{Method: "POST", Path: "/api/v1/groups/rules", Want: 200, Save: []string{"rule=id"},
		Body: `{"type":"group_rule","name":"Tour rule","conditions":{"expression":{"type":"urn:okta:expression:1.0","value":"user.department==\"Engineering\""}},"actions":{"assignUserToGroups":{"groupIds":["{group}"]}}}`},
	{Method: "GET", Path: "/api/v1/groups/rules?search=Tour", Want: 200},
	{Method: "GET", Path: "/api/v1/groups/rules/{rule}", Want: 200},
	{Method: "PUT", Path: "/api/v1/groups/rules/{rule}", Want: 200,
		Body: `{"type":"group_rule","name":"Tour rule renamed","conditions":{"expression":{"type":"urn:okta:expression:1.0","value":"user.department==\"Engineering\""}},"actions":{"assignUserToGroups":{"groupIds":["{group}"]}}}`},
	{Method: "POST", Path: "/api/v1/groups/rules/{rule}/lifecycle/activate", Want: 204},
	{Method: "POST", Path: "/api/v1/groups/rules/{rule}/lifecycle/deactivate", Want: 204},
	{Method: "DELETE", Path: "/api/v1/groups/rules/{rule}", Want: 202},

	// Linked objects: the demo org's manager/subordinate pair.
	{Method: "PUT", Path: "/api/v1/users/{userA}/linkedObjects/manager/{userB}", Want: 204},
	{Method: "GET", Path: "/api/v1/users/{userA}/linkedObjects/manager", Want: 200},
	{Method: "GET", Path: "/api/v1/users/{userB}/linkedObjects/subordinate", Want: 200},
	{Method: "DELETE", Path: "/api/v1/users/{userA}/linkedObjects/manager", Want: 204},

	// Identity source import sessions.
	{Method: "POST", Path: "/api/v1/identity-sources/{src}/sessions", Want: 200, Save: []string{"session=id"}},
	{Method: "GET", Path: "/api/v1/identity-sources/{src}/sessions", Want: 200},
	{Method: "GET", Path: "/api/v1/identity-sources/{src}/sessions/{session}", Want: 200},
	{Method: "POST", Path: "/api/v1/identity-sources/{src}/sessions/{session}/bulk-upsert", Want: 202,
		Body: `{"entityType":"USERS","profiles":[{"externalId":"EXT-TOUR-1","profile":{"userName":"cy.tour@example.com","firstName":"Cy","lastName":"Tour","email":"cy.tour@example.com"}}]}`},
	{Method: "POST", Path: "/api/v1/identity-sources/{src}/sessions/{session}/bulk-delete", Want: 202,
		Body: `{"entityType":"USERS","profiles":[{"externalId":"EXT-TOUR-0"}]}`},
	{Method: "POST", Path: "/api/v1/identity-sources/{src}/sessions/{session}/start-import", Want: 200},
	{Method: "POST", Path: "/api/v1/identity-sources/{src}/sessions", Want: 200, Save: []string{"session2=id"}},
	{Method: "DELETE", Path: "/api/v1/identity-sources/{src}/sessions/{session2}", Want: 204},

	// The end of a user and a group, then the System Log that recorded the tour.
	{Method: "POST", Path: "/api/v1/users/{userA}/lifecycle/deactivate", Want: 200},
	{Method: "DELETE", Path: "/api/v1/users/{userA}", Want: 204},
	{Method: "DELETE", Path: "/api/v1/groups/{group}", Want: 204},
	// Errors are part of the contract too: Okta's error body and a declared status.
	{Method: "GET", Path: "/api/v1/users/00uNoSuchUser", Want: 404},
	{Method: "GET", Path: "/api/v1/groups/00gNoSuchGroup", Want: 404},
	{Method: "POST", Path: "/api/v1/users", Want: 400, Body: `{"profile":{"firstName":"No","lastName":"Login"}}`},
	{Method: "GET", Path: "/api/v1/users", Want: 401, NoAuth: true},
	{Method: "GET", Path: "/api/v1/logs?sortOrder=ASCENDING&limit=20", Want: 200},
	{Method: "GET", Path: `/api/v1/logs?filter=eventType eq "user.lifecycle.create"`, Want: 200},
}

// tourScopes are the scopes the cards need, as an admin grants them at sign-in.
var tourScopes = []string{"openid", "offline_access",
	"okta.users.manage", "okta.groups.manage", "okta.apps.manage", "okta.logs.read", "okta.schemas.read",
	"okta.linkedObjects.manage", "okta.identitySources.manage"}
