package oktasim

import (
	"encoding/json"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim/syslog"
	"strings"
	"time"
)

// target is one LogEvent target. Okta types them User, UserGroup, AppInstance, AppUser…
type target struct {
	ID, Type, AlternateID, DisplayName string
}

func (u *user) target() target {
	return target{ID: u.ID, Type: "User", AlternateID: u.login(), DisplayName: u.displayName()}
}

func (g *group) target() target {
	return target{ID: g.ID, Type: "UserGroup", AlternateID: "unknown", DisplayName: g.name()}
}

func (a *app) target() target {
	return target{ID: a.ID, Type: "AppInstance", AlternateID: a.Label, DisplayName: a.Label}
}

// actor is who a LogEvent says acted: the token's user, or Okta itself for rule and import jobs.
type actor struct {
	ID, Type, AlternateID, DisplayName string
}

var systemActor = actor{ID: "0oa1okta0system0000", Type: "SystemPrincipal", AlternateID: "system@okta.com", DisplayName: "Okta System"}

// legacyEventTypes are the legacyEventType values Okta still sends for the events we write.
var legacyEventTypes = map[string]string{
	"user.lifecycle.create":              "core.user.config.user_creation.success",
	"user.lifecycle.activate":            "core.user.config.user_activated",
	"user.lifecycle.deactivate":          "core.user.config.user_deactivated",
	"user.lifecycle.reactivate":          "core.user.config.user_reactivated",
	"user.lifecycle.suspend":             "core.user.config.user_suspended",
	"user.lifecycle.unsuspend":           "core.user.config.user_unsuspended",
	"user.lifecycle.delete.initiated":    "core.user.config.user_deleted",
	"user.account.update_profile":        "core.user.config.profile_update.success",
	"user.account.update_password":       "core.user.config.password_update.success",
	"user.account.reset_password":        "core.user.config.password_reset.success",
	"group.user_membership.add":          "core.user_group_member.user_add",
	"group.user_membership.remove":       "core.user_group_member.user_remove",
	"application.user_membership.add":    "app.generic.provision.assign_user_to_app",
	"application.user_membership.remove": "app.generic.unprovision.user_removed_from_app",
	"user.session.start":                 "core.user_auth.login_success",
	"user.session.clear":                 "core.user.session.clear",
}

// logEvent is one System Log event being written, in Okta's LogEvent shape.
type logEvent struct {
	eventType, message string
	actor              actor
	clientID           string
	ip, userAgent      string
	geo                *syslog.GeographicalContext // where the client was; nil (null) when unknown
	requestID          string
	requestURI, url    string
	txType             string
	published          time.Time
	outcome, reason    string
	severity           string
	targets            []target
	debugData          map[string]any
}

// build renders the event in Okta's LogEvent shape.
func (o *Org) build(e logEvent) syslog.Event {
	if e.outcome == "" {
		e.outcome = "SUCCESS"
	}
	if e.severity == "" {
		e.severity = "INFO"
	}
	if e.txType == "" {
		e.txType = "WEB"
	}
	targets := make([]syslog.Target, 0, len(e.targets))
	for _, t := range e.targets {
		targets = append(targets, syslog.Target{ID: t.ID, Type: t.Type, AlternateID: t.AlternateID, DisplayName: t.DisplayName})
	}
	debug := map[string]any{"requestId": e.requestID, "requestUri": e.requestURI, "url": e.url}
	for k, v := range e.debugData {
		debug[k] = v
	}
	ev := syslog.Event{
		UUID:            o.newUUID(),
		Published:       e.published.UTC().Truncate(time.Millisecond),
		EventType:       e.eventType,
		Version:         "0",
		Severity:        e.severity,
		LegacyEventType: legacyEventTypes[e.eventType],
		DisplayMessage:  e.message,
		Actor:           syslog.Actor{ID: e.actor.ID, Type: e.actor.Type, AlternateID: e.actor.AlternateID, DisplayName: e.actor.DisplayName},
		// Okta names the session a request belongs to twice: the root session and, for API
		// calls, the external one are the same id.
		AuthenticationContext: syslog.AuthenticationContext{
			RootSessionID:     "trs" + e.requestID[:min(19, len(e.requestID))],
			ExternalSessionID: "trs" + e.requestID[:min(19, len(e.requestID))],
		},
		Outcome:      syslog.Outcome{Result: e.outcome, Reason: e.reason},
		Target:       targets,
		Transaction:  syslog.Transaction{Type: e.txType, ID: e.requestID, Detail: map[string]any{}},
		DebugContext: syslog.DebugContext{DebugData: debug},
	}
	if e.ip != "" || e.userAgent != "" {
		ev.Client = syslog.Client{
			UserAgent: &syslog.UserAgent{RawUserAgent: e.userAgent, OS: userAgentOS(e.userAgent), Browser: userAgentBrowser(e.userAgent)},
			Device:    userAgentDevice(e.userAgent), ID: e.clientID, IPAddress: e.ip, GeographicalContext: e.geo,
		}
		ev.Request = syslog.Request{IPChain: []syslog.IPAddress{{IP: e.ip, Version: "V4"}}}
	}
	return ev
}

