package oktasim

import (
	"context"
	"net/http"
	"testing"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

func TestGroupsAndMembers(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	g, _, err := c.Group.CreateGroup(ctx, okta.Group{Profile: &okta.GroupProfile{Name: "Field Sales", Description: "Quota carriers"}})
	if err != nil {
		t.Fatal(err)
	}
	if g.Type != "OKTA_GROUP" || len(g.ObjectClass) != 1 || g.ObjectClass[0] != "okta:user_group" {
		t.Fatalf("created group %+v", g)
	}
	_, _, err = c.Group.CreateGroup(ctx, okta.Group{Profile: &okta.GroupProfile{Name: "field sales"}})
	if code, summary := oktaErr(t, err); code != "E0000001" || summary != "Api validation failed: name" {
		t.Fatalf("duplicate name: %s %s", code, summary)
	}
	u, _, err := c.User.CreateUser(ctx, newUser("Mem", "Ber"), nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []int{1, 0} { // adding twice: the second is a no-op, still 204
		resp, err := c.Group.AddUserToGroup(ctx, g.Id, u.Id)
		if err != nil || resp.StatusCode != http.StatusNoContent {
			t.Fatalf("add #%d: %v %v", i+1, resp, err)
		}
		if n := org.MutationCount(resp.Header.Get("X-Okta-Request-Id")); n != want {
			t.Fatalf("add #%d recorded %d mutations, want %d", i+1, n, want)
		}
	}
	if evs := eventsOfType(t, org, "group.user_membership.add"); len(evs) != 1 {
		t.Fatalf("%d membership events, want 1", len(evs))
	}
	members, _, err := c.Group.ListGroupUsers(ctx, g.Id, nil)
	if err != nil || len(members) != 1 || members[0].Id != u.Id {
		t.Fatalf("members %v %v", members, err)
	}
	ug, _, err := c.User.ListUserGroups(ctx, u.Id)
	if err != nil || len(ug) != 2 { // Everyone and Field Sales
		t.Fatalf("user groups %d %v", len(ug), err)
	}
	for _, tt := range []struct {
		name string
		qp   *query.Params
		want int
	}{
		{"q", &query.Params{Q: "Field"}, 1},
		{"search", &query.Params{Search: `profile.name eq "Field Sales"`}, 1},
		{"filter type", &query.Params{Filter: `type eq "BUILT_IN"`}, 1},
		{"all", nil, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			gs, _, err := c.Group.ListGroups(ctx, tt.qp)
			if err != nil || len(gs) != tt.want {
				t.Fatalf("got %d groups (%v), want %d", len(gs), err, tt.want)
			}
		})
	}
	g.Profile.Description = "Quota carriers, all regions"
	if _, _, err := c.Group.UpdateGroup(ctx, g.Id, *g); err != nil {
		t.Fatal(err)
	}
	if evs := eventsOfType(t, org, "group.profile.update"); len(evs) != 1 {
		t.Fatalf("%d group.profile.update events", len(evs))
	}
	if _, err := c.Group.RemoveUserFromGroup(ctx, g.Id, u.Id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Group.DeleteGroup(ctx, g.Id); err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Group.GetGroup(ctx, g.Id)
	if code, _ := oktaErr(t, err); code != "E0000007" {
		t.Fatalf("deleted group: %s", code)
	}
	for _, et := range []string{"group.lifecycle.create", "group.user_membership.remove", "group.lifecycle.delete"} {
		if len(eventsOfType(t, org, et)) != 1 {
			t.Errorf("want one %s event", et)
		}
	}
}

func TestGroupRulesAssignUsers(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	sales, _, err := c.Group.CreateGroup(ctx, okta.Group{Profile: &okta.GroupProfile{Name: "Sales"}})
	if err != nil {
		t.Fatal(err)
	}
	mgrs, _, err := c.Group.CreateGroup(ctx, okta.Group{Profile: &okta.GroupProfile{Name: "Sales managers"}})
	if err != nil {
		t.Fatal(err)
	}
	mk := func(first, dept, title string) *okta.User {
		b := newUser(first, "Rule")
		(*b.Profile)["department"], (*b.Profile)["title"] = dept, title
		u, _, err := c.User.CreateUser(ctx, b, nil)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	ann := mk("Ann", "Sales", "Account Executive")
	bob := mk("Bob", "Sales", "Sales Manager")
	cat := mk("Cat", "Engineering", "Engineer")
	rule := func(name, expr, gid string) *okta.GroupRule {
		r, _, err := c.Group.CreateGroupRule(ctx, okta.GroupRule{Type: "group_rule", Name: name,
			Conditions: &okta.GroupRuleConditions{Expression: &okta.GroupRuleExpression{Type: "urn:okta:expression:1.0", Value: expr}},
			Actions:    &okta.GroupRuleAction{AssignUserToGroups: &okta.GroupRuleGroupAssignment{GroupIds: []string{gid}}}})
		if err != nil {
			t.Fatalf("create rule %s: %v", name, err)
		}
		if r.Status != "INACTIVE" {
			t.Fatalf("new rule is %s", r.Status)
		}
		if _, err := c.Group.ActivateGroupRule(ctx, r.Id); err != nil {
			t.Fatal(err)
		}
		return r
	}
	rule("Sales dept", `user.department=="Sales"`, sales.Id)
	mr := rule("Sales managers", `user.department=="Sales" && String.stringContains(user.title, "Manager")`, mgrs.Id)
	memberIDs := func(gid string) map[string]bool {
		us, _, err := c.Group.ListGroupUsers(ctx, gid, nil)
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]bool{}
		for _, u := range us {
			out[u.Id] = true
		}
		return out
	}
	if m := memberIDs(sales.Id); len(m) != 2 || !m[ann.Id] || !m[bob.Id] || m[cat.Id] {
		t.Fatalf("Sales members %v", m)
	}
	if m := memberIDs(mgrs.Id); len(m) != 1 || !m[bob.Id] {
		t.Fatalf("Sales managers members %v", m)
	}
	// Rules re-run when a user changes: Cat moves to Sales, Bob stops being a manager.
	if _, _, err := c.User.PartialUpdateUser(ctx, cat.Id, okta.User{Profile: &okta.UserProfile{"department": "Sales"}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.User.PartialUpdateUser(ctx, bob.Id, okta.User{Profile: &okta.UserProfile{"title": "Account Executive"}}, nil); err != nil {
		t.Fatal(err)
	}
	if m := memberIDs(sales.Id); len(m) != 3 {
		t.Fatalf("after Cat moved: Sales members %v", m)
	}
	if m := memberIDs(mgrs.Id); len(m) != 0 {
		t.Fatalf("after Bob's title change: managers %v", m)
	}
	// A new user matching an active rule lands in the group on creation.
	dan := mk("Dan", "Sales", "SDR")
	if m := memberIDs(sales.Id); !m[dan.Id] {
		t.Fatal("new Sales user not added by the rule")
	}

	_, _, err = c.Group.UpdateGroupRule(ctx, mr.Id, *mr)
	if code, _ := oktaErr(t, err); code != "E0000001" {
		t.Fatalf("update of an ACTIVE rule: %s", code)
	}
	_, err = c.Group.DeleteGroupRule(ctx, mr.Id, nil)
	if code, _ := oktaErr(t, err); code != "E0000001" {
		t.Fatalf("delete of an ACTIVE rule: %s", code)
	}
	if _, err := c.Group.DeactivateGroupRule(ctx, mr.Id); err != nil {
		t.Fatal(err)
	}
	resp, err := c.Group.DeleteGroupRule(ctx, mr.Id, &query.Params{RemoveUsers: boolPtr(true)})
	if err != nil || resp.StatusCode != http.StatusAccepted {
		t.Fatalf("delete rule: %v %v", resp, err)
	}
	rules, _, err := c.Group.ListGroupRules(ctx, &query.Params{Search: "Sales dept"})
	if err != nil || len(rules) != 1 {
		t.Fatalf("search rules: %d %v", len(rules), err)
	}
	_, _, err = c.Group.CreateGroupRule(ctx, okta.GroupRule{Type: "group_rule", Name: "Broken",
		Conditions: &okta.GroupRuleConditions{Expression: &okta.GroupRuleExpression{Type: "urn:okta:expression:1.0", Value: `user.department=="Sales`}},
		Actions:    &okta.GroupRuleAction{AssignUserToGroups: &okta.GroupRuleGroupAssignment{GroupIds: []string{sales.Id}}}})
	if code, _ := oktaErr(t, err); code != "E0000001" {
		t.Fatalf("invalid expression: %s", code)
	}
	evs := eventsOfType(t, org, "group.user_membership.add")
	if len(evs) < 4 {
		t.Fatalf("rule-driven adds wrote %d events", len(evs))
	}
	// Okta applies rules in a background job: the event's actor is Okta, not the admin, and
	// its transaction is not the admin's request.
	for _, ev := range evs {
		actor := ev["actor"].(map[string]any)
		tx := ev["transaction"].(map[string]any)
		if actor["type"] != "SystemPrincipal" || tx["type"] != "JOB" {
			t.Fatalf("rule-driven membership event: actor %v, transaction %v", actor, tx)
		}
	}
}

func TestRuleExpressions(t *testing.T) {
	profile := map[string]any{"department": "Sales", "title": "Regional Sales Manager", "city": "Berlin"}
	env := ruleEnv{profile: profile, inGroup: func(id string) bool { return id == "00gA" }, groupName: func(string) bool { return false }}
	tests := []struct {
		expr string
		want bool
	}{
		{`user.department=="Sales"`, true},
		{`user.department == "Engineering"`, false},
		{`user.department=="Engineering" || user.city=="Berlin"`, true},
		{`user.department=="Sales" && user.city=="London"`, false},
		{`user.department=="Sales" AND (user.city=="London" OR user.city=="Berlin")`, true},
		{`String.stringContains(user.title, "Manager")`, true},
		{`String.stringContains(user.missing, "x")`, false},
		{`!(user.department=="Sales")`, false},
		{`user.department!="Sales"`, false},
		{`isMemberOfAnyGroup("00gB", "00gA")`, true},
		{`String.startsWith(user.title, 'Regional')`, true},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			x, err := parseRuleExpr(tt.expr)
			if err != nil {
				t.Fatal(err)
			}
			if got := truthy(x.value(env)); got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
		})
	}
	for _, bad := range []string{`user.department=="Sales`, `department=="Sales"`, `String.nope(user.a)`, `user.a ==`, `(user.a=="b"`} {
		if _, err := parseRuleExpr(bad); err == nil {
			t.Errorf("%s parsed", bad)
		}
	}
}
