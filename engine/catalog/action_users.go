package catalog

// Okta action cards that read and change users.

func actionUserCards() []Spec {
	return []Spec{
		actionReadUser(),
		actionCreateUser(),
		actionUpdateUser(),
		actionActivateUser(),
		actionDeactivateUser(),
		actionSuspendUser(),
		actionUnsuspendUser(),
		actionDeleteUser(),
		actionResetPassword(),
		actionClearUserSessions(),
		actionFindUsers(),
		actionListUsersWithFilter(),
		actionListUsersWithSearch(),
	}
}

func actionReadUser() Spec {
	s := actionCard("readUser", "Read User", actionCatUsers, EffectRead,
		[]string{"GET /api/v1/users/{idOrLogin}"},
		[]string{actionScopeUsersRead},
		"Reads one user by Okta ID or login and returns the system properties, the profile and the raw user object.")
	s.Inputs = []Field{actionUserIDOrLogin()}
	s.Outputs = actionUserOutputs()
	return s
}

// Create User option values, as Workflows labels them.
const (
	actionCreateNoCreds       = "without Credentials"
	actionCreateRecovery      = "with Recovery Question"
	actionCreatePassword      = "with Password"
	actionCreatePasswordRecov = "with Password & Recovery Question"
	actionCreateAuthProvider  = "with Authentication Provider"
	actionCreateInGroup       = "in Group"
)

func actionCreateUser() Spec {
	s := actionCard("createUser", "Create User", actionCatUsers, EffectNonIdempotent,
		[]string{"POST /api/v1/users"},
		[]string{actionScopeUsersManage, actionScopeSchemasRead},
		"Creates a user, optionally with a password, a recovery question, an authentication provider or in "+
			"groups, and activates it unless Activate is off. Not safe to repeat: after an unclear failure (a timeout) "+
			"the user may exist already, so check by login before running it again. Okta refuses the Everyone "+
			"group as a target group (501).")
	s.Options = []Field{{
		Key: "option", Name: "Option", Type: TypeString, Required: true, Default: actionCreateNoCreds,
		Choices: []string{actionCreateNoCreds, actionCreateRecovery, actionCreatePassword,
			actionCreatePasswordRecov, actionCreateAuthProvider, actionCreateInGroup},
		Help: "Which credentials the new user starts with, or which groups it joins.",
	}}
	const cred = "Credentials"
	s.Inputs = actionJoin(
		actionProfileFields("Profile", true),
		[]Field{
			actionField("customProfile", "Custom Attributes", "Profile", TypeObject,
				"Further profile attributes by variable name, e.g. {\"costCenter\": \"42\"}; they are added to the profile."),
			actionSecret(actionField("password", "Password", cred, TypeString, "For the \"with Password\" options.")),
			actionField("recoveryQuestion", "Recovery Question", cred, TypeString, "For the \"Recovery Question\" options."),
			actionSecret(actionField("recoveryAnswer", "Recovery Answer", cred, TypeString, "For the \"Recovery Question\" options.")),
			{Key: "providerType", Name: "Provider Type", Group: cred, Type: TypeString,
				Choices: []string{"OKTA", "ACTIVE_DIRECTORY", "LDAP", "FEDERATION", "SOCIAL", "IMPORT"},
				Help:    "For \"with Authentication Provider\"."},
			actionField("providerName", "Provider Name", cred, TypeString, "For \"with Authentication Provider\"."),
			actionStringList("groupIds", "Group IDs", "Group", "For \"in Group\": the groups (00g…) the user joins. Not the Everyone group."),
			{Key: "activate", Name: "Activate", Group: "Activate", Type: TypeBoolean, Default: true,
				Help: "Activate the user now (Okta sends the activation email); off leaves it STAGED."},
		},
	)
	s.Outputs = actionWithGroup("Results", actionUserOutputs())
	return s
}

