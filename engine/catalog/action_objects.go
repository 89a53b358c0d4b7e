package catalog

// The Okta objects the action cards return, flattened as Okta Workflows flattens them: system
// properties and the common profile attributes become outputs of their own, the whole profile
// stays available as an object (custom attributes vary per org, so it declares no members and any
// path into it resolves), and "raw" carries the object exactly as Okta sent it.

// actionProfileAttr is one attribute of Okta's base user profile with the title Okta's Profile
// Editor (and so Workflows) shows for it.
type actionProfileAttr struct {
	key, title string
	common     bool // shown on the card; the rest sit under "More"
}

// actionUserProfileAttrs is Okta's base user schema, in the Profile Editor's order.
var actionUserProfileAttrs = []actionProfileAttr{
	{"login", "Username", true},
	{"firstName", "First name", true},
	{"lastName", "Last name", true},
	{"email", "Primary email", true},
	{"middleName", "Middle name", false},
	{"honorificPrefix", "Honorific prefix", false},
	{"honorificSuffix", "Honorific suffix", false},
	{"title", "Title", false},
	{"displayName", "Display name", false},
	{"nickName", "Nickname", false},
	{"profileUrl", "Profile Url", false},
	{"secondEmail", "Secondary email", false},
	{"mobilePhone", "Mobile phone", false},
	{"primaryPhone", "Primary phone", false},
	{"streetAddress", "Street address", false},
	{"city", "City", false},
	{"state", "State", false},
	{"zipCode", "Zip code", false},
	{"countryCode", "Country code", false},
	{"postalAddress", "Postal Address", false},
	{"preferredLanguage", "Preferred language", false},
	{"locale", "Locale", false},
	{"timezone", "Time zone", false},
	{"userType", "User type", false},
	{"employeeNumber", "Employee number", false},
	{"costCenter", "Cost center", false},
	{"organization", "Organization", false},
	{"division", "Division", false},
	{"department", "Department", false},
	{"managerId", "ManagerId", false},
	{"manager", "Manager", false},
}

// actionProfileFields turns the base profile into string fields in group "Profile Properties"
// (outputs) or "Profile" (inputs). Only login, names and email are shown by default.
func actionProfileFields(group string, requireCore bool) []Field {
	var out []Field
	for _, a := range actionUserProfileAttrs {
		f := Field{Key: a.key, Name: a.title, Group: group, Type: TypeString, Advanced: !a.common,
			Help: "Okta profile attribute " + a.key + "."}
		if a.common && requireCore {
			f.Required = true
		}
		out = append(out, f)
	}
	return out
}

// actionUserCredentials describes the credentials object Okta returns on a user. Its members are
// declared without their own members: Okta varies them by provider.
func actionUserCredentials() Field {
	return Field{Key: "credentials", Name: "Credentials", Group: "System Properties", Type: TypeObject,
		Help: "Password presence, recovery question and the authentication provider (Okta never returns the password).",
		Fields: []Field{
			{Key: "emails", Name: "Emails", Type: TypeList, ListOf: TypeObject},
			{Key: "password", Name: "Password", Type: TypeObject},
			{Key: "recovery_question", Name: "Recovery Question", Type: TypeObject},
			{Key: "provider", Name: "Provider", Type: TypeObject},
		}}
}

// actionUserOutputs is an Okta user as a card returns it.
func actionUserOutputs() []Field {
	const sys = "System Properties"
	return actionJoin(
		[]Field{
			actionOut("id", "ID", sys, TypeString, "The user's Okta ID (00u…)."),
			actionOut("status", "Status", sys, TypeString, "STAGED, PROVISIONED, ACTIVE, RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED or DEPROVISIONED."),
			actionOut("created", "Created", sys, TypeDate, ""),
			actionOut("activated", "Activated", sys, TypeDate, "Empty until the user is activated."),
			actionOut("statusChanged", "Status Changed", sys, TypeDate, ""),
			actionOut("lastLogin", "Last Login", sys, TypeDate, ""),
			actionOut("lastUpdated", "Last Updated", sys, TypeDate, ""),
			actionOut("passwordChanged", "Password Changed", sys, TypeDate, ""),
			actionUserCredentials(),
		},
		actionProfileFields("Profile Properties", false),
		[]Field{
			actionOut("profile", "Profile", "Profile Properties", TypeObject,
				"The whole profile, custom attributes included: reach one with profile.<attribute>."),
			actionRaw(),
		},
	)
}

