package oktasim

import (
	"net/http"
	"sort"
	"time"

	"github.com/flowdeck/flowdeck/engine/okta/oktasim/apierr"
)

// importSession is an identity-source import session (Custom Identity Source, "XaaS").
type importSession struct {
	seq                  int64
	ID, SourceID, Status string
	Created, LastUpdated time.Time
	upserts              []importProfile
	deletes              []string // external ids
}

type importProfile struct {
	ExternalID string         `json:"externalId"`
	Profile    map[string]any `json:"profile"`
}

// Okta's limits: profiles in one bulk-upsert or bulk-delete request, and in one session.
const (
	maxImportProfiles        = 200
	maxImportSessionProfiles = 10000
)

func (c *call) sessionJSON(s *importSession) map[string]any {
	return map[string]any{"id": s.ID, "identitySourceId": s.SourceID, "status": s.Status, "importType": "INCREMENTAL",
		"created": oktaTime(s.Created), "lastUpdated": oktaTime(s.LastUpdated)}
}

func (c *call) findSource() (*app, *apierr.Error) {
	id := c.path("sourceId")
	a, ok := c.o.apps[id]
	if !ok || !a.IdentitySource {
		return nil, apierr.ResourceNotFound(id, "IdentitySource")
	}
	return a, nil
}

func (c *call) findSession() (*app, *importSession, *apierr.Error) {
	a, e := c.findSource()
	if e != nil {
		return nil, nil, e
	}
	s, ok := c.o.sessions[c.path("sessionId")]
	if !ok || s.SourceID != a.ID {
		return nil, nil, apierr.ResourceNotFound(c.path("sessionId"), "IdentitySourceSession")
	}
	return a, s, nil
}

func sessionTarget(s *importSession, a *app) target {
	return target{ID: s.ID, Type: "IdentitySourceSession", AlternateID: a.Label, DisplayName: a.Label}
}

// createSession is POST /api/v1/identity-sources/{id}/sessions: one open (CREATED) session per
// identity source at a time.
func (c *call) createSession() {
	a, e := c.findSource()
	if e != nil {
		c.fail(e)
		return
	}
	for _, s := range c.o.sessions {
		if s.SourceID == a.ID && (s.Status == "CREATED" || s.Status == "IN_PROGRESS" || s.Status == "TRIGGERED") {
			c.fail(validationFor("identitySourceSession", "There is already an active session "+s.ID+" for the identity source "+a.ID+"; close or trigger it first."))
			return
		}
	}
	s := &importSession{seq: c.o.nextSeq(), ID: "aps" + c.o.randString(17), SourceID: a.ID, Status: "CREATED", Created: c.now, LastUpdated: c.now}
	c.o.sessions[s.ID] = s
	c.mutated("import.session.create", s.ID)
	c.emit("system.import.session.created", "Create new import session for identity source", a.target(), sessionTarget(s, a))
	c.json(http.StatusOK, c.sessionJSON(s))
}

func (c *call) getSession() {
	_, s, e := c.findSession()
	if e != nil {
		c.fail(e)
		return
	}
	c.json(http.StatusOK, c.sessionJSON(s))
}

// listSessions is GET /api/v1/identity-sources/{id}/sessions: the open (CREATED or TRIGGERED)
// sessions.
func (c *call) listSessions() {
	a, e := c.findSource()
	if e != nil {
		c.fail(e)
		return
	}
	var all []*importSession
	for _, s := range c.o.sessions {
		if s.SourceID == a.ID && (s.Status == "CREATED" || s.Status == "TRIGGERED") {
			all = append(all, s)
		}
	}
	sort.Slice(all, func(i, j int) bool { return all[i].seq < all[j].seq })
	out := []any{}
	for _, s := range all {
		out = append(out, c.sessionJSON(s))
	}
	c.json(http.StatusOK, out)
}

// deleteSession is DELETE …/sessions/{id}: a CREATED session is closed (CLOSED); 204.
func (c *call) deleteSession() {
	a, s, e := c.findSession()
	if e != nil {
		c.fail(e)
		return
	}
	if s.Status != "CREATED" {
		c.fail(validationFor("identitySourceSession", "Only a session in CREATED status can be deleted; this one is "+s.Status))
		return
	}
	s.Status, s.LastUpdated = "CLOSED", c.now
	c.mutated("import.session.delete", s.ID)
	c.emit("system.import.session.cancelled", "Import session for identity source canceled", a.target(), sessionTarget(s, a))
	c.noContent()
}

