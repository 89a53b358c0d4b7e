package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

// TestEditsByPointer drives every edit through the widgets as an admin would, then checks
// that Ctrl+Z restores the document exactly and Ctrl+Shift+Z redoes it.
func TestEditsByPointer(t *testing.T) {
	mod := fyne.KeyModifierShortcutDefault
	tests := []struct {
		name  string
		flow  *flow.Flow
		edit  func(t *testing.T, w *Window)
		check func(t *testing.T, w *Window)
	}{
		{"drag the first card from the palette", &flow.Flow{ID: "f_empty", Name: "Empty", Schema: 1}, func(t *testing.T, w *Window) {
			it, from := w.paletteAt(t, fixture.UserCreated)
			dragSteps(it, from, w.canvasAt(200, 150), 8)
		}, func(t *testing.T, w *Window) {
			cards := w.ed.Flow().Cards
			if len(cards) != 1 || cards[0].Type != fixture.UserCreated {
				t.Fatalf("cards = %+v", cards)
			}
			if w.canvas.selected != cards[0].ID || w.inspector.cardID != cards[0].ID {
				t.Errorf("new card not selected in canvas and inspector")
			}
		}},
		{"append from the palette", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			// The viewport is narrower than the flow: scroll right, then drop after the last card.
			test.Scroll(w.win.Canvas(), w.canvasAt(300, 300), -400, 0)
			off := w.canvas.scroll.Offset.X
			if off <= 0 {
				t.Fatalf("scrolled to %v", w.canvas.scroll.Offset)
			}
			it, from := w.paletteAt(t, fixture.SuspendUser)
			dragSteps(it, from, w.canvasAt(940-off, 100), 8)
		}, func(t *testing.T, w *Window) {
			if got := cardIDs(w.ed.Flow().Cards); got != "[c_event c_read c_add c_t1]" {
				t.Errorf("cards = %s", got)
			}
		}},
		{"insert between two cards", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			it, from := w.paletteAt(t, fixture.SuspendUser)
			dragSteps(it, from, w.canvasAt(300, 100), 8)
		}, func(t *testing.T, w *Window) {
			if got := cardIDs(w.ed.Flow().Cards); got != "[c_event c_t1 c_read c_add]" {
				t.Errorf("cards = %s", got)
			}
		}},
		{"insert between two cards zoomed out", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			w.shortcut(fyne.KeyMinus, fyne.KeyModifierShortcutDefault)
			w.shortcut(fyne.KeyMinus, fyne.KeyModifierShortcutDefault)
			if w.canvas.zoom > 0.61 || w.zoomLabel.Text != "60%" {
				t.Fatalf("zoom = %v (%s)", w.canvas.zoom, w.zoomLabel.Text)
			}
			// Between Read User (x 336..576) and Add User to Group (x 640) at zoom 0.6.
			it, from := w.paletteAt(t, fixture.SuspendUser)
			dragSteps(it, from, w.canvasAt(608*0.6, 60), 8)
		}, func(t *testing.T, w *Window) {
			if got := cardIDs(w.ed.Flow().Cards); got != "[c_event c_read c_t1 c_add]" {
				t.Errorf("cards = %s", got)
			}
		}},
		{"drop onto a card's right half inserts after it", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			it, from := w.paletteAt(t, fixture.SuspendUser)
			dragSteps(it, from, w.canvasAt(500, 60), 8)
		}, func(t *testing.T, w *Window) {
			if got := cardIDs(w.ed.Flow().Cards); got != "[c_event c_read c_t1 c_add]" {
				t.Errorf("cards = %s", got)
			}
		}},
		{"insert into an If/Else branch", fixture.BranchFlow(), func(t *testing.T, w *Window) {
			it, from := w.paletteAt(t, fixture.SuspendUser)
			dragSteps(it, from, w.canvasAt(400, 420), 8)
		}, func(t *testing.T, w *Window) {
			if got := cardIDs(w.ed.Card("c_if").Branches["else"]); got != "[c_t1]" {
				t.Errorf("else = %s", got)
			}
		}},
		{"tap a palette card to add it after the selected one", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			test.Tap(w.canvas.cards["c_event"])
			test.Tap(w.palette.items[fixture.SuspendUser])
		}, func(t *testing.T, w *Window) {
			if got := cardIDs(w.ed.Flow().Cards); got != "[c_event c_t1 c_read c_add]" {
				t.Errorf("cards = %s", got)
			}
		}},
		{"reorder by dragging a card", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			w.canvas.scroll.Offset = fyne.NewPos(400, 0)
			dragSteps(w.canvas.cards["c_read"], w.canvasAt(50, 50), w.canvasAt(600, 60), 10)
		}, func(t *testing.T, w *Window) {
			if got := cardIDs(w.ed.Flow().Cards); got != "[c_event c_add c_read]" {
				t.Errorf("cards = %s", got)
			}
		}},
		{"wire an output to an input", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			dragSteps(w.canvas.cards["c_read"], w.canvasAt(400, 145), w.canvasAt(700, 103), 10)
		}, func(t *testing.T, w *Window) {
			ref := w.ed.Card("c_add").Inputs["userId"].Ref
			if ref == nil || ref.Card != "c_read" || ref.Path != "id" {
				t.Fatalf("userId = %+v", w.ed.Card("c_add").Inputs["userId"])
			}
			if len(w.canvas.wires) != 2 {
				t.Errorf("%d wire lines, want 2", len(w.canvas.wires))
			}
			if v := w.canvas.cards["c_add"].View.Inputs[0]; !v.Wired || v.Value != "Read User › ID" {
				t.Errorf("card row = %+v", v)
			}
		}},
		{"type a literal in the inspector", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			test.Tap(w.canvas.cards["c_add"])
			e := w.inspector.entries["groupId"]
			if e == nil {
				t.Fatal("no entry for Group ID")
			}
			w.win.Canvas().Focus(e)
			e.SetText("")
			test.Type(e, "00gABC")
		}, func(t *testing.T, w *Window) {
			if got := w.ed.Card("c_add").Inputs["groupId"].Literal; got != "00gABC" {
				t.Errorf("groupId = %v", got)
			}
			if got := w.canvas.cards["c_add"].View.Inputs[1].Value; got != "00gABC" {
				t.Errorf("card shows %q", got)
			}
		}},
		{"add a field to Assign in the inspector", fixture.AssignFlow(), func(t *testing.T, w *Window) {
			test.Tap(w.canvas.cards["c_assign"])
			line, ok := w.inspector.addMember["values"]
			if !ok {
				t.Fatal("no line to add a field to Values")
			}
			line.name.SetText("dept")
			line.value.SetText("IT")
			test.Tap(line.add)
		}, func(t *testing.T, w *Window) {
			if got := w.ed.Card("c_assign").Inputs["values.dept"].Literal; got != "IT" {
				t.Fatalf("values.dept = %v", got)
			}
			rows := w.canvas.cards["c_assign"].View.Inputs
			if len(rows) != 3 || rows[1].Label != "Values → dept" || rows[1].Value != "IT" {
				t.Errorf("card rows = %+v", rows)
			}
		}},
		{"wire an output to a field of Assign", fixture.AssignFlow(), func(t *testing.T, w *Window) {
			// User Created › Username (row 114..136) onto Values → title (row 114..136).
			dragSteps(w.canvas.cards["c_event"], w.canvasAt(200, 125), w.canvasAt(400, 125), 6)
		}, func(t *testing.T, w *Window) {
			ref := w.ed.Card("c_assign").Inputs["values.title"].Ref
			if ref == nil || ref.Card != "c_event" || ref.Path != "login" {
				t.Errorf("values.title = %+v", w.ed.Card("c_assign").Inputs["values.title"])
			}
		}},
		{"delete with the Delete key", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			test.Tap(w.canvas.cards["c_read"])
			w.win.Canvas().Unfocus()
			w.typeKey(fyne.KeyDelete)
		}, func(t *testing.T, w *Window) {
			if got := cardIDs(w.ed.Flow().Cards); got != "[c_event c_add]" {
				t.Errorf("cards = %s", got)
			}
			if _, ok := w.canvas.cards["c_read"]; ok {
				t.Error("canvas still shows the deleted card")
			}
		}},
		{"delete from the card's menu", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			w.canvas.deleteCard("c_add")
		}, func(t *testing.T, w *Window) {
			if got := cardIDs(w.ed.Flow().Cards); got != "[c_event c_read]" {
				t.Errorf("cards = %s", got)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, _ := newTestWindow(t, tc.flow)
			before := docJSON(t, w.ed.Flow())
			tc.edit(t, w)
			tc.check(t, w)
			after := docJSON(t, w.ed.Flow())
			if after == before {
				t.Fatal("the edit changed nothing")
			}
			w.win.Canvas().Unfocus()
			w.shortcut(fyne.KeyZ, mod)
			if got := docJSON(t, w.ed.Flow()); got != before {
				t.Errorf("after Ctrl+Z:\n%s\nwant\n%s", got, before)
			}
			if w.ed.CanUndo() {
				t.Errorf("one edit left more than one undo step")
			}
			w.shortcut(fyne.KeyZ, mod|fyne.KeyModifierShift)
			if got := docJSON(t, w.ed.Flow()); got != after {
				t.Errorf("after Ctrl+Shift+Z:\n%s\nwant\n%s", got, after)
			}
			w.shortcut(fyne.KeyZ, mod)
			w.shortcut(fyne.KeyY, mod)
			if got := docJSON(t, w.ed.Flow()); got != after {
				t.Errorf("after Ctrl+Y:\n%s\nwant\n%s", got, after)
			}
		})
	}
}

