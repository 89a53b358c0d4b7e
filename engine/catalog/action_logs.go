package catalog

// The System Log search card.

func actionSearchSystemLogs() Spec {
	s := actionCard("searchSystemLogs", "Search System Logs", actionCatSystemLog, EffectRead,
		[]string{"GET /api/v1/logs"},
		[]string{actionScopeLogsRead},
		"Searches the System Log between Since and Until. Search By Expression joins every filled-in field with "+
			"eq and and, then ANDs the Custom Filter; Search By Keyword matches words anywhere in the event. "+
			"Okta keeps 90 days of events; a query runs at most 30 seconds. Targets come in no fixed order: "+
			"pick one by its type.")
	const by = "Search By"
	s.Options = []Field{
		{Key: "searchBy", Name: "Search By", Type: TypeString, Required: true, Default: "Expression",
			Choices: []string{"Expression", "Keyword"},
			Help:    "Expression: the fields below (filter). Keyword: the Keyword input (q)."},
		actionResultSet(actionResultFirstOne, actionResultFirst200M, actionResultStreamM),
	}
	s.Inputs = []Field{
		actionField("since", "Since", "Date", TypeDate, "Start of the window (RFC 3339). Empty: 7 days ago."),
		actionField("until", "Until", "Date", TypeDate, "End of the window (RFC 3339). Empty: now."),
		{Key: "sortOrder", Name: "Order", Group: "Sort", Type: TypeString, Default: "ASCENDING",
			Choices: []string{"ASCENDING", "DESCENDING"}},
		actionField("eventType", "Event Type", by, TypeString, "For example user.lifecycle.create."),
		actionField("uuid", "UUID", by, TypeString, ""),
		actionField("displayMessage", "Display Message", by, TypeString, ""),
		actionField("actorId", "Actor ID", by, TypeString, ""),
		actionField("actorDisplayName", "Actor Display Name", by, TypeString, ""),
		actionField("actorType", "Actor Type", by, TypeString, "For example User or PublicClientApp."),
		actionField("targetId", "Target ID", by, TypeString, ""),
		actionField("targetDisplayName", "Target Display Name", by, TypeString, ""),
		actionField("targetType", "Target Type", by, TypeString, "For example User, UserGroup, AppInstance."),
		{Key: "severity", Name: "Severity", Group: by, Type: TypeString, Choices: []string{"DEBUG", "INFO", "WARN", "ERROR"}},
		actionField("customFilter", "Custom Filter", by, TypeString,
			"A SCIM filter ANDed with the fields, e.g. outcome.result eq \"FAILURE\"."),
		actionField("keyword", "Keyword", "Keyword", TypeString, "Words to find anywhere in the event (Search By Keyword)."),
		actionRecordLimit("Search Criteria"),
	}
	s.Outputs = actionListOutputs("logs", "System Logs", actionLogEventOutputs(), "The matching events, in the chosen order.")
	return s
}
