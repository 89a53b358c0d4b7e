package catalog

// eventSystemCards declares the event cards about org-wide settings: API tokens and rate limits.
func eventSystemCards() []eventCard {
	const cat = "System"
	token := []eventTarget{eventTargetToken}
	limit := []eventTarget{eventTargetURL}
	return []eventCard{
		{
			id: "apiTokenCreated", name: "API Token Created", category: cat,
			types:   []string{"system.api_token.create"},
			targets: token, outcome: eventOutcomeChange,
			help: "Starts the flow when an admin creates an API token (SSWS). Such a token acts with its creator's " +
				"admin rights until revoked, so this is worth a review. Gives the token's id and name, never its value.",
		},
		{
			id: "apiTokenRevoked", name: "API Token Revoked", category: cat,
			types:   []string{"system.api_token.revoke"},
			targets: token, outcome: eventOutcomeChange,
			help: "Starts the flow when an API token is revoked.",
		},
		{
			id: "orgRateLimitWarning", name: "Org Rate Limit Warning", category: cat,
			types:   []string{"system.org.rate_limit.warning"},
			targets: limit,
			help: "Starts the flow when an API endpoint passes the org's rate-limit warning threshold (set in the Admin Console). " +
				"The endpoint is in URL Pattern; limits and timings are in Debug Context.",
		},
		{
			id: "orgRateLimitViolation", name: "Org Rate Limit Violation", category: cat,
			types:   []string{"system.org.rate_limit.violation"},
			targets: limit,
			help: "Starts the flow when an API endpoint goes over the org's rate limit and Okta starts refusing calls (HTTP 429). " +
				"A flow that calls the same endpoint will be slowed down too.",
		},
	}
}
