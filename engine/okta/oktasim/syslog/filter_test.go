package syslog

import (
	"strings"
	"testing"
)

func sampleEvent() Event {
	ok := false
	return Event{
		UUID:           "dc9fd3c0-598c-11ef-8478-2b7584bf8d5a",
		EventType:      "group.user_membership.add",
		Severity:       "INFO",
		DisplayMessage: "Add user to group membership",
		Actor:          Actor{ID: "00uadmin", Type: "User", AlternateID: "Admin@Example.com", DisplayName: "Ada Admin"},
		Client: Client{ID: "0oaflowdeck", IPAddress: "10.0.0.1", Device: "Computer",
			GeographicalContext: &GeographicalContext{City: "San Francisco", Country: "United States", Geolocation: &Geolocation{Lat: 37.7, Lon: -122.4}}},
		SecurityContext: SecurityContext{ASNumber: 394089, IsProxy: &ok},
		Outcome:         Outcome{Result: "SUCCESS"},
		Target: []Target{
			{ID: "00ujane", Type: "User", AlternateID: "jane.doe@example.com", DisplayName: "Jane Doe"},
			{ID: "00gsales", Type: "UserGroup", AlternateID: "unknown", DisplayName: "Sales"},
		},
		Transaction:  Transaction{Type: "WEB", ID: "XOxBw-2JIRnCFd0gG0GjHAAABjY"},
		DebugContext: DebugContext{DebugData: map[string]any{"requestId": "XOxBw-2JIRnCFd0gG0GjHAAABjY", "requestUri": "/api/v1/groups/00gsales/users/00ujane"}},
	}
}

func TestParseFilterMatches(t *testing.T) {
	ev := sampleEvent()
	cases := []struct {
		expr string
		want bool
	}{
		{`eventType eq "group.user_membership.add"`, true},
		{`eventType eq "GROUP.USER_MEMBERSHIP.ADD"`, true},
		{`eventType eq "user.lifecycle.create"`, false},
		{`eventType ne "user.lifecycle.create"`, true},
		{`eventType sw "group."`, true},
		{`eventType co "membership"`, true},
		{`eventType ew ".add"`, true},
		{`eventType ew ".remove"`, false},
		{`actor.id eq "00uadmin"`, true},
		{`actor.alternateId eq "admin@example.com"`, true},
		{`target.id eq "00ujane" and target.id eq "00gsales"`, true},
		{`target.id eq "00ujane" and target.type eq "UserGroup"`, true},
		{`target.id eq "00unobody"`, false},
		{`target.id ne "00unobody"`, true},
		{`target.id ne "00ujane"`, false},
		{`outcome.result eq "SUCCESS" and severity eq "INFO"`, true},
		{`outcome.result eq "FAILURE" or client.id eq "0oaflowdeck"`, true},
		{`not (outcome.result eq "FAILURE")`, true},
		{`not (outcome.result eq "SUCCESS")`, false},
		{`(eventType eq "a.b" or eventType eq "group.user_membership.add") and actor.type eq "User"`, true},
		{`eventType eq "a.b" or eventType eq "c.d" and actor.type eq "User"`, false},
		{`transaction.id eq "XOxBw-2JIRnCFd0gG0GjHAAABjY"`, true},
		{`debugContext.debugData.requestId eq "XOxBw-2JIRnCFd0gG0GjHAAABjY"`, true},
		{`debugContext.debugData.requestUri sw "/api/v1/groups"`, true},
		{`uuid eq "dc9fd3c0-598c-11ef-8478-2b7584bf8d5a"`, true},
		{`displayMessage co "group"`, true},
		{`client.zone pr`, false},
		{`client.ipAddress pr`, true},
		{`client.zone eq null`, true},
		{`client.ipAddress ne null`, true},
		{`outcome.reason eq null`, true},
		{`securityContext.asNumber gt 394000`, true},
		{`securityContext.asNumber le 1`, false},
		{`securityContext.isProxy eq false`, true},
		{`client.geographicalContext.geolocation.lat ge 37.7`, true},
		{`client.geographicalContext.city eq "san francisco"`, true},
		{`actor.displayName gt "Aa"`, true},
		{`actor.displayName lt "Aa"`, false},
		{`eventType EQ "group.user_membership.add" AND actor.id Eq "00uadmin"`, true},
		{`displayMessage eq "say \"hi\""`, false},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			f, err := ParseFilter(c.expr)
			if err != nil {
				t.Fatalf("ParseFilter(%q): %v", c.expr, err)
			}
			if got := f.Match(ev); got != c.want {
				t.Errorf("Match = %v, want %v", got, c.want)
			}
		})
	}
}

func TestParseFilterErrors(t *testing.T) {
	// Okta answers every refused filter with 400 E0000031; the summary says what is wrong.
	syntax := "is not a SCIM filter"
	cases := []struct {
		expr, code, contains string
	}{
		{`published gt "2024-01-01T00:00:00.000Z"`, "E0000031", "Operator: gt, Field: published"},
		{`published lt "2024-01-01T00:00:00.000Z"`, "E0000031", "Operator: lt, Field: published"},
		{`published eq "2024-01-01T00:00:00.000Z"`, "E0000031", "Field: published"},
		{`debugContext.debugData.url co "/oauth/"`, "E0000031", "Operator: co, Field: debugContext.debugData.url"},
		{`debugContext.debugData.requestUri co "/api"`, "E0000031", "Field: debugContext.debugData.requestUri"},
		{`display_message eqq "Create okta user"`, "E0000031", syntax},
		{`EventType eq "user.lifecycle.create"`, "E0000031", "field is not valid: EventType"},
		{`some_invalid_field eq "x"`, "E0000031", "field is not valid: some_invalid_field"},
		{`target.changeDetails.to.x eq "y"`, "E0000031", "field is not valid"},
		{`eventType eq`, "E0000031", syntax},
		{`eventType`, "E0000031", syntax},
		{`eventType eq user.lifecycle.create`, "E0000031", syntax},
		{`eventType eq "unclosed`, "E0000031", syntax},
		{`(eventType eq "a"`, "E0000031", syntax},
		{`eventType eq "a")`, "E0000031", syntax},
		{`eventType eq "a" and`, "E0000031", syntax},
		{`eventType eq "a" xor eventType eq "b"`, "E0000031", syntax},
		{`not eventType eq "a"`, "E0000031", syntax},
		{`target[type eq "User"].id eq "x"`, "E0000031", "'[ ]' is not supported"},
		{`eventType co 5`, "E0000031", "needs a quoted string"},
		{`eventType gt true`, "E0000031", "needs a string or a number"},
		{``, "E0000031", "empty"},
		{`   `, "E0000031", "empty"},
		{`eventType eq "a" # comment`, "E0000031", syntax},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			_, err := ParseFilter(c.expr)
			fe, ok := err.(*FilterError)
			if !ok {
				t.Fatalf("ParseFilter(%q) error = %v, want a *FilterError", c.expr, err)
			}
			if fe.Code != c.code || !strings.Contains(fe.Summary, c.contains) {
				t.Errorf("got %s %q, want %s containing %q", fe.Code, fe.Summary, c.code, c.contains)
			}
		})
	}
}
