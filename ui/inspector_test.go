package ui

import (
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

func TestValueEditorTypes(t *testing.T) {
	test.NewTempApp(t)
	tests := []struct {
		name  string
		field catalog.Field
		set   func(w any)
		want  any
	}{
		{"text entry", catalog.Field{Type: catalog.TypeString}, func(w any) { w.(*widget.Entry).SetText("00g1") }, "00g1"},
		{"number entry", catalog.Field{Type: catalog.TypeNumber}, func(w any) { w.(*widget.Entry).SetText("25") }, 25.0},
		{"number entry with text", catalog.Field{Type: catalog.TypeNumber}, func(w any) { w.(*widget.Entry).SetText("many") }, "many"},
		{"number choice", catalog.Field{Type: catalog.TypeNumber, Choices: []string{"1", "5"}}, func(w any) { w.(*widget.Select).SetSelected("5") }, 5.0},
		{"text choice", catalog.Field{Type: catalog.TypeString, Choices: []string{"now", "later"}}, func(w any) { w.(*widget.Select).SetSelected("later") }, "later"},
		{"boolean", catalog.Field{Type: catalog.TypeBoolean}, func(w any) { w.(*widget.Check).SetChecked(true) }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got any
			w := valueEditor(tc.field, nil, func(v any) { got = v })
			tc.set(w)
			if got != tc.want {
				t.Errorf("edit(%#v), want %#v", got, tc.want)
			}
		})
	}
}

// TestWireToAssignOffersItsFields: a wire from Assign's Values can be pointed at one of the
// fields Assign was given.
func TestWireToAssignOffersItsFields(t *testing.T) {
	f := fixture.AssignFlow()
	read := fixture.Card("c_read", fixture.ReadUser)
	read.Inputs = map[string]flow.Input{"userId": {Ref: &flow.Ref{ID: "w_1", Card: "c_assign", Path: "values"}}}
	f.Cards = append(f.Cards, read)
	w, _ := newTestWindow(t, f)
	test.Tap(w.canvas.cards["c_read"])
	sel := w.inspector.paths["userId"]
	if sel == nil {
		t.Fatal("no field picker")
	}
	sel.SetSelected("Values › title")
	if got := w.ed.Card("c_read").Inputs["userId"].Ref.Path; got != "values.title" {
		t.Errorf("path = %q", got)
	}
}
