package oktasim

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/okta/okta-sdk-golang/v2/okta/query"
)

func TestDemoSeed(t *testing.T) {
	clock := func() time.Time { return time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC) }
	a := New(Options{Seed: SeedDemo, Clock: clock})
	c := a.Counts()
	if c.Users < 200 || c.Groups < 20 || c.Apps < 10 || c.AppAssignments < 200 || c.ActiveRules < 10 {
		t.Fatalf("demo org too small: %+v", c)
	}
	st := a.UserStatuses()
	for _, s := range []string{statusActive, statusStaged, statusProvisioned, statusSuspended, statusDeprovisioned, statusLockedOut} {
		if st[s] == 0 {
			t.Errorf("no %s users in the demo org: %v", s, st)
		}
	}
	evs := a.Events()
	if len(evs) < 500 {
		t.Fatalf("only %d history events", len(evs))
	}
	if n := a.MutationCount(""); n != 0 {
		t.Fatalf("the seed recorded %d mutations", n)
	}
	b := New(Options{Seed: SeedDemo, Clock: clock})
	if !reflect.DeepEqual(a.Counts(), b.Counts()) || a.AdminID() != b.AdminID() || a.APIToken() != b.APIToken() {
		t.Fatalf("the demo seed is not deterministic: %+v vs %+v", a.Counts(), b.Counts())
	}
	if string(a.Events()[100]) != string(b.Events()[100]) {
		t.Fatal("the demo history is not deterministic")
	}
}

func TestDemoSeedThroughSDK(t *testing.T) {
	org, srv := testOrg(t, Options{Seed: SeedDemo})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	sales, _, err := c.User.ListUsers(ctx, &query.Params{Search: `profile.department eq "Sales"`})
	if err != nil || len(sales) == 0 {
		t.Fatalf("search Sales: %d %v", len(sales), err)
	}
	groups, _, err := c.Group.ListGroups(ctx, &query.Params{Q: "Sales"})
	if err != nil || len(groups) == 0 {
		t.Fatalf("groups q=Sales: %v", err)
	}
	members, _, err := c.Group.ListGroupUsers(ctx, groups[0].Id, nil)
	if err != nil {
		t.Fatal(err)
	}
	active := 0
	for _, u := range sales {
		if u.Status != "STAGED" && u.Status != "DEPROVISIONED" {
			active++
		}
	}
	if len(members) != active {
		t.Fatalf("the Sales rule put %d users in the Sales group, want %d", len(members), active)
	}
	apps, _, err := c.Application.ListApplications(ctx, &query.Params{Limit: 200})
	if err != nil || len(apps) < 10 {
		t.Fatalf("apps: %d %v", len(apps), err)
	}
}
