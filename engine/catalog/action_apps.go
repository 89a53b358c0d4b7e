package catalog

// Okta action cards for applications and their group assignments.

func actionAppCards() []Spec {
	return []Spec{
		actionReadApplication(),
		actionSearchApplications(),
		actionActivateApplication(),
		actionDeactivateApplication(),
		actionDeleteApplication(),
		actionAssignGroupToApplication(),
		actionRemoveGroupFromApplication(),
		actionReadAssignedGroupForApplication(),
		actionListGroupsAssignedToApplication(),
		actionListApplicationsAssignedToGroup(),
		actionListApplicationsAssignedToUser(),
	}
}

func actionReadApplication() Spec {
	s := actionCard("readApplication", "Read Application", actionCatApps, EffectRead,
		[]string{"GET /api/v1/apps/{appId}"},
		[]string{actionScopeAppsRead},
		"Reads one app instance: its name, label, status, sign-on mode, settings and the raw app object.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{actionAppID()}
	s.Outputs = actionAppOutputs()
	return s
}

func actionSearchApplications() Spec {
	s := actionCard("searchApplications", "Search Applications", actionCatApps, EffectRead,
		[]string{"GET /api/v1/apps?q={query}"},
		[]string{actionScopeAppsRead},
		"Lists app instances whose name or label starts with the query.")
	s.Options = []Field{actionResultSet(actionResultFirstOne, actionResultFirst200M, actionResultStreamM)}
	s.Inputs = []Field{
		actionField("query", "Query", "Search", TypeString, "The start of an app's name or label."),
		actionRecordLimit("Search"),
	}
	s.Outputs = actionListOutputs("applications", "Applications", actionAppOutputs(), "The matching apps.")
	return s
}

func actionActivateApplication() Spec {
	s := actionCard("activateApplication", "Activate Application", actionCatApps, EffectIdempotent,
		[]string{"POST /api/v1/apps/{appId}/lifecycle/activate"},
		[]string{actionScopeAppsManage},
		"Activates an inactive app instance so users can use it again. An app that is already active counts as success.")
	s.Inputs = []Field{actionAppIDRequired("ID")}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionDeactivateApplication() Spec {
	s := actionCard("deactivateApplication", "Deactivate Application", actionCatApps, EffectIdempotent,
		[]string{"POST /api/v1/apps/{appId}/lifecycle/deactivate"},
		[]string{actionScopeAppsManage},
		"Deactivates an app instance: users lose access until it is activated again, assignments are kept. An app "+
			"that is already inactive counts as success.")
	s.Inputs = []Field{actionAppIDRequired("ID")}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionDeleteApplication() Spec {
	s := actionCard("deleteApplication", "Delete Application", actionCatApps, EffectIdempotent,
		[]string{"DELETE /api/v1/apps/{appId}"},
		[]string{actionScopeAppsManage},
		"Deletes an app instance for good, with its assignments. Okta deletes only INACTIVE apps: run Deactivate "+
			"Application first. A 404 on a retry means the first call already deleted the app.")
	s.Inputs = []Field{actionAppIDRequired("ID")}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionAssignGroupToApplication() Spec {
	s := actionCard("assignGroupToApplication", "Assign Group to Application", actionCatApps, EffectIdempotent,
		[]string{"PUT /api/v1/apps/{appId}/groups/{groupId}"},
		[]string{actionScopeAppsManage},
		"Assigns a group to an app, so its members get the app; optionally with a priority and the app profile "+
			"values the assignment gives. Assigning again updates the assignment.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{
		actionAppID(),
		actionGroupID("Group ID"),
		actionField("priority", "Priority", "Group", TypeNumber, "Lower numbers win when a user gets the app through several groups."),
		actionField("profile", "Profile", "Group", TypeObject, "App profile values for the group's members."),
	}
	s.Outputs = actionGroupAssignmentOutputs()
	return s
}

func actionRemoveGroupFromApplication() Spec {
	s := actionCard("removeGroupFromApplication", "Remove Group from Application", actionCatApps, EffectIdempotent,
		[]string{"DELETE /api/v1/apps/{appId}/groups/{groupId}"},
		[]string{actionScopeAppsManage},
		"Removes a group's assignment to an app; members lose the app unless they have it another way. A group "+
			"that is not assigned counts as success.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{actionAppID(), actionGroupID("Group ID")}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionReadAssignedGroupForApplication() Spec {
	s := actionCard("readAssignedGroupForApplication", "Read Assigned Group for Application", actionCatApps, EffectRead,
		[]string{"GET /api/v1/apps/{appId}/groups/{groupId}"},
		[]string{actionScopeAppsRead},
		"Reads one group's assignment to an app: priority and the profile it gives. Fails (404) when the group is not assigned.")
	s.Options = []Field{actionAppOption()}
	s.Inputs = []Field{actionAppID(), actionGroupID("Group ID")}
	s.Outputs = actionGroupAssignmentOutputs()
	return s
}

func actionListGroupsAssignedToApplication() Spec {
	s := actionCard("listGroupsAssignedToApplication", "List Groups Assigned to Application", actionCatApps, EffectRead,
		[]string{"GET /api/v1/apps/{appId}/groups"},
		[]string{actionScopeAppsRead},
		"Lists the groups assigned to an app, with each assignment's priority and profile.")
	s.Options = []Field{actionAppOption(), actionResultSet(actionResultFirst200, actionResultStream)}
	s.Inputs = []Field{actionAppID(), actionRecordLimit("List Criteria")}
	s.Outputs = actionListOutputs("groups", "Groups", actionGroupAssignmentOutputs(), "The group assignments.")
	return s
}

func actionListApplicationsAssignedToGroup() Spec {
	s := actionCard("listApplicationsAssignedToGroup", "List Applications Assigned to Group", actionCatApps, EffectRead,
		[]string{"GET /api/v1/groups/{groupId}/apps"},
		[]string{actionScopeGroupsRead},
		"Lists the app instances a group is assigned to.")
	s.Options = []Field{actionResultSet(actionResultFirst200, actionResultStream)}
	s.Inputs = []Field{actionGroupID("ID"), actionRecordLimit("List Criteria")}
	s.Outputs = actionListOutputs("applications", "Applications", actionAppOutputs(), "The group's apps.")
	return s
}

func actionListApplicationsAssignedToUser() Spec {
	s := actionCard("listApplicationsAssignedToUser", "List Applications Assigned to User", actionCatApps, EffectRead,
		[]string{"GET /api/v1/apps?filter=user.id+eq+\"{userId}\""},
		[]string{actionScopeAppsRead},
		"Lists the app instances assigned to a user, directly or through a group.")
	s.Options = []Field{actionResultSet(actionResultFirst200, actionResultStream)}
	s.Inputs = []Field{actionUserID("User ID"), actionRecordLimit("List Criteria")}
	s.Outputs = actionListOutputs("applications", "Applications", actionAppOutputs(), "The user's apps.")
	return s
}
