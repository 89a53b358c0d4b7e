package ui

import (
	"context"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

// runFlowView is the Run flow dialog: a recent System Log event the flow's trigger listens
// for, or typed-in fields (a user id and login); Run queues the run and opens the History on it.
type runFlowView struct {
	events []EventSummary
	pick   *widget.Select
	userID *widget.Entry
	login  *widget.Entry
	dialog dialog.Dialog
	run    func() // what the Run button does, for tests
}

func (w *Window) runFlow() {
	// A copy for the goroutines: the UI keeps editing the original.
	f := flow.Clone(w.ed.Flow())
	if len(f.Cards) == 0 {
		w.setStatus("The flow is empty: drag an Okta event card onto the canvas first")
		return
	}
	if f.Connection == "" {
		if len(w.conns) == 0 {
			w.setStatus("Could not run " + f.Name + ": " + ErrNotConnected.Error())
		} else {
			w.setStatus("Choose the Okta org " + f.Name + " acts on (beside the flow's name), then run it")
		}
		return
	}
	call(w.bridge, func(ctx context.Context) ([]EventSummary, error) {
		return w.backend.RecentEvents(ctx, f)
	}, func(evs []EventSummary, err error) {
		if err != nil {
			w.setStatus("Could not list recent events: " + err.Error())
		}
		w.showRunFlow(f, evs)
	})
}

func (w *Window) showRunFlow(f *flow.Flow, evs []EventSummary) {
	v := &runFlowView{events: evs}
	var labels []string
	for _, e := range evs {
		labels = append(labels, eventLine(e))
	}
	const typed = "Type the fields below"
	v.pick = widget.NewSelect(append([]string{typed}, labels...), nil)
	v.userID = widget.NewEntry()
	v.userID.SetPlaceHolder("00u1abcd2EFGH3ijk4x7")
	v.login = widget.NewEntry()
	v.login.SetPlaceHolder("ada.lovelace@example.com")
	v.pick.OnChanged = func(s string) {
		if s == typed {
			v.userID.Enable()
			v.login.Enable()
		} else {
			v.userID.Disable()
			v.login.Disable()
		}
	}
	if len(evs) > 0 {
		v.pick.SetSelectedIndex(1)
	} else {
		v.pick.SetSelectedIndex(0)
	}
	types := triggerTypes(f, w.reg)
	intro := "Runs the saved flow once, now, for one event."
	if len(types) > 0 {
		intro += " Its trigger listens for " + strings.Join(types, ", ") + "."
	}
	if len(evs) == 0 {
		intro += " No matching event is stored yet: type the user the event is about."
	}
	form := widget.NewForm(
		widget.NewFormItem("Event", v.pick),
		widget.NewFormItem("User id", v.userID),
		widget.NewFormItem("User login", v.login),
	)
	v.run = func() {
		ev := map[string]any{}
		if i := v.pick.SelectedIndex(); i > 0 {
			ev["uuid"] = evs[i-1].UUID
		} else {
			if strings.TrimSpace(v.userID.Text) == "" && strings.TrimSpace(v.login.Text) == "" {
				w.setStatus("Type a user id or login for the event, or pick a recent event")
				return
			}
			if len(types) > 0 {
				ev["eventType"] = types[0]
			}
			ev["displayMessage"] = "Run by hand from Flowdeck"
			ev["target"] = []any{map[string]any{"type": "User", "id": strings.TrimSpace(v.userID.Text),
				"alternateId": strings.TrimSpace(v.login.Text), "displayName": strings.TrimSpace(v.login.Text)}}
		}
		v.dialog.Hide()
		w.setStatus("Queuing a run of " + f.Name + "…")
		call(w.bridge, func(ctx context.Context) (RunSummary, error) {
			return w.backend.RunFlow(ctx, f, ev)
		}, func(r RunSummary, err error) {
			if err != nil {
				w.setStatus("Could not run " + f.Name + ": " + err.Error())
				return
			}
			w.setStatus("Run of " + f.Name + " queued: it shows in the History")
			w.refreshFlows()
			w.showHistory(r.ID)
		})
	}
	body := container.NewVBox(wrapped(intro), form)
	v.dialog = dialog.NewCustomConfirm("Run "+f.Name, "Run", "Cancel", body, func(ok bool) {
		if ok {
			v.run()
		}
	}, w.win)
	w.runFlowView = v
	showSized(v.dialog, fyne.NewSize(680, 0))
}

// triggerTypes are the System Log event types of the flow's first card.
func triggerTypes(f *flow.Flow, reg *catalog.Registry) []string {
	if len(f.Cards) == 0 {
		return nil
	}
	s, ok := reg.Lookup(f.Cards[0].Type)
	if !ok || s.Kind != catalog.KindEvent {
		return nil
	}
	return s.EventTypes
}

func eventLine(e EventSummary) string {
	s := e.Published.Local().Format("Jan 2 15:04") + " · " + e.EventType
	if e.Message != "" {
		s += " · " + e.Message
	}
	return fmt.Sprint(s)
}
