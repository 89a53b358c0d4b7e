package catalog

// eventUserCards declares the event cards about a user's lifecycle, account and profile.
func eventUserCards() []eventCard {
	const cat = "Users"
	user := []eventTarget{eventTargetUser}
	return []eventCard{
		{
			id: "userCreated", name: "User Created", category: cat,
			types:   []string{"user.lifecycle.create"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a user is created in Okta, by an admin, an import, an API call or self-registration. " +
				"Gives the new user's id, login and name; read the user for the full profile.",
		},
		{
			id: "userActivated", name: "User Activated", category: cat,
			types:   []string{"user.lifecycle.activate"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a user is activated: the account becomes ACTIVE (or PROVISIONED until the user sets a password).",
		},
		{
			id: "userDeactivated", name: "User Deactivated", category: cat,
			types:   []string{"user.lifecycle.deactivate"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a user is deactivated (DEPROVISIONED). " +
				"The user still exists and can be read; deleting them is a separate step that fires User Deleted.",
		},
		{
			id: "userDeleted", name: "User Deleted", category: cat,
			types:   []string{"user.lifecycle.delete.initiated"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when the deletion of a user begins. " +
				"By the time the flow runs the user may already be gone, so Read User can answer 404: " +
				"rely on the id, login (Alternate ID) and name this event gives.",
		},
		{
			id: "userReactivated", name: "User Reactivated", category: cat,
			types:   []string{"user.lifecycle.reactivate"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a deactivated user is reactivated.",
		},
		{
			id: "userSuspended", name: "User Suspended", category: cat,
			types:   []string{"user.lifecycle.suspend"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a user is suspended: they cannot sign in, but keep their assignments and groups.",
		},
		{
			id: "userUnsuspended", name: "User Unsuspended", category: cat,
			types:   []string{"user.lifecycle.unsuspend"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a suspended user is unsuspended and can sign in again.",
		},
		{
			id: "userAccountLocked", name: "User Account Locked", category: cat,
			types:   []string{"user.account.lock"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when Okta locks a user's account after too many failed sign-ins. " +
				"Only the automatic lock: reaching the lockout limit is a different event.",
		},
		{
			id: "userAccountUnlocked", name: "User Account Unlocked", category: cat,
			types:   []string{"user.account.unlock"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when Okta unlocks a locked account on its own (the lockout period ended). " +
				"An admin's unlock is logged as a different event and does not start this card.",
		},
		{
			id: "oktaUserProfileUpdated", name: "User Okta Profile Updated", category: cat,
			types:   []string{"user.account.update_profile"},
			targets: user, outcome: eventOutcomeChange,
			extra: []Field{eventChangedAttributes()},
			help: "Starts the flow when a user's Okta profile changes, by an admin, the user, an import or the API. " +
				"Changed Attributes lists what changed; read the user for the new values.",
		},
		{
			id: "oktaUserPasswordUpdated", name: "User Okta Password Updated", category: cat,
			types:   []string{"user.account.update_password"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a user's Okta password is changed. " +
				"Okta logs rejected changes (a password the policy refuses) with the same event and outcome FAILURE.",
		},
		{
			id: "oktaUserPasswordReset", name: "User Okta Password Reset by an Admin", category: cat,
			types:   []string{"user.account.reset_password"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a user's Okta password is reset. " +
				"The event type is the same whoever started the reset: check Actor to tell an admin's reset from others.",
		},
		{
			id: "userPasswordImported", name: "User Password Imported", category: cat,
			types:   []string{"user.import.password"},
			targets: user,
			outcome: eventOutcome{
				choices: []string{"SUCCESS", "FAILURE"},
				def:     eventOutcomeAny,
				help:    "Which results start the flow. Okta logs both imports that worked and imports that failed; Any (the default) takes both.",
			},
			help: "Starts the flow when Okta tries to import a user's password from the external system at sign-in " +
				"(password import inline hook). Outcome says whether the import worked.",
		},
		{
			id: "userPrivilegeGranted", name: "User Privilege Granted", category: cat,
			types:   []string{"user.account.privilege.grant"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when a user is given admin privileges (an admin role). " +
				"The roles granted are in Debug Context (debugData.privilegeGranted).",
		},
		{
			id: "userPrivilegeRevoked", name: "User Privilege Revoked", category: cat,
			types:   []string{"user.account.privilege.revoke"},
			targets: user, outcome: eventOutcomeChange,
			help: "Starts the flow when all of a user's admin privileges are taken away.",
		},
	}
}
