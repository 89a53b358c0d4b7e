package catalog

// Okta action cards for linked-object values (manager/subordinate-style relationships between
// users). The values live on users (okta.users.*); the relationship names come from the
// linked-object definitions, which the card's Primary Name choices are read from
// (okta.linkedObjects.read).

func actionLinkedCards() []Spec {
	return []Spec{
		actionSetLinkedObjectValue(),
		actionGetPrimaryLinkedObjectValue(),
		actionGetAssociatedLinkedObjectValues(),
		actionDeleteLinkedObjectValue(),
	}
}

func actionPrimaryName() Field {
	return Field{Key: "primaryName", Name: "Primary Name", Group: "Linked Object", Type: TypeString, Required: true,
		Help: "The primary name of a linked-object definition, e.g. manager."}
}

func actionAssociatedUserID() Field {
	return Field{Key: "associatedUserId", Name: "Associated User ID", Group: "Linked Object", Type: TypeString, Required: true,
		Help: "The associated user (e.g. the subordinate): Okta ID or login."}
}

func actionSetLinkedObjectValue() Spec {
	s := actionCard("setLinkedObjectValueForPrimary", "Set Linked Object Value for Primary", actionCatLinked, EffectIdempotent,
		[]string{"PUT /api/v1/users/{associatedUserIdOrLogin}/linkedObjects/{primaryName}/{primaryUserId}"},
		[]string{actionScopeUsersManage, actionScopeLinkedRead},
		"Links an associated user to a primary user (for example sets an employee's manager). An associated user "+
			"has at most one primary per relationship: an existing link is replaced.")
	s.Inputs = []Field{
		{Key: "primaryUserId", Name: "Primary User ID", Group: "Linked Object", Type: TypeString, Required: true,
			Help: "The primary user (e.g. the manager): Okta ID."},
		actionAssociatedUserID(),
		actionPrimaryName(),
	}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}

func actionGetPrimaryLinkedObjectValue() Spec {
	s := actionCard("getPrimaryLinkedObjectValue", "Get Primary Linked Object Value", actionCatLinked, EffectRead,
		[]string{"GET /api/v1/users/{associatedUserIdOrLogin}/linkedObjects/{primaryName}"},
		[]string{actionScopeUsersRead, actionScopeLinkedRead},
		"Returns the primary user an associated user is linked to (for example an employee's manager). Empty "+
			"when there is none.")
	s.Inputs = []Field{actionAssociatedUserID(), actionPrimaryName()}
	s.Outputs = []Field{
		actionField("primaryUserId", "Primary User ID", "Output", TypeString, "Empty when the user has no primary."),
		actionField("link", "Link", "Output", TypeString, "The primary user's API URL as Okta returns it."),
	}
	return s
}

func actionGetAssociatedLinkedObjectValues() Spec {
	s := actionCard("getAssociatedLinkedObjectValues", "Get Associated Linked Object Values", actionCatLinked, EffectRead,
		[]string{"GET /api/v1/users/{primaryUserIdOrLogin}/linkedObjects/{associatedName}"},
		[]string{actionScopeUsersRead, actionScopeLinkedRead},
		"Lists the users linked to a primary user under a relationship (for example a manager's direct reports). "+
			"Okta returns links; the card also gives the user IDs taken from them.")
	s.Inputs = []Field{
		{Key: "primaryUserId", Name: "User ID", Group: "Linked Object", Type: TypeString, Required: true,
			Help: "The primary user (e.g. the manager): Okta ID or login."},
		{Key: "associatedName", Name: "Associated Name", Group: "Linked Object", Type: TypeString, Required: true,
			Help: "The associated name of a linked-object definition, e.g. subordinate."},
	}
	s.Outputs = []Field{
		actionStringList("userIds", "Associated User IDs", "Output", "The IDs of the associated users; empty when none."),
		actionList("associated", "Associated Users", []Field{
			{Key: "id", Name: "User ID", Type: TypeString},
			{Key: "link", Name: "Link", Type: TypeString},
			actionRaw(),
		}, "Each associated user's ID and API URL; Raw Output is Okta's _links object."),
	}
	return s
}

func actionDeleteLinkedObjectValue() Spec {
	s := actionCard("deleteLinkedObjectValue", "Delete Linked Object Value", actionCatLinked, EffectIdempotent,
		[]string{"DELETE /api/v1/users/{associatedUserIdOrLogin}/linkedObjects/{primaryName}"},
		[]string{actionScopeUsersManage, actionScopeLinkedRead},
		"Removes an associated user's link to its primary (for example clears an employee's manager). Succeeds "+
			"even when there was no link; fails (404) when no definition has that primary name.")
	s.Inputs = []Field{actionAssociatedUserID(), actionPrimaryName()}
	s.Outputs = []Field{actionStatusCode("Status Code", "Output")}
	return s
}
