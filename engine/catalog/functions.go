package catalog

import (
	"strconv"
	"strings"
)

// Function cards: conventions the engine and the UI rely on.
//
// Conditions (Continue If, If/Else) are three inputs with the same keys on every card: "left",
// "operator" (one of fnOperators) and "right". How the operators compare is part of the
// contract and is written in fnOperatorHelp.
//
// An output whose Group is "branch:<name>" exists only inside that branch: cards in For Each's
// "each" chain read the current element as output "item" of the For Each card (and its
// position as "index"); cards after the For Each card see only the outputs without a branch
// group ("results").
//
// Assign's outputs are the keys of its "values" input; a later card reads key "email" at the
// output path "values.email". Field.Branch reads the branch convention.

// Branch returns the branch an output exists in ("each" for For Each's item and index); ok is
// false for outputs that later cards can read.
func (f Field) Branch() (branch string, ok bool) {
	branch, ok = strings.CutPrefix(f.Group, fnBranchGroupPrefix)
	if !ok || branch == "" {
		return "", false
	}
	return branch, true
}

// functionGroup is the palette section of every function card.
const functionGroup = "Functions"

// fnBranchGroupPrefix starts the Group of an output that exists only inside a branch.
const fnBranchGroupPrefix = "branch:"

// fnOperators are the comparisons a condition offers, as Okta Workflows words them.
var fnOperators = []string{
	"equal to",
	"not equal to",
	"greater than",
	"greater than or equal to",
	"less than",
	"less than or equal to",
	"contains",
	"does not contain",
	"starts with",
	"ends with",
	"is empty",
	"is not empty",
}

const fnOperatorHelp = "How to compare. Two numbers compare as numbers, two dates as dates, anything else as text " +
	"(case-sensitive). \"contains\" on a list checks whether the list holds the value. " +
	"\"is empty\" is true for no value, empty text, an empty list or an empty object; it ignores Right."

// fnConditionInputs are the inputs of a card that tests one condition.
func fnConditionInputs() []Field {
	return []Field{
		{Key: "left", Name: "Left", Group: "Condition", Type: TypeAny, Required: true, Help: "The value to test, usually an output of an earlier card."},
		{Key: "operator", Name: "Operator", Group: "Condition", Type: TypeString, Required: true, Default: "equal to", Choices: append([]string(nil), fnOperators...), Help: fnOperatorHelp},
		{Key: "right", Name: "Right", Group: "Condition", Type: TypeAny, Help: "The value to compare with. Not used by \"is empty\" and \"is not empty\"."},
	}
}

// fnConcurrencyChoices are the allowed For Each concurrencies, 1 to 10, as text so that a
// generic check can compare any value's text form with the choices.
func fnConcurrencyChoices() []string {
	out := make([]string, 0, 10)
	for i := 1; i <= 10; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

// functionSpecs declares the built-in function cards.
func functionSpecs() []Spec {
	return []Spec{
		{
			ID: "function.continueIf", Version: 1, Kind: KindFunction,
			Name: "Continue If", Group: functionGroup, Category: "Flow control",
			Help: "Lets the run go on only when the condition is true. Otherwise the run stops here and is " +
				"recorded as filtered, not failed, with the message you give.",
			Inputs: append(fnConditionInputs(),
				Field{Key: "message", Name: "Message", Group: "Otherwise", Type: TypeString, Help: "Recorded in the run history when the condition is false."},
			),
		},
		{
			ID: "function.ifElse", Version: 1, Kind: KindFunction,
			Name: "If/Else", Group: functionGroup, Category: "Flow control",
			Help: "Runs the \"then\" cards when the condition is true and the \"else\" cards when it is false, " +
				"then goes on with the cards after it.",
			Inputs:   fnConditionInputs(),
			Branches: []string{"then", "else"},
			Outputs: []Field{
				{Key: "result", Name: "Result", Type: TypeBoolean, Help: "Whether the condition was true."},
			},
		},
		{
			ID: "function.forEach", Version: 1, Kind: KindFunction,
			Name: "For Each", Group: functionGroup, Category: "List",
			Help: "Runs the \"each\" cards once for every item of a list. Inside, Item is the current item and Index " +
				"its position (from 0). Stops at the first item whose cards fail.",
			Options: []Field{
				{Key: "concurrency", Name: "Concurrency", Type: TypeNumber, Default: 1, Choices: fnConcurrencyChoices(),
					Help: "How many items run at the same time, 1 to 10. Keep 1 when order matters; each item's Okta calls count against the rate limits."},
			},
			Inputs: []Field{
				{Key: "list", Name: "List", Type: TypeList, ListOf: TypeAny, Required: true},
			},
			Branches: []string{"each"},
			Outputs: []Field{
				{Key: "item", Name: "Item", Group: fnBranchGroupPrefix + "each", Type: TypeAny, Help: "The current item (inside the each cards only)."},
				{Key: "index", Name: "Index", Group: fnBranchGroupPrefix + "each", Type: TypeNumber, Help: "The current item's position, from 0 (inside the each cards only)."},
				{Key: "results", Name: "Results", Type: TypeList, ListOf: TypeObject,
					Help: "One entry per item, in the list's order: the outputs of the last card of the each cards."},
			},
		},
		{
			ID: "function.compose", Version: 1, Kind: KindFunction,
			Name: "Compose", Group: functionGroup, Category: "Text",
			Help: "Builds text from free text and fields of earlier cards, like a mail merge.",
			Inputs: []Field{
				{Key: "text", Name: "Text", Type: TypeString, Required: true, Help: "Type text and drop fields into it where their values should go."},
			},
			Outputs: []Field{
				{Key: "output", Name: "Output", Type: TypeString},
			},
		},
		{
			ID: "function.assign", Version: 1, Kind: KindFunction,
			Name: "Assign", Group: functionGroup, Category: "Flow control",
			Help: "Gives values names so later cards can use them: every key you add becomes an output of this card.",
			Inputs: []Field{
				{Key: "values", Name: "Values", Type: TypeObject, Required: true, Help: "Key/value pairs; each value is a literal or a field of an earlier card."},
			},
			Outputs: []Field{
				{Key: "values", Name: "Values", Type: TypeObject, Help: "The same keys with their values; read one key as values.<key>."},
			},
		},
	}
}
