package catalog

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// actionCardRow is one line of testdata/action-cards.tsv (see testdata/SOURCES.md).
type actionCardRow struct {
	name, call, inputs, outputs string
}

func actionLoadRows(t *testing.T) []actionCardRow {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "action-cards.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var rows []actionCardRow
	for i, line := range lines[1:] {
		cols := strings.Split(line, "\t")
		if len(cols) < 4 {
			t.Fatalf("action-cards.tsv line %d has %d columns, want at least 4", i+2, len(cols))
		}
		rows = append(rows, actionCardRow{name: cols[0], call: cols[1], inputs: cols[2], outputs: cols[3]})
	}
	if len(rows) == 0 {
		t.Fatal("action-cards.tsv has no cards")
	}
	return rows
}

// actionTestRegistry registers only the action cards, so these tests do not depend on the
// event and function declarations (Register also validates every spec).
func actionTestRegistry(t *testing.T) *Registry {
	t.Helper()
	r := NewRegistry()
	for _, s := range actionSpecs() {
		if err := r.Register(s); err != nil {
			t.Fatal(err)
		}
	}
	return r
}

func actionMustFind(t *testing.T, r *Registry, name string) *Spec {
	t.Helper()
	s, ok := r.ByName(name)
	if !ok || s.Kind != KindAction {
		t.Fatalf("no action card named %q", name)
	}
	return s
}

func TestActionCardsMatchWorkflowsList(t *testing.T) {
	r := actionTestRegistry(t)
	rows := actionLoadRows(t)
	if len(rows) != 60 {
		t.Fatalf("action-cards.tsv lists %d cards, want 60", len(rows))
	}
	if got := len(r.OfKind(KindAction)); got != 60 {
		t.Errorf("catalog declares %d action cards, want 60", got)
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) { actionMustFind(t, r, row.name) })
	}
	// Cards whose names were reconstructed from Okta's help-page addresses: easy to leave out.
	for _, name := range []string{"Activate Application", "Deactivate Application", "Delete Application", "List Import Sessions"} {
		actionMustFind(t, r, name)
	}
	// The global registry (with event and function cards) must hold them too.
	for _, s := range r.OfKind(KindAction) {
		if g, ok := Global().Lookup(s.ID); !ok || g.Name != s.Name {
			t.Errorf("card %s is missing from the global registry", s.ID)
		}
	}
}

