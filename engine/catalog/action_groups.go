package catalog

// Okta action cards for groups and group membership.

func actionGroupCards() []Spec {
	return []Spec{
		actionReadGroup(),
		actionCreateGroup(),
		actionUpdateGroup(),
		actionDeleteGroup(),
		actionSearchGroups(),
		actionAddUserToGroup(),
		actionRemoveUserFromGroup(),
		actionListGroupMembers(),
		actionGetUsersGroups(),
	}
}

func actionReadGroup() Spec {
	s := actionCard("readGroup", "Read Group", actionCatGroups, EffectRead,
		[]string{"GET /api/v1/groups/{groupId}"},
		[]string{actionScopeGroupsRead},
		"Reads one group by ID: its properties, its profile (custom attributes included) and the raw group object.")
	s.Inputs = []Field{actionGroupID("ID")}
	s.Outputs = actionGroupOutputs()
	return s
}

func actionCreateGroup() Spec {
	s := actionCard("createGroup", "Create Group", actionCatGroups, EffectNonIdempotent,
		[]string{"POST /api/v1/groups"},
		[]string{actionScopeGroupsManage, actionScopeSchemasRead},
		"Creates an Okta group (type OKTA_GROUP). Okta allows two groups with the same name, so the card is never "+
			"repeated blindly: after an unclear failure, search for the name before running it again.")
	s.Inputs = []Field{
		actionInRequired("name", "Name", "Group", TypeString, "The group's name."),
		actionField("description", "Description", "Group", TypeString, ""),
		actionField("customProfile", "Custom Properties", "Custom Properties", TypeObject,
			"Custom group profile attributes by variable name."),
	}
	s.Outputs = actionGroupOutputs()
	return s
}

func actionUpdateGroup() Spec {
	s := actionCard("updateGroup", "Update Group", actionCatGroups, EffectIdempotent,
		[]string{"PUT /api/v1/groups/{groupId}"},
		[]string{actionScopeGroupsManage, actionScopeSchemasRead},
		"Replaces an Okta group's profile (name, description and custom properties). Works on OKTA_GROUP groups "+
			"only; groups imported from an app or directory are changed at their source. Attributes left empty are cleared.")
	s.Inputs = []Field{
		actionGroupID("ID"),
		actionInRequired("name", "Name", "Group", TypeString, "The group's name (required: the whole profile is replaced)."),
		actionField("description", "Description", "Group", TypeString, ""),
		actionField("customProfile", "Custom Properties", "Custom Properties", TypeObject,
			"Custom group profile attributes by variable name."),
	}
	s.Outputs = actionGroupOutputs()
	return s
}

func actionDeleteGroup() Spec {
	s := actionCard("deleteGroup", "Delete Group", actionCatGroups, EffectIdempotent,
		[]string{"DELETE /api/v1/groups/{groupId}"},
		[]string{actionScopeGroupsManage},
		"Deletes an Okta group; its members stay, only the membership goes. Groups used by a group push mapping "+
			"cannot be deleted. A 404 on a retry means the first call already deleted the group.")
	s.Inputs = []Field{actionGroupID("ID")}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionSearchGroups() Spec {
	s := actionCard("searchGroups", "Search Groups", actionCatGroups, EffectRead,
		[]string{"GET /api/v1/groups?search={expression}"},
		[]string{actionScopeGroupsRead},
		"Lists groups equal to every filled-in input, ANDed with Custom Search Criteria; with no input, every group. "+
			"Search is eventually consistent: a group created a moment ago may be missing.")
	s.Options = []Field{actionResultSet(actionResultFirstOne, actionResultFirst200M, actionResultStreamM)}
	s.Inputs = []Field{
		actionField("id", "ID", "Inputs", TypeString, ""),
		actionField("name", "Name", "Inputs", TypeString, "profile.name equals this."),
		actionField("description", "Description", "Inputs", TypeString, "profile.description equals this."),
		{Key: "type", Name: "Type", Group: "Inputs", Type: TypeString, Choices: []string{"OKTA_GROUP", "APP_GROUP", "BUILT_IN"}},
		actionField("created", "Created", "Inputs", TypeString, "An exact timestamp; use Custom Search Criteria for ranges."),
		actionField("lastUpdated", "Last Updated", "Inputs", TypeString, ""),
		actionField("lastMembershipUpdated", "Last Membership Updated", "Inputs", TypeString, ""),
		actionField("customSearch", "Custom Search Criteria", "Inputs", TypeString,
			"A search expression, e.g. profile.name sw \"Sales\"."),
		actionRecordLimit("Search Criteria"),
	}
	s.Outputs = actionListOutputs("groups", "Groups", actionGroupOutputs(), "The matching groups.")
	return s
}

func actionAddUserToGroup() Spec {
	s := actionCard("addNewUserToGroup", "Add User to Group", actionCatGroups, EffectIdempotent,
		[]string{"PUT /api/v1/groups/{groupId}/users/{userId}"},
		[]string{actionScopeGroupsManage},
		"Adds a user to an Okta group (OKTA_GROUP type; app and directory groups are managed at their source). "+
			"A user who is already a member counts as success.")
	s.Inputs = []Field{actionGroupID("ID"), actionUserID("ID")}
	s.Outputs = []Field{actionStatusCode("Status", "Result")}
	return s
}

func actionRemoveUserFromGroup() Spec {
	s := actionCard("removeUserFromGroup", "Remove User from Group", actionCatGroups, EffectIdempotent,
		[]string{"DELETE /api/v1/groups/{groupId}/users/{userId}"},
		[]string{actionScopeGroupsManage},
		"Removes a user from an Okta group (OKTA_GROUP type). A user who is not a member counts as success.")
	s.Inputs = []Field{actionGroupID("ID"), actionUserID("ID")}
	s.Outputs = []Field{actionStatusCode("Status", "Result")}
	return s
}

func actionListGroupMembers() Spec {
	s := actionCard("listGroupMembers", "List Group Members", actionCatGroups, EffectRead,
		[]string{"GET /api/v1/groups/{groupId}/users"},
		[]string{actionScopeGroupsRead},
		"Lists the users in a group, following every page up to the Result Set or Record Limit.")
	s.Options = []Field{actionResultSet(actionResultFirst200, actionResultStream)}
	s.Inputs = []Field{actionGroupID("ID"), actionRecordLimit("List Criteria")}
	s.Outputs = actionListOutputs("users", "Users", actionUserOutputs(), "The group's members.")
	return s
}

func actionGetUsersGroups() Spec {
	s := actionCard("getUsersGroups", "Get Users Groups", actionCatGroups, EffectRead,
		[]string{"GET /api/v1/users/{userId}/groups"},
		[]string{actionScopeUsersRead},
		"Lists the groups a user belongs to, Everyone and app groups included.")
	s.Options = []Field{actionResultSet(actionResultFirst200, actionResultStream)}
	s.Inputs = []Field{actionUserID("ID"), actionRecordLimit("List Criteria")}
	s.Outputs = actionListOutputs("groups", "Groups", actionGroupOutputs(), "The user's groups.")
	return s
}
