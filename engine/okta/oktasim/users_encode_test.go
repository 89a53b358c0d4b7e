package oktasim

import (
	"context"
	"testing"

	"github.com/okta/okta-sdk-golang/v2/okta"
	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

// The list endpoints write each user's stored encoding: a change (update, lifecycle, a simulated
// sign-in) must show in the next list, never the encoding from before it.
func TestListUsersShowsEveryChange(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	listed := func() *okta.User {
		t.Helper()
		us, _, err := c.User.ListUsers(ctx, nil)
		if err != nil {
			t.Fatalf("ListUsers: %v", err)
		}
		for _, u := range us {
			if u.Id == org.AdminID() {
				return u
			}
		}
		t.Fatalf("the admin is not listed")
		return nil
	}
	if got := (*listed().Profile)["title"]; got != "IT Administrator" {
		t.Fatalf("title %v before the update", got)
	}
	admin := listed()
	(*admin.Profile)["title"] = "CIO"
	if _, _, err := c.User.UpdateUser(ctx, admin.Id, okta.User{Profile: admin.Profile}, nil); err != nil {
		t.Fatalf("UpdateUser: %v", err)
	}
	if got := (*listed().Profile)["title"]; got != "CIO" {
		t.Fatalf("title %v after the update, want CIO", got)
	}
	if listed().LastLogin != nil {
		t.Fatal("lastLogin set before any sign-in")
	}
	org.SimulateSignIns(1)
	if listed().LastLogin == nil {
		t.Fatal("lastLogin still null after a sign-in")
	}
	staged, _, err := c.User.CreateUser(ctx, newUser("Sam", "Staged"), &query.Params{Activate: boolPtr(false)})
	if err != nil {
		t.Fatalf("CreateUser: %v", err)
	}
	us, _, err := c.User.ListUsers(ctx, nil)
	if err != nil || len(us) != 2 || us[1].Id != staged.Id {
		t.Fatalf("list after a create: %d users, %v", len(us), err)
	}
}
