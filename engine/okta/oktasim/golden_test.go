package oktasim

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// TestGoldenShapes pins the JSON the org returns for each kind of resource, with a fixed clock
// and seed, so a change of shape shows up in review. Run with -update to accept a change.
func TestGoldenShapes(t *testing.T) {
	org, srv := testOrg(t, Options{})
	tok := org.APIToken()
	var u, g, a, r, def struct{ ID string }
	do(t, srv, tok, "POST", "/api/v1/users?activate=false",
		`{"profile":{"login":"gold.en@example.com","email":"gold.en@example.com","firstName":"Gold","lastName":"En","department":"Sales"}}`, &u)
	do(t, srv, tok, "POST", "/api/v1/groups", `{"profile":{"name":"Golden Group","description":"For golden files"}}`, &g)
	a.ID = createApp(t, srv, tok, "bookmark", "Golden App")
	do(t, srv, tok, "POST", "/api/v1/groups/rules", `{"type":"group_rule","name":"Golden rule","conditions":{"expression":{"type":"urn:okta:expression:1.0","value":"user.department==\"Sales\""}},"actions":{"assignUserToGroups":{"groupIds":["`+g.ID+`"]}}}`, &r)
	do(t, srv, tok, "POST", "/api/v1/meta/schemas/user/linkedObjects", `{"primary":{"name":"mentor","title":"Mentor"},"associated":{"name":"mentee","title":"Mentee"}}`, &def)
	do(t, srv, tok, "POST", "/api/v1/users/"+u.ID+"/lifecycle/activate?sendEmail=false", "", nil)
	do(t, srv, tok, "POST", "/api/v1/apps/"+a.ID+"/users", `{"id":"`+u.ID+`","scope":"USER","credentials":{"userName":"golden"}}`, nil)
	do(t, srv, tok, "PUT", "/api/v1/apps/"+a.ID+"/groups/"+g.ID, `{"priority":0}`, nil)
	cases := []struct{ name, method, path string }{
		{"user", "GET", "/api/v1/users/" + u.ID},
		{"group", "GET", "/api/v1/groups/" + g.ID},
		{"app", "GET", "/api/v1/apps/" + a.ID},
		{"group-rule", "GET", "/api/v1/groups/rules/" + r.ID},
		{"app-user", "GET", "/api/v1/apps/" + a.ID + "/users/" + u.ID},
		{"app-group", "GET", "/api/v1/apps/" + a.ID + "/groups/" + g.ID},
		{"app-links", "GET", "/api/v1/users/" + u.ID + "/appLinks"},
		{"linked-object", "GET", "/api/v1/meta/schemas/user/linkedObjects/mentor"},
		{"not-found", "GET", "/api/v1/users/00unope"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body any
			resp := do(t, srv, tok, tc.method, tc.path, "", &body)
			if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusNotFound {
				t.Fatalf("%s %s: %d", tc.method, tc.path, resp.StatusCode)
			}
			if m, ok := body.(map[string]any); ok && m["errorId"] != nil {
				m["errorId"] = "oae-random"
			}
			got, _ := json.MarshalIndent(body, "", "  ")
			got = bytes.ReplaceAll(got, []byte(srv.URL), []byte("https://sim.example"))
			got = append(got, '\n')
			file := filepath.Join("testdata", "golden", tc.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(file, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGoldenShapes -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("%s differs from %s (run with -update if the change is intended):\n%s", tc.name, file, diffLines(string(want), string(got)))
			}
		})
	}
}

// diffLines shows the first lines that differ.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)) && b.Len() < 2000; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			b.WriteString("- " + wl + "\n+ " + gl + "\n")
		}
	}
	return b.String()
}