func TestRefusedDrops(t *testing.T) {
	tests := []struct {
		name string
		flow *flow.Flow
		drag func(t *testing.T, w *Window)
		want string
	}{
		{"action first", &flow.Flow{ID: "f_empty", Name: "Empty", Schema: 1}, func(t *testing.T, w *Window) {
			it, from := w.paletteAt(t, fixture.ReadUser)
			dragSteps(it, from, w.canvasAt(200, 150), 5)
		}, "starts with an event card"},
		{"wire backwards", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			dragSteps(w.canvas.cards["c_read"], w.canvasAt(400, 145), w.canvasAt(150, 100), 5)
		}, "Drop the output onto an input"},
		{"wire into an earlier card", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			w.canvas.scroll.Offset = fyne.NewPos(0, 0)
			dragSteps(w.canvas.cards["c_read"], w.canvasAt(400, 145), w.canvasAt(400, 103), 5)
		}, "only read outputs of cards that run before it"},
		{"palette card dropped outside the canvas", fixture.LinearFlow(), func(t *testing.T, w *Window) {
			it, from := w.paletteAt(t, fixture.SuspendUser)
			dragSteps(it, from, from.Add(fyne.NewPos(0, 20)), 3)
		}, "onto the canvas"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w, _ := newTestWindow(t, tc.flow)
			before := docJSON(t, w.ed.Flow())
			tc.drag(t, w)
			if got := docJSON(t, w.ed.Flow()); got != before {
				t.Errorf("refused drop changed the flow")
			}
			if !strings.Contains(w.status.Text, tc.want) {
				t.Errorf("status = %q, want it to say %q", w.status.Text, tc.want)
			}
		})
	}
}

