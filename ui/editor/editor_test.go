package editor

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/canvasmodel"
	"github.com/flowdeck/flowdeck/ui/internal/fixture"
)

func newEditor(t *testing.T, f *flow.Flow) *Editor {
	t.Helper()
	e := New(f, fixture.Registry())
	n := 0
	e.NewID = func(prefix string) string { n++; return fmt.Sprintf("%s_new%d", prefix, n) }
	return e
}

func snapshot(t *testing.T, f *flow.Flow) string {
	t.Helper()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func chainIDs(cards []flow.Card) []string {
	var out []string
	for _, c := range cards {
		out = append(out, c.ID)
	}
	return out
}

func TestEditsUndoRedo(t *testing.T) {
	main := canvasmodel.ChainRef{}
	then := canvasmodel.ChainRef{Parent: "c_if", Branch: "then"}
	tests := []struct {
		name  string
		flow  func() *flow.Flow
		edit  func(e *Editor) error
		check func(t *testing.T, e *Editor)
	}{
		{"add at end", fixture.LinearFlow, func(e *Editor) error {
			_, err := e.AddCard(fixture.SuspendUser, main, 3)
			return err
		}, func(t *testing.T, e *Editor) {
			if got := chainIDs(e.Flow().Cards); fmt.Sprint(got) != "[c_event c_read c_add c_new1]" {
				t.Errorf("cards = %v", got)
			}
		}},
		{"insert between", fixture.LinearFlow, func(e *Editor) error {
			_, err := e.AddCard(fixture.SuspendUser, main, 1)
			return err
		}, func(t *testing.T, e *Editor) {
			if got := chainIDs(e.Flow().Cards); fmt.Sprint(got) != "[c_event c_new1 c_read c_add]" {
				t.Errorf("cards = %v", got)
			}
		}},
		{"insert into branch", fixture.BranchFlow, func(e *Editor) error {
			_, err := e.AddCard(fixture.SuspendUser, canvasmodel.ChainRef{Parent: "c_if", Branch: "else"}, 0)
			return err
		}, func(t *testing.T, e *Editor) {
			if got := chainIDs(e.Card("c_if").Branches["else"]); fmt.Sprint(got) != "[c_new1]" {
				t.Errorf("else = %v", got)
			}
		}},
		{"reorder right", fixture.LinearFlow, func(e *Editor) error {
			_, err := e.MoveCard("c_read", main, 3)
			return err
		}, func(t *testing.T, e *Editor) {
			if got := chainIDs(e.Flow().Cards); fmt.Sprint(got) != "[c_event c_add c_read]" {
				t.Errorf("cards = %v", got)
			}
		}},
		{"move into branch", fixture.BranchFlow, func(e *Editor) error {
			_, err := e.MoveCard("c_suspend", then, 1)
			return err
		}, func(t *testing.T, e *Editor) {
			if got := chainIDs(e.Card("c_if").Branches["then"]); fmt.Sprint(got) != "[c_then c_suspend]" {
				t.Errorf("then = %v", got)
			}
		}},
		{"wire", fixture.LinearFlow, func(e *Editor) error {
			return e.Wire("c_read", "id", "c_add", "userId")
		}, func(t *testing.T, e *Editor) {
			ref := e.Card("c_add").Inputs["userId"].Ref
			if ref == nil || ref.Card != "c_read" || ref.Path != "id" || ref.ID != "w_new1" {
				t.Errorf("userId = %+v", ref)
			}
		}},
		{"change a wire's field", fixture.LinearFlow, func(e *Editor) error {
			return e.SetWirePath("c_read", "userId", "login")
		}, func(t *testing.T, e *Editor) {
			ref := e.Card("c_read").Inputs["userId"].Ref
			if ref.Path != "login" || ref.ID != "w_1" {
				t.Errorf("ref = %+v", ref)
			}
		}},
		{"wire a loop item inside the loop", forEachFlow, func(e *Editor) error {
			return e.Wire("c_each", "item", "c_inner", "userId")
		}, func(t *testing.T, e *Editor) {
			if ref := e.Card("c_inner").Inputs["userId"].Ref; ref == nil || ref.Path != "item" {
				t.Errorf("userId = %+v", ref)
			}
		}},
		{"add a member of an object input", fixture.AssignFlow, func(e *Editor) error {
			return e.AddMember("c_assign", "values", "dept", "IT")
		}, func(t *testing.T, e *Editor) {
			if in := e.Card("c_assign").Inputs["values.dept"]; in.Literal != "IT" {
				t.Errorf("values.dept = %+v", in)
			}
		}},
		{"wire a member", fixture.AssignFlow, func(e *Editor) error {
			return e.Wire("c_event", "login", "c_assign", "values.title")
		}, func(t *testing.T, e *Editor) {
			if ref := e.Card("c_assign").Inputs["values.title"].Ref; ref == nil || ref.Path != "login" {
				t.Errorf("values.title = %+v", ref)
			}
		}},
		{"unwire", fixture.LinearFlow, func(e *Editor) error {
			return e.Unwire("c_read", "userId")
		}, func(t *testing.T, e *Editor) {
			if _, ok := e.Card("c_read").Inputs["userId"]; ok {
				t.Error("userId still bound")
			}
		}},
		{"type literal", fixture.LinearFlow, func(e *Editor) error {
			for _, s := range []string{"0", "00", "00g2"} {
				if err := e.SetLiteral("c_add", "groupId", s); err != nil {
					return err
				}
			}
			return nil
		}, func(t *testing.T, e *Editor) {
			if got := e.Card("c_add").Inputs["groupId"].Literal; got != "00g2" {
				t.Errorf("groupId = %v", got)
			}
		}},
		{"rename, typed letter by letter", fixture.LinearFlow, func(e *Editor) error {
			for _, n := range []string{"O", "On", "Onb"} {
				if err := e.Rename(n); err != nil {
					return err
				}
			}
			return nil
		}, func(t *testing.T, e *Editor) {
			if e.Flow().Name != "Onb" {
				t.Errorf("name = %q", e.Flow().Name)
			}
		}},
		{"set option", fixture.BranchFlow, func(e *Editor) error {
			return e.SetOption("c_suspend", "mode", "later")
		}, func(t *testing.T, e *Editor) {
			if got := e.Card("c_suspend").Options["mode"]; got != "later" {
				t.Errorf("mode = %v", got)
			}
		}},
		{"delete cuts wires", fixture.LinearFlow, func(e *Editor) error {
			return e.DeleteCard("c_event")
		}, func(t *testing.T, e *Editor) {
			if e.Card("c_event") != nil {
				t.Error("card still there")
			}
			if _, ok := e.Card("c_read").Inputs["userId"]; ok {
				t.Error("wire to the deleted card kept")
			}
		}},
		{"delete function card with its branch", fixture.BranchFlow, func(e *Editor) error {
			return e.DeleteCard("c_if")
		}, func(t *testing.T, e *Editor) {
			if e.Card("c_then") != nil {
				t.Error("inner card kept")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEditor(t, tc.flow())
			before := snapshot(t, e.Flow())
			if err := tc.edit(e); err != nil {
				t.Fatalf("edit: %v", err)
			}
			tc.check(t, e)
			after := snapshot(t, e.Flow())
			if !e.Dirty() {
				t.Error("not dirty after an edit")
			}
			if !e.Undo() {
				t.Fatal("nothing to undo")
			}
			if e.CanUndo() {
				t.Errorf("edit took more than one undo step (next: %s)", e.UndoName())
			}
			if got := snapshot(t, e.Flow()); got != before {
				t.Errorf("after undo:\n%s\nwant\n%s", got, before)
			}
			if e.Dirty() {
				t.Error("dirty after undoing back to the saved state")
			}
			if !e.Redo() {
				t.Fatal("nothing to redo")
			}
			if got := snapshot(t, e.Flow()); got != after {
				t.Errorf("after redo:\n%s\nwant\n%s", got, after)
			}
			tc.check(t, e)
		})
	}
}

func TestRefusedEdits(t *testing.T) {
	main := canvasmodel.ChainRef{}
	tests := []struct {
		name string
		flow func() *flow.Flow
		edit func(e *Editor) error
	}{
		{"action first in an empty flow", func() *flow.Flow { return &flow.Flow{} }, func(e *Editor) error {
			_, err := e.AddCard(fixture.ReadUser, main, 0)
			return err
		}},
		{"action before the event", fixture.LinearFlow, func(e *Editor) error {
			_, err := e.AddCard(fixture.ReadUser, main, 0)
			return err
		}},
		{"second event card", fixture.LinearFlow, func(e *Editor) error {
			_, err := e.AddCard("okta.event.userSuspended", main, 0)
			return err
		}},
		{"event card after an action", fixture.LinearFlow, func(e *Editor) error {
			_, err := e.AddCard(fixture.UserCreated, main, 2)
			return err
		}},
		{"move the event", fixture.LinearFlow, func(e *Editor) error {
			_, err := e.MoveCard("c_event", main, 2)
			return err
		}},
		{"move an action before the event", fixture.LinearFlow, func(e *Editor) error {
			_, err := e.MoveCard("c_add", main, 0)
			return err
		}},
		{"move a function card into itself", fixture.BranchFlow, func(e *Editor) error {
			_, err := e.MoveCard("c_if", canvasmodel.ChainRef{Parent: "c_if", Branch: "else"}, 0)
			return err
		}},
		{"wire backwards", fixture.LinearFlow, func(e *Editor) error {
			return e.Wire("c_add", "id", "c_read", "userId")
		}},
		{"wire a missing output", fixture.LinearFlow, func(e *Editor) error {
			return e.Wire("c_event", "nope", "c_read", "userId")
		}},
		{"loop item read after the loop", forEachFlow, func(e *Editor) error {
			return e.Wire("c_each", "item", "c_after", "userId")
		}},
		{"member of a text input", fixture.LinearFlow, func(e *Editor) error {
			return e.AddMember("c_read", "userId", "x", "y")
		}},
		{"member with a dot", fixture.AssignFlow, func(e *Editor) error {
			return e.AddMember("c_assign", "values", "a.b", "y")
		}},
		{"literal into a missing input", fixture.LinearFlow, func(e *Editor) error {
			return e.SetLiteral("c_read", "nope", "x")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEditor(t, tc.flow())
			before := snapshot(t, e.Flow())
			err := tc.edit(e)
			if !errors.Is(err, ErrRefused) {
				t.Fatalf("err = %v, want a refusal", err)
			}
			if got := snapshot(t, e.Flow()); got != before {
				t.Errorf("refused edit changed the flow")
			}
			if e.CanUndo() {
				t.Error("refused edit is on the undo stack")
			}
		})
	}
}

// TestValidate checks that the editor reports engine/flow's validation of the document.
func TestValidate(t *testing.T) {
	f := fixture.LinearFlow()
	f.Cards[2].Inputs = nil // Add User to Group: both inputs required and unbound
	f.Cards[1].Inputs["userId"] = flow.Input{Ref: &flow.Ref{ID: "w_x", Card: "c_add", Path: "id"}}
	got := map[string]string{}
	for _, p := range New(f, fixture.Registry()).Problems() {
		got[p.CardID+"."+p.Field] = p.Code
	}
	want := map[string]string{
		"c_add.userId":  flow.CodeMissingInput,
		"c_add.groupId": flow.CodeMissingInput,
		"c_read.userId": flow.CodeLaterCard,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("problems = %v, want %v", got, want)
	}
}

func TestMergeStopsAtSave(t *testing.T) {
	e := newEditor(t, fixture.LinearFlow())
	_ = e.SetLiteral("c_add", "groupId", "a")
	e.MarkSaved()
	_ = e.SetLiteral("c_add", "groupId", "ab")
	if !e.Dirty() {
		t.Fatal("typing after a save is not dirty")
	}
	e.Undo()
	if got := e.Card("c_add").Inputs["groupId"].Literal; got != "a" {
		t.Errorf("undo went back to %v, want the saved value a", got)
	}
}

// forEachFlow is User Created → For Each{each: Read User} → Suspend User.
func forEachFlow() *flow.Flow {
	each := fixture.Card("c_each", fixture.ForEach)
	each.Branches = map[string][]flow.Card{"each": {fixture.Card("c_inner", fixture.ReadUser)}}
	return &flow.Flow{Schema: 1, ID: "f_each", Cards: []flow.Card{fixture.Card("c_event", fixture.UserCreated), each, fixture.Card("c_after", fixture.SuspendUser)}}
}