// actionWantIDs pins every action card's id: flow documents store it, so it never changes.
// Where Okta Workflows has a key for the card, the id is that key (the importer relies on it).
var actionWantIDs = map[string]string{
	"Activate Application":                                "activateApplication",
	"Activate Group Rule":                                 "activateGroupRule",
	"Activate User":                                       "activateUser",
	"Add User to Group":                                   "addNewUserToGroup",
	"Assign Group to Application":                         "assignGroupToApplication",
	"Assign User to Application for SSO":                  "assignUserToApplicationForSSO",
	"Assign User to Application for SSO and Provisioning": "assignUserToApplicationForSSOAndProvisioning",
	"Bulk User Import":                                    "bulkUserImport",
	"Clear User Sessions":                                 "clearUserSessions",
	"Create Group":                                        "createGroup",
	"Create Group Rule":                                   "createGroupRule",
	"Create Import Session":                               "createAnImportSession",
	"Create User":                                         "createUser",
	"Custom API Action":                                   "hTTPRequest",
	"Deactivate Application":                              "deactivateApplication",
	"Deactivate Group Rule":                               "deactivateGroupRule",
	"Deactivate User":                                     "deactivateUser",
	"Delete Application":                                  "deleteApplication",
	"Delete Group":                                        "deleteGroup",
	"Delete Group Rule":                                   "deleteGroupRule",
	"Delete Import Session":                               "deleteImportSession",
	"Delete Linked Object Value":                          "deleteLinkedObjectValue",
	"Delete User":                                         "deleteUser",
	"Find Users":                                          "searchUsers",
	"Get Assigned User for Application":                   "getAssignedUserForApplication",
	"Get Associated Linked Object Values":                 "getAssociatedLinkedObjectValues",
	"Get Primary Linked Object Value":                     "getPrimaryLinkedObjectValue",
	"Get Users Groups":                                    "getUsersGroups",
	"List Applications Assigned to Group":                 "listApplicationsAssignedToGroup",
	"List Applications Assigned to User":                  "listApplicationsAssignedToUser",
	"List Groups Assigned to Application":                 "listGroupsAssignedToApplication",
	"List Group Members":                                  "listGroupMembers",
	"List Import Sessions":                                "listImportSessions",
	"List Users Assigned to Application":                  "listUsersAssignedToApplication",
	"List Users with Filter":                              "listUsersWithFilter",
	"List Users With Search":                              "listUsersWithSearch",
	"Map Profile Source Attributes":                       "mapProfileSourceAttributes",
	"Read Application":                                    "readApplication",
	"Read Assigned Group for Application":                 "readAssignedGroupForApplication",
	"Read Group":                                          "readGroup",
	"Read Group Rule":                                     "readGroupRule",
	"Read Import Session":                                 "readImportSession",
	"Read User":                                           "readUser",
	"Remove Group from Application":                       "removeGroupFromApplication",
	"Remove User from Application":                        "removeUserFromApplication",
	"Remove User from Group":                              "removeUserFromGroup",
	"Reset Password":                                      "resetPassword",
	"Search Applications":                                 "searchApplications",
	"Search Groups":                                       "searchGroups",
	"Search Group Rules":                                  "searchGroupRules",
	"Search System Logs":                                  "searchSystemLogs",
	"Set Linked Object Value for Primary":                 "setLinkedObjectValueForPrimary",
	"Suspend User":                                        "suspendUser",
	"Trigger Import Session":                              "triggerImportSession",
	"Unsuspend User":                                      "unsuspendUser",
	"Update Application Credentials for an Assigned User": "updateApplicationCredentialsForAnAssignedUser",
	"Update Application Profile for an Assigned User":     "updateApplicationProfileForAssignedUser",
	"Update Group":                                        "updateGroup",
	"Update Group Rule":                                   "updateGroupRule",
	"Update User":                                         "updateUser",
}

func TestActionCardIDs(t *testing.T) {
	r := actionTestRegistry(t)
	for _, row := range actionLoadRows(t) {
		want, ok := actionWantIDs[row.name]
		if !ok {
			t.Errorf("%s: add its id to actionWantIDs", row.name)
			continue
		}
		if got := actionMustFind(t, r, row.name).ID; got != "okta.action."+want {
			t.Errorf("%s: id %s, want okta.action.%s", row.name, got, want)
		}
	}
	for _, s := range r.OfKind(KindAction) {
		if s.Version != 1 || s.Group != "Okta actions" || s.Category == "" {
			t.Errorf("%s: version %d, group %q, category %q; want 1, Okta actions and a category", s.ID, s.Version, s.Group, s.Category)
		}
	}
}

var (
	// actionCallRE finds "METHOD /path" in the TSV's method_and_path column.
	actionCallRE  = regexp.MustCompile(`\b(GET|POST|PUT|PATCH|DELETE) (/[^\s;,()\[]+)`)
	actionParamRE = regexp.MustCompile(`\{[^}]*\}`)
)

// actionNormCall reduces "GET /api/v1/users/{idOrLogin}?q=x" to "GET /api/v1/users/{}": the
// query string and the names of path parameters do not change which endpoint is called.
func actionNormCall(call string) string {
	if i := strings.IndexAny(call, "?["); i >= 0 {
		call = call[:i]
	}
	return actionParamRE.ReplaceAllString(call, "{}")
}

// actionCallExempt lists calls in the TSV that a card need not make, and why.
var actionCallExempt = map[string]string{
	"GET /api/v1/users/{}/appLinks": "List Applications Assigned to User: an alternative endpoint the TSV mentions",
}