// bulkLoad is POST …/bulk-upsert and …/bulk-delete: up to 200 profiles, into a CREATED session;
// 202.
func (c *call) bulkLoad(del bool) {
	_, s, e := c.findSession()
	if e != nil {
		c.fail(e)
		return
	}
	var in struct {
		EntityType string          `json:"entityType"`
		Profiles   []importProfile `json:"profiles"`
	}
	if e := c.decode(&in); e != nil {
		c.fail(e)
		return
	}
	switch {
	case s.Status != "CREATED":
		c.fail(validationFor("identitySourceSession", "Data can be loaded only into a session in CREATED status; this one is "+s.Status))
		return
	case in.EntityType != "" && in.EntityType != "USERS":
		c.fail(validationFor("entityType", "entityType: only USERS is supported"))
		return
	case len(in.Profiles) == 0:
		c.fail(validationFor("profiles", "profiles: The field cannot be left blank"))
		return
	case len(in.Profiles) > maxImportProfiles:
		c.fail(validationFor("profiles", "profiles: A request can contain at most 200 profiles"))
		return
	case len(s.upserts)+len(s.deletes)+len(in.Profiles) > maxImportSessionProfiles:
		c.fail(validationFor("profiles", "profiles: A session can contain at most 10,000 profiles; start another session for the rest"))
		return
	}
	for _, p := range in.Profiles {
		if p.ExternalID == "" {
			c.fail(validationFor("externalId", "externalId: The field cannot be left blank"))
			return
		}
	}
	for _, p := range in.Profiles {
		if del {
			s.deletes = append(s.deletes, p.ExternalID)
		} else {
			s.upserts = append(s.upserts, p)
		}
	}
	s.LastUpdated = c.now
	c.mutated("import.session.load", s.ID)
	c.w.WriteHeader(http.StatusAccepted)
}

// startImport is POST …/start-import: the session becomes TRIGGERED (the response) and Okta
// processes it; the simulator processes it at once, so the next read shows COMPLETED.
func (c *call) startImport() {
	a, s, e := c.findSession()
	if e != nil {
		c.fail(e)
		return
	}
	if s.Status != "CREATED" {
		c.fail(validationFor("identitySourceSession", "Only a session in CREATED status can be triggered; this one is "+s.Status))
		return
	}
	s.Status, s.LastUpdated = "TRIGGERED", c.now
	c.mutated("import.session.trigger", s.ID)
	c.emit("system.import.session.triggered", "Triggered import session for identity source", a.target(), sessionTarget(s, a))
	resp := c.sessionJSON(s)
	c.runImport(a, s)
	s.Status = "COMPLETED"
	c.json(http.StatusOK, resp)
}

// runImport applies a session: upserts create or update the user linked to each external id
// (created users are ACTIVE), deletes deactivate it.
func (c *call) runImport(a *app, s *importSession) {
	ext := c.o.imported[a.ID]
	if ext == nil {
		ext = map[string]string{}
		c.o.imported[a.ID] = ext
	}
	c.systemEmit("system.import.start", "Import started", a.target())
	for _, p := range s.upserts {
		if uid, ok := ext[p.ExternalID]; ok {
			if u := c.o.users[uid]; u != nil {
				before := cloneMap(u.Profile)
				for k, v := range importedProfile(p.Profile) {
					u.Profile[k] = v
				}
				if changed := changedAttributes(before, u.Profile); changed != "" {
					u.LastUpdated = c.now
					c.mutated("user.update", u.ID)
					c.systemEmit("user.account.update_profile", "Update user profile for Okta", u.target())
					c.evaluateRulesFor(u)
				}
				continue
			}
		}
		profile := importedProfile(p.Profile)
		if _, ok := profile["login"]; !ok {
			profile["login"] = profile["email"]
		}
		if c.o.validateProfile(profile, "") != nil {
			continue
		}
		u := &user{seq: c.o.nextSeq(), ID: c.o.newID("00u"), Status: statusActive, Created: c.now, LastUpdated: c.now,
			Activated: c.now, StatusChanged: c.now, Profile: profile, ProviderType: "IMPORT", ProviderName: a.Label}
		c.o.users[u.ID] = u
		c.o.members[c.o.everyone][u.ID] = &membership{Since: c.now}
		ext[p.ExternalID] = u.ID
		c.mutated("user.create", u.ID)
		c.systemEmit("user.lifecycle.create", "Create Okta user", u.target())
		c.systemEmit("user.lifecycle.activate", "Activate Okta user", u.target())
		c.evaluateRulesFor(u)
	}
	for _, id := range s.deletes {
		if u := c.o.users[ext[id]]; u != nil && u.Status != statusDeprovisioned {
			u.Status, u.StatusChanged, u.LastUpdated = statusDeprovisioned, c.now, c.now
			c.mutated("user.deactivate", u.ID)
			c.systemEmit("user.lifecycle.deactivate", "Deactivate Okta user", u.target())
			c.removeAppsOf(u)
		}
	}
	c.systemEmit("system.import.complete", "Import process complete", a.target())
}

// importedProfile maps an identity source profile onto the Okta profile: the source's userName
// is the Okta login.
func importedProfile(src map[string]any) map[string]any {
	p := cloneMap(src)
	if name, ok := p["userName"].(string); ok && name != "" {
		p["login"] = name
	}
	delete(p, "userName")
	return p
}
