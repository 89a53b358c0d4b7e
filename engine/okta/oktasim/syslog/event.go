package syslog

import (
	"encoding/json"
	"fmt"
	"time"
)

// PublishedLayout is how Okta writes `published`: UTC, always three fractional digits.
const PublishedLayout = "2006-01-02T15:04:05.000Z"

// Event is one System Log event in Okta's LogEvent shape. Fields Okta sends as null when they
// carry nothing (a zone, a client id, an outcome reason, a detailEntry, …) are plain Go strings
// and maps here, so callers build events with literals; the JSON encoding turns "" and nil into
// null where Okta does, and never drops a key Okta always sends.
type Event struct {
	UUID                  string                `json:"uuid"`
	Published             time.Time             `json:"-"`
	EventType             string                `json:"eventType"`
	Version               string                `json:"version"`
	Severity              string                `json:"severity"`
	LegacyEventType       string                `json:"-"`
	DisplayMessage        string                `json:"displayMessage"`
	Actor                 Actor                 `json:"actor"`
	Client                Client                `json:"client"`
	Device                *Device               `json:"device"`
	AuthenticationContext AuthenticationContext `json:"authenticationContext"`
	SecurityContext       SecurityContext       `json:"securityContext"`
	Outcome               Outcome               `json:"outcome"`
	Target                []Target              `json:"target"`
	Transaction           Transaction           `json:"transaction"`
	DebugContext          DebugContext          `json:"debugContext"`
	Request               Request               `json:"request"`
}

// eventJSON is Event with the fields whose encoding differs from Go's default.
type eventJSON struct {
	eventAlias
	Published       string  `json:"published"`
	LegacyEventType *string `json:"legacyEventType"`
}

type eventAlias Event

