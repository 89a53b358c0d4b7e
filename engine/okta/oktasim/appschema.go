package oktasim

import "net/http"

// appSchemaProp is one property of an app user schema, in Okta's JSON Schema dialect.
type appSchemaProp struct {
	name, title string
	required    bool
	description string
}

// identitySourceBase are the base properties of a Custom Identity Source: those its
// bulk-upsert profiles carry.
var identitySourceBase = []appSchemaProp{{"userName", "Username", true, "Username of the user"},
	{"firstName", "First name", false, "First name of the user"}, {"lastName", "Last name", false, "Last name of the user"},
	{"email", "Email", false, "Email address of the user"}, {"secondEmail", "Secondary email", false, "Alternative email address of the user"},
	{"mobilePhone", "Mobile phone", false, "Mobile phone number of the user"}, {"homeAddress", "Home address", false, "Home address of the user"}}

// identitySourceCustom are the custom properties the demo HR source declares.
var identitySourceCustom = []appSchemaProp{{"department", "Department", false, "Department"}, {"title", "Title", false, "Job title"},
	{"employeeNumber", "Employee number", false, "Employee number in the HR system"}, {"managerId", "Manager id", false, "Login of the manager"}}

var appUserBase = []appSchemaProp{{"userName", "Username", true, "Username of the user in the app"},
	{"name", "Name", false, "End-User's full name in displayable form."}, {"email", "Email", false, "End-User's preferred email address."}}

// appSchema is GET /api/v1/meta/schemas/apps/{appId}/default: the app user schema, which the
// Map Profile Source Attributes card reads at design time.
func (c *call) appSchema() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	base, custom := appUserBase, []appSchemaProp(nil)
	if a.IdentitySource {
		base, custom = identitySourceBase, identitySourceCustom
	}
	sub := func(id string, props []appSchemaProp) map[string]any {
		ps := map[string]any{}
		required := []string{}
		for _, p := range props {
			ps[p.name] = map[string]any{"title": p.title, "description": p.description, "type": "string", "required": p.required,
				"scope": "NONE", "master": map[string]any{"type": "PROFILE_MASTER"}}
			if p.required {
				required = append(required, p.name)
			}
		}
		return map[string]any{"id": id, "type": "object", "properties": ps, "required": required}
	}
	self := c.base + "/api/v1/meta/schemas/apps/" + a.ID + "/default"
	props := map[string]any{"profile": map[string]any{"allOf": []any{
		map[string]any{"$ref": "#/definitions/custom"}, map[string]any{"$ref": "#/definitions/base"}}}}
	c.json(http.StatusOK, map[string]any{
		"id": self, "$schema": "http://json-schema.org/draft-04/schema#", "name": a.Name, "title": a.Label + " User",
		"created": oktaTime(a.Created), "lastUpdated": oktaTime(a.LastUpdated),
		"definitions": map[string]any{"base": sub("#base", base), "custom": sub("#custom", custom)},
		"type":        "object",
		"properties":  props,
		"_links":      map[string]any{"self": map[string]any{"href": self}},
	})
}
