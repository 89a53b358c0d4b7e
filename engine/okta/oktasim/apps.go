package oktasim

import (
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

type app struct {
	seq                  int64
	ID, Name, Label      string
	Status, SignOnMode   string
	Created, LastUpdated time.Time
	Features             []string
	Settings             map[string]any
	// IdentitySource marks a Custom Identity Source app, whose id is also its identity source id.
	IdentitySource bool
}

func (o *Org) sortedApps() []*app {
	out := make([]*app, 0, len(o.apps))
	for _, a := range o.apps {
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	return out
}

func (c *call) findApp(id string) (*app, *apierr.Error) {
	if a, ok := c.o.apps[id]; ok {
		return a, nil
	}
	return nil, apierr.ResourceNotFound(id, "AppInstance")
}

func (c *call) appJSON(a *app) map[string]any {
	self := "/api/v1/apps/" + a.ID
	links := map[string]any{
		"appLinks": []any{map[string]any{"name": "login", "href": c.base + "/home/" + a.Name + "/" + a.ID + "/" + strings.ToLower(a.ID[len(a.ID)-4:]), "type": "text/html"}},
		"users":    c.href(self + "/users"),
		"groups":   c.href(self + "/groups"),
		"logo":     []any{map[string]any{"name": "medium", "href": c.base + "/img/logos/" + a.Name + ".png", "type": "image/png"}},
	}
	if a.Status == "ACTIVE" {
		links["deactivate"] = c.href(self + "/lifecycle/deactivate")
	} else {
		links["activate"] = c.href(self + "/lifecycle/activate")
	}
	features := a.Features
	if features == nil {
		features = []string{}
	}
	return map[string]any{
		"id": a.ID, "orn": "orn:okta:idp:" + c.o.orgID + ":apps:" + a.Name + ":" + a.ID,
		"name": a.Name, "label": a.Label, "status": a.Status,
		"lastUpdated": oktaTime(a.LastUpdated), "created": oktaTime(a.Created),
		// Okta sends these nulls although its schema does not mark them nullable.
		"accessibility": map[string]any{"selfService": false, "errorRedirectUrl": nil, "loginRedirectUrl": nil},
		"visibility":    map[string]any{"autoLaunch": false, "autoSubmitToolbar": false, "hide": map[string]any{"iOS": false, "web": false}, "appLinks": map[string]any{"login": true}},
		"features":      features,
		"licensing":     map[string]any{"seatCount": 0},
		"signOnMode":    a.SignOnMode,
		"credentials": map[string]any{"scheme": "EDIT_USERNAME_AND_PASSWORD",
			"userNameTemplate": map[string]any{"template": "${source.login}", "type": "BUILT_IN"}, "signing": appSigning(a)},
		"settings": appSettings(a),
		"_links":   links,
	}
}

// appSigning names the app's signing key: SAML apps sign assertions with one (its kid is
// derived from the app id, so it is stable); other apps have none.
func appSigning(a *app) map[string]any {
	if a.SignOnMode != "SAML_2_0" && a.SignOnMode != "SAML_1_1" && a.SignOnMode != "WS_FEDERATION" {
		return map[string]any{}
	}
	sum := sha256.Sum256([]byte("signing:" + a.ID))
	return map[string]any{"kid": base64.RawURLEncoding.EncodeToString(sum[:])[:43]}
}

// appSettings is the settings object Okta returns: the integration's own app settings plus the
// settings every app instance has (VPN notification, notes, provisioning flags), and sign-on
// settings for SAML apps.
func appSettings(a *app) map[string]any {
	appPart := map[string]any{}
	if own, ok := a.Settings["app"].(map[string]any); ok {
		appPart = own
	}
	out := map[string]any{
		"app": appPart,
		"notifications": map[string]any{"vpn": map[string]any{"network": map[string]any{"connection": "DISABLED"},
			"message": nil, "helpUrl": nil}},
		"manualProvisioning": false,
		"implicitAssignment": false,
		"emOptInStatus":      "DISABLED",
		"notes":              map[string]any{"admin": nil, "enduser": nil},
	}
	if a.SignOnMode == "SAML_2_0" {
		out["signOn"] = map[string]any{"defaultRelayState": nil, "ssoAcsUrlOverride": nil, "audienceOverride": nil,
			"recipientOverride": nil, "destinationOverride": nil, "attributeStatements": []any{}}
	}
	return out
}

// attr serves the filters List Applications accepts: id, name, status, user.id and group.id
// (assignment lookups).
func (o *Org) appAttr(a *app) func(string) (any, bool) {
	return func(path string) (any, bool) {
		switch path {
		case "id":
			return a.ID, true
		case "name":
			return a.Name, true
		case "status":
			return a.Status, true
		case "user.id":
			var ids []any
			for uid := range o.appUsers[a.ID] {
				ids = append(ids, uid)
			}
			return ids, true
		case "group.id":
			var ids []any
			for gid := range o.appGroups[a.ID] {
				ids = append(ids, gid)
			}
			return ids, true
		}
		return nil, false
	}
}

// listApps is GET /api/v1/apps: q matches the start of name or label; filter takes status eq,
// name eq, id eq, user.id eq and group.id eq.
func (c *call) listApps() {
	all := c.o.sortedApps()
	if f := c.query("filter"); f != "" {
		x, err := parseSCIM(f, func(attr, op string) error {
			switch attr {
			case "id", "name", "status", "user.id", "group.id":
			default:
				return errUnsupported(attr)
			}
			if op != "eq" {
				return errUnsupported(op)
			}
			return nil
		})
		if err != nil {
			c.fail(errInvalidSearch("filter", err))
			return
		}
		var kept []*app
		for _, a := range all {
			if x.eval(c.o.appAttr(a), false) {
				kept = append(kept, a)
			}
		}
		all = kept
	}
	if q := strings.ToLower(c.query("q")); q != "" {
		var kept []*app
		for _, a := range all {
			if strings.HasPrefix(strings.ToLower(a.Name), q) || strings.HasPrefix(strings.ToLower(a.Label), q) {
				kept = append(kept, a)
			}
		}
		all = kept
	}
	p, e := c.pageParams(20, 200)
	if e != nil {
		c.fail(e)
		return
	}
	out := []any{}
	for _, a := range paginate(c, all, p) {
		out = append(out, c.appJSON(a))
	}
	c.json(http.StatusOK, out)
}

type unsupportedErr string

func (e unsupportedErr) Error() string { return string(e) + " is not supported here" }

func errUnsupported(s string) error { return unsupportedErr(s) }

func (c *call) getApp() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	c.json(http.StatusOK, c.appJSON(a))
}

// appLifecycle is POST /api/v1/apps/{id}/lifecycle/{activate|deactivate}: 200 with an empty
// object; repeating it changes nothing.
func (c *call) appLifecycle() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	want, eventType, message := "ACTIVE", "application.lifecycle.activate", "Activate application"
	if c.path("op") == "deactivate" {
		want, eventType, message = "INACTIVE", "application.lifecycle.deactivate", "Deactivate application"
	} else if c.path("op") != "activate" {
		c.fail(apierr.ResourceNotFound(c.r.URL.Path, "Unknown"))
		return
	}
	if a.Status != want {
		a.Status = want
		a.LastUpdated = c.now
		c.mutated("app."+c.path("op"), a.ID)
		c.emit(eventType, message, a.target())
	}
	c.empty()
}

