package catalog

// eventAppCards declares the event cards about app integrations, app assignments and
// provisioning.
func eventAppCards() []eventCard {
	const cat = "Applications"
	app := []eventTarget{eventTargetApp}
	assignment := []eventTarget{eventTargetUser, eventTargetAppUser, eventTargetApp}
	return []eventCard{
		{
			id: "applicationActivated", name: "Application Activated", category: cat,
			types:   []string{"application.lifecycle.activate"},
			targets: app, outcome: eventOutcomeChange, appFilter: true,
			help: "Starts the flow when an app integration is activated, so users can sign in to it again.",
		},
		{
			// No app filter: the app's id is not known before it exists.
			id: "applicationCreated", name: "Application Created", category: cat,
			types:   []string{"application.lifecycle.create"},
			targets: app, outcome: eventOutcomeChange,
			help: "Starts the flow when a new app integration is added to the org.",
		},
		{
			id: "applicationDeactivated", name: "Application Deactivated", category: cat,
			types:   []string{"application.lifecycle.deactivate"},
			targets: app, outcome: eventOutcomeChange, appFilter: true,
			help: "Starts the flow when an app integration is deactivated: users can no longer sign in to it.",
		},
		{
			id: "applicationDeleted", name: "Application Deleted", category: cat,
			types:   []string{"application.lifecycle.delete"},
			targets: app, outcome: eventOutcomeChange, appFilter: true,
			help: "Starts the flow when an app integration is deleted. The app is gone when the flow runs: use the id and name this event gives.",
		},
		{
			id: "applicationUpdated", name: "Application Updated", category: cat,
			types:   []string{"application.lifecycle.update"},
			targets: app, outcome: eventOutcomeChange, appFilter: true,
			help: "Starts the flow when an app integration's settings change.",
		},
		{
			id: "userAddedToApplicationMembership", name: "User Assigned to Application", category: cat,
			types:   []string{"application.user_membership.add"},
			targets: assignment, outcome: eventOutcomeChange, appFilter: true,
			help: "Starts the flow when a user is assigned to an app, directly or through a group. " +
				"Gives the Okta user, their account in the app (Application User) and the app. " +
				"Set App Instance ID to react to one app only.",
		},
		{
			id: "userRemovedFromApplicationMembership", name: "User Unassigned from Application", category: cat,
			types:   []string{"application.user_membership.remove"},
			targets: assignment, outcome: eventOutcomeChange, appFilter: true,
			help: "Starts the flow when a user's assignment to an app is removed. " +
				"Gives the Okta user, their account in the app and the app. Set App Instance ID to react to one app only.",
		},
		{
			id: "userAppPasswordChanged", name: "User App Password Changed", category: cat,
			types:   []string{"application.user_membership.change_password"},
			targets: assignment, outcome: eventOutcomeChange, appFilter: true,
			help: "Starts the flow when the password Okta keeps for a user's app account changes (SWA or provisioned password). " +
				"The password itself is never in the event.",
		},
		{
			id: "syncUserInExternalApplication", name: "Sync User in External Application", category: cat,
			types:   []string{"application.provision.user.sync"},
			targets: assignment, outcome: eventOutcomeChange, appFilter: true,
			help: "Starts the flow when Okta provisioning pushes a user's data to an app. " +
				"Choose Outcome FAILURE to catch provisioning errors.",
		},
		{
			id: "groupPushFailed", name: "Group Push Failed", category: cat,
			types:     []string{"application.provision.group_push.mapping.update.or.delete.failed.with.error"},
			targets:   []eventTarget{eventTargetApp, eventTargetGroup, eventTargetPushMap},
			appFilter: true,
			help: "Starts the flow when a group push to an app fails and Okta will not retry it: an admin has to act. " +
				"Gives the app, the group and the push mapping; the error is in Outcome and Debug Context.",
		},
		{
			id: "oauth2AppConsentGranted", name: "OAuth2 App Consent Granted", category: cat,
			types:   []string{"app.oauth2.as.consent.grant"},
			targets: []eventTarget{eventTargetUser, eventTargetApp}, outcome: eventOutcomeChange,
			help: "Starts the flow when a user grants an OAuth 2.0 app consent to scopes on a custom authorization server. " +
				"Consent through the org authorization server is a different event and does not start this card.",
		},
	}
}
