package auth

import (
	"sort"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// baseScopes are asked for on every sign-in: an ID token (who signed in), a refresh token, and
// the System Log (the engine polls it for every event card).
var baseScopes = []string{"openid", "profile", "email", "offline_access", "okta.logs.read"}

// DefaultScopes is the scope list asked for at sign-in: the base scopes plus every okta.* scope
// an action card of reg declares. It derives from the card specs, so a new card brings its scope.
func DefaultScopes(reg *catalog.Registry) []string {
	set := map[string]bool{}
	for _, s := range baseScopes {
		set[s] = true
	}
	for _, spec := range reg.All() {
		for _, s := range spec.Scopes {
			set[s] = true
		}
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}

// CardsMissingScopes lists the action cards that cannot run with the granted scopes, each with
// the scopes it lacks. A ".manage" scope implies its ".read" scope, as at Okta.
func CardsMissingScopes(reg *catalog.Registry, granted []string) map[*catalog.Spec][]string {
	have := map[string]bool{}
	for _, s := range granted {
		have[s] = true
		if len(s) > 7 && s[len(s)-7:] == ".manage" {
			have[s[:len(s)-7]+".read"] = true
		}
	}
	out := map[*catalog.Spec][]string{}
	for _, spec := range reg.OfKind(catalog.KindAction) {
		for _, s := range spec.Scopes {
			if !have[s] {
				out[spec] = append(out[spec], s)
			}
		}
	}
	return out
}
