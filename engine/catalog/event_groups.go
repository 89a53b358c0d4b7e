package catalog

// eventGroupCards declares the event cards about Okta groups and group membership.
func eventGroupCards() []eventCard {
	const cat = "Groups"
	group := []eventTarget{eventTargetGroup}
	member := []eventTarget{eventTargetUser, eventTargetGroup}
	return []eventCard{
		{
			id: "groupCreated", name: "Group Created", category: cat,
			types:   []string{"group.lifecycle.create"},
			targets: group, outcome: eventOutcomeChange,
			help: "Starts the flow when an Okta group is created (in Okta itself; groups imported from a directory fire Import Group Created).",
		},
		{
			id: "groupDeleted", name: "Group Deleted", category: cat,
			types:   []string{"group.lifecycle.delete"},
			targets: group, outcome: eventOutcomeChange,
			help: "Starts the flow when an Okta group is deleted. " +
				"The group is gone when the flow runs: use the id and name this event gives.",
		},
		{
			id: "groupProfileUpdated", name: "Group Profile Updated", category: cat,
			types:   []string{"group.profile.update"},
			targets: group, outcome: eventOutcomeChange,
			extra: []Field{eventChangedAttributes()},
			help: "Starts the flow when an Okta group's profile (name, description or custom attributes) changes. " +
				"Changed Attributes lists what changed.",
		},
		{
			id: "groupPrivilegeGranted", name: "Group Privilege Granted", category: cat,
			types:   []string{"group.privilege.grant"},
			targets: group, outcome: eventOutcomeChange,
			help: "Starts the flow when a group is given an admin role, making every member an admin. " +
				"The role granted is in Debug Context.",
		},
		{
			id: "groupPrivilegeRevoked", name: "Group Privilege Revoked", category: cat,
			types:   []string{"group.privilege.revoke"},
			targets: group, outcome: eventOutcomeChange,
			help: "Starts the flow when a group's admin roles are taken away.",
		},
		{
			id: "userAddedToGroupMembership", name: "User Added to Group", category: cat,
			types:   []string{"group.user_membership.add"},
			targets: member, outcome: eventOutcomeChange,
			help: "Starts the flow when a user becomes a member of a group, by an admin, a group rule, an import or the API. " +
				"Gives the user and the group.",
		},
		{
			id: "userRemovedFromGroupMembership", name: "User Removed from Group", category: cat,
			types:   []string{"group.user_membership.remove"},
			targets: member, outcome: eventOutcomeChange,
			help: "Starts the flow when a user stops being a member of a group. Gives the user and the group.",
		},
	}
}
