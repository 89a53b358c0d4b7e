package ui

import (
	"context"
	"fmt"

	"fyne.io/fyne/v2/dialog"

	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/ui/editor"
)

// Saving, autosave, recovery at close, opening and switching flows, and the On/Off switch.

func (w *Window) save() {
	if w.autosave != nil {
		w.autosave.Stop()
	}
	// A copy for the goroutine: the UI keeps editing the original.
	f := flow.Clone(w.ed.Flow())
	ed, rev := w.ed, w.ed.Revision()
	call(w.bridge, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, w.backend.SaveFlow(ctx, f)
	}, func(_ struct{}, err error) {
		if err != nil {
			w.log.Error("save flow", "flow", f.ID, "err", err)
			w.setStatus("Could not save: " + err.Error())
			return
		}
		if ed == w.ed && ed.Revision() == rev {
			ed.MarkSaved()
		}
		w.setStatus("Saved " + f.Name)
		w.updateChrome()
		w.refreshFlows()
	})
}

func (w *Window) scheduleAutosave() {
	if w.autosave != nil {
		w.autosave.Stop()
	}
	w.autosave = w.bridge.after(w.autosaveDelay, w.keepUnsaved)
}

// keepUnsaved writes unsaved edits to the recovery copy (autosave).
func (w *Window) keepUnsaved() {
	if !w.ed.Dirty() {
		return
	}
	// A copy for the goroutine: the UI keeps editing the original.
	f := flow.Clone(w.ed.Flow())
	call(w.bridge, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, w.backend.SaveRecovery(ctx, f)
	}, func(_ struct{}, err error) {
		if err != nil {
			w.log.Error("autosave", "flow", f.ID, "err", err)
			w.setStatus("Could not keep unsaved edits: " + err.Error())
		}
	})
}

// keepUnsavedNow writes the recovery copy before the window closes or shows another flow; it
// blocks, because afterwards the edits exist nowhere else.
func (w *Window) keepUnsavedNow() error {
	if w.autosave != nil {
		w.autosave.Stop()
	}
	if !w.ed.Dirty() {
		return nil
	}
	return w.backend.SaveRecovery(w.bridge.ctx, w.ed.Flow())
}

// closeIntercept keeps unsaved edits, then closes the window the way the app runs: to the tray,
// asking whether to keep running, or for good (see background.go).
func (w *Window) closeIntercept() { w.closeThen(w.afterClose) }

// closeThen keeps unsaved edits, asking before losing them, then runs next.
func (w *Window) closeThen(next func()) {
	if err := w.keepUnsavedNow(); err != nil {
		w.log.Error("keep unsaved edits at close", "flow", w.ed.Flow().ID, "err", err)
		dialog.ShowConfirm("Unsaved edits",
			"Your unsaved edits could not be kept ("+err.Error()+"). Close anyway and lose them?",
			func(ok bool) {
				if ok {
					next()
				}
			}, w.win)
		return
	}
	next()
}

// OpenFlow loads a saved flow into the editor, restoring unsaved edits kept at close.
func (w *Window) OpenFlow(id string) {
	if err := w.keepUnsavedNow(); err != nil {
		w.setStatus("Could not keep unsaved edits, so the flow stays open: " + err.Error())
		return
	}
	type loaded struct {
		f         *flow.Flow
		recovered bool
	}
	call(w.bridge, func(ctx context.Context) (loaded, error) {
		f, rec, err := w.backend.LoadFlow(ctx, id)
		return loaded{f, rec}, err
	}, func(l loaded, err error) {
		if err != nil {
			w.setStatus("Could not open the flow: " + err.Error())
			return
		}
		w.setFlow(l.f)
		if l.recovered {
			w.ed.MarkUnsaved()
			w.setStatus("Restored unsaved edits of " + l.f.Name + " from your last session; Save to keep them")
		} else {
			w.setStatus("Opened " + l.f.Name)
		}
		w.updateChrome()
		w.syncEnabled()
		w.markCurrentFlow()
	})
}

// markCurrentFlow selects the open flow in the flows list (selecting it again opens nothing).
func (w *Window) markCurrentFlow() {
	for i, f := range w.flows {
		if f.ID == w.ed.Flow().ID {
			w.flowList.Select(i)
			return
		}
	}
	w.flowList.UnselectAll()
}

// setFlow shows f in a fresh editor (with a fresh undo history).
func (w *Window) setFlow(f *flow.Flow) {
	w.ed = editor.New(f, w.reg)
	w.watch(w.ed)
	w.canvas.setEditor(w.ed)
	w.inspector.setEditor(w.ed)
	w.updateChrome()
	w.syncEnabled()
}

func (w *Window) newFlow() {
	if err := w.keepUnsavedNow(); err != nil {
		w.setStatus("Could not keep unsaved edits, so the flow stays open: " + err.Error())
		return
	}
	w.setFlow(newFlow(fmt.Sprintf("Untitled flow %d", len(w.flows)+1)))
	w.flowList.UnselectAll()
	w.setStatus("New flow: drag an Okta event card from the palette onto the canvas")
}

func (w *Window) refreshFlows() {
	call(w.bridge, w.backend.ListFlows, func(fs []FlowSummary, err error) {
		if err != nil {
			w.setStatus("Could not list flows: " + err.Error())
			return
		}
		w.flows = fs
		w.flowList.Refresh()
		w.syncEnabled()
		w.markCurrentFlow()
	})
}

// syncEnabled shows the current flow's On/Off state without triggering a change.
func (w *Window) syncEnabled() {
	on := false
	for _, f := range w.flows {
		if f.ID == w.ed.Flow().ID {
			on = f.Enabled
		}
	}
	cb := w.enabled.OnChanged
	w.enabled.OnChanged = nil
	w.enabled.SetChecked(on)
	w.enabled.OnChanged = cb
}

func (w *Window) setEnabled(on bool) {
	id, name := w.ed.Flow().ID, w.ed.Flow().Name
	call(w.bridge, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, w.backend.SetEnabled(ctx, id, on)
	}, func(_ struct{}, err error) {
		if err != nil {
			w.setStatus("Could not switch " + name + ": " + err.Error())
			w.syncEnabled()
			return
		}
		msg := name + " is off"
		if on {
			msg = name + " is on: it runs on matching System Log events"
			if w.ed.Dirty() {
				msg += " (the saved version; Save to run your latest edits)"
			}
		}
		w.setStatus(msg)
		w.refreshFlows()
	})
}
