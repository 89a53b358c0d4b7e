package flow

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// An imported placeholder card blocks enabling with one problem naming it (not "unknown card
// type"), lets later cards read its outputs, and survives a save and a load byte for byte.
func TestPlaceholderCard(t *testing.T) {
	original := `{"uuid":"x1","address":"root:channels:http:slack:1.0.1:postMessage","node":{"data":{"name":"Tell the team"}}}`
	ph := Card{ID: "c_x1", Type: PlaceholderType, Version: 1, Label: "Tell the team",
		Inputs: map[string]Input{"Message/Text": ref("w_1", "c_t", "user.id")},
		Placeholder: &Placeholder{Address: "root:channels:http:slack:1.0.1:postMessage", What: "Slack: Post Message",
			Why: "Flowdeck has no Slack connector", Original: original}}
	after := compose("c_c", ref("w_2", "c_x1", "Message ID"))
	f := &Flow{Schema: SchemaVersion, ID: "f_p", Name: "p", Cards: []Card{trigger, ph, after}}
	probs := Validate(f, catalog.Global())
	if len(probs) != 1 || probs[0].Code != CodePlaceholder || probs[0].CardID != "c_x1" ||
		!strings.Contains(probs[0].Message, `"Slack: Post Message"`) || !strings.Contains(probs[0].Message, "no Slack connector") {
		t.Fatalf("problems: %v", Problems(probs))
	}
	var buf bytes.Buffer
	if err := Encode(&buf, f); err != nil {
		t.Fatal(err)
	}
	saved := buf.String()
	back, err := Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Cards, f.Cards) || back.Cards[1].Placeholder.Original != original {
		t.Errorf("placeholder changed through a file: %+v", back.Cards[1].Placeholder)
	}
	bad := strings.Replace(saved, `"what"`, `"wat"`, 1)
	if _, err := Decode(strings.NewReader(bad)); err == nil || !strings.Contains(err.Error(), "an imported placeholder") {
		t.Errorf("a typo inside a placeholder was accepted: %v", err)
	}
}
