package ui

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine/flow"
)

func (w *Window) runCard(id string) {
	if id == "" {
		w.setStatus("Select a card to run it")
		return
	}
	// A copy for the goroutine: the UI keeps editing the original.
	f := flow.Clone(w.ed.Flow())
	name := w.ed.CardName(id)
	w.setStatus("Running " + name + "…")
	call(w.bridge, func(ctx context.Context) (RunResult, error) {
		return w.backend.RunCard(ctx, f, id)
	}, func(r RunResult, err error) { w.showRun(name, r, err) })
}

func (w *Window) runFlow() {
	// A copy for the goroutine: the UI keeps editing the original.
	f := flow.Clone(w.ed.Flow())
	w.setStatus("Running " + f.Name + "…")
	call(w.bridge, func(ctx context.Context) (RunResult, error) {
		return w.backend.RunFlow(ctx, f)
	}, func(r RunResult, err error) { w.showRun(f.Name, r, err) })
}

func (w *Window) showRun(name string, r RunResult, err error) {
	switch {
	case errors.Is(err, ErrNotConnected):
		w.setStatus("Could not run " + name + ": " + err.Error())
	case err != nil:
		w.setStatus("Run of " + name + " failed: " + err.Error())
	default:
		w.setStatus(fmt.Sprintf("Ran %s in %s: %d outputs", name, r.Duration.Round(time.Millisecond), len(r.Outputs)))
		w.showOutputs(name, r.Outputs)
	}
}

// showOutputs shows what a run returned, as indented JSON the admin can read and copy.
func (w *Window) showOutputs(name string, outputs map[string]any) {
	data, err := json.MarshalIndent(outputs, "", "  ")
	if err != nil {
		data = []byte(fmt.Sprint(outputs))
	}
	text := widget.NewLabel(string(data))
	text.TextStyle.Monospace = true
	text.Selectable = true
	box := container.NewVScroll(text)
	box.SetMinSize(fyne.NewSize(520, 360))
	dialog.ShowCustom("Outputs of "+name, "Close", box, w.win)
}