func TestActionCardsCallTheAPIOfTheList(t *testing.T) {
	r := actionTestRegistry(t)
	for _, row := range actionLoadRows(t) {
		t.Run(row.name, func(t *testing.T) {
			s := actionMustFind(t, r, row.name)
			var have []string
			for _, line := range s.API {
				have = append(have, actionNormCall(line))
			}
			matches := actionCallRE.FindAllStringSubmatch(row.call, -1)
			if len(matches) == 0 {
				// Custom API Action: any method on any path; it must offer each method.
				for _, m := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
					if !slices.ContainsFunc(s.API, func(l string) bool { return strings.HasPrefix(l, m+" ") }) {
						t.Errorf("no API line for %s (TSV: %s)", m, row.call)
					}
				}
				return
			}
			for i, m := range matches {
				want := actionNormCall(m[1] + " " + m[2])
				if i > 0 && actionCallExempt[want] != "" {
					continue
				}
				if !slices.Contains(have, want) {
					t.Errorf("API %q lacks %q (TSV: %s)", s.API, want, row.call)
				}
			}
		})
	}
}

// actionWantFields lists, per card, the input (options included) and output names the TSV's
// main_inputs and main_outputs columns mention, as this catalog spells them. A name matches a
// field's Name, its Group and Name ("User ID" is Name "ID" in group "User"), or its Key; list
// item and object members count.
var actionWantFields = map[string]struct{ in, out []string }{
	"Activate Application":                                {[]string{"ID"}, []string{"Status Code"}},
	"Activate Group Rule":                                 {[]string{"Group Rule ID"}, []string{"Status Code"}},
	"Activate User":                                       {[]string{"Send Email?", "ID or Login"}, []string{"Status Code", "Activation Token", "Activation URL"}},
	"Add User to Group":                                   {[]string{"Group ID", "User ID"}, []string{"Status"}},
	"Assign Group to Application":                         {[]string{"Application", "Application ID", "Group ID"}, []string{"ID", "Last Updated", "Priority", "Profile", "Links"}},
	"Assign User to Application for SSO":                  {[]string{"Application", "User ID", "Scope", "Credentials Username", "Credentials Password"}, []string{"User ID", "External ID", "Created", "Last Updated", "Scope", "Status", "Status Changed", "Password Changed", "Sync State", "Last Sync", "Credentials", "Profile Properties Profile"}},
	"Assign User to Application for SSO and Provisioning": {[]string{"Application", "User ID", "Scope", "Credentials Username", "Credentials Password", "Profile Properties"}, []string{"User ID", "Status", "Profile", "Raw Output"}},
	"Bulk User Import":                                    {[]string{"Application", "Import Operation", "Application ID", "Session ID", "Users", "externalId", "profile", "Users Per Page"}, []string{"Records Imported"}},
	"Clear User Sessions":                                 {[]string{"User ID", "Revoke oauthTokens?"}, []string{"Status Code"}},
	"Create Group":                                        {[]string{"Name", "Description"}, []string{"ID", "Created", "Last Updated", "Type", "Profile"}},
	"Create Group Rule":                                   {[]string{"Name", "Expression Conditions", "Assign to Groups", "Exclude Users"}, []string{"ID", "Type", "Status", "Name", "Expression Conditions", "Excluded Users", "Group Assignments"}},
	"Create Import Session":                               {[]string{"Application", "Application ID"}, []string{"ID", "Application ID", "Status", "Import Type"}},
	"Create User":                                         {[]string{"Option", "Username", "First name", "Last name", "Primary email", "Password", "Recovery Question", "Recovery Answer", "Provider Type", "Provider Name", "Group IDs", "Activate"}, []string{"Raw Output", "ID", "Status", "Created", "Activated"}},
	"Custom API Action":                                   {[]string{"Request Type", "Relative URL", "Query", "Headers", "Body"}, []string{"Status Code", "Headers", "Body"}},
	"Deactivate Application":                              {[]string{"ID"}, []string{"Status Code"}},
	"Deactivate Group Rule":                               {[]string{"Group Rule ID"}, []string{"Status Code"}},
	"Deactivate User":                                     {[]string{"Send Email?", "ID or Login"}, []string{"Status Code"}},
	"Delete Application":                                  {[]string{"ID"}, []string{"Status Code"}},
	"Delete Group":                                        {[]string{"Group ID"}, []string{"Status Code"}},
	"Delete Group Rule":                                   {[]string{"Group Rule ID"}, []string{"Status Code"}},
	"Delete Import Session":                               {[]string{"Application", "Application ID", "Session ID"}, []string{"Status Code"}},
	"Delete Linked Object Value":                          {[]string{"Associated User ID", "Primary Name"}, []string{"Status Code"}},
	"Delete User":                                         {[]string{"User ID", "Send Email?", "Deactivate first"}, []string{"Status Code", "Outcome"}},
	"Find Users":                                          {[]string{"Result Set", "Query"}, []string{"Users", "ID", "Status", "Created", "Activated", "Status Changed", "Last Login", "Last Updated", "Profile", "Raw Output"}},
	"Get Assigned User for Application":                   {[]string{"Application", "User ID"}, []string{"Profile Properties Profile", "User ID", "External ID", "Created", "Status"}},
	"Get Associated Linked Object Values":                 {[]string{"User ID", "Associated Name"}, []string{"Associated User IDs", "Associated Users", "Link"}},
	"Get Primary Linked Object Value":                     {[]string{"Associated User ID", "Primary Name"}, []string{"Primary User ID", "Link"}},
	"Get Users Groups":                                    {[]string{"User ID"}, []string{"Groups", "ID", "Created", "Last Updated", "Last Membership Updated", "Object Class", "Type", "Profile"}},
	"List Applications Assigned to Group":                 {[]string{"Result Set", "Group ID", "Record Limit"}, []string{"Applications", "ID", "Name", "Label"}},
	"List Applications Assigned to User":                  {[]string{"Result Set", "User ID", "Record Limit"}, []string{"Applications", "ID", "Name", "Label"}},
	"List Groups Assigned to Application":                 {[]string{"Application", "Result Set", "Application ID"}, []string{"Groups", "ID", "Priority"}},
	"List Group Members":                                  {[]string{"Result Set", "Group ID", "Record Limit"}, []string{"Users"}},
	"List Import Sessions":                                {[]string{"Application", "Application ID"}, []string{"Sessions", "ID", "Application ID", "Status", "Import Type"}},
	"List Users Assigned to Application":                  {[]string{"Application", "Result Set", "Application ID", "Record Limit"}, []string{"Users", "Profile", "External ID"}},
	"List Users with Filter":                              {[]string{"Result Set", "Status"}, []string{"Users"}},
	"List Users With Search":                              {[]string{"Result Set", "Status", "Created", "Activated", "Custom Search Criteria", "Sort By", "Sort Order"}, []string{"Users"}},
	"Map Profile Source Attributes":                       {[]string{"Application", "Import Operation", "Application ID", "External ID Key", "Users"}, []string{"Users", "externalId", "profile"}},
	"Read Application":                                    {[]string{"Application", "Application ID"}, []string{"ID", "Name", "Label"}},
	"Read Assigned Group for Application":                 {[]string{"Application", "Application ID", "Group ID"}, []string{"ID", "Last Updated", "Priority", "Profile"}},
	"Read Group":                                          {[]string{"Group ID"}, []string{"ID", "Created", "Last Updated", "Type", "Profile"}},
	"Read Group Rule":                                     {[]string{"Group Rule ID"}, []string{"ID", "Type", "Status", "Name", "Expression Conditions", "Excluded Users", "Group Assignments"}},
	"Read Import Session":                                 {[]string{"Application", "Application ID", "Session ID"}, []string{"ID", "Application ID", "Status", "Import Type"}},
	"Read User":                                           {[]string{"ID or Login"}, []string{"Username", "First name", "Last name", "Primary email", "ID", "Status", "Created", "Raw Output"}},
	"Remove Group from Application":                       {[]string{"Application", "Application ID", "Group ID"}, []string{"Status Code"}},
	"Remove User from Application":                        {[]string{"Application", "Application ID", "User ID"}, []string{"Status"}},
	"Remove User from Group":                              {[]string{"Group ID", "User ID"}, []string{"Status"}},
	"Reset Password":                                      {[]string{"Convert to Federated User", "Send Email", "ID or Login"}, []string{"Status Code", "Reset Password URL"}},
	"Search Applications":                                 {[]string{"Result Set", "Query"}, []string{"ID"}},
	"Search Groups":                                       {[]string{"Result Set", "ID", "Created", "Last Updated", "Last Membership Updated", "Type", "Name", "Description", "Custom Search Criteria"}, []string{"Groups", "ID", "Raw Output"}},
	"Search Group Rules":                                  {[]string{"Result Set", "Search"}, []string{"ID", "Type", "Status", "Name", "Expression Conditions"}},
	"Search System Logs":                                  {[]string{"Search By", "Result Set", "Since", "Until", "Event Type", "UUID", "Display Message", "Actor ID", "Actor Display Name", "Actor Type", "Target ID", "Target Display Name", "Target Type", "Severity", "Custom Filter", "Keyword"}, []string{"System Logs", "UUID", "Published", "Event Type", "Severity", "Display Message", "Actor", "Target", "Client", "Request", "Raw Output"}},
	"Set Linked Object Value for Primary":                 {[]string{"Primary User ID", "Associated User ID", "Primary Name"}, []string{"Status Code"}},
	"Suspend User":                                        {[]string{"ID or Login"}, []string{"Status Code"}},
	"Trigger Import Session":                              {[]string{"Application", "Application ID", "Session ID"}, []string{"ID", "Application ID", "Status", "Import Type"}},
	"Unsuspend User":                                      {[]string{"ID or Login"}, []string{"Status Code"}},
	"Update Application Credentials for an Assigned User": {[]string{"Application", "User ID", "Username", "Password"}, []string{"User ID", "Profile"}},
	"Update Application Profile for an Assigned User":     {[]string{"Application", "User ID", "Profile"}, []string{"User ID", "Profile"}},
	"Update Group":                                        {[]string{"Group ID", "Name", "Description", "Custom Properties"}, []string{"ID", "Created", "Last Updated", "Profile"}},
	"Update Group Rule":                                   {[]string{"Group Rule ID", "Name", "Expression Conditions", "Assign to Groups", "Exclude Users"}, []string{"ID", "Type", "Status", "Name", "Expression Conditions", "Excluded Users", "Group Assignments"}},
	"Update User":                                         {[]string{"Update Semantics", "User ID", "Pass Empty Values?", "Username"}, []string{"ID", "Status", "Profile"}},
}

