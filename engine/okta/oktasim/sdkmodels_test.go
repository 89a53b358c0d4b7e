package oktasim

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/okta/okta-sdk-golang/v2/okta"
)

// sdkFields are the JSON names of the top-level fields of an SDK model.
func sdkFields(model any) []string {
	var out []string
	t := reflect.TypeOf(model)
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
	}
	return out
}

// Every field the SDK's models of the resources the cards read is in the simulated org's
// answer, unless Okta itself leaves it out there (absent lists each such field and why).
func TestResponsesCarryTheSDKModelsFields(t *testing.T) {
	org, srv := testOrg(t, Options{Seed: SeedDemo})
	tok := org.APIToken()
	var users, groups, rules, apps []map[string]any
	do(t, srv, tok, "GET", "/api/v1/users?limit=1", "", &users)
	do(t, srv, tok, "GET", "/api/v1/groups?limit=1", "", &groups)
	do(t, srv, tok, "GET", "/api/v1/groups/rules?limit=1", "", &rules)
	do(t, srv, tok, "GET", "/api/v1/apps?limit=1", "", &apps)
	var events []map[string]any
	do(t, srv, tok, "GET", "/api/v1/logs?limit=1", "", &events)
	var appUsers []map[string]any
	do(t, srv, tok, "GET", "/api/v1/apps/"+apps[0]["id"].(string)+"/users?limit=1", "", &appUsers)
	for _, tc := range []struct {
		name   string
		model  any
		got    map[string]any
		absent map[string]string
	}{
		{"User", okta.User{}, users[0], map[string]string{
			"_embedded":             "only with expand",
			"realmId":               "only in orgs with Realms",
			"transitioningToStatus": "only while a status change is in progress",
		}},
		{"Group", okta.Group{}, groups[0], map[string]string{"_embedded": "only with expand"}},
		{"GroupRule", okta.GroupRule{}, rules[0], nil},
		{"Application", okta.Application{}, apps[0], map[string]string{"_embedded": "only with expand", "profile": "only on apps that have one"}},
		{"AppUser", okta.AppUser{}, appUsers[0], map[string]string{"_embedded": "only with expand"}},
		{"LogEvent", okta.LogEvent{}, events[0], nil},
	} {
		if tc.got == nil {
			t.Fatalf("%s: no resource to look at", tc.name)
		}
		var missing []string
		for _, f := range sdkFields(tc.model) {
			if _, ok := tc.got[f]; !ok && tc.absent[f] == "" {
				missing = append(missing, f)
			}
		}
		slices.Sort(missing)
		if len(missing) > 0 {
			t.Errorf("%s lacks %v, which okta-sdk-golang's model has", tc.name, missing)
		}
	}
}
