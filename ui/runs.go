package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
)

// The one-click run of an action card: confirm on a production org, ask for the values of
// wired inputs, show progress, then the outputs or Okta's error.

// runCard runs the card with id: the steps below run one after another, each on the UI
// goroutine, with the backend calls between them going through the bridge.
func (w *Window) runCard(id string) {
	if id == "" {
		w.setStatus("Select an action card to run it")
		return
	}
	if s := w.ed.Spec(id); s == nil || s.Kind != catalog.KindAction {
		w.setStatus("Only action cards run on their own: select an Okta action card")
		return
	}
	// A copy for the goroutines: the UI keeps editing the original.
	f := flow.Clone(w.ed.Flow())
	name := w.ed.CardName(id)
	if c, ok := w.connection(f.Connection); ok && c.Production {
		dialog.ShowConfirm("Run on a production org?",
			fmt.Sprintf("%s will call %s (%s), which is marked production. Run it now?", name, c.Name, c.OrgURL),
			func(ok bool) {
				if ok {
					w.askWiredInputs(f, id, name)
				}
			}, w.win)
		return
	}
	w.askWiredInputs(f, id, name)
}

// askWiredInputs asks for the values of the card's wired inputs (filled in from its last run),
// then runs it.
func (w *Window) askWiredInputs(f *flow.Flow, id, name string) {
	call(w.bridge, func(ctx context.Context) ([]WiredInput, error) {
		return w.backend.WiredInputs(ctx, f, id)
	}, func(wired []WiredInput, err error) {
		if err != nil {
			w.setStatus("Could not run " + name + ": " + err.Error())
			return
		}
		if len(wired) == 0 {
			w.startCardRun(f, id, name, nil)
			return
		}
		entries := make([]*widget.Entry, len(wired))
		items := make([]*widget.FormItem, len(wired))
		for i, in := range wired {
			e := widget.NewEntry()
			if in.HasLast {
				e.SetText(valueText(in.Last))
			}
			e.SetPlaceHolder("a value for " + in.Name)
			entries[i] = e
			hint := "Wired to " + in.From + "."
			if in.HasLast {
				hint += " Filled in from the card's last run."
			}
			items[i] = widget.NewFormItem(in.Name, e)
			items[i].HintText = hint
		}
		d := dialog.NewForm("Run "+name, "Run", "Cancel", items, func(ok bool) {
			if !ok {
				return
			}
			typed := map[string]any{}
			for i, in := range wired {
				typed[in.Key] = parseValue(entries[i].Text)
			}
			w.startCardRun(f, id, name, typed)
		}, w.win)
		w.wiredForm = d
		w.wiredEntries = entries
		showSized(d, fyne.NewSize(560, 0))
	})
}

// startCardRun runs the card and shows a progress dialog (with Cancel) until it ends.
func (w *Window) startCardRun(f *flow.Flow, id, name string, typed map[string]any) {
	ctx, cancel := context.WithCancel(w.bridge.ctx)
	bar := widget.NewProgressBarInfinite()
	progress := dialog.NewCustomWithoutButtons("Running "+name+"…", container.NewVBox(
		widget.NewLabel("Calling Okta… the card's outputs show here when it is done."),
		bar,
		widget.NewButton("Cancel", cancel),
	), w.win)
	progress.Show()
	w.setStatus("Running " + name + "…")
	call(w.bridge, func(context.Context) (RunResult, error) {
		return w.backend.RunCard(ctx, f, id, typed)
	}, func(r RunResult, err error) {
		cancel()
		bar.Stop()
		progress.Hide()
		w.showCardRun(name, r, err)
	})
}

func (w *Window) showCardRun(name string, r RunResult, err error) {
	var re *RunError
	switch {
	case errors.Is(err, ErrNotConnected):
		w.setStatus("Could not run " + name + ": " + err.Error())
	case errors.Is(err, context.Canceled):
		w.setStatus("Stopped waiting for " + name + "; Okta may still have done the call")
	case errors.As(err, &re):
		w.setStatus("Run of " + name + " failed: " + err.Error())
		w.showRunError(name, re)
	case err != nil:
		w.setStatus("Run of " + name + " failed: " + err.Error())
		w.showRunError(name, &RunError{Card: name, Err: err})
	default:
		w.setStatus(fmt.Sprintf("Ran %s in %s: %d outputs", name, r.Duration.Round(time.Millisecond), len(r.Outputs)))
		w.showOutputs(name, r)
	}
}

// showRunError shows Okta's answer piece by piece, then the whole message (selectable, to copy).
func (w *Window) showRunError(name string, re *RunError) {
	box := container.NewVBox()
	for _, l := range re.Lines() {
		lbl := widget.NewLabel(l)
		lbl.Wrapping = fyne.TextWrapWord
		box.Add(lbl)
	}
	full := widget.NewLabel(re.Error())
	full.Wrapping = fyne.TextWrapWord
	full.Selectable = true
	box.Add(widget.NewSeparator())
	box.Add(full)
	scroll := container.NewVScroll(box)
	scroll.SetMinSize(fyne.NewSize(560, 260))
	d := dialog.NewCustom(name+" failed", "Close", scroll, w.win)
	w.resultDialog = d
	w.lastRunError = re
	d.Show()
}

// showOutputs shows what a run returned as a JSON tree, with the request ids to quote.
func (w *Window) showOutputs(name string, r RunResult) {
	data, err := json.Marshal(r.Outputs)
	if err != nil {
		data = []byte(fmt.Sprint(r.Outputs))
	}
	tree := jsonTreeOf(data)
	w.lastOutputs = tree
	info := fmt.Sprintf("Done in %s.", r.Duration.Round(time.Millisecond))
	if len(r.RequestIDs) > 0 {
		info += " Okta request id: " + strings.Join(r.RequestIDs, ", ")
	}
	lbl := widget.NewLabel(info)
	lbl.Selectable = true
	lbl.Wrapping = fyne.TextWrapWord
	body := container.NewBorder(lbl, nil, nil, nil, tree.widget())
	d := dialog.NewCustom("Outputs of "+name, "Close", body, w.win)
	w.resultDialog = d
	showSized(d, fyne.NewSize(640, 460))
}

// valueText shows a value in an entry: text as is, anything else as JSON.
func valueText(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(data)
}

// parseValue reads an entry back: JSON numbers, booleans, arrays and objects as such, anything
// else as text (so "00u123" and "ada@example.com" need no quotes).
func parseValue(s string) any {
	t := strings.TrimSpace(s)
	if t == "" {
		return ""
	}
	if strings.ContainsAny(t[:1], "[{0123456789-tfn\"") {
		var v any
		if err := json.Unmarshal([]byte(t), &v); err == nil {
			return v
		}
	}
	return s
}

// connection returns the connection with id, as last listed.
func (w *Window) connection(id string) (Connection, bool) {
	for _, c := range w.conns {
		if c.ID == id {
			return c, true
		}
	}
	return Connection{}, false
}
