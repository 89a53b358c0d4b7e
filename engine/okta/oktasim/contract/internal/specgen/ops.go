// Package specgen trims Okta's official OpenAPI specs down to the operations Flowdeck uses:
// the action cards' calls (read from the card catalog, so the contract follows the cards), the
// System Log poll, and the org authorization server's OAuth endpoints. The simulator's contract
// test validates against the trimmed copy, which is checked in so tests need no ../shared.
package specgen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// Op is one operation: an upper-case HTTP method and a path template.
type Op struct {
	Method string
	Path   string
}

func (o Op) String() string { return o.Method + " " + o.Path }

// Shape is the path with every {parameter} written as {}, so that a card's
// "/api/v1/users/{idOrLogin}" and the spec's "/api/v1/users/{id}" compare equal.
func (o Op) Shape() string {
	segs := strings.Split(o.Path, "/")
	for i, s := range segs {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			segs[i] = "{}"
		}
	}
	return o.Method + " " + strings.Join(segs, "/")
}

// ParseAPILine reads a card's "METHOD /path?query" line. ok is false for lines that are not a
// fixed Okta path, such as the Custom API Action's "GET {relativeUrl}".
func ParseAPILine(line string) (op Op, ok bool) {
	method, path, found := strings.Cut(strings.TrimSpace(line), " ")
	if !found || !strings.HasPrefix(path, "/") {
		return Op{}, false
	}
	path, _, _ = strings.Cut(strings.TrimSpace(path), "?")
	return Op{Method: strings.ToUpper(method), Path: path}, true
}

// CardOps returns the operations the registry's action cards call, deduplicated by shape and
// sorted, with the ids of the cards that call each.
func CardOps(reg *catalog.Registry) (ops []Op, cards map[string][]string) {
	cards = map[string][]string{}
	byShape := map[string]Op{}
	for _, s := range reg.OfKind(catalog.KindAction) {
		for _, line := range s.API {
			op, ok := ParseAPILine(line)
			if !ok {
				continue
			}
			if _, seen := byShape[op.Shape()]; !seen {
				byShape[op.Shape()] = op
			}
			if !slices.Contains(cards[op.Shape()], s.ID) {
				cards[op.Shape()] = append(cards[op.Shape()], s.ID)
			}
		}
	}
	for _, op := range byShape {
		ops = append(ops, op)
	}
	slices.SortFunc(ops, func(a, b Op) int { return strings.Compare(a.String(), b.String()) })
	return ops, cards
}

// ManagementExtras are operations outside the cards that Flowdeck and the simulator rely on:
// the System Log poll, the org's pipeline probe, and Replace Application, which Okta's own SDK
// integration tests call against the simulator (sdkintegration).
var ManagementExtras = []Op{
	{Method: "GET", Path: "/api/v1/logs"},
	{Method: "GET", Path: "/.well-known/okta-organization"},
	{Method: "PUT", Path: "/api/v1/apps/{appId}"},
}

// OAuthOps are the org authorization server's endpoints in the sign-in, refresh and revoke
// flow. Optional ones (absent from the spec) are skipped; see OAuthOptional.
var OAuthOps = []Op{
	{Method: "GET", Path: "/oauth2/v1/authorize"},
	{Method: "POST", Path: "/oauth2/v1/token"},
	{Method: "POST", Path: "/oauth2/v1/revoke"},
	{Method: "GET", Path: "/oauth2/v1/keys"},
	{Method: "GET", Path: "/.well-known/openid-configuration"},
	{Method: "GET", Path: "/.well-known/oauth-authorization-server"},
}

// OAuthOptional lists OAuthOps that Okta's spec may not describe at the org level: Okta serves
// /.well-known/oauth-authorization-server for the org, but the spec only documents it under a
// custom authorization server.
var OAuthOptional = []Op{
	{Method: "GET", Path: "/.well-known/oauth-authorization-server"},
}

// missingError reports wanted operations the spec lacks, worded for whoever changed the cards.
func missingError(file string, missing []Op) error {
	if len(missing) == 0 {
		return nil
	}
	names := make([]string, len(missing))
	for i, m := range missing {
		names[i] = m.String()
	}
	return fmt.Errorf("%s has no operation for %s: fix the card's API line or the operation list in specgen",
		file, strings.Join(names, ", "))
}
