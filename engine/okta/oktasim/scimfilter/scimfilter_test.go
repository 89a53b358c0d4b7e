package scimfilter

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// doc is a resource of nested maps, the way the System Log's events are looked up.
var doc = map[string][]any{
	"eventType":   {"group.user_membership.add"},
	"target.id":   {"00ujane", "00gsales"},
	"client.zone": {nil},
	"client.geographicalContext.geolocation.lat": {37.7},
	"debugContext.debugData.requestId":           {"XOx"},
	"displayMessage":                             {`say "hi"`},
	"lastUpdated":                                {"2024-05-01T10:00:00.000Z"},
	"created":                                    {time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)},
	"active":                                     {true},
}

func get(path string) []any { return doc[path] }

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		expr string
		fold bool
		want bool
	}{
		{`eventType eq "group.user_membership.add"`, false, true},
		{`eventType eq "GROUP.user_membership.add"`, false, false},
		{`eventType eq "GROUP.user_membership.add"`, true, true},
		{`eventType EQ "group.user_membership.add" AND target.id Eq "00gsales"`, false, true},
		{`target.id eq "00ujane" and target.id eq "00gsales"`, false, true},
		{`target.id ne "00ujane"`, false, false},
		{`target.id ne "00unobody"`, false, true},
		{`not (eventType sw "user.")`, false, true},
		{`eventType co "membership" or eventType ew ".remove"`, false, true},
		{`client.zone eq null`, false, true},
		{`client.zone pr`, false, false},
		{`client.missing eq null`, false, true},
		{`client.zone ne null`, false, false},
		{`client.geographicalContext.geolocation.lat ge 37.7`, false, true},
		{`client.geographicalContext.geolocation.lat lt 37`, false, false},
		{`debugContext.debugData.requestId eq "XOx"`, false, true},
		{`displayMessage eq "say \"hi\""`, false, true},
		{`lastUpdated gt "2024-04-30T00:00:00Z"`, false, true},
		{`lastUpdated lt "2024-04-30T00:00:00.000Z"`, false, false},
		{`created lt "2024-01-02T00:00:00.000Z"`, false, true},
		{`active eq true`, false, true},
		{`active eq false`, false, false},
		{`(eventType eq "a" or eventType eq "group.user_membership.add") and target.id eq "00ujane"`, false, true},
	} {
		f, err := Parse(tc.expr)
		if err != nil {
			t.Errorf("Parse(%s): %v", tc.expr, err)
			continue
		}
		if got := f.Match(get, tc.fold); got != tc.want {
			t.Errorf("%s (fold %v) = %v, want %v", tc.expr, tc.fold, got, tc.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ expr, cause string }{
		{``, "the expression is empty"},
		{`   `, "the expression is empty"},
		{`eventType eqq "a"`, "is not a SCIM filter"},
		{`eventType eq`, "is not a SCIM filter"},
		{`eventType eq "unclosed`, "is not a SCIM filter"},
		{`eventType eq user.lifecycle.create`, "is not a SCIM filter"},
		{`eventType eq "a" xor eventType eq "b"`, "is not a SCIM filter"},
		{`(eventType eq "a"`, "is not a SCIM filter"},
		{`target[type eq "User"].id eq "x"`, "'[ ]' is not supported"},
		{`emails[type eq "work"]`, "'[ ]' is not supported"},
		{`not eventType eq "a"`, "is not a SCIM filter"},
		{`eventType co 5`, "needs a quoted string"},
		{`eventType gt true`, "needs a string or a number"},
	} {
		_, err := Parse(tc.expr)
		var fe *Error
		if !errors.As(err, &fe) || !strings.Contains(fe.Cause, tc.cause) || !strings.Contains(fe.Cause, "Invalid filter '"+tc.expr+"'") {
			t.Errorf("Parse(%q) = %v, want a cause naming the filter and containing %q", tc.expr, err, tc.cause)
		}
	}
	if _, err := Parse(`displayMessage eq "a[b]"`); err != nil {
		t.Errorf("brackets inside a string: %v", err)
	}
}

func TestCheckSeesEveryComparison(t *testing.T) {
	f, err := Parse(`a.b.c eq "x" and (d pr or not (e gt 5))`)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	_ = f.Check(func(path, op string, v any) error {
		seen = append(seen, path+" "+op)
		return nil
	})
	if got := strings.Join(seen, ","); got != "a.b.c eq,d pr,e gt" {
		t.Errorf("Check saw %s", got)
	}
	stop := errors.New("no")
	if err := f.Check(func(path, _ string, _ any) error {
		if path == "d" {
			return stop
		}
		return nil
	}); err != stop {
		t.Errorf("Check returned %v, want the check's error", err)
	}
}