func TestValidationMarks(t *testing.T) {
	f := fixture.LinearFlow()
	w, _ := newTestWindow(t, f)
	add := w.canvas.cards["c_add"]
	if add.View.Problem == "" || add.View.Inputs[0].Problem == "" {
		t.Fatalf("Add User to Group has an unbound required User ID but shows no mark: %+v", add.View)
	}
	if add.View.Inputs[1].Problem != "" {
		t.Errorf("Group ID is bound but marked: %q", add.View.Inputs[1].Problem)
	}
	test.Tap(add)
	if l := w.inspector.problems["input:userId"]; l == nil || !l.Visible() || !strings.Contains(l.Text, "required") {
		t.Errorf("inspector shows no problem on User ID")
	}
	dragSteps(w.canvas.cards["c_read"], w.canvasAt(400, 145), w.canvasAt(700, 103), 6)
	if add.View.Problem != "" {
		t.Errorf("mark stays after wiring the input: %q", add.View.Problem)
	}
	if l := w.inspector.problems["input:userId"]; l != nil && l.Visible() {
		t.Errorf("inspector still shows %q", l.Text)
	}
}

func TestPaletteSearch(t *testing.T) {
	w, _ := newTestWindow(t)
	w.shortcut(fyne.KeyF, fyne.KeyModifierShortcutDefault)
	if w.win.Canvas().Focused() != w.palette.search {
		t.Fatal("Ctrl+F did not focus the palette search")
	}
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{fixture.UserCreated, fixture.ReadUser, fixture.IfElse}},
		{"user", []string{fixture.UserCreated, "okta.event.userSuspended", fixture.ReadUser, fixture.SuspendUser, fixture.AddToGroup}},
		{"groups", []string{fixture.AddToGroup}},
		{"branch", []string{fixture.IfElse, fixture.ContinueIf}},
		{"nothing like this", nil},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			w.palette.search.SetText(tc.query)
			for _, id := range tc.want {
				if _, ok := w.palette.items[id]; !ok {
					t.Errorf("%q does not show %s", tc.query, id)
				}
			}
			if tc.query != "" && len(w.palette.items) != len(tc.want) {
				t.Errorf("%q shows %d cards, want %d", tc.query, len(w.palette.items), len(tc.want))
			}
		})
	}
}