// deleteApp is DELETE /api/v1/apps/{id}: Okta deletes only INACTIVE apps.
func (c *call) deleteApp() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	if a.Status != "INACTIVE" {
		c.fail(apierr.New(http.StatusForbidden, "E0000056", "Delete application forbidden.", "Deactivate the application before deleting it"))
		return
	}
	delete(c.o.apps, a.ID)
	delete(c.o.appUsers, a.ID)
	delete(c.o.appGroups, a.ID)
	c.mutated("app.delete", a.ID)
	c.emit("application.lifecycle.delete", "Delete application", a.target())
	c.noContent()
}

// templateLabels are the display names of the app templates, which Okta gives an app created
// without a label (the SDK's own tests clean up after themselves by these names).
var templateLabels = map[string]string{
	"bookmark":            "Bookmark App",
	"template_basic_auth": "Template Basic Auth App",
	"template_swa":        "Template Plugin App",
	"template_swa3field":  "Template Plugin App 3 Field",
}

// updateApp is PUT /api/v1/apps/{id}: a full replacement of the app's label, sign-on mode and
// settings (the template, name, cannot change; a missing label keeps the current one).
func (c *call) updateApp() {
	a, e := c.findApp(c.path("appId"))
	if e != nil {
		c.fail(e)
		return
	}
	var in struct {
		Name       string         `json:"name"`
		Label      string         `json:"label"`
		SignOnMode string         `json:"signOnMode"`
		Settings   map[string]any `json:"settings"`
	}
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	if in.Name != "" && in.Name != a.Name {
		c.fail(validationFor("name", "name: The application name cannot be changed"))
		return
	}
	if strings.TrimSpace(in.Label) != "" {
		a.Label = in.Label
	}
	if in.SignOnMode != "" {
		a.SignOnMode = in.SignOnMode
	}
	a.Settings = in.Settings
	a.LastUpdated = c.now
	c.mutated("app.update", a.ID)
	c.emit("application.lifecycle.update", "Update application", a.target())
	c.json(http.StatusOK, c.appJSON(a))
}

// createApp is POST /api/v1/apps for apps with a catalog name (bookmark, template_basic_auth,
// or any integration name) and a label; activate (default true) decides ACTIVE or INACTIVE.
func (c *call) createApp() {
	var in struct {
		Name       string         `json:"name"`
		Label      string         `json:"label"`
		SignOnMode string         `json:"signOnMode"`
		Settings   map[string]any `json:"settings"`
	}
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	activate, e := c.boolQuery("activate", true)
	if e != nil {
		c.fail(e)
		return
	}
	if strings.TrimSpace(in.Label) == "" {
		in.Label = templateLabels[in.Name] // Okta names an unlabelled app after its template
	}
	switch {
	case strings.TrimSpace(in.Label) == "":
		c.fail(validationFor("label", "label: The field cannot be left blank"))
		return
	case strings.TrimSpace(in.Name) == "":
		c.fail(validationFor("name", "name: The field cannot be left blank"))
		return
	case in.SignOnMode == "":
		in.SignOnMode = "BOOKMARK"
	}
	status := "INACTIVE"
	if activate {
		status = "ACTIVE"
	}
	a := &app{seq: c.o.nextSeq(), ID: c.o.newID("0oa"), Name: in.Name, Label: in.Label, Status: status, SignOnMode: in.SignOnMode,
		Created: c.now, LastUpdated: c.now, Settings: in.Settings, IdentitySource: in.Name == "custom_identity_source"}
	c.o.apps[a.ID] = a
	c.o.appUsers[a.ID] = map[string]*appUser{}
	c.o.appGroups[a.ID] = map[string]*appGroup{}
	c.mutated("app.create", a.ID)
	c.emit("application.lifecycle.create", "Create application", a.target())
	if activate {
		c.emit("application.lifecycle.activate", "Activate application", a.target())
	}
	c.json(http.StatusOK, c.appJSON(a))
}
