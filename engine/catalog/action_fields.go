package catalog

// Building blocks shared by the Okta action cards. Every card declares its fields from these so
// that the same Okta object has the same output keys on every card that returns it: a flow that
// reads "status" from Read User reads it the same way from Find Users' list items.

// Palette section and the categories inside it.
const (
	actionGroup = "Okta actions"

	actionCatUsers      = "Users"
	actionCatGroups     = "Groups"
	actionCatGroupRules = "Group Rules"
	actionCatApps       = "Applications"
	actionCatAppUsers   = "Application Users"
	actionCatLinked     = "Linked Objects"
	actionCatImport     = "Import"
	actionCatSystemLog  = "System Log"
	actionCatCustom     = "Custom"
)

const (
	actionIDPrefix = "okta.action."
	// actionRoleCaveat ends every card's help: scopes alone cannot promise that a card runs.
	actionRoleCaveat    = " A 403 can come from the signed-in admin's role as well as from a missing scope."
	actionAppOptionHelp = "The app instance the card works on, picked when you build the flow. Application ID wins when both are set."
	actionAppIDHelp     = "The app's Okta ID (0oa…). Needed when no Application is picked in the options."
)

// Result Set choices, as Workflows labels them on list and search cards.
const (
	actionResultFirst200  = "First 200 Records"
	actionResultStream    = "Stream Records"
	actionResultFirstOne  = "First Matching Record"
	actionResultFirst200M = "First 200 Matching Records"
	actionResultStreamM   = "Stream Matching Records"
	actionResultAllM      = "All Matching Records"
)

// Okta OAuth scopes, spelled once.
const (
	actionScopeUsersRead      = "okta.users.read"
	actionScopeUsersManage    = "okta.users.manage"
	actionScopeGroupsRead     = "okta.groups.read"
	actionScopeGroupsManage   = "okta.groups.manage"
	actionScopeAppsRead       = "okta.apps.read"
	actionScopeAppsManage     = "okta.apps.manage"
	actionScopeLogsRead       = "okta.logs.read"
	actionScopeSchemasRead    = "okta.schemas.read"
	actionScopeLinkedRead     = "okta.linkedObjects.read"
	actionScopeIDSourceRead   = "okta.identitySources.read"
	actionScopeIDSourceManage = "okta.identitySources.manage"
)

// actionCard fills in what every Okta action card shares.
func actionCard(key, name, category string, effect Effect, api, scopes []string, help string) Spec {
	return Spec{
		ID:       actionIDPrefix + key,
		Version:  1,
		Kind:     KindAction,
		Name:     name,
		Group:    actionGroup,
		Category: category,
		Help:     help + actionRoleCaveat,
		API:      api,
		Scopes:   scopes,
		Effect:   effect,
	}
}

// actionUserIDOrLogin is the user input of cards whose endpoint takes an id or a login.
func actionUserIDOrLogin() Field {
	return Field{Key: "userId", Name: "ID or Login", Group: "User", Type: TypeString, Required: true,
		Help: "The user's Okta ID (00u…) or login (username). Both work."}
}

// actionUserID is the user input of cards whose Workflows counterpart labels it plain "ID".
func actionUserID(name string) Field {
	return Field{Key: "userId", Name: name, Group: "User", Type: TypeString, Required: true,
		Help: "The user's Okta ID (00u…). A login also works where Okta accepts one in the path."}
}

func actionGroupID(name string) Field {
	return Field{Key: "groupId", Name: name, Group: "Group", Type: TypeString, Required: true,
		Help: "The group's Okta ID (00g…)."}
}

func actionRuleID() Field {
	return Field{Key: "ruleId", Name: "ID", Group: "Group Rule", Type: TypeString, Required: true,
		Help: "The group rule's Okta ID (0pr…)."}
}

// actionAppOption is the design-time app picker; actionAppID the run-time input that overrides it.
func actionAppOption() Field {
	return Field{Key: "application", Name: "Application", Type: TypeString, Help: actionAppOptionHelp}
}

