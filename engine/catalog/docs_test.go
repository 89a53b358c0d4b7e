package catalog

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// docsPath is the checked-in card reference, relative to this package.
var docsPath = filepath.Join("..", "..", "docs", "CARDS.md")

func TestCardsMarkdownIsCurrent(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Global()); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(docsPath)
	if err != nil {
		t.Fatalf("read %s: %v (run `make docs` to create it)", docsPath, err)
	}
	if !bytes.Equal(got, buf.Bytes()) {
		t.Fatalf("%s is out of date with the card specs: run `make docs` and commit the result", docsPath)
	}
}

func TestCardsMarkdownCoversEveryCard(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, Global()); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	all := Global().All()
	if len(all) == 0 {
		t.Fatal("the global registry is empty")
	}
	for _, s := range all {
		if !strings.Contains(md, `<a id="`+s.ID+`"></a>`) {
			t.Errorf("card %s has no section", s.ID)
		}
		if !strings.Contains(md, "(#"+s.ID+")") {
			t.Errorf("card %s is missing from the contents", s.ID)
		}
	}
}

func TestWriteMarkdown(t *testing.T) {
	r := NewRegistry()
	r.MustRegister(
		Spec{ID: "test.action.b", Version: 1, Kind: KindAction, Name: "Beta | Card", Group: "Okta actions", Category: "Users",
			Help: "Does\nthings.", API: []string{"GET /api/v1/users/{id}"}, Scopes: []string{"okta.users.read"}, Effect: EffectRead,
			Options: []Field{{Key: "resultSet", Name: "Result Set", Type: TypeString, Default: "First", Choices: []string{"First", "All"}}},
			Inputs:  []Field{{Key: "password", Name: "Password", Type: TypeString, Secret: true, Advanced: true, Help: "New."}},
			Outputs: []Field{{Key: "users", Name: "Users", Type: TypeList, ListOf: TypeObject,
				Fields: []Field{{Key: "id", Name: "ID", Type: TypeString}}}}},
		Spec{ID: "test.event.a", Version: 2, Kind: KindEvent, Name: "Alpha", Group: "Okta events",
			Help: "Fires.", EventTypes: []string{"user.lifecycle.create"}, Pipeline: "idx"},
	)
	var buf bytes.Buffer
	if err := WriteMarkdown(&buf, r); err != nil {
		t.Fatal(err)
	}
	md := buf.String()
	for _, want := range []string{
		"2 cards: 1 event cards, 1 action cards, 0 function cards.",
		"- **Okta events**\n  - General: [Alpha](#test.event.a)\n- **Okta actions**\n  - Users: [Beta | Card](#test.action.b)",
		"`test.event.a` · event card · version 2",
		"- **Event types:** `user.lifecycle.create`",
		"- **Org:** Identity Engine only",
		"Does things.",
		"- **API:** `GET /api/v1/users/{id}`",
		"- **Scopes:** `okta.users.read`",
		"- **Effect:** read — ",
		"| `resultSet` | Result Set |  | string |  | `First` | One of: First, All. |",
		"| `users` | Users |  | list of object |",
		"| `password` | Password |  | string |  |  | (Secret: kept out of logs and run history) (More) New. |",
		"| `users[].id` | ID |  | string |",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("markdown lacks %q\n%s", want, md)
		}
	}
	if strings.Index(md, "#### Alpha") > strings.Index(md, "#### Beta") {
		t.Error("event cards should come before action cards")
	}
	var again bytes.Buffer
	if err := WriteMarkdown(&again, r); err != nil {
		t.Fatal(err)
	}
	if again.String() != md {
		t.Error("two runs over the same registry gave different text")
	}
}