// emit writes the event a change made by this call causes, acting as the call's principal.
func (c *call) emit(eventType, message string, targets ...target) syslog.Event {
	return c.emitWith(logEvent{eventType: eventType, message: message, targets: targets})
}

// emitWith fills the request-derived fields Okta records (actor, client, ip, request id) and
// keeps the event. Events caused by a request carry its X-Okta-Request-Id as transaction.id
// and debugData.requestId: that is how a client recognises its own changes.
func (c *call) emitWith(e logEvent) syslog.Event {
	if e.actor.ID == "" {
		e.actor = c.o.userActor(c.p.Subject)
	}
	if e.clientID == "" {
		e.clientID = c.p.ClientID
	}
	e.ip = c.clientIP()
	e.userAgent = c.r.UserAgent()
	if e.requestID == "" {
		e.requestID = c.reqID
	}
	e.requestURI = c.r.URL.Path
	e.url = c.r.URL.RequestURI()
	if e.published.IsZero() {
		e.published = c.now
	}
	ev := c.o.build(e)
	c.o.appendEvent(ev)
	return ev
}

// systemEmit writes an event of an Okta background job (group rules, imports): the actor is
// Okta itself and the transaction is a JOB with its own id, as Okta logs asynchronous work.
func (c *call) systemEmit(eventType, message string, targets ...target) {
	e := logEvent{eventType: eventType, message: message, targets: targets, actor: systemActor, txType: "JOB",
		requestID: c.o.randString(23) + "AAAA", published: c.now}
	e.ip = c.clientIP()
	e.requestURI = c.r.URL.Path
	e.url = c.r.URL.RequestURI()
	c.o.appendEvent(c.o.build(e))
}

func (o *Org) userActor(id string) actor {
	if u, ok := o.users[id]; ok {
		return actor{ID: u.ID, Type: "User", AlternateID: u.login(), DisplayName: u.displayName()}
	}
	return actor{ID: id, Type: "User", AlternateID: "unknown", DisplayName: "unknown"}
}

// appendEvent hands the event to the System Log store.
func (o *Org) appendEvent(ev syslog.Event) { o.logs.Append(ev) }

// Events returns every event of the org's System Log (those injected through /sim/v1/logs
// included), in the order written, as Okta's JSON.
func (o *Org) Events() []json.RawMessage {
	evs := o.logs.Events()
	out := make([]json.RawMessage, 0, len(evs))
	for _, e := range evs {
		b, _ := json.Marshal(e)
		out = append(out, b)
	}
	return out
}

func userAgentOS(ua string) string {
	switch {
	case strings.Contains(ua, "Windows"):
		return "Windows"
	case strings.Contains(ua, "Mac OS X"):
		return "Mac OS X"
	case strings.Contains(ua, "Linux"):
		return "Linux"
	}
	return "Unknown"
}

func userAgentBrowser(ua string) string {
	switch {
	case strings.Contains(ua, "Chrome/"):
		return "CHROME"
	case strings.Contains(ua, "Firefox/"):
		return "FIREFOX"
	case strings.Contains(ua, "Safari/"):
		return "SAFARI"
	}
	return "UNKNOWN"
}

func userAgentDevice(ua string) string {
	if strings.Contains(ua, "Mozilla/") {
		return "Computer"
	}
	return "Unknown"
}

// rateLimitViolation writes the event Okta writes when a client goes over a rate limit.
func (o *Org) rateLimitViolation(bucket string, concurrency bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	msg := "Rate limit violation"
	if concurrency {
		msg = "Concurrency limit violation"
	}
	e := logEvent{eventType: "system.org.rate_limit.violation", message: msg, actor: systemActor, txType: "WEB",
		requestID: o.randString(23) + "AAAA", published: o.clock(), severity: "WARN",
		debugData: map[string]any{"threshold": bucket, "concurrency": concurrency}}
	o.appendEvent(o.build(e))
}

// officeGeo is where each demo office is, as Okta's client.geographicalContext names it.
var officeGeo = map[string]syslog.GeographicalContext{
	"San Francisco": {City: "San Francisco", State: "California", Country: "United States", PostalCode: "94105", Geolocation: &syslog.Geolocation{Lat: 37.7897, Lon: -122.3942}},
	"New York":      {City: "New York", State: "New York", Country: "United States", PostalCode: "10013", Geolocation: &syslog.Geolocation{Lat: 40.7209, Lon: -74.0048}},
	"Austin":        {City: "Austin", State: "Texas", Country: "United States", PostalCode: "78701", Geolocation: &syslog.Geolocation{Lat: 30.2711, Lon: -97.7437}},
	"London":        {City: "London", State: "England", Country: "United Kingdom", PostalCode: "EC1A", Geolocation: &syslog.Geolocation{Lat: 51.5200, Lon: -0.0977}},
	"Berlin":        {City: "Berlin", State: "Land Berlin", Country: "Germany", PostalCode: "10115", Geolocation: &syslog.Geolocation{Lat: 52.5323, Lon: 13.3846}},
}

// geoOf is where a user signs in from: their office; nil (Okta's null: unknown) for remote
// workers and users without one.
func geoOf(u *user) *syslog.GeographicalContext {
	g, ok := officeGeo[u.str("city")]
	if !ok {
		return nil
	}
	return &g
}
