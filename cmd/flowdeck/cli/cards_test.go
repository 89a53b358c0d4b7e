package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

func runCardsCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := &Env{Args: append([]string{"cards"}, args...), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" }}
	err := Run(context.Background(), env)
	return out.String(), errOut.String(), err
}

func TestCardsTable(t *testing.T) {
	out, _, err := runCardsCmd(t)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if got, want := len(lines)-1, len(catalog.Global().All()); got != want || want == 0 {
		t.Fatalf("table has %d card rows, registry has %d", got, want)
	}
	if !strings.HasPrefix(lines[0], "ID") || !strings.Contains(lines[0], "TRIGGER OR CALL") {
		t.Errorf("header = %q", lines[0])
	}
	for _, want := range []string{
		"okta.action.readUser", "GET /api/v1/users/{idOrLogin}", "Okta actions / Users",
		"okta.action.addNewUserToGroup", "PUT /api/v1/groups/{groupId}/users/{userId}",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q", want)
		}
	}
}

func TestCardsTableByKind(t *testing.T) {
	tests := []struct {
		kind string
		want catalog.Kind
	}{
		{"event", catalog.KindEvent},
		{"action", catalog.KindAction},
		{"function", catalog.KindFunction},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			out, _, err := runCardsCmd(t, "--kind", tt.kind)
			if err != nil {
				t.Fatal(err)
			}
			rows := strings.Split(strings.TrimRight(out, "\n"), "\n")[1:]
			if len(rows) != len(catalog.Global().OfKind(tt.want)) {
				t.Errorf("%d rows, registry has %d %s cards", len(rows), len(catalog.Global().OfKind(tt.want)), tt.kind)
			}
			for _, row := range rows {
				if f := strings.Fields(row); len(f) < 2 || f[1] != tt.kind {
					t.Errorf("row of another kind: %q", row)
				}
			}
		})
	}
}

func TestCardsJSON(t *testing.T) {
	out, _, err := runCardsCmd(t, "--json", "--kind", "action")
	if err != nil {
		t.Fatal(err)
	}
	var cards []struct {
		ID       string          `json:"id"`
		Kind     string          `json:"kind"`
		Name     string          `json:"name"`
		Group    string          `json:"group"`
		Category string          `json:"category"`
		API      []string        `json:"api"`
		Scopes   []string        `json:"scopes"`
		Effect   string          `json:"effect"`
		Inputs   []catalog.Field `json:"inputs"`
		Outputs  []catalog.Field `json:"outputs"`
	}
	if err := json.Unmarshal([]byte(out), &cards); err != nil {
		t.Fatalf("output is not a JSON array of cards: %v\n%s", err, out)
	}
	if len(cards) != len(catalog.Global().OfKind(catalog.KindAction)) || len(cards) == 0 {
		t.Fatalf("%d cards in JSON", len(cards))
	}
	var found bool
	for _, c := range cards {
		if c.Kind != "action" || c.Effect == "" || len(c.Scopes) == 0 || len(c.API) == 0 {
			t.Errorf("card %s: kind %q, effect %q, scopes %q, api %q", c.ID, c.Kind, c.Effect, c.Scopes, c.API)
		}
		if c.ID == "okta.action.readUser" {
			found = true
			if c.Category != "Users" || c.Group != "Okta actions" || len(c.Inputs) != 1 || c.Inputs[0].Name != "ID or Login" || len(c.Outputs) == 0 {
				t.Errorf("Read User in JSON = %+v", c)
			}
		}
	}
	if !found {
		t.Error("Read User is missing from the JSON")
	}
}

func TestCardsJSONEventTypes(t *testing.T) {
	out, _, err := runCardsCmd(t, "--json", "--kind", "event")
	if err != nil {
		t.Fatal(err)
	}
	var cards []struct {
		ID         string   `json:"id"`
		EventTypes []string `json:"eventTypes"`
	}
	if err := json.Unmarshal([]byte(out), &cards); err != nil {
		t.Fatal(err)
	}
	for _, c := range cards {
		if len(c.EventTypes) == 0 {
			t.Errorf("event card %s has no eventTypes in JSON", c.ID)
		}
	}
}

func TestCardsBadUsage(t *testing.T) {
	for _, args := range [][]string{{"--kind", "trigger"}, {"--nope"}, {"extra"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			_, _, err := runCardsCmd(t, args...)
			var ee *ExitError
			if !errors.As(err, &ee) || ee.Code != 2 {
				t.Errorf("err = %v, want exit code 2", err)
			}
		})
	}
}
