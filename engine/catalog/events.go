package catalog

import "strings"

// Event cards: conventions the engine and the UI rely on.
//
// Every event card has the same common outputs, with the same keys, filled from the System Log
// LogEvent that started the run (eventCommonOutputs):
//
//	published       Date and Time   the event's "published" time (RFC 3339)
//	displayMessage  Message
//	eventId         Event ID        the event's uuid: Flowdeck reads the System Log, not event
//	                                hooks, so Workflows' hook-only "Event ID" equals the UUID
//	eventType       Event Type
//	uuid            UUID
//	severity        Severity
//	actor           Actor           {id, alternateId, displayName, type}; Workflows calls it
//	                                "Admin" on some cards
//	<targets>       per card, see below
//	targets         Targets         every target as received, in Okta's order
//	client          Client          {ipAddress, userAgent{rawUserAgent, os, browser}, device,
//	                                zone, geographicalContext{city, state, country, postalCode}}
//	outcome         Outcome         {result, reason}
//	transaction     Transaction     {type, id, detail}
//	debugContext    Debug Context   {debugData}
//	version, legacyEventType, authenticationContext, securityContext, request   (advanced)
//	changedAttributes   Changed Attributes   profile-update cards only: the text at
//	                                debugContext.debugData.changedAttributes
//	raw             Event Details   the whole LogEvent exactly as Okta sent it (SDK v2's types
//	                                drop fields such as target changeDetails and actor
//	                                detailEntry; see TRAPS.md)
//
// Targets. An output whose Group is "target:<Okta type>" (e.g. "target:User",
// "target:UserGroup", "target:AppInstance") is filled from the FIRST element of the event's
// "target" array whose "type" equals <Okta type> exactly — never by position, because Okta
// does not promise an order. Its members are {id, alternateId, displayName, type, detailEntry,
// changeDetails}. When no target of that type is present, the output is absent (not an error).
// The output keys name what the target is, the same key on every card: "user", "group", "app",
// "appUser", "device", "policy", "rule", "token", ... (the eventTarget variables below).
//
// Options (filters). Two kinds, with the same key and meaning on every card:
//
//	outcome        matches outcome.result. "Any" (the choice eventOutcomeAny) matches every
//	               event; any other choice must equal outcome.result exactly. An event with
//	               no outcome.result (Okta always sends one; a fake might not) counts as SUCCESS.
//	appInstanceId  an option whose Group is "target:AppInstance": when set, the event matches
//	               only if its AppInstance target's id equals the value. Empty matches all apps.
//
// An option with Group "target:<Okta type>" always filters on the id of that target type.
// Field.TargetType reads the convention, so no caller parses Group itself.

// TargetType returns the Okta target type (e.g. "User", "AppInstance") that an event card's
// output is filled from, or that an event card's option filters on; ok is false for fields
// that are not about a target.
func (f Field) TargetType() (oktaType string, ok bool) {
	oktaType, ok = strings.CutPrefix(f.Group, eventTargetGroupPrefix)
	if !ok || oktaType == "" {
		return "", false
	}
	return oktaType, true
}

// eventGroup is the palette section of every event card.
const eventGroup = "Okta events"

// eventTargetGroupPrefix starts the Group of a target output or target filter option.
const eventTargetGroupPrefix = "target:"

// eventOutcomeAny is the outcome choice that matches every outcome.
const eventOutcomeAny = "Any"

// OutcomeAny is the outcome option's choice that matches every outcome, for the engine.
const OutcomeAny = eventOutcomeAny

// eventSpecs declares the Okta event cards, one per row of Okta's Workflows event card list.
func eventSpecs() []Spec {
	var cards []eventCard
	for _, part := range [][]eventCard{
		eventUserCards(),
		eventGroupCards(),
		eventAppCards(),
		eventDeviceCards(),
		eventPolicyCards(),
		eventSecurityCards(),
		eventSystemCards(),
		eventImportCards(),
		eventGovernanceCards(),
	} {
		cards = append(cards, part...)
	}
	specs := make([]Spec, 0, len(cards))
	for _, c := range cards {
		specs = append(specs, c.spec())
	}
	return specs
}

// eventCard is the compact declaration of one event card; spec expands it into a Spec with
// the common outputs and options, so that every card follows the conventions above.
type eventCard struct {
	// id is the part after "okta.event.": the Workflows card key where one is known.
	id       string
	name     string
	category string
	types    []string
	help     string
	// targets are the target objects the card's events carry, in the order shown.
	targets []eventTarget
	outcome eventOutcome
	// appFilter adds the appInstanceId option (the card's events carry an AppInstance target).
	appFilter bool
	pipeline  string
	// extra outputs, shown after the targets.
	extra []Field
}

