package actions

import (
	"reflect"
	"strings"
	"testing"

	"github.com/flowdeck/flowdeck/engine/catalog"
)

// TestArgsCoerceWhatFlowsAndTheCommandLineSend: the same input arrives as JSON from a flow and
// as text from the command line; both must read the same, and a missing value takes the default.
func TestArgsCoerceWhatFlowsAndTheCommandLineSend(t *testing.T) {
	spec := &catalog.Spec{
		Inputs: []catalog.Field{
			{Key: "flag", Name: "Flag", Type: catalog.TypeBoolean, Default: true},
			{Key: "n", Name: "N", Type: catalog.TypeNumber, Default: 0},
			{Key: "ids", Name: "IDs", Type: catalog.TypeList, ListOf: catalog.TypeString},
			{Key: "obj", Name: "Obj", Type: catalog.TypeObject},
		},
		Options: []catalog.Field{{Key: "mode", Name: "Mode", Type: catalog.TypeString, Default: "A"}},
	}
	a := func(in map[string]any) args { return args{spec: spec, in: in} }
	for _, v := range []any{false, "false", "No", 0.0} {
		if b, err := a(map[string]any{"flag": v}).boolean("flag"); err != nil || b {
			t.Errorf("boolean(%#v) = %v, %v; want false", v, b, err)
		}
	}
	if b, _ := a(nil).boolean("flag"); !b {
		t.Error("a missing boolean must take its default (true)")
	}
	if _, err := a(map[string]any{"flag": "maybe"}).boolean("flag"); err == nil || !strings.Contains(err.Error(), `"Flag"`) {
		t.Errorf("boolean(maybe) error = %v, want one naming the input", err)
	}
	for _, v := range []any{12.0, "12", " 12 ", 12} {
		if n, err := a(map[string]any{"n": v}).integer("n"); err != nil || n != 12 {
			t.Errorf("integer(%#v) = %d, %v", v, n, err)
		}
	}
	if _, err := a(map[string]any{"n": 1.5}).integer("n"); err == nil {
		t.Error("1.5 is not a whole number")
	}
	want := []string{"00g1", "00g2"}
	for _, v := range []any{[]any{"00g1", "00g2"}, []string{"00g1", " 00g2 "}, "00g1, 00g2", `["00g1","00g2"]`} {
		if l, err := a(map[string]any{"ids": v}).strList("ids"); err != nil || !reflect.DeepEqual(l, want) {
			t.Errorf("strList(%#v) = %v, %v", v, l, err)
		}
	}
	for _, v := range []any{map[string]any{"k": "v"}, `{"k":"v"}`} {
		if o, err := a(map[string]any{"obj": v}).object("obj"); err != nil || o["k"] != "v" {
			t.Errorf("object(%#v) = %v, %v", v, o, err)
		}
	}
	if _, err := a(map[string]any{"obj": "[1]"}).object("obj"); err == nil {
		t.Error("a JSON list is not an object")
	}
	if m := a(nil).str("mode"); m != "A" {
		t.Errorf("option default = %q, want A", m)
	}
	if m := (args{spec: spec, opt: map[string]any{"mode": "B"}}).str("mode"); m != "B" {
		t.Errorf("option = %q, want B", m)
	}
}
