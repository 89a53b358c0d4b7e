package contract

import (
	"slices"
	"strings"
)

// allowance is a field of Okta's example that a response may leave out, and why. Field paths
// are relative to one resource: the body, or one item of a list body.
type allowance struct {
	// Ops are the operations ("METHOD /spec/path") it applies to; nil means every operation.
	Ops []string
	// Field is a path pattern (see matchPath): "_links.*", "profile.*".
	Field string
	// Except are fields the pattern matches that must still be present.
	Except []string
	// When, if set, limits the allowance to resources it accepts (e.g. one sign-on mode).
	When func(resource map[string]any) bool
	Why  string
}

// Operation groups the allow-list talks about.
var (
	userOps = []string{
		"GET /api/v1/users", "POST /api/v1/users",
		"GET /api/v1/users/{id}", "POST /api/v1/users/{id}", "PUT /api/v1/users/{id}",
		"GET /api/v1/groups/{groupId}/users",
	}
	appUserOps = []string{
		"GET /api/v1/apps/{appId}/users", "POST /api/v1/apps/{appId}/users",
		"GET /api/v1/apps/{appId}/users/{userId}", "POST /api/v1/apps/{appId}/users/{userId}",
	}
	appGroupOps = []string{
		"GET /api/v1/apps/{appId}/groups", "GET /api/v1/apps/{appId}/groups/{groupId}",
		"PUT /api/v1/apps/{appId}/groups/{groupId}",
	}
	appOps       = []string{"GET /api/v1/apps", "GET /api/v1/apps/{appId}", "GET /api/v1/groups/{groupId}/apps"}
	appSchemaOps = []string{"GET /api/v1/meta/schemas/apps/{appId}/default"}
)

// baseUserAttributes are the profile attributes Okta returns for every user, null when unset
// (Okta's list examples show "mobilePhone": null, "secondEmail": null).
var baseUserAttributes = []string{"profile.login", "profile.email", "profile.firstName", "profile.lastName",
	"profile.mobilePhone", "profile.secondEmail"}

// allowList is kept short on purpose: every entry is a field whose presence in Okta's answer
// depends on data, org configuration, the request's expand parameter or the resource's state,
// which the example happens to show; or a slip in Okta's example itself.
var allowList = []allowance{
	{Field: "_links.*", Except: []string{"_links.self"},
		Why: "Okta adds lifecycle and navigation links (suspend, deactivate, resetPassword, …) according to the resource's status and the caller's rights; self is always there"},
	{Field: "_embedded",
		Why: "present only when the request asks for it with expand=…; when present it is compared like the rest"},
	{Ops: userOps, Field: "profile.*", Except: baseUserAttributes,
		Why: "a user's profile carries only the attributes that have a value, besides the base ones Okta always sends (login, email, firstName, lastName, mobilePhone, secondEmail)"},
	{Ops: userOps, Field: "credentials.password",
		Why: "present only for users that have a password (a user created without credentials has none)"},
	{Ops: userOps, Field: "credentials.recovery_question",
		Why: "present only for users that set a recovery question"},
	{Ops: appUserOps, Field: "profile.*",
		Why: "an app user's profile follows that app's own user schema (salesforceGroups for Salesforce, …)"},
	{Ops: appUserOps, Field: "_embedded.user.profile.*", Except: prefixed("_embedded.user.", baseUserAttributes),
		Why: "the embedded user's profile, as for users"},
	{Ops: appUserOps, Field: "lastSync", When: fieldIs("syncState", "DISABLED"),
		Why: "an app user of an app without provisioning (syncState DISABLED) has never been synced: Okta's AppUserSSOResponse has no lastSync"},
	{Ops: appUserOps, Field: `credentials"`,
		Why: `slip in Okta's examples AppUserSSOResponse and AppUserCredUpdateResponse: the key is written credentials" (with a quote)`},
	{Ops: appGroupOps, Field: "profile.*",
		Why: "a group assignment's profile follows the app's own group schema"},
	{Ops: appOps, Field: "_links.self",
		Why: "Okta's own app examples disagree on it (RetrieveEx1 and GetApplicationsByUserResponseEx carry no self link)"},
	{Ops: appOps, Field: "visibility.appLinks.*",
		Why: "app link names are the integration's own (login, testorgone_customsaml20app_1_link, …)"},
	{Ops: appOps, Field: "settings.app.*",
		Why: "app instance settings are the integration's own (siteURL for Workday, url/authURL for a SWA app, …)"},
	{Ops: appOps, Field: "expressConfiguration",
		Why: "present only for OIN apps that support Express Configuration"},
	{Ops: appOps, Field: "universalLogout",
		Why: "present only for OIN apps that support Universal Logout"},
	{Ops: appOps, Field: "settings.signOn", When: signOnModeWithout("SAML_2_0", "SAML_1_1", "WS_FEDERATION", "OPENID_CONNECT"),
		Why: "only SAML, WS-Federation and OIDC apps have sign-on settings; a bookmark or SWA app has none"},
	{Ops: appSchemaOps, Field: "definitions.base.properties.*",
		Why: "an app user schema lists that app's own attributes (a Custom Identity Source has userName, firstName, …; Okta's example app has userName, name, email)"},
	{Ops: appSchemaOps, Field: "definitions.custom.properties.*",
		Why: "custom attributes are the org's own"},
	{Ops: appSchemaOps, Field: "definitions.type",
		Why: "slip in Okta's example DefaultAppUserSchemaResponse: type and properties are indented into definitions; the UserSchema schema has them at the top level"},
	{Ops: appSchemaOps, Field: "definitions.properties",
		Why: "the same slip"},
	{Ops: []string{"POST /api/v1/users/{id}/lifecycle/reset_password"}, Field: "summary",
		Why: "slip in Okta's example ResetPwdWithoutSendingEmailResponse: its summary is written inside its value; ResetPasswordToken has only resetPasswordUrl"},
}