// actionHasField reports whether fs (or a member of one of them) answers to name.
func actionHasField(fs []Field, name string) bool {
	for _, f := range fs {
		if strings.EqualFold(f.Name, name) || strings.EqualFold(f.Group+" "+f.Name, name) || f.Key == name {
			return true
		}
		if actionHasField(f.Fields, name) {
			return true
		}
	}
	return false
}

func TestActionCardsHaveTheMainFields(t *testing.T) {
	r := actionTestRegistry(t)
	for _, row := range actionLoadRows(t) {
		t.Run(row.name, func(t *testing.T) {
			want, ok := actionWantFields[row.name]
			if !ok {
				t.Fatalf("add the fields of %q (TSV inputs: %s; outputs: %s) to actionWantFields", row.name, row.inputs, row.outputs)
			}
			s := actionMustFind(t, r, row.name)
			in := append(slices.Clone(s.Options), s.Inputs...)
			for _, n := range want.in {
				if !actionHasField(in, n) {
					t.Errorf("no option or input %q (TSV: %s)", n, row.inputs)
				}
			}
			for _, n := range want.out {
				if !actionHasField(s.Outputs, n) {
					t.Errorf("no output %q (TSV: %s)", n, row.outputs)
				}
			}
		})
	}
}

// actionWantEffects pins the effects TRAPS.md calls out; the rest follow from the method.
var actionWantEffects = map[string]Effect{
	"Add User to Group":      EffectIdempotent,
	"Suspend User":           EffectIdempotent,
	"Deactivate User":        EffectIdempotent,
	"Update Group":           EffectIdempotent,
	"Create User":            EffectNonIdempotent,
	"Create Group":           EffectNonIdempotent,
	"Create Group Rule":      EffectNonIdempotent,
	"Delete User":            EffectNonIdempotent,
	"Reset Password":         EffectNonIdempotent,
	"Activate User":          EffectNonIdempotent,
	"Bulk User Import":       EffectNonIdempotent,
	"Custom API Action":      EffectNonIdempotent,
	"Read User":              EffectRead,
	"Search System Logs":     EffectRead,
	"Remove User from Group": EffectIdempotent,
}

