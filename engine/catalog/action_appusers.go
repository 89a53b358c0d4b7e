package catalog

// Okta action cards for users' app assignments ("app users").

func actionAppUserCards() []Spec {
	return []Spec{
		actionAssignUserToApplicationForSSO(),
		actionAssignUserToApplicationForSSOAndProvisioning(),
		actionGetAssignedUserForApplication(),
		actionListUsersAssignedToApplication(),
		actionRemoveUserFromApplication(),
		actionUpdateApplicationCredentials(),
		actionUpdateApplicationProfile(),
	}
}

// actionAppUserCredentialInputs are the app sign-in credentials some assignments carry.
func actionAppUserCredentialInputs() []Field {
	return []Field{
		actionField("username", "Username", "Credentials", TypeString, "The user's username in the app, when the app keeps its own."),
		actionSecret(actionField("password", "Password", "Credentials", TypeString, "The app password.")),
	}
}

func actionAssignScopeInput() Field {
	return Field{Key: "scope", Name: "Scope", Group: "User", Type: TypeString, Default: "USER", Choices: []string{"USER", "GROUP"},
		Help: "USER for a direct assignment (the usual); GROUP marks it as coming from a group."}
}

func actionAssignUserToApplicationForSSO() Spec {
	s := actionCard("assignUserToApplicationForSSO", "Assign User to Application for SSO", actionCatAppUsers, EffectIdempotent,
		[]string{"POST /api/v1/apps/{appId}/users"},
		[]string{actionScopeAppsManage, actionScopeAppsRead},
		"Assigns a user to an app for single sign-on, optionally with app credentials; no app profile is sent. "+
			"Assigning a user who is already assigned updates the assignment.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = actionJoin(
		[]Field{actionAppID(), actionUserID("ID"), actionAssignScopeInput()},
		actionAppUserCredentialInputs(),
	)
	s.Outputs = actionAppUserOutputs()
	return s
}

func actionAssignUserToApplicationForSSOAndProvisioning() Spec {
	s := actionCard("assignUserToApplicationForSSOAndProvisioning", "Assign User to Application for SSO and Provisioning",
		actionCatAppUsers, EffectIdempotent,
		[]string{"POST /api/v1/apps/{appId}/users"},
		[]string{actionScopeAppsManage, actionScopeAppsRead},
		"Assigns a user to an app with an app profile, so provisioning can create the account in the app. Okta "+
			"applies the app's profile mappings first, then the values given here. Assigning a user who is "+
			"already assigned updates the assignment.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = actionJoin(
		[]Field{actionAppID(), actionUserID("ID"), actionAssignScopeInput()},
		actionAppUserCredentialInputs(),
		[]Field{actionField("profile", "Profile Properties", "Profile Properties", TypeObject,
			"App profile attributes by variable name; which ones exist depends on the app.")},
	)
	s.Outputs = actionAppUserOutputs()
	return s
}

func actionGetAssignedUserForApplication() Spec {
	s := actionCard("getAssignedUserForApplication", "Get Assigned User for Application", actionCatAppUsers, EffectRead,
		[]string{"GET /api/v1/apps/{appId}/users/{userId}"},
		[]string{actionScopeAppsRead},
		"Reads a user's assignment to an app: app profile, external ID, sync state. Fails (404) when the user is not assigned.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{actionAppID(), actionUserID("ID")}
	s.Outputs = actionAppUserOutputs()
	return s
}

func actionListUsersAssignedToApplication() Spec {
	s := actionCard("listUsersAssignedToApplication", "List Users Assigned to Application", actionCatAppUsers, EffectRead,
		[]string{"GET /api/v1/apps/{appId}/users"},
		[]string{actionScopeAppsRead},
		"Lists the users assigned to an app, directly or through groups, with their app profiles.")
	s.Options = []Field{actionAppOption(), actionResultSet("First 500 Records", actionResultStream)}
	s.Inputs = []Field{actionAppID(), actionRecordLimit("List Criteria")}
	s.Outputs = actionListOutputs("users", "Users", actionAppUserOutputs(), "The app users.")
	return s
}

func actionRemoveUserFromApplication() Spec {
	s := actionCard("removeUserFromApplication", "Remove User from Application", actionCatAppUsers, EffectIdempotent,
		[]string{"DELETE /api/v1/apps/{appId}/users/{userId}"},
		[]string{actionScopeAppsManage},
		"Removes a user's direct assignment to an app (with provisioning, the app account may be deactivated). "+
			"An assignment that comes through a group is removed from the group instead. A user who is not "+
			"assigned counts as success.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{
		actionAppID(),
		actionUserID("ID"),
		{Key: "sendEmail", Name: "Send Email?", Group: "User", Type: TypeBoolean, Default: false,
			Help: "Okta emails the admin about the removal."},
	}
	s.Outputs = []Field{actionStatusCode("Status", "Result")}
	return s
}

func actionUpdateApplicationCredentials() Spec {
	s := actionCard("updateApplicationCredentialsForAnAssignedUser", "Update Application Credentials for an Assigned User",
		actionCatAppUsers, EffectIdempotent,
		[]string{"POST /api/v1/apps/{appId}/users/{userId}"},
		[]string{actionScopeAppsManage},
		"Changes the username and/or password an assigned user signs in to the app with.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = actionJoin([]Field{actionAppID(), actionUserID("ID")}, actionAppUserCredentialInputs())
	s.Outputs = actionAppUserOutputs()
	return s
}

func actionUpdateApplicationProfile() Spec {
	s := actionCard("updateApplicationProfileForAssignedUser", "Update Application Profile for an Assigned User",
		actionCatAppUsers, EffectIdempotent,
		[]string{"POST /api/v1/apps/{appId}/users/{userId}"},
		[]string{actionScopeAppsManage},
		"Changes attributes of an assigned user's app profile; attributes you leave out keep their values. "+
			"Attributes mapped from the Okta profile are overwritten by the mapping on the next sync.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{
		actionAppID(),
		actionUserID("ID"),
		{Key: "profile", Name: "Profile", Group: "Profile Properties", Type: TypeObject, Required: true,
			Help: "App profile attributes by variable name; which ones exist depends on the app."},
	}
	s.Outputs = actionAppUserOutputs()
	return s
}
