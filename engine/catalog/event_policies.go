package catalog

// eventPolicyCards declares the event cards about policies and their rules.
func eventPolicyCards() []eventCard {
	const cat = "Policies"
	policy := []eventTarget{eventTargetPolicy}
	rule := []eventTarget{eventTargetPolicy, eventTargetRule}
	card := func(id, name, eventType string, targets []eventTarget, help string) eventCard {
		return eventCard{
			id: id, name: name, category: cat,
			types:   []string{eventType},
			targets: targets, outcome: eventOutcomeChange,
			help: help,
		}
	}
	return []eventCard{
		card("policyActivated", "Policy Activated", "policy.lifecycle.activate", policy,
			"Starts the flow when a policy (sign-on, password, MFA enrollment, authorization server…) is activated. "+
				"The policy's type is in its Details."),
		card("policyDeactivated", "Policy Deactivated", "policy.lifecycle.deactivate", policy,
			"Starts the flow when a policy is deactivated and stops applying."),
		card("policyUpdated", "Policy Updated", "policy.lifecycle.update", policy,
			"Starts the flow when a policy's own settings change (its rules have their own cards)."),
		card("policyRuleActivated", "Policy Rule Activated", "policy.rule.activate", rule,
			"Starts the flow when a policy rule is activated. Gives the rule and the policy it belongs to."),
		card("policyRuleAdded", "Policy Rule Added", "policy.rule.add", rule,
			"Starts the flow when a rule is added to a policy. Gives the rule and the policy it belongs to."),
		card("policyRuleDeactivated", "Policy Rule Deactivated", "policy.rule.deactivate", rule,
			"Starts the flow when a policy rule is deactivated. Gives the rule and the policy it belongs to."),
		card("policyRuleDeleted", "Policy Rule Deleted", "policy.rule.delete", rule,
			"Starts the flow when a policy rule is deleted. The rule is gone when the flow runs."),
		card("policyRuleUpdated", "Policy Rule Updated", "policy.rule.update", rule,
			"Starts the flow when a policy rule's conditions or actions change. Gives the rule and the policy it belongs to."),
	}
}
