package flow

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
)

func TestDecodeTooLarge(t *testing.T) {
	// A reader that never ends must not be read past the limit.
	r := io.MultiReader(strings.NewReader(`{"schema": 1, "name": "`), neverEnding('x'))
	_, err := Decode(r)
	if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "8 MiB") {
		t.Errorf("err = %v, want ErrTooLarge mentioning 8 MiB", err)
	}
}

type neverEnding byte

func (b neverEnding) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestDecodeTooDeep(t *testing.T) {
	deep := strings.Repeat("[", 100000) + strings.Repeat("]", 100000)
	doc := `{"schema": 1, "cards": [{"id": "c_1", "type": "t", "version": 1, "position": {"x": 0, "y": 0},
	"inputs": {"a": {"literal": ` + deep + `}}}]}`
	_, err := Decode(strings.NewReader(doc))
	if err == nil || !strings.Contains(err.Error(), "nested more than 64 levels") {
		t.Errorf("err = %v", err)
	}
}

func TestDecodeByteOrderMark(t *testing.T) {
	f, err := Decode(strings.NewReader("\xef\xbb\xbf" + `{"schema": 1, "name": "from Notepad"}`))
	if err != nil || f.Name != "from Notepad" || f.Cards == nil {
		t.Errorf("Decode = %+v, %v", f, err)
	}
}

func TestDecodeNewerSchema(t *testing.T) {
	_, err := Decode(strings.NewReader(fmt.Sprintf(`{"schema": %d, "somethingNew": 1}`, SchemaVersion+2)))
	want := fmt.Sprintf("this flow was saved by a newer Flowdeck (schema %d); upgrade to open it", SchemaVersion+2)
	if !errors.Is(err, ErrNewerSchema) || !strings.HasSuffix(err.Error(), want) {
		t.Errorf("err = %v, want ErrNewerSchema ending %q", err, want)
	}
}

func TestUpgradeSteps(t *testing.T) {
	if len(upgrades) != SchemaVersion-1 {
		t.Fatalf("SchemaVersion is %d but there are %d upgrade steps; add one per schema", SchemaVersion, len(upgrades))
	}
	// The hook itself, with made-up steps: schema 1 named the list "chain", schema 2 "steps".
	steps := []func(map[string]any) error{
		func(doc map[string]any) error { doc["steps"] = doc["chain"]; delete(doc, "chain"); return nil },
		func(doc map[string]any) error { doc["cards"] = doc["steps"]; delete(doc, "steps"); return nil },
	}
	out, err := upgrade([]byte(`{"schema": 1, "name": "old", "chain": [], "big": 12345678901234567890}`), 1, 3, steps)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"big":12345678901234567890,"cards":[],"name":"old","schema":3}`; string(out) != want {
		t.Errorf("upgraded to %s, want %s", out, want)
	}
	_, err = upgrade([]byte(`{"schema": 1}`), 1, 4, steps)
	if err == nil || !strings.Contains(err.Error(), "cannot upgrade a schema 3 flow") {
		t.Errorf("missing step: err = %v", err)
	}
	failing := []func(map[string]any) error{func(map[string]any) error { return errors.New("no chain") }}
	if _, err := upgrade([]byte(`{"schema": 1}`), 1, 2, failing); err == nil || !strings.Contains(err.Error(), "from schema 1 to 2: no chain") {
		t.Errorf("failing step: err = %v", err)
	}
}

func TestEncode(t *testing.T) {
	t.Run("canonical form", func(t *testing.T) {
		f := &Flow{Name: "made in code", Cards: []Card{{
			ID: "c_1", Type: "okta.event.userCreated", Version: 1,
			Options:  map[string]any{"unset": nil},
			Inputs:   map[string]Input{},
			Branches: map[string][]Card{BranchThen: nil},
			OnError:  &ErrorPolicy{Action: "halt", Values: map[string]any{}},
		}}}
		before := Clone(f)
		var buf bytes.Buffer
		if err := Encode(&buf, f); err != nil {
			t.Fatal(err)
		}
		want := `{
  "schema": 1,
  "id": "",
  "name": "made in code",
  "cards": [
    {
      "id": "c_1",
      "type": "okta.event.userCreated",
      "version": 1,
      "position": {
        "x": 0,
        "y": 0
      },
      "branches": {
        "then": []
      },
      "onError": {
        "action": "halt"
      }
    }
  ]
}
`
		if buf.String() != want {
			t.Errorf("Encode wrote\n%s\nwant\n%s", buf.String(), want)
		}
		if !equalFlows(f, before) {
			t.Error("Encode changed the flow it was given")
		}
		back, err := Decode(&buf)
		if err != nil {
			t.Fatalf("Encode wrote a file Decode refuses: %v", err)
		}
		if back.Schema != SchemaVersion {
			t.Errorf("schema %d", back.Schema)
		}
	})
	t.Run("no cards", func(t *testing.T) {
		var buf bytes.Buffer
		if err := Encode(&buf, &Flow{}); err != nil || !strings.Contains(buf.String(), `"cards": []`) {
			t.Errorf("Encode(empty) = %s, %v", buf.String(), err)
		}
	})
	for name, in := range map[string]Input{
		"empty input":    {},
		"two values":     {Literal: "a", Template: []TemplatePart{{Text: "b"}}},
		"empty template": {Template: []TemplatePart{}},
		"empty part":     {Template: []TemplatePart{{}}},
	} {
		t.Run(name, func(t *testing.T) {
			f := &Flow{Name: "bad", Cards: []Card{{ID: "c_1", Inputs: map[string]Input{"x": in}}}}
			err := Encode(io.Discard, f)
			if err == nil || !strings.Contains(err.Error(), `card c_1: input "x"`) {
				t.Errorf("err = %v", err)
			}
		})
	}
	t.Run("values JSON cannot hold", func(t *testing.T) {
		f := &Flow{Cards: []Card{{ID: "c_1", Inputs: map[string]Input{"x": {Literal: func() {}}}}}}
		if err := Encode(io.Discard, f); err == nil {
			t.Error("encoded a function")
		}
	})
}

// TestPositions checks that line and column count characters, not bytes.
func TestPositions(t *testing.T) {
	data := []byte("{\n  \"name\": \"héllo\", \"x\": 1\n}")
	tests := []struct {
		off       int64
		line, col int
	}{{0, 1, 1}, {2, 2, 1}, {4, 2, 3}, {int64(strings.Index(string(data), `"x"`)), 2, 20}, {999, 3, 2}, {-1, 1, 1}}
	for _, tt := range tests {
		if l, c := position(data, tt.off); l != tt.line || c != tt.col {
			t.Errorf("position(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}
