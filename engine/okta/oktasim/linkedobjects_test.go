package oktasim

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v2/okta"
)

func TestLinkedObjects(t *testing.T) {
	org, srv := testOrg(t, Options{})
	c := sdkClient(t, srv, org.APIToken())
	ctx := context.Background()
	def, _, err := c.LinkedObject.AddLinkedObjectDefinition(ctx, okta.LinkedObject{
		Primary:    &okta.LinkedObjectDetails{Name: "manager", Title: "Manager", Type: "USER"},
		Associated: &okta.LinkedObjectDetails{Name: "subordinate", Title: "Subordinate", Type: "USER"},
	})
	if err != nil || def.Primary.Name != "manager" {
		t.Fatalf("create definition: %+v %v", def, err)
	}
	_, _, err = c.LinkedObject.AddLinkedObjectDefinition(ctx, *def)
	if code, _ := oktaErr(t, err); code != "E0000127" {
		t.Fatalf("duplicate definition: %s", code)
	}
	boss, _, _ := c.User.CreateUser(ctx, newUser("Big", "Boss"), nil)
	a, _, _ := c.User.CreateUser(ctx, newUser("Ann", "Report"), nil)
	b, _, _ := c.User.CreateUser(ctx, newUser("Ben", "Report"), nil)
	for _, u := range []*okta.User{a, b} {
		if resp, err := c.User.SetLinkedObjectForUser(ctx, u.Id, "manager", boss.Id); err != nil || resp.StatusCode != http.StatusNoContent {
			t.Fatalf("set manager: %v", err)
		}
	}
	ids := func(userID, name string) []string {
		links, _, err := c.User.GetLinkedObjectsForUser(ctx, userID, name, nil)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, l := range links {
			href := l.Links.(map[string]any)["self"].(map[string]any)["href"].(string)
			out = append(out, href[strings.LastIndex(href, "/")+1:])
		}
		return out
	}
	if got := ids(a.Id, "manager"); len(got) != 1 || got[0] != boss.Id {
		t.Fatalf("Ann's manager: %v", got)
	}
	if got := ids(boss.Id, "subordinate"); len(got) != 2 {
		t.Fatalf("Boss's subordinates: %v", got)
	}
	if _, err := c.User.RemoveLinkedObjectForUser(ctx, a.Id, "manager"); err != nil {
		t.Fatal(err)
	}
	if resp, err := c.User.RemoveLinkedObjectForUser(ctx, a.Id, "manager"); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Fatalf("removing a missing link must be 204: %v", err)
	}
	if got := ids(a.Id, "manager"); len(got) != 0 {
		t.Fatalf("after remove: %v", got)
	}
	_, _, err = c.User.GetLinkedObjectsForUser(ctx, a.Id, "mentor", nil)
	if code, _ := oktaErr(t, err); code != "E0000007" {
		t.Fatalf("unknown relationship: %s", code)
	}
	defs, _, err := c.LinkedObject.ListLinkedObjectDefinitions(ctx)
	if err != nil || len(defs) != 1 {
		t.Fatalf("definitions %d %v", len(defs), err)
	}
	if len(eventsOfType(t, org, "directory.linked_object.create")) != 1 {
		t.Error("no directory.linked_object.create event")
	}
}
