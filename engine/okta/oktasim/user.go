package oktasim

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// User statuses, as Okta names them.
const (
	statusStaged          = "STAGED"
	statusProvisioned     = "PROVISIONED"
	statusActive          = "ACTIVE"
	statusRecovery        = "RECOVERY"
	statusPasswordExpired = "PASSWORD_EXPIRED"
	statusLockedOut       = "LOCKED_OUT"
	statusSuspended       = "SUSPENDED"
	statusDeprovisioned   = "DEPROVISIONED"
)

// defaultUserTypeID is the id of the org's default user type ("User").
const defaultUserTypeID = "oty1default0user0000"

type user struct {
	seq                                     int64
	ID                                      string
	Status                                  string
	Created, Activated, StatusChanged       time.Time
	LastLogin, LastUpdated, PasswordChanged time.Time
	Profile                                 map[string]any
	HasPassword                             bool
	RecoveryQuestion                        string
	ProviderType, ProviderName              string

	// enc is the user's JSON as last encoded for encBase at org generation encGen: list
	// endpoints write it as is instead of building and encoding the user again.
	enc     []byte
	encBase string
	encGen  uint64
}

func (u *user) str(k string) string {
	s, _ := u.Profile[k].(string)
	return s
}

func (u *user) login() string { return u.str("login") }

func (u *user) displayName() string {
	return strings.TrimSpace(u.str("firstName") + " " + u.str("lastName"))
}

// attr reads a property the way filter, search and group rules name it: id, status, created…
// or profile.<name>.
func (u *user) attr(path string) (any, bool) {
	switch path {
	case "id":
		return u.ID, true
	case "status":
		return u.Status, true
	case "created":
		return oktaTime(u.Created), true
	case "activated":
		return timeOrNil(u.Activated), true
	case "statusChanged":
		return timeOrNil(u.StatusChanged), true
	case "lastUpdated":
		return oktaTime(u.LastUpdated), true
	case "lastLogin":
		return timeOrNil(u.LastLogin), true
	case "passwordChanged":
		return timeOrNil(u.PasswordChanged), true
	case "type.id":
		return defaultUserTypeID, true
	}
	if k, ok := strings.CutPrefix(path, "profile."); ok {
		v, found := u.Profile[k]
		return v, found
	}
	return nil, false
}

func timeOrNil(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return oktaTime(t)
}

// userJSON is a user as Okta returns it on its own (read, create, update, replace, expire
// password): _links hold every operation its status allows, as Okta's do.
func (c *call) userJSON(u *user) map[string]any {
	out := c.userBody(u)
	out["_links"] = c.userLinks(u)
	return out
}

// userListJSON is a user as an item of a list (List Users, a group's members): Okta sends only
// the self link there ("for a collection of users, the links object contains only the self
// link").
func (c *call) userListJSON(u *user) map[string]any {
	out := c.userBody(u)
	out["_links"] = map[string]any{"self": c.href("/api/v1/users/" + u.ID)}
	return out
}

func (c *call) userBody(u *user) map[string]any {
	creds := map[string]any{"provider": map[string]any{"type": u.ProviderType, "name": u.ProviderName}}
	if u.HasPassword {
		creds["password"] = map[string]any{}
	}
	if email := u.str("email"); email != "" && u.ProviderType == "OKTA" {
		creds["emails"] = []any{map[string]any{"value": email, "status": "VERIFIED", "type": "PRIMARY"}}
	}
	if u.RecoveryQuestion != "" {
		creds["recovery_question"] = map[string]any{"question": u.RecoveryQuestion}
	}
	return map[string]any{
		"id":              u.ID,
		"status":          u.Status,
		"created":         oktaTime(u.Created),
		"activated":       oktaTimePtr(u.Activated),
		"statusChanged":   oktaTimePtr(u.StatusChanged),
		"lastLogin":       oktaTimePtr(u.LastLogin),
		"lastUpdated":     oktaTime(u.LastUpdated),
		"passwordChanged": oktaTimePtr(u.PasswordChanged),
		"type":            map[string]any{"id": defaultUserTypeID},
		"profile":         profileJSON(u.Profile),
		"credentials":     creds,
	}
}

// userLinks are the link relations Okta sends on a single user: the lifecycle operations and
// credential operations its status allows (Okta's Users API, "Links object").
func (c *call) userLinks(u *user) map[string]any {
	self := "/api/v1/users/" + u.ID
	links := map[string]any{"self": c.href(self), "type": c.href("/api/v1/meta/types/user/" + defaultUserTypeID),
		"schema": c.href("/api/v1/meta/schemas/user/osc1default0schema00")}
	op := func(rel, path string) {
		links[rel] = map[string]any{"href": c.base + self + path, "method": "POST"}
	}
	lc := func(rel string) { op(rel, "/lifecycle/"+lifecycleLinkPath[rel]) }
	okta := u.ProviderType == "OKTA"
	switch u.Status {
	case statusStaged:
		lc("activate")
		lc("deactivate")
	case statusProvisioned:
		lc("reactivate")
		lc("deactivate")
	case statusActive, statusRecovery, statusPasswordExpired, statusLockedOut:
		lc("suspend")
		lc("deactivate")
		lc("resetFactors")
		if okta {
			lc("resetPassword")
			lc("expirePassword")
			op("forgotPassword", "/credentials/forgot_password")
			op("changeRecoveryQuestion", "/credentials/change_recovery_question")
			// Okta's examples send this one without a method.
			links["changePassword"] = map[string]any{"href": c.base + self + "/credentials/change_password"}
		}
		if u.Status == statusLockedOut {
			lc("unlock")
		}
	case statusSuspended:
		lc("unsuspend")
		lc("deactivate")
	case statusDeprovisioned:
		lc("activate")
	}
	return links
}

