// Package syslog is the System Log of the simulated Okta org: an in-memory event store that
// ingests events late and out of `published` order as Okta does, and GET /api/v1/logs with
// Okta's query, filter, polling and Link-pagination semantics.
//
// Where Okta's documentation is silent the simulator chooses, and a client must not rely on
// the choice: filter string comparisons ignore case (SCIM's default); `until` is inclusive;
// the `after` cursor is base64 of the event's persistence time and sequence; the wording of
// the errors for a bad limit, sortOrder, after or too many q keywords is the simulator's own
// (their errorCode, E0000001, is Okta's).
package syslog