func TestCardMenuDeletes(t *testing.T) {
	w, _ := newTestWindow(t, fixture.LinearFlow())
	test.TapSecondary(w.canvas.cards["c_add"])
	if w.win.Canvas().Overlays().Top() == nil {
		t.Fatal("right-click shows no menu")
	}
	if w.canvas.selected != "c_add" {
		t.Error("right-click did not select the card")
	}
	var del *fyne.MenuItem
	for _, it := range w.canvas.menuFor("c_add").Items {
		if it.Label == "Delete card" {
			del = it
		}
	}
	if del == nil {
		t.Fatal("the card menu has no Delete card")
	}
	del.Action()
	if got := cardIDs(w.ed.Flow().Cards); got != "[c_event c_read]" {
		t.Errorf("cards = %s", got)
	}
}

func TestRenameFromTitle(t *testing.T) {
	w, _ := newTestWindow(t, fixture.LinearFlow())
	w.title.SetText("")
	test.Type(w.title, "Leavers")
	if w.ed.Flow().Name != "Leavers" || !w.ed.Dirty() {
		t.Fatalf("name = %q, dirty %v", w.ed.Flow().Name, w.ed.Dirty())
	}
	if got := w.win.Title(); got != "Flowdeck — Leavers •" {
		t.Errorf("window title = %q", got)
	}
	w.win.Canvas().Unfocus()
	w.undo()
	if w.ed.Flow().Name != "Onboarding" || w.title.Text != "Onboarding" {
		t.Errorf("after undo: name %q, title %q", w.ed.Flow().Name, w.title.Text)
	}
}

func TestMainWindowGolden(t *testing.T) {
	w, _ := newTestWindow(t, fixture.BranchFlow())
	w.canvas.selectCard("c_then")
	w.status.SetText("Opened Branches")
	assertGolden(t, "window_main.png", w.win.Canvas().Capture())
}
