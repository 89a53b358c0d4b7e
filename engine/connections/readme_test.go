package connections

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/engine/catalog"
)

// TestReadmeListsTheScopesToGrant holds the README's "Connect your Okta org" section to the code:
// the okta.* scopes it tells the admin to grant are exactly those a sign-in asks for (derived from
// the card specs), and the redirect URI is the default the sign-in listens on.
func TestReadmeListsTheScopesToGrant(t *testing.T) {
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	start := strings.Index(readme, "## Connect your Okta org")
	if start < 0 {
		t.Fatal(`README.md has no "## Connect your Okta org" section`)
	}
	section := readme[start:]
	if end := strings.Index(section[3:], "\n## "); end >= 0 {
		section = section[:end+3]
	}
	var listed []string
	for _, m := range regexp.MustCompile("(?m)^- `(okta\\.[A-Za-z]+\\.[a-z]+)`$").FindAllStringSubmatch(section, -1) {
		listed = append(listed, m[1])
	}
	var want []string
	for _, s := range auth.DefaultScopes(catalog.Global()) {
		if strings.HasPrefix(s, "okta.") {
			want = append(want, s)
		}
	}
	slices.Sort(listed)
	if len(want) == 0 || !slices.Equal(listed, want) {
		t.Errorf("the README lists the scopes\n  %v\nbut a sign-in asks for\n  %v\nupdate the list under \"Grant the Okta API scopes\"", listed, want)
	}
	if !strings.Contains(section, "`"+auth.DefaultRedirectURI+"`") {
		t.Errorf("the README does not give the redirect URI %s", auth.DefaultRedirectURI)
	}
}
