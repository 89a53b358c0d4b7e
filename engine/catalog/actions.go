package catalog

// actionSpecs declares the 60 Okta action cards (the Okta connector's actions as Okta Workflows
// offers them), grouped by category in the action_*.go files.
func actionSpecs() []Spec {
	var specs []Spec
	specs = append(specs, actionUserCards()...)
	specs = append(specs, actionGroupCards()...)
	specs = append(specs, actionGroupRuleCards()...)
	specs = append(specs, actionAppCards()...)
	specs = append(specs, actionAppUserCards()...)
	specs = append(specs, actionLinkedCards()...)
	specs = append(specs, actionImportCards()...)
	specs = append(specs, actionSearchSystemLogs())
	return append(specs, actionCustomAPI(actionScopesOf(specs)))
}