// actionGroupOutputs is an Okta group.
func actionGroupOutputs() []Field {
	const p = "Properties"
	return []Field{
		actionOut("id", "ID", p, TypeString, "The group's Okta ID (00g…)."),
		actionOut("name", "Name", p, TypeString, "profile.name."),
		actionOut("description", "Description", p, TypeString, "profile.description."),
		actionOut("created", "Created", p, TypeDate, ""),
		actionOut("lastUpdated", "Last Updated", p, TypeDate, ""),
		actionOut("lastMembershipUpdated", "Last Membership Updated", p, TypeDate, ""),
		actionStringList("objectClass", "Object Class", p, "For example okta:user_group."),
		actionOut("type", "Type", p, TypeString, "OKTA_GROUP, APP_GROUP or BUILT_IN."),
		actionOut("profile", "Profile", p, TypeObject, "The whole group profile, custom attributes included."),
		actionRaw(),
	}
}

// actionGroupRuleOutputs is an Okta group rule.
func actionGroupRuleOutputs() []Field {
	const p = "Properties"
	return []Field{
		actionOut("id", "ID", p, TypeString, "The rule's Okta ID (0pr…)."),
		actionOut("type", "Type", p, TypeString, "Always group_rule."),
		actionOut("status", "Status", p, TypeString, "ACTIVE, INACTIVE or INVALID."),
		actionOut("name", "Name", p, TypeString, ""),
		actionOut("expression", "Expression Conditions", p, TypeString, "The Okta Expression Language condition (conditions.expression.value)."),
		actionStringList("excludedUsers", "Excluded Users", p, "User IDs the rule never assigns."),
		actionStringList("groupAssignments", "Group Assignments", p, "IDs of the groups the rule assigns users to."),
		actionOut("created", "Created", p, TypeDate, ""),
		actionOut("lastUpdated", "Last Updated", p, TypeDate, ""),
		actionRaw(),
	}
}

// actionAppOutputs is an Okta application.
func actionAppOutputs() []Field {
	const p = "Application"
	return []Field{
		actionOut("id", "ID", p, TypeString, "The app's Okta ID (0oa…)."),
		actionOut("name", "Name", p, TypeString, "The app's catalog name, e.g. oidc_client or a custom app key."),
		actionOut("label", "Label", p, TypeString, "The name admins and users see."),
		actionOut("status", "Status", p, TypeString, "ACTIVE or INACTIVE."),
		actionOut("signOnMode", "SignOn Mode", p, TypeString, "For example SAML_2_0, OPENID_CONNECT, AUTO_LOGIN."),
		actionOut("created", "Created", p, TypeDate, ""),
		actionOut("lastUpdated", "Last Updated", p, TypeDate, ""),
		actionOut("accessibility", "Accessibility", p, TypeObject, ""),
		actionOut("visibility", "Visibility", p, TypeObject, ""),
		actionStringList("features", "Features", p, "Provisioning features enabled on the app."),
		actionOut("settings", "Settings", p, TypeObject, ""),
		actionOut("profile", "Profile", p, TypeObject, ""),
		actionRaw(),
	}
}

// actionAppUserOutputs is a user's assignment to an app (the "app user").
func actionAppUserOutputs() []Field {
	const sys = "System Properties"
	return []Field{
		actionOut("id", "User ID", sys, TypeString, "The Okta user's ID."),
		actionOut("externalId", "External ID", sys, TypeString, "The user's ID in the app; empty for SSO-only apps."),
		actionOut("created", "Created", sys, TypeDate, ""),
		actionOut("lastUpdated", "Last Updated", sys, TypeDate, ""),
		actionOut("scope", "Scope", sys, TypeString, "USER when assigned directly, GROUP when through a group."),
		actionOut("status", "Status", sys, TypeString, "For example ACTIVE, PROVISIONED, STAGED."),
		actionOut("statusChanged", "Status Changed", sys, TypeDate, ""),
		actionOut("passwordChanged", "Password Changed", sys, TypeDate, ""),
		actionOut("syncState", "Sync State", sys, TypeString, "DISABLED, OUT_OF_SYNC, SYNCING, SYNCHRONIZED or ERROR."),
		actionOut("lastSync", "Last Sync", sys, TypeDate, ""),
		{Key: "credentials", Name: "Credentials", Group: sys, Type: TypeObject,
			Help: "The app username (Okta never returns the password).",
			Fields: []Field{
				{Key: "userName", Name: "Username", Type: TypeString},
				{Key: "password", Name: "Password", Type: TypeObject},
			}},
		actionOut("profile", "Profile", "Profile Properties", TypeObject,
			"The app-specific profile; its attributes depend on the app (profile.<attribute>)."),
		actionRaw(),
	}
}