// MarshalJSON writes `published` with milliseconds and null for an empty legacyEventType.
func (e Event) MarshalJSON() ([]byte, error) {
	out := eventJSON{eventAlias: eventAlias(e), LegacyEventType: nullable(e.LegacyEventType)}
	if !e.Published.IsZero() {
		out.Published = e.Published.UTC().Format(PublishedLayout)
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads any RFC 3339 `published` (with or without fractions).
func (e *Event) UnmarshalJSON(b []byte) error {
	var in struct {
		eventAlias
		Published       string  `json:"published"`
		LegacyEventType *string `json:"legacyEventType"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*e = Event(in.eventAlias)
	if in.LegacyEventType != nil {
		e.LegacyEventType = *in.LegacyEventType
	}
	if in.Published != "" {
		t, err := time.Parse(time.RFC3339Nano, in.Published)
		if err != nil {
			return fmt.Errorf("published %q is not an RFC 3339 timestamp such as 2024-01-02T03:04:05.678Z: %w", in.Published, err)
		}
		e.Published = t.UTC()
	}
	return nil
}

// Actor is who performed the action.
type Actor struct {
	ID          string         `json:"id"`
	Type        string         `json:"type"`
	AlternateID string         `json:"alternateId"`
	DisplayName string         `json:"displayName"`
	DetailEntry map[string]any `json:"detailEntry"`
}

// Client is the HTTP client that caused the event. For events not caused by a request (JOB
// transactions) Okta sends every field as null, which the zero Client encodes to.
type Client struct {
	UserAgent           *UserAgent           `json:"userAgent"`
	Zone                string               `json:"-"`
	Device              string               `json:"-"`
	ID                  string               `json:"-"`
	IPAddress           string               `json:"-"`
	GeographicalContext *GeographicalContext `json:"geographicalContext"`
}

type clientAlias Client

// MarshalJSON writes null for empty zone, device, id and ipAddress, as Okta does.
func (c Client) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		clientAlias
		Zone      *string `json:"zone"`
		Device    *string `json:"device"`
		ID        *string `json:"id"`
		IPAddress *string `json:"ipAddress"`
	}{clientAlias(c), nullable(c.Zone), nullable(c.Device), nullable(c.ID), nullable(c.IPAddress)})
}

// UnmarshalJSON accepts null for the nullable strings.
func (c *Client) UnmarshalJSON(b []byte) error {
	var in struct {
		clientAlias
		Zone      *string `json:"zone"`
		Device    *string `json:"device"`
		ID        *string `json:"id"`
		IPAddress *string `json:"ipAddress"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*c = Client(in.clientAlias)
	c.Zone, c.Device, c.ID, c.IPAddress = deref(in.Zone), deref(in.Device), deref(in.ID), deref(in.IPAddress)
	return nil
}

// UserAgent is the client software.
type UserAgent struct {
	RawUserAgent string `json:"rawUserAgent"`
	OS           string `json:"os"`
	Browser      string `json:"browser"`
}

// GeographicalContext is where the request came from.
type GeographicalContext struct {
	City        string       `json:"city"`
	State       string       `json:"state"`
	Country     string       `json:"country"`
	PostalCode  string       `json:"postalCode"`
	Geolocation *Geolocation `json:"geolocation"`
}

type geoJSON struct {
	City        *string      `json:"city"`
	State       *string      `json:"state"`
	Country     *string      `json:"country"`
	PostalCode  *string      `json:"postalCode"`
	Geolocation *Geolocation `json:"geolocation"`
}

// MarshalJSON writes null for the parts of the address that are not known, as Okta does.
func (g GeographicalContext) MarshalJSON() ([]byte, error) {
	return json.Marshal(geoJSON{nullable(g.City), nullable(g.State), nullable(g.Country), nullable(g.PostalCode), g.Geolocation})
}

// UnmarshalJSON accepts null for the parts of the address.
func (g *GeographicalContext) UnmarshalJSON(b []byte) error {
	var in geoJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*g = GeographicalContext{deref(in.City), deref(in.State), deref(in.Country), deref(in.PostalCode), in.Geolocation}
	return nil
}

// Geolocation is a latitude and longitude.
type Geolocation struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Device is the Okta Verify device of the event, when there is one; Okta's keys are snake_case.
type Device struct {
	ID                    string         `json:"id"`
	Name                  string         `json:"name"`
	OSPlatform            string         `json:"os_platform"`
	OSVersion             string         `json:"os_version"`
	Managed               bool           `json:"managed"`
	Registered            bool           `json:"registered"`
	DeviceIntegrator      map[string]any `json:"device_integrator"`
	DiskEncryptionType    string         `json:"disk_encryption_type"`
	ScreenLockType        string         `json:"screen_lock_type"`
	Jailbreak             *bool          `json:"jailbreak"`
	SecureHardwarePresent bool           `json:"secure_hardware_present"`
}

// AuthenticationContext says how the actor authenticated; most fields are null for API calls.
type AuthenticationContext struct {
	AuthenticationProvider string  `json:"-"`
	CredentialProvider     string  `json:"-"`
	CredentialType         string  `json:"-"`
	Issuer                 *Issuer `json:"issuer"`
	Interface              string  `json:"-"`
	AuthenticationStep     int     `json:"authenticationStep"`
	RootSessionID          string  `json:"-"`
	ExternalSessionID      string  `json:"-"`
}

// Issuer is the OAuth or SAML issuer of an authentication.
type Issuer struct {
	ID   string `json:"id"`
	Type string `json:"type"`
}

type authContextJSON struct {
	AuthenticationProvider *string `json:"authenticationProvider"`
	CredentialProvider     *string `json:"credentialProvider"`
	CredentialType         *string `json:"credentialType"`
	Issuer                 *Issuer `json:"issuer"`
	Interface              *string `json:"interface"`
	AuthenticationStep     int     `json:"authenticationStep"`
	RootSessionID          *string `json:"rootSessionId"`
	ExternalSessionID      *string `json:"externalSessionId"`
}

// MarshalJSON writes null for the empty strings, as Okta does.
func (a AuthenticationContext) MarshalJSON() ([]byte, error) {
	return json.Marshal(authContextJSON{
		AuthenticationProvider: nullable(a.AuthenticationProvider),
		CredentialProvider:     nullable(a.CredentialProvider),
		CredentialType:         nullable(a.CredentialType),
		Issuer:                 a.Issuer,
		Interface:              nullable(a.Interface),
		AuthenticationStep:     a.AuthenticationStep,
		RootSessionID:          nullable(a.RootSessionID),
		ExternalSessionID:      nullable(a.ExternalSessionID),
	})
}

// UnmarshalJSON accepts null for the nullable strings.
func (a *AuthenticationContext) UnmarshalJSON(b []byte) error {
	var in authContextJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*a = AuthenticationContext{
		AuthenticationProvider: deref(in.AuthenticationProvider),
		CredentialProvider:     deref(in.CredentialProvider),
		CredentialType:         deref(in.CredentialType),
		Issuer:                 in.Issuer,
		Interface:              deref(in.Interface),
		AuthenticationStep:     in.AuthenticationStep,
		RootSessionID:          deref(in.RootSessionID),
		ExternalSessionID:      deref(in.ExternalSessionID),
	}
	return nil
}

// SecurityContext is the IP reputation of the request. The newer objects (risk, ipDetails,
// userBehaviors, botProtection) appear only on events that have them.
type SecurityContext struct {
	ASNumber      int              `json:"-"`
	ASOrg         string           `json:"-"`
	ISP           string           `json:"-"`
	Domain        string           `json:"-"`
	IsProxy       *bool            `json:"isProxy"`
	Risk          map[string]any   `json:"risk,omitempty"`
	IPDetails     map[string]any   `json:"ipDetails,omitempty"`
	UserBehaviors []map[string]any `json:"userBehaviors,omitempty"`
	BotProtection map[string]any   `json:"botProtection,omitempty"`
}

type securityContextAlias SecurityContext

type securityContextJSON struct {
	securityContextAlias
	ASNumber *int    `json:"asNumber"`
	ASOrg    *string `json:"asOrg"`
	ISP      *string `json:"isp"`
	Domain   *string `json:"domain"`
}

// MarshalJSON writes null for an unknown AS number and empty strings, as Okta does.
func (s SecurityContext) MarshalJSON() ([]byte, error) {
	out := securityContextJSON{securityContextAlias: securityContextAlias(s), ASOrg: nullable(s.ASOrg), ISP: nullable(s.ISP), Domain: nullable(s.Domain)}
	if s.ASNumber != 0 {
		n := s.ASNumber
		out.ASNumber = &n
	}
	return json.Marshal(out)
}

// UnmarshalJSON accepts null for the nullable fields.
func (s *SecurityContext) UnmarshalJSON(b []byte) error {
	var in securityContextJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*s = SecurityContext(in.securityContextAlias)
	if in.ASNumber != nil {
		s.ASNumber = *in.ASNumber
	}
	s.ASOrg, s.ISP, s.Domain = deref(in.ASOrg), deref(in.ISP), deref(in.Domain)
	return nil
}

// Outcome is the result of the action and, for failures, why.
type Outcome struct {
	Result string `json:"result"`
	Reason string `json:"-"`
}

// MarshalJSON writes null for an empty reason, as Okta does.
func (o Outcome) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Result string  `json:"result"`
		Reason *string `json:"reason"`
	}{o.Result, nullable(o.Reason)})
}