// userBytes is userListJSON encoded, from the user's stored encoding while the org has not changed
// since (any write request or simulated activity bumps the generation).
func (c *call) userBytes(u *user) ([]byte, error) {
	if u.enc != nil && u.encGen == c.o.gen && u.encBase == c.base {
		return u.enc, nil
	}
	b, err := json.Marshal(c.userListJSON(u))
	if err != nil {
		return nil, fmt.Errorf("encode user %s: %w", u.ID, err)
	}
	u.enc, u.encBase, u.encGen = b, c.base, c.o.gen
	return b, nil
}

// writeUsers answers 200 with a JSON array of users from their stored encodings.
func (c *call) writeUsers(us []*user) {
	n := 2
	for _, u := range us {
		b, err := c.userBytes(u)
		if err != nil {
			c.fail(apierr.InternalError())
			return
		}
		n += len(b) + 1
	}
	buf := make([]byte, 0, n)
	buf = append(buf, '[')
	for i, u := range us {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, u.enc...)
	}
	buf = append(buf, ']', '\n')
	c.w.Header().Set("Content-Type", "application/json")
	c.w.WriteHeader(http.StatusOK)
	_, _ = c.w.Write(buf)
}

// profileJSON is the profile as Okta returns it: the attributes that have a value, plus
// mobilePhone and secondEmail, which Okta always sends (null when unset).
func profileJSON(p map[string]any) map[string]any {
	out := cloneMap(p)
	for _, k := range []string{"mobilePhone", "secondEmail"} {
		if _, ok := out[k]; !ok {
			out[k] = nil
		}
	}
	return out
}

var lifecycleLinkPath = map[string]string{
	"activate": "activate", "reactivate": "reactivate", "deactivate": "deactivate", "suspend": "suspend",
	"unsuspend": "unsuspend", "resetPassword": "reset_password", "expirePassword": "expire_password",
	"resetFactors": "reset_factors", "unlock": "unlock",
}

// userInput is the body of create and update: profile, credentials, and groupIds on create.
type userInput struct {
	Profile     map[string]any `json:"profile"`
	Credentials *struct {
		Password *struct {
			Value string `json:"value"`
		} `json:"password"`
		RecoveryQuestion *struct {
			Question string `json:"question"`
			Answer   string `json:"answer"`
		} `json:"recovery_question"`
		Provider *struct {
			Type string `json:"type"`
			Name string `json:"name"`
		} `json:"provider"`
	} `json:"credentials"`
	GroupIDs []string `json:"groupIds"`
}

var loginPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+$`)

// validateProfile applies the default user schema: login, email, firstName and lastName are
// required, login must look like an email address and be unique. except is the user being
// updated (its own login is not a duplicate).
func (o *Org) validateProfile(p map[string]any, except string) *apierr.Error {
	var causes []string
	var first string
	for _, k := range []string{"login", "email", "firstName", "lastName"} {
		v, _ := p[k].(string)
		if strings.TrimSpace(v) == "" {
			causes = append(causes, k+": The field cannot be left blank")
			if first == "" {
				first = k
			}
		}
	}
	if login, _ := p["login"].(string); login != "" {
		if !loginPattern.MatchString(login) {
			causes = append(causes, "login: Username must be in the form of an email address")
			if first == "" {
				first = "login"
			}
		} else if other := o.userByLogin(login); other != nil && other.ID != except {
			causes = append(causes, "login: An object with this field already exists in the current organization")
			if first == "" {
				first = "login"
			}
		}
	}
	if email, _ := p["email"].(string); email != "" && !loginPattern.MatchString(email) {
		causes = append(causes, "email: Does not match required pattern")
		if first == "" {
			first = "email"
		}
	}
	if len(causes) == 0 {
		return nil
	}
	e := apierr.Validation(causes...)
	e.ErrorSummary = "Api validation failed: " + first
	return e
}

func (o *Org) userByLogin(login string) *user {
	for _, u := range o.users {
		if strings.EqualFold(u.login(), login) {
			return u
		}
	}
	return nil
}

// findUser resolves an id, a login, or "me" (the token's user), as GET /api/v1/users/{id} does.
func (c *call) findUser(idOrLogin string) (*user, *apierr.Error) {
	if idOrLogin == "me" {
		idOrLogin = c.p.Subject
	}
	if u, ok := c.o.users[idOrLogin]; ok {
		return u, nil
	}
	if u := c.o.userByLogin(idOrLogin); u != nil {
		return u, nil
	}
	return nil, apierr.ResourceNotFound(idOrLogin, "User")
}

// sortedUsers returns every user in creation order, the order Okta lists them in. The order is
// kept until the org changes, so listing a large org does not sort it on every page; callers
// must not modify the slice.
func (o *Org) sortedUsers() []*user {
	if o.sorted != nil && o.sortedGen == o.gen {
		return o.sorted
	}
	out := make([]*user, 0, len(o.users))
	for _, u := range o.users {
		out = append(out, u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].seq < out[j].seq })
	o.sorted, o.sortedGen = out, o.gen
	return out
}

// changedAttributes names the profile properties that differ, for debugData.changedAttributes.
func changedAttributes(before, after map[string]any) string {
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	var changed []string
	for k := range keys {
		if fmt.Sprint(before[k]) != fmt.Sprint(after[k]) {
			changed = append(changed, k)
		}
	}
	sort.Strings(changed)
	return strings.Join(changed, ",")
}

func cloneMap(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