func actionUpdateUser() Spec {
	s := actionCard("updateUser", "Update User", actionCatUsers, EffectIdempotent,
		[]string{"POST /api/v1/users/{id}", "PUT /api/v1/users/{id}"},
		[]string{actionScopeUsersManage, actionScopeSchemasRead},
		"Updates a user's profile. Partial (POST) changes only the attributes you fill in; Strict (PUT) replaces "+
			"the profile, so every attribute you leave empty is cleared. Does not update the user's app profiles.")
	s.Options = []Field{
		{Key: "updateSemantics", Name: "Update Semantics", Type: TypeString, Required: true,
			Default: "Partial", Choices: []string{"Partial", "Strict"},
			Help: "Partial (POST) merges; Strict (PUT) replaces the whole profile."},
		actionBoolOption("passEmptyValues", "Pass Empty Values?", false,
			"Partial only: send empty inputs as empty values (clearing them) instead of leaving them out."),
	}
	s.Inputs = actionJoin(
		[]Field{actionUserID("ID")},
		actionProfileFields("Profile", false),
		[]Field{
			actionField("customProfile", "Custom Attributes", "Profile", TypeObject,
				"Further profile attributes by variable name, e.g. {\"costCenter\": \"42\"}."),
			actionSecret(actionField("password", "Password", "Credentials", TypeString, "Sets a new password.")),
			actionField("recoveryQuestion", "Recovery Question", "Credentials", TypeString, ""),
			actionSecret(actionField("recoveryAnswer", "Recovery Answer", "Credentials", TypeString, "")),
		},
	)
	s.Outputs = actionUserOutputs()
	return s
}

func actionActivateUser() Spec {
	s := actionCard("activateUser", "Activate User", actionCatUsers, EffectNonIdempotent,
		[]string{"POST /api/v1/users/{id}/lifecycle/activate"},
		[]string{actionScopeUsersRead, actionScopeUsersManage},
		"Activates a STAGED or DEPROVISIONED user. With Send Email? on, Okta emails the activation link; off, the "+
			"card returns the activation link and token instead. Not repeated blindly: a second call sends a "+
			"second email. A user who is already active counts as success.")
	s.Options = []Field{actionBoolOption("sendEmail", "Send Email?", true,
		"Okta sends the activation email to the user. Off returns the Activation URL and Token.")}
	s.Inputs = []Field{actionUserIDOrLogin()}
	s.Outputs = []Field{
		actionStatusCode("Status Code", "Response"),
		actionSecret(actionField("activationUrl", "Activation URL", "Response", TypeString, "Only when Send Email? is off. Whoever has it can activate the account.")),
		actionSecret(actionField("activationToken", "Activation Token", "Response", TypeString, "Only when Send Email? is off.")),
	}
	return s
}

func actionDeactivateUser() Spec {
	s := actionCard("deactivateUser", "Deactivate User", actionCatUsers, EffectIdempotent,
		[]string{"POST /api/v1/users/{id}/lifecycle/deactivate"},
		[]string{actionScopeUsersRead, actionScopeUsersManage},
		"Deactivates a user: status DEPROVISIONED, sessions and app access end. Cannot be undone here (reactivate with "+
			"Activate User). A user who is already deactivated counts as success.")
	s.Options = []Field{actionBoolOption("sendEmail", "Send Email?", false,
		"Okta emails the admin about the deactivation.")}
	s.Inputs = []Field{actionUserIDOrLogin()}
	s.Outputs = []Field{actionStatusCode("Status Code", "Response")}
	return s
}

func actionSuspendUser() Spec {
	s := actionCard("suspendUser", "Suspend User", actionCatUsers, EffectIdempotent,
		[]string{"POST /api/v1/users/{id}/lifecycle/suspend"},
		[]string{actionScopeUsersRead, actionScopeUsersManage},
		"Suspends an ACTIVE user: they cannot sign in until unsuspended; memberships and assignments stay. A user "+
			"who is already suspended counts as success.")
	s.Inputs = []Field{actionUserIDOrLogin()}
	s.Outputs = []Field{actionStatusCode("Status Code", "Response")}
	return s
}