var actionKnownScopes = []string{
	"okta.users.read", "okta.users.manage", "okta.groups.read", "okta.groups.manage",
	"okta.apps.read", "okta.apps.manage", "okta.logs.read", "okta.schemas.read",
	"okta.linkedObjects.read", "okta.identitySources.read", "okta.identitySources.manage",
}

func TestActionCardEffectsAndScopes(t *testing.T) {
	r := actionTestRegistry(t)
	for name, want := range actionWantEffects {
		if got := actionMustFind(t, r, name).Effect; got != want {
			t.Errorf("%s: effect %q, want %q", name, got, want)
		}
	}
	for _, s := range r.OfKind(KindAction) {
		t.Run(s.Name, func(t *testing.T) {
			if s.Effect == "" || len(s.Scopes) == 0 {
				t.Fatalf("effect %q, scopes %q: every action card needs both", s.Effect, s.Scopes)
			}
			onlyGET := true
			for _, line := range s.API {
				if !strings.HasPrefix(line, "GET ") {
					onlyGET = false
				}
			}
			if onlyGET != (s.Effect == EffectRead) {
				t.Errorf("API %q with effect %q: a card is read exactly when it only GETs", s.API, s.Effect)
			}
			manages := false
			for _, sc := range s.Scopes {
				if !slices.Contains(actionKnownScopes, sc) {
					t.Errorf("unknown scope %q", sc)
				}
				manages = manages || strings.HasSuffix(sc, ".manage")
			}
			if s.Effect == EffectRead && manages {
				t.Errorf("a read card asks for a manage scope: %q", s.Scopes)
			}
			if s.Effect != EffectRead && !manages {
				t.Errorf("a card that changes Okta needs a manage scope, has %q", s.Scopes)
			}
		})
	}
}

