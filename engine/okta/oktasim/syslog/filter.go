package syslog

import (
	"errors"
	"fmt"
	"strings"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/scimfilter"
)

// Filter is a parsed System Log `filter` expression (SCIM syntax: eq ne co sw ew pr gt ge lt le,
// and or not, parentheses), parsed and evaluated by package scimfilter against the System Log's
// attribute table. String comparisons ignore case, as SCIM's default caseExact=false does; a
// multi-valued attribute such as target.id matches when any of its values does.
type Filter struct {
	f     *scimfilter.Filter
	paths map[string][]string // each attribute path, split once: an event is matched per query
}

// FilterError is a filter Okta refuses with HTTP 400; Code is Okta's errorCode (E0000031) and
// Summary its errorSummary.
type FilterError struct {
	Code    string
	Summary string
}

func (e *FilterError) Error() string { return e.Code + " " + e.Summary }

// ParseFilter parses a filter expression the way /api/v1/logs does, refusing what Okta refuses:
// unknown attributes, the `published` attribute (since, until and after bound it), `co` on
// debugData.url and requestUri, and the [ ] complex-attribute operator.
func ParseFilter(expr string) (*Filter, error) {
	f, err := scimfilter.Parse(expr)
	if err != nil {
		var se *scimfilter.Error
		if errors.As(err, &se) {
			return nil, &FilterError{Code: "E0000031", Summary: se.Cause}
		}
		return nil, err
	}
	paths := map[string][]string{}
	err = f.Check(func(path, op string, value any) error {
		paths[path] = strings.Split(path, ".")
		switch {
		case path == "published":
			return unsupportedCombination(op, path)
		case !knownAttr(path):
			return &FilterError{Code: "E0000031", Summary: "field is not valid: " + path}
		case op == "co" && (path == "debugContext.debugData.url" || path == "debugContext.debugData.requestUri"):
			return unsupportedCombination(op, path)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &Filter{f: f, paths: paths}, nil
}

// String returns the expression as written.
func (f *Filter) String() string { return f.f.String() }

// Match reports whether the event satisfies the filter.
func (f *Filter) Match(ev Event) bool { return f.matchDoc(toDoc(ev)) }

func (f *Filter) matchDoc(doc map[string]any) bool {
	return f.f.Match(func(path string) []any { return lookup(doc, f.paths[path]) }, true)
}

// lookup returns every value at path, descending into each element of an array (target,
// request.ipChain) on the way.
func lookup(v any, path []string) []any {
	if len(path) == 0 {
		if arr, ok := v.([]any); ok {
			return arr
		}
		return []any{v}
	}
	switch x := v.(type) {
	case map[string]any:
		child, ok := x[path[0]]
		if !ok {
			return nil
		}
		return lookup(child, path[1:])
	case []any:
		var out []any
		for _, e := range x {
			out = append(out, lookup(e, path)...)
		}
		return out
	}
	return nil
}

// Attributes a filter may name. Below the open prefixes any key is allowed, because those
// objects are free-form (debugData differs by event type).
var (
	filterAttrs = map[string]bool{}
	openPrefix  = []string{
		"actor.detailEntry.", "target.detailEntry.", "transaction.detail.", "debugContext.debugData.",
		"securityContext.risk.", "securityContext.ipDetails.", "securityContext.userBehaviors.",
		"securityContext.botProtection.", "request.ipChain.ipDetails.", "device.device_integrator.",
	}
)

func init() {
	geo := []string{"city", "state", "country", "postalCode", "geolocation.lat", "geolocation.lon"}
	add := func(prefix string, names ...string) {
		for _, n := range names {
			filterAttrs[prefix+n] = true
		}
	}
	add("", "uuid", "eventType", "version", "severity", "legacyEventType", "displayMessage")
	add("actor.", "id", "type", "alternateId", "displayName")
	add("client.", "zone", "device", "id", "ipAddress", "userAgent.rawUserAgent", "userAgent.os", "userAgent.browser")
	add("client.geographicalContext.", geo...)
	add("device.", "id", "name", "os_platform", "os_version", "managed", "registered", "disk_encryption_type",
		"screen_lock_type", "jailbreak", "secure_hardware_present")
	add("authenticationContext.", "authenticationProvider", "credentialProvider", "credentialType", "interface",
		"authenticationStep", "rootSessionId", "externalSessionId", "issuer.id", "issuer.type")
	add("securityContext.", "asNumber", "asOrg", "isp", "domain", "isProxy")
	add("outcome.", "result", "reason")
	add("target.", "id", "type", "alternateId", "displayName")
	add("transaction.", "type", "id")
	add("request.ipChain.", "ip", "version", "source")
	add("request.ipChain.geographicalContext.", geo...)
}

func knownAttr(path string) bool {
	if filterAttrs[path] {
		return true
	}
	for _, p := range openPrefix {
		if strings.HasPrefix(path, p) && len(path) > len(p) {
			return true
		}
	}
	return false
}

func unsupportedCombination(op, field string) *FilterError {
	return &FilterError{Code: "E0000031", Summary: fmt.Sprintf(
		"The supplied combination of operator and field is not currently supported. Operator: %s, Field: %s", op, field)}
}