func actionUnsuspendUser() Spec {
	s := actionCard("unsuspendUser", "Unsuspend User", actionCatUsers, EffectIdempotent,
		[]string{"POST /api/v1/users/{id}/lifecycle/unsuspend"},
		[]string{actionScopeUsersRead, actionScopeUsersManage},
		"Returns a SUSPENDED user to ACTIVE. A user who is already active counts as success.")
	s.Inputs = []Field{actionUserIDOrLogin()}
	s.Outputs = []Field{actionStatusCode("Status Code", "Response")}
	return s
}

func actionDeleteUser() Spec {
	s := actionCard("deleteUser", "Delete User", actionCatUsers, EffectNonIdempotent,
		[]string{"DELETE /api/v1/users/{id}"},
		[]string{actionScopeUsersManage},
		"Deletes a user for good. Okta deletes only DEPROVISIONED users: its DELETE on any other user only "+
			"deactivates it, so this card refuses a user who is not deactivated unless \"Deactivate first\" is on "+
			"(then it deactivates, and deletes). Never retried blindly: a repeated call could delete a user you "+
			"meant only to deactivate; after a lost answer it reads the user back instead.")
	s.Options = []Field{actionBoolOption("deactivateFirst", "Deactivate first", false,
		"When the user is not yet deactivated, deactivate and then delete in one run. Off: a user who is not deactivated is refused with a clear error, and nothing changes.")}
	s.Inputs = []Field{
		actionUserID("ID"),
		{Key: "sendEmail", Name: "Send Email?", Group: "User", Type: TypeBoolean, Default: false,
			Help: "Okta emails the admin about the deactivation or deletion."},
	}
	s.Outputs = []Field{
		actionStatusCode("Status Code", "Output"),
		{Key: "outcome", Name: "Outcome", Group: "Output", Type: TypeString, Choices: []string{"deleted"},
			Help: "\"deleted\" once the user is gone (a user who is not deactivated is refused unless \"Deactivate first\" is on)."},
	}
	return s
}

func actionResetPassword() Spec {
	s := actionCard("resetPassword", "Reset Password", actionCatUsers, EffectNonIdempotent,
		[]string{"POST /api/v1/users/{id}/lifecycle/reset_password"},
		[]string{actionScopeUsersRead, actionScopeUsersManage},
		"Starts a password reset: the user moves to RECOVERY and cannot sign in with the old password. Okta emails "+
			"the reset link, or, with Send Email off, the card returns it. Convert to Federated User instead "+
			"makes the user sign in through the federation provider. Each call issues a new link, so it is never "+
			"repeated blindly.")
	s.Options = []Field{
		actionBoolOption("convert", "Convert to Federated User", false,
			"Converts the user to the FEDERATION provider (no password; no email is sent)."),
		actionBoolOption("sendEmail", "Send Email", true,
			"Okta emails the reset link. Off (with no conversion) returns the Reset Password URL."),
	}
	s.Inputs = []Field{actionUserIDOrLogin()}
	s.Outputs = []Field{
		actionStatusCode("Status Code", "Response"),
		actionSecret(actionField("resetPasswordUrl", "URL", "Reset Password", TypeString, "Only when both options are off. Whoever has it can set the user's password.")),
	}
	return s
}

