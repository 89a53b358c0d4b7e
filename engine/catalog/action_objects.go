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
			actionField("id", "ID", sys, TypeString, "The user's Okta ID (00u…)."),
			actionField("status", "Status", sys, TypeString, "STAGED, PROVISIONED, ACTIVE, RECOVERY, PASSWORD_EXPIRED, LOCKED_OUT, SUSPENDED or DEPROVISIONED."),
			actionField("created", "Created", sys, TypeDate, ""),
			actionField("activated", "Activated", sys, TypeDate, "Empty until the user is activated."),
			actionField("statusChanged", "Status Changed", sys, TypeDate, ""),
			actionField("lastLogin", "Last Login", sys, TypeDate, ""),
			actionField("lastUpdated", "Last Updated", sys, TypeDate, ""),
			actionField("passwordChanged", "Password Changed", sys, TypeDate, ""),
			actionUserCredentials(),
		},
		actionProfileFields("Profile Properties", false),
		[]Field{
			actionField("profile", "Profile", "Profile Properties", TypeObject,
				"The whole profile, custom attributes included: reach one with profile.<attribute>."),
			actionRaw(),
		},
	)
}

// actionGroupOutputs is an Okta group.
func actionGroupOutputs() []Field {
	const p = "Properties"
	return []Field{
		actionField("id", "ID", p, TypeString, "The group's Okta ID (00g…)."),
		actionField("name", "Name", p, TypeString, "profile.name."),
		actionField("description", "Description", p, TypeString, "profile.description."),
		actionField("created", "Created", p, TypeDate, ""),
		actionField("lastUpdated", "Last Updated", p, TypeDate, ""),
		actionField("lastMembershipUpdated", "Last Membership Updated", p, TypeDate, ""),
		actionStringList("objectClass", "Object Class", p, "For example okta:user_group."),
		actionField("type", "Type", p, TypeString, "OKTA_GROUP, APP_GROUP or BUILT_IN."),
		actionField("profile", "Profile", p, TypeObject, "The whole group profile, custom attributes included."),
		actionRaw(),
	}
}

// actionGroupRuleOutputs is an Okta group rule.
func actionGroupRuleOutputs() []Field {
	const p = "Properties"
	return []Field{
		actionField("id", "ID", p, TypeString, "The rule's Okta ID (0pr…)."),
		actionField("type", "Type", p, TypeString, "Always group_rule."),
		actionField("status", "Status", p, TypeString, "ACTIVE, INACTIVE or INVALID."),
		actionField("name", "Name", p, TypeString, ""),
		actionField("expression", "Expression Conditions", p, TypeString, "The Okta Expression Language condition (conditions.expression.value)."),
		actionStringList("excludedUsers", "Excluded Users", p, "User IDs the rule never assigns."),
		actionStringList("groupAssignments", "Group Assignments", p, "IDs of the groups the rule assigns users to."),
		actionField("created", "Created", p, TypeDate, ""),
		actionField("lastUpdated", "Last Updated", p, TypeDate, ""),
		actionRaw(),
	}
}

// actionAppOutputs is an Okta application.
func actionAppOutputs() []Field {
	const p = "Application"
	return []Field{
		actionField("id", "ID", p, TypeString, "The app's Okta ID (0oa…)."),
		actionField("name", "Name", p, TypeString, "The app's catalog name, e.g. oidc_client or a custom app key."),
		actionField("label", "Label", p, TypeString, "The name admins and users see."),
		actionField("status", "Status", p, TypeString, "ACTIVE or INACTIVE."),
		actionField("signOnMode", "SignOn Mode", p, TypeString, "For example SAML_2_0, OPENID_CONNECT, AUTO_LOGIN."),
		actionField("created", "Created", p, TypeDate, ""),
		actionField("lastUpdated", "Last Updated", p, TypeDate, ""),
		actionField("accessibility", "Accessibility", p, TypeObject, ""),
		actionField("visibility", "Visibility", p, TypeObject, ""),
		actionStringList("features", "Features", p, "Provisioning features enabled on the app."),
		actionField("settings", "Settings", p, TypeObject, ""),
		actionField("profile", "Profile", p, TypeObject, ""),
		actionRaw(),
	}
}