func (c eventCard) spec() Spec {
	s := Spec{
		ID:         "okta.event." + c.id,
		Version:    1,
		Kind:       KindEvent,
		Name:       c.name,
		Group:      eventGroup,
		Category:   c.category,
		Help:       c.help,
		EventTypes: append([]string(nil), c.types...),
		Pipeline:   c.pipeline,
	}
	if c.outcome.choices != nil {
		s.Options = append(s.Options, c.outcome.option())
	}
	if c.appFilter {
		s.Options = append(s.Options, eventAppInstanceOption())
	}
	s.Outputs = eventCommonOutputs(c.targets, c.extra)
	return s
}

// eventOutcome is a card's outcome filter: which results are worth offering and which one a
// new card starts with. A zero eventOutcome means the card has no outcome filter.
type eventOutcome struct {
	choices []string
	def     string
	help    string
}

func (o eventOutcome) option() Field {
	return Field{
		Key:     "outcome",
		Name:    "Outcome",
		Type:    TypeString,
		Default: o.def,
		Choices: append([]string{eventOutcomeAny}, o.choices...),
		Help:    o.help,
	}
}

var (
	// eventOutcomeChange suits cards for changes: Okta also logs the attempt when the change
	// fails (a password that breaks the policy, a provisioning error), which a flow that
	// reacts to the change must not see by default.
	eventOutcomeChange = eventOutcome{
		choices: []string{"SUCCESS", "FAILURE"},
		def:     "SUCCESS",
		help:    "Which results start the flow. SUCCESS (the default) ignores failed attempts, which Okta logs with the same event type.",
	}
	// eventOutcomeAttempt suits sign-in, MFA and phone verification events: failures and
	// blocked attempts are often exactly what the flow is for.
	eventOutcomeAttempt = eventOutcome{
		choices: []string{"SUCCESS", "FAILURE", "DENY"},
		def:     eventOutcomeAny,
		help:    "Which results start the flow. Any (the default) includes failed attempts (FAILURE) and attempts Okta blocked (DENY).",
	}
)

// eventAppInstanceOption restricts an application-scoped card to one app instance.
func eventAppInstanceOption() Field {
	return Field{
		Key:   "appInstanceId",
		Name:  "App Instance ID",
		Group: eventTargetGroupPrefix + "AppInstance",
		Type:  TypeString,
		Help: "Start the flow only for this app instance (its id, 0oa…, from the app's Admin Console URL). " +
			"Leave empty for all apps.",
	}
}

// eventTarget is one kind of target object an event carries.
type eventTarget struct {
	key      string
	name     string
	oktaType string
	help     string
}

// eventTargets are the target kinds used by the cards; the same key always means the same
// Okta type. Types marked "unconfirmed" were not seen in a real LogEvent when this was written
// (the whole event is always in "raw" and "targets").
var (
	eventTargetUser    = eventTarget{"user", "Okta User", "User", "The Okta user the event is about."}
	eventTargetGroup   = eventTarget{"group", "Group", "UserGroup", "The Okta group the event is about."}
	eventTargetApp     = eventTarget{"app", "Application", "AppInstance", "The app instance (integration) the event is about."}
	eventTargetAppUser = eventTarget{"appUser", "Application User", "AppUser", "The user's account in the app: its id and user name there."}
	eventTargetDevice  = eventTarget{"device", "Device", "Device", "The device the event is about."}
	eventTargetPolicy  = eventTarget{"policy", "Policy", "PolicyEntity", "The policy the event is about (for rule events: the policy holding the rule)."}
	eventTargetRule    = eventTarget{"rule", "Policy Rule", "PolicyRule", "The policy rule the event is about."}
	eventTargetToken   = eventTarget{"token", "API Token", "Token", "The API token: its id and name (never the token itself)."}
	eventTargetURL     = eventTarget{"urlPattern", "URL Pattern", "URL Pattern", "The API endpoint pattern whose rate limit was reached; its id is the pattern."}
	eventTargetPushMap = eventTarget{"groupPushMapping", "Group Push Mapping", "GroupPushMapping", "The group push mapping that failed."}
	// Unconfirmed target types.
	eventTargetAuthenticator = eventTarget{"authenticator", "Authenticator", "Authenticator", "The authenticator the event is about."}
	eventTargetPhone         = eventTarget{"phone", "Phone", "MobilePhone", "The phone the code was sent to."}
	eventTargetAccessRequest = eventTarget{"accessRequest", "Access Request", "AccessRequest", "The access request."}
	eventTargetReviewItem    = eventTarget{"reviewItem", "Review Item", "CertificationReviewItem", "The review item that was decided; campaign, user, resource and decision are in Debug Context."}
)

func (t eventTarget) field() Field {
	return Field{
		Key:    t.key,
		Name:   t.name,
		Group:  eventTargetGroupPrefix + t.oktaType,
		Type:   TypeObject,
		Help:   t.help,
		Fields: eventLogObjectFields(),
	}
}

// eventLogObjectFields are the members of an actor or target as the System Log sends them.
func eventLogObjectFields() []Field {
	return []Field{
		{Key: "id", Name: "ID", Type: TypeString},
		{Key: "alternateId", Name: "Alternate ID", Type: TypeString, Help: "Usually the login or email."},
		{Key: "displayName", Name: "Display Name", Type: TypeString},
		{Key: "type", Name: "Type", Type: TypeString, Help: "Okta's object type, e.g. User, UserGroup, AppInstance."},
		{Key: "detailEntry", Name: "Details", Type: TypeObject, Advanced: true},
		{Key: "changeDetails", Name: "Change Details", Type: TypeObject, Advanced: true, Help: "For changes, the values before (from) and after (to), when Okta sends them."},
	}
}