// actionGroupAssignmentOutputs is a group's assignment to an app.
func actionGroupAssignmentOutputs() []Field {
	const g = "Group"
	return []Field{
		actionOut("id", "ID", g, TypeString, "The group's Okta ID."),
		actionOut("lastUpdated", "Last Updated", g, TypeDate, ""),
		actionOut("priority", "Priority", g, TypeNumber, "Lower numbers win when a user gets the app through several groups."),
		actionOut("profile", "Profile", g, TypeObject, "The app profile values the group assignment gives its members."),
		actionOut("links", "Links", g, TypeObject, "Okta's _links (app, group, self)."),
		actionRaw(),
	}
}

// actionSessionOutputs is an identity-source import session.
func actionSessionOutputs() []Field {
	const s = "Session"
	return []Field{
		actionOut("id", "ID", s, TypeString, "The import session's ID."),
		actionOut("identitySourceId", "Application ID", s, TypeString, "The custom identity source (its app id)."),
		{Key: "status", Name: "Status", Group: s, Type: TypeString,
			Choices: []string{"CREATED", "IN_PROGRESS", "TRIGGERED", "COMPLETED", "CLOSED", "EXPIRED", "ERROR"},
			Help:    "CREATED takes bulk data; TRIGGERED means Okta is importing; a session left CREATED expires after 24 hours."},
		actionOut("importType", "Import Type", s, TypeString, "Always INCREMENTAL."),
		actionOut("created", "Created", s, TypeDate, ""),
		actionOut("lastUpdated", "Last Updated", s, TypeDate, ""),
		actionRaw(),
	}
}

// actionLogEventOutputs is one System Log event.
func actionLogEventOutputs() []Field {
	const r = "Result"
	return []Field{
		actionOut("uuid", "UUID", r, TypeString, "The event's unique id."),
		actionOut("published", "Published", r, TypeDate, ""),
		actionOut("eventType", "Event Type", r, TypeString, "For example user.lifecycle.create."),
		actionOut("severity", "Severity", r, TypeString, "DEBUG, INFO, WARN or ERROR."),
		actionOut("displayMessage", "Display Message", r, TypeString, ""),
		{Key: "actor", Name: "Actor", Group: r, Type: TypeObject, Fields: []Field{
			{Key: "id", Name: "ID", Type: TypeString},
			{Key: "type", Name: "Type", Type: TypeString},
			{Key: "alternateId", Name: "Alternate ID", Type: TypeString},
			{Key: "displayName", Name: "Display Name", Type: TypeString},
			{Key: "detailEntry", Name: "Detail Entry", Type: TypeObject},
		}},
		{Key: "target", Name: "Target", Group: r, Type: TypeList, ListOf: TypeObject,
			Help: "Pick a target by its type, never by its position: the order is not guaranteed."},
		{Key: "outcome", Name: "Outcome", Group: r, Type: TypeObject, Fields: []Field{
			{Key: "result", Name: "Result", Type: TypeString},
			{Key: "reason", Name: "Reason", Type: TypeString},
		}},
		actionOut("client", "Client", r, TypeObject, "IP address, user agent, zone, geographical context, device."),
		actionOut("request", "Request", r, TypeObject, "The IP chain."),
		actionOut("transaction", "Transaction", r, TypeObject, ""),
		actionOut("debugContext", "Debug Context", r, TypeObject, ""),
		actionRaw(),
	}
}
