package catalog

// eventImportCards declares the event cards about imports from directories and apps
// (Active Directory, LDAP, HR sources, CSV).
func eventImportCards() []eventCard {
	const cat = "Import"
	source := []eventTarget{eventTargetApp}
	group := []eventTarget{eventTargetApp, eventTargetGroup}
	return []eventCard{
		{
			id: "importStarted", name: "Import Started", category: cat,
			types:   []string{"system.import.start"},
			targets: source,
			help:    "Starts the flow when an import of users or groups begins. Application is the directory or app imported from.",
		},
		{
			id: "importProcessCompleted", name: "Import Process Completed", category: cat,
			types:   []string{"system.import.complete"},
			targets: source, outcome: eventOutcomeChange,
			help: "Starts the flow when a whole import finishes (not each batch of it). " +
				"Users it brought in may still wait for confirmation in the Admin Console.",
		},
		{
			id: "importRoadblock", name: "Import Roadblock", category: cat,
			types:   []string{"system.import.roadblock"},
			targets: source,
			help: "Starts the flow when Okta pauses an import because it would change more users than the safeguard " +
				"threshold allows. An admin must review and resume it.",
		},
		{
			id: "importGroupCreated", name: "Import Group Created", category: cat,
			types:   []string{"system.import.group.create"},
			targets: group, outcome: eventOutcomeChange,
			help: "Starts the flow when an import creates a group in Okta. Gives the group and the directory or app it came from.",
		},
		{
			id: "importGroupDeleted", name: "Import Group Deleted", category: cat,
			types:   []string{"system.import.group.delete"},
			targets: group, outcome: eventOutcomeChange,
			help: "Starts the flow when an import removes a group from Okta because it is gone from the source.",
		},
	}
}