// eventCommonOutputs builds a card's outputs: the common ones, with the card's targets and
// extra outputs after the actor.
func eventCommonOutputs(targets []eventTarget, extra []Field) []Field {
	out := []Field{
		{Key: "published", Name: "Date and Time", Type: TypeDate, Help: "When Okta recorded the event. Events can arrive out of this order."},
		{Key: "displayMessage", Name: "Message", Type: TypeString},
		{Key: "eventId", Name: "Event ID", Type: TypeString, Help: "The event's unique id (the same as UUID: Flowdeck reads the System Log)."},
		{Key: "eventType", Name: "Event Type", Type: TypeString, Help: "The System Log event type, e.g. user.lifecycle.create."},
		{Key: "uuid", Name: "UUID", Type: TypeString},
		{Key: "severity", Name: "Severity", Type: TypeString, Help: "DEBUG, INFO, WARN or ERROR."},
		{Key: "actor", Name: "Actor", Type: TypeObject, Help: "Who or what caused the event: an admin, the user themself, an app or Okta (system).", Fields: eventLogObjectFields()[:4]},
	}
	for _, t := range targets {
		out = append(out, t.field())
	}
	out = append(out, extra...)
	out = append(out,
		Field{Key: "targets", Name: "Targets", Type: TypeList, ListOf: TypeObject, Help: "Every target of the event as Okta sent it. Pick by Type, not by position.", Fields: eventLogObjectFields()},
		Field{Key: "client", Name: "Client", Type: TypeObject, Help: "Where the request came from.", Fields: []Field{
			{Key: "ipAddress", Name: "IP Address", Type: TypeString},
			{Key: "userAgent", Name: "User Agent", Type: TypeObject, Fields: []Field{
				{Key: "rawUserAgent", Name: "Raw User Agent", Type: TypeString},
				{Key: "os", Name: "OS", Type: TypeString},
				{Key: "browser", Name: "Browser", Type: TypeString},
			}},
			{Key: "device", Name: "Device", Type: TypeString},
			{Key: "zone", Name: "Zone", Type: TypeString},
			{Key: "id", Name: "Client ID", Type: TypeString, Help: "The OAuth client that made the request, when there is one."},
			{Key: "geographicalContext", Name: "Location", Type: TypeObject, Fields: []Field{
				{Key: "city", Name: "City", Type: TypeString},
				{Key: "state", Name: "State", Type: TypeString},
				{Key: "country", Name: "Country", Type: TypeString},
				{Key: "postalCode", Name: "Postal Code", Type: TypeString},
			}},
		}},
		Field{Key: "outcome", Name: "Outcome", Type: TypeObject, Fields: []Field{
			{Key: "result", Name: "Result", Type: TypeString, Help: "SUCCESS, FAILURE, SKIPPED, ALLOW, DENY, CHALLENGE or UNKNOWN."},
			{Key: "reason", Name: "Reason", Type: TypeString},
		}},
		Field{Key: "transaction", Name: "Transaction", Type: TypeObject, Fields: []Field{
			{Key: "type", Name: "Type", Type: TypeString, Help: "WEB for a request, JOB for a background job."},
			{Key: "id", Name: "ID", Type: TypeString, Help: "For WEB, the request id (X-Okta-Request-Id) of the call that caused the event."},
			{Key: "detail", Name: "Detail", Type: TypeObject},
		}},
		Field{Key: "debugContext", Name: "Debug Context", Type: TypeObject, Fields: []Field{
			{Key: "debugData", Name: "Debug Data", Type: TypeObject, Help: "Event-specific details, e.g. requestUri, changedAttributes, privilegeGranted."},
		}},
		Field{Key: "version", Name: "Version", Type: TypeString, Advanced: true},
		Field{Key: "legacyEventType", Name: "Legacy Event Type", Type: TypeString, Advanced: true},
		Field{Key: "authenticationContext", Name: "Authentication Context", Type: TypeObject, Advanced: true},
		Field{Key: "securityContext", Name: "Security Context", Type: TypeObject, Advanced: true},
		Field{Key: "request", Name: "Request", Type: TypeObject, Advanced: true, Help: "The IP chain of the request."},
		Field{Key: "raw", Name: "Event Details", Type: TypeObject, Help: "The whole event exactly as Okta sent it."},
	)
	return out
}

// eventChangedAttributes is the extra output of profile-update cards, read from
// debugContext.debugData.changedAttributes.
func eventChangedAttributes() Field {
	return Field{Key: "changedAttributes", Name: "Changed Attributes", Type: TypeString,
		Help: "The profile attributes that changed, comma-separated, as Okta lists them in the event's debug data."}
}
