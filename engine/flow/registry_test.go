package flow

import (
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// testRegistry holds small hand-written specs, so these tests do not depend on the built-in
// catalog, which changes as cards are added.
func testRegistry(t testing.TB) *catalog.Registry {
	t.Helper()
	reg := catalog.NewRegistry()
	for _, s := range testSpecs() {
		if err := reg.Register(s); err != nil {
			t.Fatalf("test spec: %v", err)
		}
	}
	return reg
}

func testSpecs() []catalog.Spec {
	str := func(key, name string) catalog.Field {
		return catalog.Field{Key: key, Name: name, Type: catalog.TypeString}
	}
	req := func(f catalog.Field) catalog.Field { f.Required = true; return f }
	ref := catalog.Field{Key: "user", Name: "Okta User", Type: catalog.TypeObject, Fields: []catalog.Field{
		str("id", "ID"), str("alternateId", "Alternate ID"), str("displayName", "Display Name"),
	}}
	event := func(id, name, typ string) catalog.Spec {
		return catalog.Spec{ID: id, Version: 1, Kind: catalog.KindEvent, Name: name, Group: "Okta events",
			Help: "Fires on " + typ + ".", EventTypes: []string{typ}, Outputs: []catalog.Field{
				str("eventId", "Event ID"),
				{Key: "published", Name: "Event Time", Type: catalog.TypeDate},
				ref,
				{Key: "actor", Name: "Actor", Type: catalog.TypeObject},
			}}
	}
	action := func(id, name string, version int, effect catalog.Effect) catalog.Spec {
		return catalog.Spec{ID: id, Version: version, Kind: catalog.KindAction, Name: name, Group: "Okta actions",
			Help: name + ".", API: []string{"GET /api/v1/test"}, Scopes: []string{"okta.users.manage"}, Effect: effect}
	}
	function := func(id, name string) catalog.Spec {
		return catalog.Spec{ID: id, Version: 1, Kind: catalog.KindFunction, Name: name, Group: "Functions", Help: name + "."}
	}

	readUser := action("okta.action.readUser", "Read User", 2, catalog.EffectRead)
	readUser.Inputs = []catalog.Field{req(str("userId", "ID or Login"))}
	readUser.Outputs = []catalog.Field{
		str("id", "ID"), str("status", "Status"),
		{Key: "created", Name: "Created", Type: catalog.TypeDate},
		{Key: "loginCount", Name: "Sign-in Count", Type: catalog.TypeNumber},
		{Key: "locked", Name: "Locked", Type: catalog.TypeBoolean},
		{Key: "profile", Name: "Profile", Type: catalog.TypeObject, Fields: []catalog.Field{
			str("login", "Username"), str("email", "Primary Email"), str("firstName", "First Name"),
		}},
		{Key: "groupIds", Name: "Group IDs", Type: catalog.TypeList, ListOf: catalog.TypeString},
	}

	addToGroup := action("okta.action.addUserToGroup", "Add User to Group", 1, catalog.EffectIdempotent)
	addToGroup.Inputs = []catalog.Field{req(str("groupId", "Group ID")), req(str("userId", "User ID"))}
	addToGroup.Outputs = []catalog.Field{str("status", "Status")}

	deactivate := action("okta.action.deactivateUser", "Deactivate User", 1, catalog.EffectIdempotent)
	deactivate.Options = []catalog.Field{{Key: "sendEmail", Name: "Send Email?", Type: catalog.TypeBoolean, Default: false}}
	deactivate.Inputs = []catalog.Field{req(str("userId", "ID or Login"))}

	members := action("okta.action.listGroupMembers", "List Group Members", 1, catalog.EffectRead)
	members.Options = []catalog.Field{{Key: "limit", Name: "Limit", Type: catalog.TypeNumber, Default: 200}}
	members.Inputs = []catalog.Field{req(str("groupId", "Group ID"))}
	members.Outputs = []catalog.Field{{Key: "users", Name: "Users", Type: catalog.TypeList, ListOf: catalog.TypeObject,
		Fields: []catalog.Field{str("id", "ID"), str("login", "Username")}}}

	ifElse := function("function.ifElse", "If/Else")
	ifElse.Branches = []string{BranchThen, BranchElse}
	ifElse.Options = []catalog.Field{{Key: "comparison", Name: "Comparison", Type: catalog.TypeString, Required: true,
		Choices: []string{"equals", "not equals", "contains"}}}
	ifElse.Inputs = []catalog.Field{
		{Key: "value1", Name: "Value A", Type: catalog.TypeAny, Required: true},
		{Key: "value2", Name: "Value B", Type: catalog.TypeAny},
	}

	forEach := function("function.forEach", "For Each")
	forEach.Branches = []string{BranchEach}
	forEach.Inputs = []catalog.Field{{Key: "list", Name: "List", Type: catalog.TypeList, ListOf: catalog.TypeAny, Required: true}}
	forEach.Outputs = []catalog.Field{{Key: "item", Name: "Item", Type: catalog.TypeAny}, {Key: "index", Name: "Index", Type: catalog.TypeNumber}}

	compose := function("function.compose", "Compose")
	compose.Inputs = []catalog.Field{req(str("text", "Text"))}
	compose.Outputs = []catalog.Field{str("output", "Output")}

	add := function("function.add", "Add")
	add.Inputs = []catalog.Field{
		{Key: "a", Name: "Number A", Type: catalog.TypeNumber, Required: true},
		{Key: "b", Name: "Number B", Type: catalog.TypeNumber, Default: 0},
	}
	add.Outputs = []catalog.Field{{Key: "sum", Name: "Sum", Type: catalog.TypeNumber}}

	addDays := function("function.addDays", "Add Days")
	addDays.Inputs = []catalog.Field{
		{Key: "date", Name: "Date", Type: catalog.TypeDate, Required: true},
		{Key: "days", Name: "Days", Type: catalog.TypeNumber, Required: true},
	}
	addDays.Outputs = []catalog.Field{{Key: "result", Name: "Result", Type: catalog.TypeDate}}

	setValues := function("function.setValues", "Set Values")
	setValues.Inputs = []catalog.Field{
		{Key: "flag", Name: "Flag", Type: catalog.TypeBoolean},
		{Key: "tags", Name: "Tags", Type: catalog.TypeList, ListOf: catalog.TypeString},
		{Key: "attrs", Name: "Attributes", Type: catalog.TypeObject},
		{Key: "note", Name: "Note", Type: catalog.TypeString},
	}

	return []catalog.Spec{
		event("okta.event.userCreated", "User Created", "user.lifecycle.create"),
		event("okta.event.userDeactivated", "User Deactivated", "user.lifecycle.deactivate"),
		readUser, addToGroup, deactivate, members, ifElse, forEach, compose, add, addDays, setValues,
	}
}