// UnmarshalJSON accepts a null reason.
func (o *Outcome) UnmarshalJSON(b []byte) error {
	var in struct {
		Result string  `json:"result"`
		Reason *string `json:"reason"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*o = Outcome{Result: in.Result, Reason: deref(in.Reason)}
	return nil
}

// Target is one entity the action was performed on. Pick targets by Type, never by index.
type Target struct {
	ID            string         `json:"id"`
	Type          string         `json:"type"`
	AlternateID   string         `json:"alternateId"`
	DisplayName   string         `json:"displayName"`
	DetailEntry   map[string]any `json:"detailEntry"`
	ChangeDetails *ChangeDetails `json:"changeDetails,omitempty"`
}

// ChangeDetails is the before and after of a changed target, on the events that carry it.
type ChangeDetails struct {
	From map[string]any `json:"from"`
	To   map[string]any `json:"to"`
}

// Transaction ties the event to the request (WEB) or job (JOB) that caused it; for WEB its id
// is the X-Okta-Request-Id of the request.
type Transaction struct {
	Type   string         `json:"type"`
	ID     string         `json:"id"`
	Detail map[string]any `json:"detail"`
}

// DebugContext carries the free-form debugData (requestId, requestUri, url, …).
type DebugContext struct {
	DebugData map[string]any `json:"debugData"`
}

// MarshalJSON writes an empty object rather than null when there is no debug data.
func (d DebugContext) MarshalJSON() ([]byte, error) {
	data := d.DebugData
	if data == nil {
		data = map[string]any{}
	}
	return json.Marshal(struct {
		DebugData map[string]any `json:"debugData"`
	}{data})
}

// Request lists the IP chain of the HTTP request; empty for events without one.
type Request struct {
	IPChain []IPAddress `json:"ipChain"`
}

// MarshalJSON writes an empty ipChain as [] rather than null.
func (r Request) MarshalJSON() ([]byte, error) {
	chain := r.IPChain
	if chain == nil {
		chain = []IPAddress{}
	}
	return json.Marshal(struct {
		IPChain []IPAddress `json:"ipChain"`
	}{chain})
}

// IPAddress is one hop of the request's IP chain.
type IPAddress struct {
	IP                  string               `json:"ip"`
	GeographicalContext *GeographicalContext `json:"geographicalContext"`
	Version             string               `json:"version"`
	Source              string               `json:"-"`
}

// MarshalJSON writes null for an empty source, as Okta does.
func (a IPAddress) MarshalJSON() ([]byte, error) {
	type alias IPAddress
	return json.Marshal(struct {
		alias
		Source *string `json:"source"`
	}{alias(a), nullable(a.Source)})
}

// UnmarshalJSON accepts a null source.
func (a *IPAddress) UnmarshalJSON(b []byte) error {
	type alias IPAddress
	var in struct {
		alias
		Source *string `json:"source"`
	}
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	*a = IPAddress(in.alias)
	a.Source = deref(in.Source)
	return nil
}

// nullable is nil for "" so that an absent value encodes as null.
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