func TestActionCardConventions(t *testing.T) {
	r := actionTestRegistry(t)
	for _, s := range r.OfKind(KindAction) {
		t.Run(s.Name, func(t *testing.T) {
			// Every Okta object a card returns carries its raw form, at top level or per list item.
			if _, ok := s.Output("id"); ok {
				if _, ok := s.Output("raw"); !ok {
					t.Error("returns an Okta object (has output id) but no raw output")
				}
			}
			for _, o := range s.Outputs {
				if o.Type == TypeList && o.ListOf == TypeObject {
					if len(o.Fields) == 0 {
						t.Errorf("list output %s does not declare its items' fields", o.Key)
					}
					if _, hasID := findField(o.Fields, "id"); hasID {
						if _, hasRaw := findField(o.Fields, "raw"); !hasRaw {
							t.Errorf("items of %s are Okta objects without a raw output", o.Key)
						}
					}
				}
				if o.Key == "raw" && (o.Type != TypeObject || o.Name != "Raw Output") {
					t.Errorf("raw output is %s %q, want object \"Raw Output\"", o.Type, o.Name)
				}
			}
			// Cards that page through results say how many records they want.
			if rs, ok := s.Option("resultSet"); ok {
				if rs.Name != "Result Set" || len(rs.Choices) < 2 || rs.Default != rs.Choices[0] {
					t.Errorf("resultSet option %+v: want Result Set with choices and the first as default", rs)
				}
				lim, ok := s.Input("limit")
				if !ok || lim.Name != "Record Limit" || lim.Type != TypeNumber || lim.Default != 0 {
					t.Errorf("a list card needs a Record Limit input (number, default 0), got %+v", lim)
				}
				if _, ok := s.Output("more"); !ok {
					t.Error("a list card must say when it stopped early (output more)")
				}
			}
			if !strings.Contains(s.Help, "403") {
				t.Error("help should warn that a 403 can come from the admin's role")
			}
		})
	}
}

