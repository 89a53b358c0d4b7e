package oktasim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

// createApp makes an app through the API, as an admin would in the Admin Console.
func createApp(t *testing.T, srv *httptest.Server, token, name, label string) string {
	t.Helper()
	var a struct{ ID string }
	resp := do(t, srv, token, "POST", "/api/v1/apps", `{"name":"`+name+`","label":"`+label+`","signOnMode":"BOOKMARK"}`, &a)
	if resp.StatusCode != http.StatusOK || a.ID == "" {
		t.Fatalf("create app %s: %d", label, resp.StatusCode)
	}
	return a.ID
}

func TestAppsAndAssignments(t *testing.T) {
	org, srv := testOrg(t, Options{})
	tok := org.APIToken()
	c := sdkClient(t, srv, tok)
	ctx := context.Background()
	wikiID := createApp(t, srv, tok, "bookmark", "Team Wiki")
	crmID := createApp(t, srv, tok, "salesforce", "Salesforce")
	u, _, err := c.User.CreateUser(ctx, newUser("App", "User"), nil)
	if err != nil {
		t.Fatal(err)
	}
	v, _, err := c.User.CreateUser(ctx, newUser("Grp", "Member"), nil)
	if err != nil {
		t.Fatal(err)
	}
	g, _, err := c.Group.CreateGroup(ctx, okta.Group{Profile: &okta.GroupProfile{Name: "CRM users"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Group.AddUserToGroup(ctx, g.Id, v.Id); err != nil {
		t.Fatal(err)
	}

	// Direct assignment with credentials and profile.
	au, _, err := c.Application.AssignUserToApplication(ctx, crmID, okta.AppUser{Id: u.Id, Scope: "USER",
		Credentials: &okta.AppUserCredentials{UserName: "app.user@crm.example"}, Profile: map[string]any{"role": "Rep"}})
	if err != nil {
		t.Fatal(err)
	}
	if au.Scope != "USER" || au.Credentials.UserName != "app.user@crm.example" {
		t.Fatalf("app user %+v", au)
	}
	// Group assignment gives the group's members the app with scope GROUP.
	pri := int64(3)
	ag, _, err := c.Application.CreateApplicationGroupAssignment(ctx, crmID, g.Id, okta.ApplicationGroupAssignment{PriorityPtr: &pri, Profile: map[string]any{"role": "Viewer"}})
	if err != nil {
		t.Fatal(err)
	}
	if ag.Id != g.Id || ag.PriorityPtr == nil || *ag.PriorityPtr != 3 {
		t.Fatalf("group assignment %+v", ag)
	}
	gv, _, err := c.Application.GetApplicationUser(ctx, crmID, v.Id, nil)
	if err != nil || gv.Scope != "GROUP" {
		t.Fatalf("group member's app user: %+v %v", gv, err)
	}
	users, _, err := c.Application.ListApplicationUsers(ctx, crmID, nil)
	if err != nil || len(users) != 2 {
		t.Fatalf("app users %d %v", len(users), err)
	}
	updated, _, err := c.Application.UpdateApplicationUser(ctx, crmID, u.Id, okta.AppUser{Credentials: &okta.AppUserCredentials{UserName: "renamed@crm.example"}})
	if err != nil || updated.Credentials.UserName != "renamed@crm.example" {
		t.Fatalf("update app user: %+v %v", updated, err)
	}

	for _, tt := range []struct {
		name string
		qp   *query.Params
		want int
	}{
		{"q by label", &query.Params{Q: "Team"}, 1},
		{"q by name", &query.Params{Q: "sales"}, 1},
		{"filter user.id", &query.Params{Filter: `user.id eq "` + v.Id + `"`}, 1},
		{"filter group.id", &query.Params{Filter: `group.id eq "` + g.Id + `"`}, 1},
		{"filter status", &query.Params{Filter: `status eq "ACTIVE"`}, 2},
	} {
		t.Run(tt.name, func(t *testing.T) {
			apps, _, err := c.Application.ListApplications(ctx, tt.qp)
			if err != nil || len(apps) != tt.want {
				t.Fatalf("got %d apps (%v), want %d", len(apps), err, tt.want)
			}
		})
	}
	links, _, err := c.User.ListAppLinks(ctx, u.Id)
	if err != nil || len(links) != 1 || links[0].AppInstanceId != crmID {
		t.Fatalf("app links %v %v", links, err)
	}
	gapps, _, err := c.Group.ListAssignedApplicationsForGroup(ctx, g.Id, nil)
	if err != nil || len(gapps) != 1 {
		t.Fatalf("group apps %d %v", len(gapps), err)
	}

	// Removing the group takes the app from members who had it only through the group.
	if _, err := c.Application.DeleteApplicationGroupAssignment(ctx, crmID, g.Id); err != nil {
		t.Fatal(err)
	}
	_, _, err = c.Application.GetApplicationUser(ctx, crmID, v.Id, nil)
	if code, _ := oktaErr(t, err); code != "E0000007" {
		t.Fatalf("after group unassignment: %s", code)
	}
	if _, err := c.Application.DeleteApplicationUser(ctx, crmID, u.Id, nil); err != nil {
		t.Fatal(err)
	}
	// Deactivation keeps group memberships but removes app assignments; activation brings the
	// group-based ones back.
	if _, _, err := c.Application.CreateApplicationGroupAssignment(ctx, wikiID, g.Id, okta.ApplicationGroupAssignment{}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.User.DeactivateUser(ctx, v.Id, nil); err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Application.GetApplicationUser(ctx, wikiID, v.Id, nil); err == nil {
		t.Fatal("a deactivated user kept an app assignment")
	}
	_, _, err = c.Application.AssignUserToApplication(ctx, wikiID, okta.AppUser{Id: v.Id, Scope: "USER"})
	if code, _ := oktaErr(t, err); code != "E0000001" {
		t.Fatalf("assigning a deactivated user: %s", code)
	}
	if _, _, err := c.User.ActivateUser(ctx, v.Id, nil); err != nil {
		t.Fatal(err)
	}
	if got, _, err := c.Application.GetApplicationUser(ctx, wikiID, v.Id, nil); err != nil || got.Scope != "GROUP" {
		t.Fatalf("after reactivation: %v %v", got, err)
	}
	for et, want := range map[string]int{"application.user_membership.add": 4, "application.user_membership.remove": 3,
		"group.application_assignment.add": 2, "group.application_assignment.remove": 1, "application.user_membership.change_username": 1} {
		if got := len(eventsOfType(t, org, et)); got != want {
			t.Errorf("%d %s events, want %d", got, et, want)
		}
	}

	// Delete only an INACTIVE app.
	_, err = c.Application.DeleteApplication(ctx, wikiID)
	if code, summary := oktaErr(t, err); code != "E0000056" || summary != "Delete application forbidden." {
		t.Fatalf("delete of an ACTIVE app: %s %s", code, summary)
	}
	if _, err := c.Application.DeactivateApplication(ctx, wikiID); err != nil {
		t.Fatal(err)
	}
	got, _, err := c.Application.GetApplication(ctx, wikiID, okta.NewApplication(), nil)
	if err != nil || got.(*okta.Application).Status != "INACTIVE" {
		t.Fatalf("after deactivate: %v %v", got, err)
	}
	if resp, err := c.Application.DeleteApplication(ctx, wikiID); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("delete inactive app: %v", err)
	}
}
