// Package contract holds the simulated Okta org to Okta's official OpenAPI spec. It embeds a
// trimmed copy of the spec (the operations Flowdeck's cards, System Log poll and sign-in use) and
// checks every response that passes through Wrap: the operation exists, the status is declared,
// the body matches the schema, and the body carries every field Okta's own example carries.
// Okta's schemas mark few fields required, so a schema alone would accept "{}".
package contract

//go:generate go run ./internal/gen