func actionAppID() Field {
	return Field{Key: "appId", Name: "Application ID", Group: "Application", Type: TypeString, Help: actionAppIDHelp}
}

// actionAppIDRequired is for cards that have no app picker: the id must come from the flow.
func actionAppIDRequired(name string) Field {
	return Field{Key: "appId", Name: name, Group: "Application", Type: TypeString, Required: true,
		Help: "The app's Okta ID (0oa…)."}
}

func actionSessionID() Field {
	return Field{Key: "sessionId", Name: "Session ID", Group: "Application", Type: TypeString, Required: true,
		Help: "The import session's ID, as Create Import Session or List Import Sessions returns it."}
}

func actionStatusCode(name, group string) Field {
	return Field{Key: "statusCode", Name: name, Group: group, Type: TypeNumber,
		Help: "The HTTP status Okta answered with (200 or 204 on success)."}
}

func actionRaw() Field {
	return Field{Key: "raw", Name: "Raw Output", Group: "Result", Type: TypeObject,
		Help: "The whole object as Okta returned it, custom attributes and _links included."}
}

// actionBoolOption is a Yes/No option with a default.
func actionBoolOption(key, name string, def bool, help string) Field {
	return Field{Key: key, Name: name, Type: TypeBoolean, Default: def, Help: help}
}

// actionResultSet is the option that says how many records a list card returns. Flowdeck has no
// helper flows, so the streaming choices return every record as one list; For Each handles them.
func actionResultSet(choices ...string) Field {
	return Field{Key: "resultSet", Name: "Result Set", Type: TypeString, Required: true,
		Default: choices[0], Choices: choices,
		Help: "How many records to return. \"First …\" stops after that many; \"Stream …\" and \"All …\" " +
			"follow Okta's pages to the end (or to Record Limit) and return one list: use For Each on it."}
}

// actionRecordLimit caps list cards. 0 means no cap beyond the Result Set.
func actionRecordLimit(group string) Field {
	return Field{Key: "limit", Name: "Record Limit", Group: group, Type: TypeNumber, Default: 0,
		Help: "The most records to return; 0 means no limit beyond the Result Set."}
}

// actionList is a list output of Okta objects.
func actionList(key, name string, item []Field, help string) Field {
	return Field{Key: key, Name: name, Group: "Result", Type: TypeList, ListOf: TypeObject, Fields: item, Help: help}
}

// actionMore tells the flow that a list stopped early, so a limit never truncates silently.
func actionMore() Field {
	return Field{Key: "more", Name: "More Records?", Group: "Result", Type: TypeBoolean,
		Help: "True when the Result Set or Record Limit stopped before Okta's last page."}
}

// actionListOutputs is the result of a list card: the list plus the truncation flag.
func actionListOutputs(key, name string, item []Field, help string) []Field {
	return []Field{actionList(key, name, item, help), actionMore()}
}

// actionField is an optional input or an output.
func actionField(key, name, group string, t Type, help string) Field {
	return Field{Key: key, Name: name, Group: group, Type: t, Help: help}
}

func actionInRequired(key, name, group string, t Type, help string) Field {
	return Field{Key: key, Name: name, Group: group, Type: t, Required: true, Help: help}
}

// actionSecret marks a field that carries a credential, so it is kept out of logs and history.
func actionSecret(f Field) Field {
	f.Secret = true
	return f
}

func actionStringList(key, name, group, help string) Field {
	return Field{Key: key, Name: name, Group: group, Type: TypeList, ListOf: TypeString, Help: help}
}

// actionWithGroup returns copies of fs placed in another card section.
func actionWithGroup(group string, fs []Field) []Field {
	out := make([]Field, len(fs))
	for i, f := range fs {
		f.Group = group
		out[i] = f
	}
	return out
}

func actionJoin(parts ...[]Field) []Field {
	var out []Field
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
