package catalog

import (
	"encoding/csv"
	"os"
	"slices"
	"strings"
	"testing"
)

// eventCardRow is one row of testdata/event-cards.tsv: a card Okta Workflows offers and the
// System Log event types it fires on.
type eventCardRow struct {
	name  string
	types []string
}

func loadEventCardRows(t *testing.T) []eventCardRow {
	t.Helper()
	data, err := os.ReadFile("testdata/event-cards.tsv")
	if err != nil {
		t.Fatalf("read the event card list: %v", err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "card_name\tevent_types") {
		t.Fatalf("testdata/event-cards.tsv: want a header starting card_name, event_types; got %q", lines[0])
	}
	var rows []eventCardRow
	for i, line := range lines[1:] {
		cols := strings.Split(line, "\t")
		if len(cols) < 2 || strings.TrimSpace(cols[0]) == "" {
			t.Fatalf("testdata/event-cards.tsv line %d: want card_name<TAB>event_types, got %q", i+2, line)
		}
		types := strings.FieldsFunc(cols[1], func(r rune) bool { return r == ',' || r == ';' || r == ' ' })
		rows = append(rows, eventCardRow{name: strings.TrimSpace(cols[0]), types: types})
	}
	return rows
}

// loadOktaEventTypes reads Okta's event-type catalog: type → tags.
func loadOktaEventTypes(t *testing.T) map[string][]string {
	t.Helper()
	f, err := os.Open("testdata/okta-event-types.csv")
	if err != nil {
		t.Fatalf("open Okta's event-type catalog: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read testdata/okta-event-types.csv: %v", err)
	}
	types := map[string][]string{}
	for _, r := range recs[1:] {
		var tags []string
		for tag := range strings.SplitSeq(r[1], ",") {
			if tag = strings.TrimSpace(tag); tag != "" {
				tags = append(tags, tag)
			}
		}
		types[r[0]] = tags
	}
	if len(types) < 1000 {
		t.Fatalf("testdata/okta-event-types.csv holds %d event types; Okta's catalog has more than 1000", len(types))
	}
	return types
}

func TestEventCardsMatchWorkflowsList(t *testing.T) {
	rows := loadEventCardRows(t)
	if len(rows) != 73 {
		t.Fatalf("testdata/event-cards.tsv lists %d cards, want 73", len(rows))
	}
	reg := Global()
	listed := map[string]bool{}
	for _, row := range rows {
		listed[strings.ToLower(row.name)] = true
		t.Run(row.name, func(t *testing.T) {
			s, ok := reg.ByName(row.name)
			if !ok {
				t.Fatalf("no card named %q", row.name)
			}
			if s.Kind != KindEvent {
				t.Fatalf("%s is a %s card, want an event card", s.ID, s.Kind)
			}
			got := slices.Sorted(slices.Values(s.EventTypes))
			want := slices.Sorted(slices.Values(row.types))
			if !slices.Equal(got, want) {
				t.Errorf("%s fires on %v, want exactly %v", s.ID, got, want)
			}
		})
	}
	events := reg.OfKind(KindEvent)
	if len(events) != 73 {
		t.Errorf("the registry has %d event cards, want 73", len(events))
	}
	for _, s := range events {
		if !listed[strings.ToLower(s.Name)] {
			t.Errorf("event card %s (%q) is not in testdata/event-cards.tsv", s.ID, s.Name)
		}
	}
}

func TestEventTypesExistInOktaCatalog(t *testing.T) {
	known := loadOktaEventTypes(t)
	for _, s := range Global().OfKind(KindEvent) {
		for _, et := range s.EventTypes {
			if _, ok := known[et]; !ok {
				t.Errorf("%s fires on %q, which is not in Okta's event-type catalog", s.ID, et)
			}
		}
	}
}

func TestEventCardsEasyToMiss(t *testing.T) {
	reg := Global()
	for _, name := range []string{
		"Access Request Created",
		"Access Request Resolved",
		"Access Certification Decision Submitted",
		"OAuth2 App Consent Granted",
		"Group Push Failed",
		"Sync User in External Application",
		"User Okta Password Reset by an Admin",
		"Suspicious Activity Reported",
		"User Signed In Attempt",
	} {
		t.Run(name, func(t *testing.T) {
			if s, ok := reg.ByName(name); !ok || s.Kind != KindEvent {
				t.Errorf("no event card named %q", name)
			}
		})
	}
}

// The Workflows card keys seen in real exports: the importer maps them to these ids.
func TestEventCardIDsUseWorkflowsKeys(t *testing.T) {
	for name, key := range map[string]string{
		"Access Certification Decision Submitted": "accessCertificationDecisionSubmitted",
		"Access Request Created":                  "accessRequestCreated",
		"Group Deleted":                           "groupDeleted",
		"Group Profile Updated":                   "groupProfileUpdated",
		"User Okta Password Updated":              "oktaUserPasswordUpdated",
		"User Okta Profile Updated":               "oktaUserProfileUpdated",
		"User Activated":                          "userActivated",
		"User Assigned to Application":            "userAddedToApplicationMembership",
		"User Added to Group":                     "userAddedToGroupMembership",
		"User Created":                            "userCreated",
		"User Deactivated":                        "userDeactivated",
		"User MFA Factor Activated":               "userMFAFactorActivated",
		"User MFA Factor Deactivated":             "userMFAFactorDeactivated",
		"User Unassigned from Application":        "userRemovedFromApplicationMembership",
		"User Removed from Group":                 "userRemovedFromGroupMembership",
		"Suspicious Activity Reported":            "userReportedSuspiciousActivityBeta",
		"User Signed In Attempt":                  "userSignedIn",
		"User Suspended":                          "userSuspended",
	} {
		t.Run(name, func(t *testing.T) {
			s, ok := Global().ByName(name)
			if !ok {
				t.Fatalf("no card named %q", name)
			}
			if want := "okta.event." + key; s.ID != want {
				t.Errorf("id = %s, want %s", s.ID, want)
			}
		})
	}
}

func TestEventPipelines(t *testing.T) {
	tags := loadOktaEventTypes(t)
	for _, s := range Global().OfKind(KindEvent) {
		t.Run(s.Name, func(t *testing.T) {
			idxOnly := true
			for _, et := range s.EventTypes {
				idxOnly = idxOnly && slices.Contains(tags[et], "oie-only")
			}
			if idxOnly && s.Pipeline != "idx" {
				t.Errorf("Okta writes %v only in Identity Engine orgs, but Pipeline = %q", s.EventTypes, s.Pipeline)
			}
			if s.Category == "Devices" && s.Pipeline != "idx" {
				t.Errorf("device cards fire only in Identity Engine orgs, but Pipeline = %q", s.Pipeline)
			}
			switch s.Pipeline {
			case "":
			case "idx", "v1":
				if !strings.Contains(s.Help, "Identity Engine") || !strings.Contains(s.Help, "Classic") {
					t.Errorf("Pipeline %q is not explained in the help: %q", s.Pipeline, s.Help)
				}
			default:
				t.Errorf("Pipeline = %q, want idx, v1 or empty", s.Pipeline)
			}
		})
	}
	if s, ok := Global().ByName("User MFA Factor Reset All"); !ok || s.Pipeline != "v1" {
		t.Errorf("User MFA Factor Reset All never fires on Identity Engine: want Pipeline v1 (card found: %v)", ok)
	}
}

// wantEventOutputs are the outputs every event card has, with their names and types.
var wantEventOutputs = []struct {
	key, name string
	typ       Type
	fields    []string
}{
	{"published", "Date and Time", TypeDate, nil},
	{"displayMessage", "Message", TypeString, nil},
	{"eventId", "Event ID", TypeString, nil},
	{"eventType", "Event Type", TypeString, nil},
	{"uuid", "UUID", TypeString, nil},
	{"severity", "Severity", TypeString, nil},
	{"actor", "Actor", TypeObject, []string{"id", "alternateId", "displayName", "type"}},
	{"targets", "Targets", TypeList, []string{"id", "alternateId", "displayName", "type"}},
	{"client", "Client", TypeObject, []string{"ipAddress", "userAgent"}},
	{"outcome", "Outcome", TypeObject, []string{"result", "reason"}},
	{"transaction", "Transaction", TypeObject, []string{"type", "id"}},
	{"debugContext", "Debug Context", TypeObject, []string{"debugData"}},
	{"raw", "Event Details", TypeObject, nil},
}

func TestEventCardConventions(t *testing.T) {
	// Same key, same meaning: the first card that uses a target key fixes its Okta type.
	targetType := map[string]string{}
	keyOf := map[string]string{}
	categories := []string{"Users", "Groups", "Applications", "Devices", "Policies", "Security", "System", "Import", "Governance"}
	for _, s := range Global().OfKind(KindEvent) {
		t.Run(s.Name, func(t *testing.T) {
			if !strings.HasPrefix(s.ID, "okta.event.") || s.Version != 1 || s.Group != "Okta events" {
				t.Errorf("id %q version %d group %q: want okta.event.*, 1, Okta events", s.ID, s.Version, s.Group)
			}
			if !slices.Contains(categories, s.Category) {
				t.Errorf("category %q is not one of %v", s.Category, categories)
			}
			for _, w := range wantEventOutputs {
				f, ok := s.Output(w.key)
				if !ok {
					t.Errorf("no output %q", w.key)
					continue
				}
				if f.Name != w.name || f.Type != w.typ {
					t.Errorf("output %q is %q (%s), want %q (%s)", w.key, f.Name, f.Type, w.name, w.typ)
				}
				for _, sub := range w.fields {
					if _, ok := findField(f.Fields, sub); !ok {
						t.Errorf("output %q has no member %q", w.key, sub)
					}
				}
			}
			var hasAppTarget bool
			for _, f := range s.Outputs {
				oktaType, isTarget := f.TargetType()
				if !isTarget {
					continue
				}
				if want, ok := targetType[f.Key]; ok && want != oktaType {
					t.Errorf("target output %q picks type %q; other cards use it for %q", f.Key, oktaType, want)
				}
				if want, ok := keyOf[oktaType]; ok && want != f.Key {
					t.Errorf("target type %q is output %q here but %q on other cards", oktaType, f.Key, want)
				}
				targetType[f.Key], keyOf[oktaType] = oktaType, f.Key
				if f.Type != TypeObject {
					t.Errorf("target output %q is %s, want object", f.Key, f.Type)
				}
				if p, ok := s.OutputPath(f.Key + ".alternateId"); !ok || p.Type != TypeString {
					t.Errorf("%s.alternateId does not resolve to text", f.Key)
				}
				hasAppTarget = hasAppTarget || oktaType == "AppInstance"
			}
			for _, o := range s.Options {
				switch o.Key {
				case "outcome":
					def, _ := o.Default.(string)
					if len(o.Choices) < 2 || o.Choices[0] != eventOutcomeAny || !slices.Contains(o.Choices, def) {
						t.Errorf("outcome option: choices %v default %v; want Any first and a default among the choices", o.Choices, o.Default)
					}
				case "appInstanceId":
					if typ, _ := o.TargetType(); typ != "AppInstance" || o.Type != TypeString || o.Required {
						t.Errorf("appInstanceId option = %+v; want an optional string filtering on target:AppInstance", o)
					}
					if !hasAppTarget {
						t.Errorf("appInstanceId filters on an AppInstance target, but the card declares none")
					}
				default:
					t.Errorf("option %q: event cards only know the options outcome and appInstanceId", o.Key)
				}
			}
			if p, ok := s.OutputPath("raw.target.changeDetails"); !ok || p.Type != TypeAny {
				t.Errorf("raw must give access to any member of the event, got %+v %v", p, ok)
			}
		})
	}
}

func TestEventFilters(t *testing.T) {
	appScoped := []string{
		"User Assigned to Application", "User Unassigned from Application", "User App Password Changed",
		"Sync User in External Application", "Application Activated", "Application Deactivated",
		"Application Deleted", "Application Updated", "Group Push Failed",
	}
	for _, name := range appScoped {
		t.Run("app filter/"+name, func(t *testing.T) {
			s, ok := Global().ByName(name)
			if !ok {
				t.Fatalf("no card named %q", name)
			}
			if _, ok := s.Option("appInstanceId"); !ok {
				t.Errorf("%s has no appInstanceId option", s.ID)
			}
		})
	}
	for _, tc := range []struct {
		name, outcome string
		choices       []string
	}{
		{"User Signed In Attempt", "Any", []string{"SUCCESS", "FAILURE", "DENY"}},
		{"User MFA", "Any", []string{"SUCCESS", "FAILURE", "DENY"}},
		{"Phone Verification SMS Sent", "Any", []string{"DENY"}},
		{"Phone Verification Call Sent", "Any", []string{"DENY"}},
		{"User Password Imported", "Any", []string{"FAILURE"}},
		{"Access Certification Decision Submitted", "Any", []string{"SKIPPED"}},
		{"User Created", "SUCCESS", []string{"FAILURE"}},
		{"User Okta Password Updated", "SUCCESS", []string{"FAILURE"}},
		{"User Assigned to Application", "SUCCESS", []string{"FAILURE"}},
	} {
		t.Run("outcome/"+tc.name, func(t *testing.T) {
			s, ok := Global().ByName(tc.name)
			if !ok {
				t.Fatalf("no card named %q", tc.name)
			}
			o, ok := s.Option("outcome")
			if !ok {
				t.Fatalf("%s has no outcome option", s.ID)
			}
			if o.Default != tc.outcome {
				t.Errorf("outcome default = %v, want %s", o.Default, tc.outcome)
			}
			for _, c := range tc.choices {
				if !slices.Contains(o.Choices, c) {
					t.Errorf("outcome choices %v lack %s", o.Choices, c)
				}
			}
		})
	}
	// A failure report must not hide behind a SUCCESS default.
	if s, _ := Global().ByName("Group Push Failed"); s != nil {
		if o, ok := s.Option("outcome"); ok && o.Default == "SUCCESS" {
			t.Errorf("Group Push Failed would never fire with outcome SUCCESS by default")
		}
	}
}

func TestEventTargetsByCard(t *testing.T) {
	for _, tc := range []struct {
		name    string
		targets []string // Okta target types, in the order shown
	}{
		{"User Created", []string{"User"}},
		{"User Deleted", []string{"User"}},
		{"User Added to Group", []string{"User", "UserGroup"}},
		{"User Assigned to Application", []string{"User", "AppUser", "AppInstance"}},
		{"Group Push Failed", []string{"AppInstance", "UserGroup", "GroupPushMapping"}},
		{"Policy Rule Updated", []string{"PolicyEntity", "PolicyRule"}},
		{"Device Enrolled", []string{"Device", "User"}},
		{"API Token Created", []string{"Token"}},
		{"User Signed In Attempt", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, ok := Global().ByName(tc.name)
			if !ok {
				t.Fatalf("no card named %q", tc.name)
			}
			var got []string
			for _, f := range s.Outputs {
				if typ, ok := f.TargetType(); ok {
					got = append(got, typ)
				}
			}
			if !slices.Equal(got, tc.targets) {
				t.Errorf("target types = %v, want %v", got, tc.targets)
			}
		})
	}
	if s, _ := Global().ByName("User Deleted"); s == nil || !strings.Contains(s.Help, "404") {
		t.Errorf("User Deleted must warn that Read User may answer 404")
	}
}

func TestFieldTargetType(t *testing.T) {
	for _, tc := range []struct {
		group, want string
		ok          bool
	}{
		{"target:User", "User", true},
		{"target:URL Pattern", "URL Pattern", true},
		{"target:", "", false},
		{"User", "", false},
		{"", "", false},
	} {
		t.Run(tc.group, func(t *testing.T) {
			got, ok := Field{Group: tc.group}.TargetType()
			if got != tc.want || ok != tc.ok {
				t.Errorf("TargetType() = %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}
