package catalog

// Okta action cards for identity-source imports ("Anything-as-a-Source"): an import session is
// created, filled with bulk data, then triggered. The identity source's id is its app's id.

const actionXaaSNote = " Needs a Custom Identity Source app (Anything-as-a-Source); its app ID is the identity source ID."

func actionImportCards() []Spec {
	return []Spec{
		actionCreateImportSession(),
		actionListImportSessions(),
		actionReadImportSession(),
		actionMapProfileSourceAttributes(),
		actionBulkUserImport(),
		actionTriggerImportSession(),
		actionDeleteImportSession(),
	}
}

func actionImportOperation() Field {
	return Field{Key: "importOperation", Name: "Import Operation", Type: TypeString, Required: true,
		Default: "UPSERT", Choices: []string{"UPSERT", "DELETE"},
		Help: "UPSERT creates or updates users; DELETE deactivates and deletes them."}
}

func actionImportUsersItem() []Field {
	return []Field{
		{Key: "externalId", Name: "externalId", Type: TypeString, Help: "The user's ID in the source (up to 512 characters)."},
		{Key: "profile", Name: "profile", Type: TypeObject, Help: "The user's attributes in the identity source's profile."},
	}
}

func actionCreateImportSession() Spec {
	s := actionCard("createAnImportSession", "Create Import Session", actionCatImport, EffectNonIdempotent,
		[]string{"POST /api/v1/identity-sources/{identitySourceId}/sessions"},
		[]string{actionScopeIDSourceManage, actionScopeAppsRead},
		"Opens an import session for a custom identity source; load users into it with Bulk User Import, then "+
			"Trigger Import Session. Okta allows one open session per source: close or trigger the last one first. "+
			"A session left CREATED expires after 24 hours."+actionXaaSNote)
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{actionAppID()}
	s.Outputs = actionSessionOutputs()
	return s
}

func actionListImportSessions() Spec {
	s := actionCard("listImportSessions", "List Import Sessions", actionCatImport, EffectRead,
		[]string{"GET /api/v1/identity-sources/{identitySourceId}/sessions"},
		[]string{actionScopeIDSourceRead},
		"Lists a custom identity source's active import sessions (status CREATED or TRIGGERED)."+actionXaaSNote)
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{actionAppID()}
	s.Outputs = []Field{actionList("sessions", "Sessions", actionSessionOutputs(), "The active sessions.")}
	return s
}

func actionReadImportSession() Spec {
	s := actionCard("readImportSession", "Read Import Session", actionCatImport, EffectRead,
		[]string{"GET /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}"},
		[]string{actionScopeIDSourceRead},
		"Reads one import session, e.g. to see whether a triggered import has COMPLETED."+actionXaaSNote)
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{actionAppID(), actionSessionID()}
	s.Outputs = actionSessionOutputs()
	return s
}

func actionMapProfileSourceAttributes() Spec {
	s := actionCard("mapProfileSourceAttributes", "Map Profile Source Attributes", actionCatImport, EffectRead,
		[]string{"GET /api/v1/meta/schemas/apps/{appId}/default"},
		[]string{actionScopeSchemasRead},
		"Reshapes records from an HR or other source into the users list Bulk User Import takes: each record's "+
			"External ID Key attribute becomes externalId and the attributes the identity source's profile "+
			"knows become profile. It reads the app's user schema for those attributes and changes nothing in Okta. "+
			"At most 10,000 users per session."+actionXaaSNote)
	s.Options = []Field{actionAppOption(), actionImportOperation()}
	s.Inputs = []Field{
		actionAppID(),
		actionInRequired("externalIdKey", "External ID Key", "Import Data", TypeString,
			"The attribute of each source record that holds its unique ID, e.g. employeeId."),
		{Key: "users", Name: "Users", Group: "Import Data", Type: TypeList, ListOf: TypeObject, Required: true,
			Help: "The source records, one object per user."},
	}
	s.Outputs = []Field{actionList("users", "Users", actionImportUsersItem(), "The records in Bulk User Import's shape.")}
	return s
}

func actionBulkUserImport() Spec {
	s := actionCard("bulkUserImport", "Bulk User Import", actionCatImport, EffectNonIdempotent,
		[]string{
			"POST /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-upsert",
			"POST /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-delete",
		},
		[]string{actionScopeIDSourceManage, actionScopeSchemasRead},
		"Loads users into an open (CREATED) import session: UPSERT to create or update them, DELETE to deactivate "+
			"and delete them. Sends them in pages of Users Per Page; nothing changes in Okta until Trigger Import "+
			"Session. At most 10,000 users per session. Not repeated blindly: a retry would load a page twice."+actionXaaSNote)
	s.Options = []Field{actionAppOption(), actionImportOperation()}
	s.Inputs = []Field{
		actionAppID(),
		actionSessionID(),
		{Key: "users", Name: "Users", Group: "Data", Type: TypeList, ListOf: TypeObject, Required: true,
			Fields: actionImportUsersItem(),
			Help:   "One {externalId, profile} object per user (DELETE needs externalId only); Map Profile Source Attributes builds it."},
		{Key: "usersPerPage", Name: "Users Per Page", Group: "Data", Type: TypeNumber, Default: 200,
			Help: "How many users each request carries, 1 to 200."},
	}
	s.Outputs = []Field{actionField("recordsImported", "Records Imported", "Response", TypeNumber, "How many users Okta accepted into the session.")}
	return s
}

func actionTriggerImportSession() Spec {
	s := actionCard("triggerImportSession", "Trigger Import Session", actionCatImport, EffectIdempotent,
		[]string{"POST /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import"},
		[]string{actionScopeIDSourceManage},
		"Starts importing the users loaded into a session. Okta processes them in the background: read the "+
			"session later to see it COMPLETED. A session already TRIGGERED counts as success."+actionXaaSNote)
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{actionAppID(), actionSessionID()}
	s.Outputs = actionSessionOutputs()
	return s
}

func actionDeleteImportSession() Spec {
	s := actionCard("deleteImportSession", "Delete Import Session", actionCatImport, EffectIdempotent,
		[]string{"DELETE /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}"},
		[]string{actionScopeIDSourceManage},
		"Closes an import session that has not been triggered, discarding the data loaded into it."+actionXaaSNote)
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{actionAppID(), actionSessionID()}
	s.Outputs = []Field{actionStatusCode("Status Code", "Response")}
	return s
}
