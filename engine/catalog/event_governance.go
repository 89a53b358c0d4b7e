package catalog

// eventGovernanceCards declares the event cards of Okta Identity Governance: access requests
// and access certification. Orgs without Okta Identity Governance never write these events.
func eventGovernanceCards() []eventCard {
	const (
		cat  = "Governance"
		note = " Needs Okta Identity Governance; details are available from its API."
	)
	request := []eventTarget{eventTargetAccessRequest}
	return []eventCard{
		{
			id: "accessRequestCreated", name: "Access Request Created", category: cat,
			types:   []string{"access.request.create"},
			targets: request,
			help:    "Starts the flow when someone asks for access to an app, group or entitlement." + note,
		},
		{
			id: "accessRequestResolved", name: "Access Request Resolved", category: cat,
			types:   []string{"access.request.resolve"},
			targets: request,
			help: "Starts the flow when an access request is resolved. Canceled, rejected and expired requests are " +
				"logged as other events and do not start this card." + note,
		},
		{
			id: "accessCertificationDecisionSubmitted", name: "Access Certification Decision Submitted", category: cat,
			types:   []string{"certification.campaign.item.decide"},
			targets: []eventTarget{eventTargetReviewItem},
			outcome: eventOutcome{
				choices: []string{"SUCCESS", "SKIPPED"},
				def:     eventOutcomeAny,
				help:    "Which decisions start the flow. Approvals and revocations arrive as SUCCESS, delegations as SKIPPED.",
			},
			help: "Starts the flow when a reviewer decides on an item of an access certification campaign, or when the " +
				"campaign ends with the item unreviewed. Campaign, user, resource and decision (APPROVE, REVOKE, DELEGATE, " +
				"NORESPONSE) are in Debug Context." + note,
		},
	}
}
