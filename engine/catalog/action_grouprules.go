package catalog

// Okta action cards for group rules (automatic membership by expression).

func actionGroupRuleCards() []Spec {
	return []Spec{
		actionReadGroupRule(),
		actionCreateGroupRule(),
		actionUpdateGroupRule(),
		actionActivateGroupRule(),
		actionDeactivateGroupRule(),
		actionDeleteGroupRule(),
		actionSearchGroupRules(),
	}
}

// actionGroupRuleInputs are the rule's editable parts, shared by Create and Update.
func actionGroupRuleInputs() []Field {
	const g = "Group Rule"
	return []Field{
		actionInRequired("name", "Name", g, TypeString, "1 to 50 characters."),
		actionInRequired("expression", "Expression Conditions", g, TypeString,
			"An Okta Expression Language condition, e.g. user.department == \"Sales\"."),
		{Key: "groupIds", Name: "Assign to Groups", Group: g, Type: TypeList, ListOf: TypeString, Required: true,
			Help: "IDs of the Okta groups matching users are added to."},
		actionStringList("excludeUsers", "Exclude Users", g, "User IDs the rule must never assign."),
	}
}

func actionReadGroupRule() Spec {
	s := actionCard("readGroupRule", "Read Group Rule", actionCatGroupRules, EffectRead,
		[]string{"GET /api/v1/groups/rules/{groupRuleId}"},
		[]string{actionScopeGroupsRead},
		"Reads one group rule by ID: its condition, target groups, exclusions and status.")
	s.Inputs = []Field{actionRuleID()}
	s.Outputs = actionGroupRuleOutputs()
	return s
}

func actionCreateGroupRule() Spec {
	s := actionCard("createGroupRule", "Create Group Rule", actionCatGroupRules, EffectNonIdempotent,
		[]string{"POST /api/v1/groups/rules"},
		[]string{actionScopeGroupsManage},
		"Creates a group rule that adds users matching the expression to the given groups. Okta creates it "+
			"INACTIVE: follow with Activate Group Rule. Not repeated blindly (a retry would create a second rule).")
	s.Inputs = actionGroupRuleInputs()
	s.Outputs = actionGroupRuleOutputs()
	return s
}

func actionUpdateGroupRule() Spec {
	s := actionCard("updateGroupRule", "Update Group Rule", actionCatGroupRules, EffectIdempotent,
		[]string{"PUT /api/v1/groups/rules/{groupRuleId}"},
		[]string{actionScopeGroupsManage},
		"Replaces a group rule's name, condition, target groups and exclusions. Okta updates only INACTIVE rules: "+
			"deactivate it first and activate it again afterwards.")
	s.Inputs = append([]Field{actionRuleID()}, actionGroupRuleInputs()...)
	s.Outputs = actionGroupRuleOutputs()
	return s
}

func actionActivateGroupRule() Spec {
	s := actionCard("activateGroupRule", "Activate Group Rule", actionCatGroupRules, EffectIdempotent,
		[]string{"POST /api/v1/groups/rules/{groupRuleId}/lifecycle/activate"},
		[]string{actionScopeGroupsManage},
		"Activates a group rule; Okta then starts adding matching users to its groups. A rule that is already active counts as success.")
	s.Inputs = []Field{actionRuleID()}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionDeactivateGroupRule() Spec {
	s := actionCard("deactivateGroupRule", "Deactivate Group Rule", actionCatGroupRules, EffectIdempotent,
		[]string{"POST /api/v1/groups/rules/{groupRuleId}/lifecycle/deactivate"},
		[]string{actionScopeGroupsManage},
		"Deactivates a group rule so it can be changed or deleted. A rule that is already inactive counts as success.")
	s.Inputs = []Field{actionRuleID()}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionDeleteGroupRule() Spec {
	s := actionCard("deleteGroupRule", "Delete Group Rule", actionCatGroupRules, EffectIdempotent,
		[]string{"DELETE /api/v1/groups/rules/{groupRuleId}"},
		[]string{actionScopeGroupsManage},
		"Deletes a group rule. Okta deletes only INACTIVE rules (deactivate first); users it added stay in their "+
			"groups. A 404 on a retry means the first call already deleted the rule.")
	s.Inputs = []Field{actionRuleID()}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionSearchGroupRules() Spec {
	s := actionCard("searchGroupRules", "Search Group Rules", actionCatGroupRules, EffectRead,
		[]string{"GET /api/v1/groups/rules?search={keyword}"},
		[]string{actionScopeGroupsRead},
		"Lists group rules whose name contains the keyword; with no keyword, every rule.")
	s.Options = []Field{actionResultSet(actionResultFirstOne, actionResultFirst200M, actionResultStreamM)}
	s.Inputs = []Field{
		actionField("search", "Search", "Inputs", TypeString, "A keyword in the rule's name."),
		actionRecordLimit("Search Criteria"),
	}
	s.Outputs = actionListOutputs("groupRules", "Group Rules", actionGroupRuleOutputs(), "The matching rules.")
	return s
}