// knownNull is a field Okta sends as null although its schema does not say nullable and no
// example of that schema shows the null (see nulls.go for the nulls the examples do show).
type knownNull struct {
	Schema, Field, Why string
}

var knownNulls = []knownNull{
	{"#/components/schemas/LogEvent", "client.geographicalContext",
		"Okta cannot place private and loopback addresses (the simulator's clients are on 127.0.0.1) and sends null"},
	{"#/components/schemas/LogEvent", "request.ipChain[].geographicalContext", "the same, for each hop of the request"},
	{"#/components/schemas/LogEvent", "legacyEventType", "events with no Classic Engine counterpart carry a null legacyEventType"},
	{"#/components/schemas/Group", "profile.description",
		"a group created without a description: like a user's unset base attributes (mobilePhone: null in Okta's examples), the unset base attribute comes back null"},
}

func prefixed(prefix string, fields []string) []string {
	out := make([]string, len(fields))
	for i, f := range fields {
		out[i] = prefix + f
	}
	return out
}

// fieldIs accepts resources whose field holds value.
func fieldIs(field, value string) func(map[string]any) bool {
	return func(res map[string]any) bool { return res[field] == value }
}

// signOnModeWithout accepts app resources whose signOnMode is none of modes.
func signOnModeWithout(modes ...string) func(map[string]any) bool {
	return func(res map[string]any) bool {
		m, _ := res["signOnMode"].(string)
		return !slices.Contains(modes, m)
	}
}

// resourceField strips the list level from a field path: "[].profile.x" is "profile.x".
func resourceField(field string) string {
	return strings.TrimPrefix(strings.TrimPrefix(field, "[]"), ".")
}

// allowedMissing reports whether field may be absent from op's response about resource.
func allowedMissing(op, field string, resource map[string]any) bool {
	field = resourceField(field)
	for _, a := range allowList {
		if a.Ops != nil && !slices.Contains(a.Ops, op) {
			continue
		}
		if !matchPath(a.Field, field) || slices.Contains(a.Except, field) {
			continue
		}
		if a.When == nil || a.When(resource) {
			return true
		}
	}
	return false
}

// AllowList describes the fields that may be missing from a response, for reports.
func AllowList() []string {
	out := make([]string, len(allowList))
	for i, a := range allowList {
		scope := "every operation"
		if a.Ops != nil {
			scope = strings.Join(a.Ops, ", ")
		}
		s := a.Field + " (" + scope + ")"
		if len(a.Except) > 0 {
			s += " except " + strings.Join(a.Except, ", ")
		}
		out[i] = s + ": " + a.Why
	}
	for _, n := range knownNulls {
		out = append(out, n.Field+" may be null ("+n.Schema+"): "+n.Why)
	}
	return append(out,
		"null where Okta's schema says not nullable passes when Okta's own examples of that schema show null there",
		"where an example breaks its own schema (LogEvent version: 0, the schema says string), the schema decides the type",
		"a list example for a one-object schema (TriggerSessionResponse for start-import) is compared item by item",
		"a polymorphic resource (Application, by signOnMode) is held to Okta's examples of its own kind from any operation",
		"401, 500 and 503 (declared by no operation of Okta's Management spec) are held to the Error schema",
		"GET /oauth2/v1/authorize may answer with a redirect the spec leaves out",
		ambiguousOneOf)
}