// actionAppUserOutputs is a user's assignment to an app (the "app user").
func actionAppUserOutputs() []Field {
	const sys = "System Properties"
	return []Field{
		actionField("id", "User ID", sys, TypeString, "The Okta user's ID."),
		actionField("externalId", "External ID", sys, TypeString, "The user's ID in the app; empty for SSO-only apps."),
		actionField("created", "Created", sys, TypeDate, ""),
		actionField("lastUpdated", "Last Updated", sys, TypeDate, ""),
		actionField("scope", "Scope", sys, TypeString, "USER when assigned directly, GROUP when through a group."),
		actionField("status", "Status", sys, TypeString, "For example ACTIVE, PROVISIONED, STAGED."),
		actionField("statusChanged", "Status Changed", sys, TypeDate, ""),
		actionField("passwordChanged", "Password Changed", sys, TypeDate, ""),
		actionField("syncState", "Sync State", sys, TypeString, "DISABLED, OUT_OF_SYNC, SYNCING, SYNCHRONIZED or ERROR."),
		actionField("lastSync", "Last Sync", sys, TypeDate, ""),
		{Key: "credentials", Name: "Credentials", Group: sys, Type: TypeObject,
			Help: "The app username (Okta never returns the password).",
			Fields: []Field{
				{Key: "userName", Name: "Username", Type: TypeString},
				{Key: "password", Name: "Password", Type: TypeObject},
			}},
		actionField("profile", "Profile", "Profile Properties", TypeObject,
			"The app-specific profile; its attributes depend on the app (profile.<attribute>)."),
		actionRaw(),
	}
}

// actionGroupAssignmentOutputs is a group's assignment to an app.
func actionGroupAssignmentOutputs() []Field {
	const g = "Group"
	return []Field{
		actionField("id", "ID", g, TypeString, "The group's Okta ID."),
		actionField("lastUpdated", "Last Updated", g, TypeDate, ""),
		actionField("priority", "Priority", g, TypeNumber, "Lower numbers win when a user gets the app through several groups."),
		actionField("profile", "Profile", g, TypeObject, "The app profile values the group assignment gives its members."),
		actionField("links", "Links", g, TypeObject, "Okta's _links (app, group, self)."),
		actionRaw(),
	}
}

// actionSessionOutputs is an identity-source import session.
func actionSessionOutputs() []Field {
	const s = "Session"
	return []Field{
		actionField("id", "ID", s, TypeString, "The import session's ID."),
		actionField("identitySourceId", "Application ID", s, TypeString, "The custom identity source (its app id)."),
		{Key: "status", Name: "Status", Group: s, Type: TypeString,
			Choices: []string{"CREATED", "IN_PROGRESS", "TRIGGERED", "COMPLETED", "CLOSED", "EXPIRED", "ERROR"},
			Help:    "CREATED takes bulk data; TRIGGERED means Okta is importing; a session left CREATED expires after 24 hours."},
		actionField("importType", "Import Type", s, TypeString, "Always INCREMENTAL."),
		actionField("created", "Created", s, TypeDate, ""),
		actionField("lastUpdated", "Last Updated", s, TypeDate, ""),
		actionRaw(),
	}
}

// actionLogEventOutputs is one System Log event.
func actionLogEventOutputs() []Field {
	const r = "Result"
	return []Field{
		actionField("uuid", "UUID", r, TypeString, "The event's unique id."),
		actionField("published", "Published", r, TypeDate, ""),
		actionField("eventType", "Event Type", r, TypeString, "For example user.lifecycle.create."),
		actionField("severity", "Severity", r, TypeString, "DEBUG, INFO, WARN or ERROR."),
		actionField("displayMessage", "Display Message", r, TypeString, ""),
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
		actionField("client", "Client", r, TypeObject, "IP address, user agent, zone, geographical context, device."),
		actionField("request", "Request", r, TypeObject, "The IP chain."),
		actionField("transaction", "Transaction", r, TypeObject, ""),
		actionField("debugContext", "Debug Context", r, TypeObject, ""),
		actionRaw(),
	}
}