func TestActionCardCaveats(t *testing.T) {
	r := actionTestRegistry(t)
	tests := []struct{ card, phrase string }{
		{"List Users With Search", "eventually consistent"},
		{"Search Groups", "eventually consistent"},
		{"Find Users", "does not paginate"},
		{"Delete User", "only deactivates"},
		{"Delete User", "Deactivate first"},
		{"Create Group Rule", "INACTIVE"},
		{"Delete Application", "INACTIVE"},
	}
	for _, tt := range tests {
		t.Run(tt.card, func(t *testing.T) {
			if s := actionMustFind(t, r, tt.card); !strings.Contains(s.Help, tt.phrase) {
				t.Errorf("help lacks %q: %s", tt.phrase, s.Help)
			}
		})
	}
}

func TestActionCardOptions(t *testing.T) {
	r := actionTestRegistry(t)
	del := actionMustFind(t, r, "Delete User")
	if o, ok := del.Option("deactivateFirst"); !ok || o.Type != TypeBoolean || o.Default != false {
		t.Errorf("Delete User deactivateFirst option = %+v, want a boolean defaulting to false", o)
	}
	custom := actionMustFind(t, r, "Custom API Action")
	if o, _ := custom.Option("requestType"); !slices.Equal(o.Choices, []string{"GET", "POST", "PUT", "PATCH", "DELETE"}) {
		t.Errorf("Custom API Action request types = %q", o.Choices)
	}
	for _, k := range []string{"relativeUrl", "query", "headers", "body"} {
		if _, ok := custom.Input(k); !ok {
			t.Errorf("Custom API Action lacks input %s", k)
		}
	}
	for _, k := range []string{"statusCode", "headers", "body"} {
		if _, ok := custom.Output(k); !ok {
			t.Errorf("Custom API Action lacks output %s", k)
		}
	}
	// Custom API Action can call anything the other cards call, so it lists all their scopes.
	for _, s := range r.OfKind(KindAction) {
		for _, sc := range s.Scopes {
			if !slices.Contains(custom.Scopes, sc) {
				t.Errorf("Custom API Action lacks scope %s (used by %s)", sc, s.Name)
			}
		}
	}
	upd := actionMustFind(t, r, "Update User")
	if o, _ := upd.Option("updateSemantics"); !slices.Equal(o.Choices, []string{"Partial", "Strict"}) || o.Default != "Partial" {
		t.Errorf("Update User semantics = %+v", o)
	}
	create := actionMustFind(t, r, "Create User")
	if o, _ := create.Option("option"); len(o.Choices) != 6 || o.Default != "without Credentials" {
		t.Errorf("Create User option = %+v, want 6 choices starting without Credentials", o)
	}
	mp := actionMustFind(t, r, "Map Profile Source Attributes")
	if f, ok := mp.OutputPath("users.profile"); !ok || f.Type != TypeObject {
		t.Errorf("Map Profile Source Attributes users.profile = %+v, %v", f, ok)
	}
	read := actionMustFind(t, r, "Read User")
	if f, ok := read.OutputPath("profile.costCenter"); !ok || f.Type != TypeAny {
		t.Errorf("Read User profile.costCenter should resolve to any (custom attributes), got %+v, %v", f, ok)
	}
}

// actionSecretKeys are fields that carry a credential wherever they appear.
var actionSecretKeys = []string{"password", "recoveryAnswer", "activationToken", "activationUrl", "resetPasswordUrl"}

func TestActionCardSecrets(t *testing.T) {
	r := actionTestRegistry(t)
	found := 0
	for _, s := range r.OfKind(KindAction) {
		for _, f := range actionJoin(s.Options, s.Inputs, s.Outputs) {
			if slices.Contains(actionSecretKeys, f.Key) {
				found++
				if !f.Secret {
					t.Errorf("%s: field %s carries a credential but is not marked Secret", s.Name, f.Key)
				}
			}
		}
	}
	if found == 0 {
		t.Fatal("no secret fields found: the check tests nothing")
	}
}