func actionClearUserSessions() Spec {
	s := actionCard("clearUserSessions", "Clear User Sessions", actionCatUsers, EffectIdempotent,
		[]string{"DELETE /api/v1/users/{userId}/sessions"},
		[]string{actionScopeUsersManage},
		"Ends all of the user's Okta sessions, so they must sign in again; optionally revokes the OAuth tokens Okta "+
			"issued to them as well.")
	s.Inputs = []Field{
		actionUserID("ID"),
		{Key: "oauthTokens", Name: "Revoke oauthTokens?", Group: "User", Type: TypeBoolean, Default: false,
			Help: "Also revoke the user's OAuth access and refresh tokens."},
	}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionFindUsers() Spec {
	s := actionCard("searchUsers", "Find Users", actionCatUsers, EffectRead,
		[]string{"GET /api/v1/users?q={query}"},
		[]string{actionScopeUsersRead},
		"Finds users whose first name, last name or primary email starts with the query. Okta does not paginate "+
			"this kind of lookup: at most 200 users come back, so use List Users with Search for more. "+
			"DEPROVISIONED users are left out; an empty query returns an arbitrary user.")
	s.Options = []Field{actionResultSet(actionResultFirstOne, actionResultAllM)}
	s.Inputs = []Field{
		actionInRequired("query", "Query", "Inputs", TypeString, "The start of a first name, last name or email."),
		{Key: "limit", Name: "Record Limit", Group: "Inputs", Type: TypeNumber, Default: 0,
			Help: "The most users to return (0 = as many as Okta gives, at most 200: this lookup has no further pages)."},
	}
	s.Outputs = actionListOutputs("users", "Users", actionUserOutputs(),
		"The matching users; one at most with First Matching Record.")
	return s
}

func actionUserStatusInput() Field {
	return Field{Key: "status", Name: "Status", Group: "Inputs", Type: TypeString,
		Choices: []string{"STAGED", "PROVISIONED", "ACTIVE", "RECOVERY", "PASSWORD_EXPIRED", "LOCKED_OUT", "SUSPENDED", "DEPROVISIONED"},
		Help:    "Only users in this status."}
}

func actionListUsersWithFilter() Spec {
	s := actionCard("listUsersWithFilter", "List Users with Filter", actionCatUsers, EffectRead,
		[]string{"GET /api/v1/users?filter={expression}"},
		[]string{actionScopeUsersRead},
		"Lists users that equal every filled-in input (Okta's filter supports status, id, login, email, first and "+
			"last name, and lastUpdated). Includes DEPROVISIONED users. Follows every page up to the Result Set "+
			"or Record Limit.")
	s.Options = []Field{actionResultSet(actionResultFirstOne, actionResultFirst200M, actionResultStreamM)}
	s.Inputs = []Field{
		actionUserStatusInput(),
		actionField("id", "ID", "Inputs", TypeString, ""),
		actionField("login", "Username", "Inputs", TypeString, ""),
		actionField("email", "Primary email", "Inputs", TypeString, ""),
		actionField("firstName", "First name", "Inputs", TypeString, ""),
		actionField("lastName", "Last name", "Inputs", TypeString, ""),
		actionField("customFilter", "Custom Filter", "Inputs", TypeString,
			"A filter expression ANDed with the inputs, e.g. lastUpdated gt \"2024-01-01T00:00:00.000Z\"."),
		actionRecordLimit("List Criteria"),
	}
	s.Outputs = actionListOutputs("users", "Users", actionUserOutputs(), "The matching users.")
	return s
}

func actionListUsersWithSearch() Spec {
	s := actionCard("listUsersWithSearch", "List Users with Search", actionCatUsers, EffectRead,
		[]string{"GET /api/v1/users?search={expression}"},
		[]string{actionScopeUsersRead},
		"Lists users matching a search expression built from the inputs (joined with and) plus Custom Search "+
			"Criteria, which can use any profile attribute and operators like sw, gt, pr. Search is eventually "+
			"consistent: a user created a moment ago may be missing, so read a new user by ID instead. "+
			"Includes DEPROVISIONED users.")
	s.Options = []Field{actionResultSet(actionResultFirstOne, actionResultFirst200M, actionResultStreamM)}
	s.Inputs = []Field{
		actionUserStatusInput(),
		actionField("id", "ID", "Inputs", TypeString, ""),
		actionField("created", "Created", "Inputs", TypeString, "An exact created timestamp; use Custom Search Criteria for ranges."),
		actionField("activated", "Activated", "Inputs", TypeString, "An exact activated timestamp."),
		actionField("customSearch", "Custom Search Criteria", "Inputs", TypeString,
			"A search expression, e.g. profile.department eq \"Sales\" and status eq \"ACTIVE\"."),
		actionField("sortBy", "Sort By", "Sort", TypeString, "An attribute to sort on, e.g. profile.lastName."),
		{Key: "sortOrder", Name: "Sort Order", Group: "Sort", Type: TypeString, Choices: []string{"asc", "desc"}, Default: "asc"},
		actionRecordLimit("List Criteria"),
	}
	s.Outputs = actionListOutputs("users", "Users", actionUserOutputs(), "The matching users.")
	return s
}
