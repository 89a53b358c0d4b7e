package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// Background says how the app keeps the engine running while its window is closed.
type Background struct {
	// Tray is set when the desktop shows tray icons: closing the window hides it, and the tray
	// menu brings it back. Without a tray a hidden window could not be found again, so closing
	// asks whether to keep running minimised or stop.
	Tray bool
	// Minimise iconifies the window; it reports false when the window system would not.
	Minimise func() bool
	// Quit drains the engine and quits the app; nil closes the window only (tests).
	Quit func()
}

// afterClose is what closing the window does once unsaved edits are kept.
func (w *Window) afterClose() {
	bg := w.background
	switch {
	case bg.Quit == nil:
		w.win.Close()
	case bg.Tray:
		w.win.Hide()
		w.notify("Flowdeck keeps running", "Your flows keep running in the background. Open Flowdeck from its tray icon; Quit there stops them.")
	default:
		w.askKeepRunning()
	}
}

// askKeepRunning offers to keep the engine running with the window minimised, or to stop.
func (w *Window) askKeepRunning() {
	msg := widget.NewLabel("Your flows only run while Flowdeck runs. Keep it running with the window minimised, or stop it (flows that are on will catch up on missed events when it starts again)?")
	msg.Wrapping = fyne.TextWrapWord
	d := dialog.NewCustomConfirm("Keep your flows running?", "Keep running minimised", "Stop Flowdeck", msg, func(keep bool) {
		if !keep {
			w.Quit()
			return
		}
		if w.background.Minimise == nil || !w.background.Minimise() {
			w.setStatus("The window could not be minimised: Flowdeck keeps running; minimise it with your window manager")
		}
	}, w.win)
	w.keepRunningDialog = d
	showSized(d, fyne.NewSize(520, 0))
}

// Quit keeps unsaved edits, then stops the app (the engine drains first) or closes the window.
func (w *Window) Quit() {
	w.closeThen(func() {
		if w.background.Quit != nil {
			w.setStatus("Stopping: runs in progress finish their current card…")
			w.background.Quit()
			return
		}
		w.win.Close()
	})
}

// ShowAgain brings the window back (the tray's Open).
func (w *Window) ShowAgain() {
	w.win.Show()
	w.win.RequestFocus()
	w.refreshFlows()
}

// RunEnded is told, from any goroutine, that a run of flowID ended with status (and, when it
// failed, why). A failed run raises a desktop notification; an open History is refreshed.
func (w *Window) RunEnded(flowID, status, message string) {
	w.bridge.post(func() {
		if status == "failed" || status == "interrupted" {
			name := flowID
			for _, f := range w.flows {
				if f.ID == flowID {
					name = f.Name
				}
			}
			w.notify("Flow failed: "+name, message)
		}
		if w.history != nil && w.history.flowID == flowID {
			w.history.reload()
		}
	})
}

func (w *Window) notify(title, content string) {
	fyne.CurrentApp().SendNotification(fyne.NewNotification(title, content))
}

// showSized shows a dialog at size. Fyne 2.7's dialog layout places the content from the
// buttons' previous position, so after a resize the content overlaps the buttons until the
// next layout: lay it out twice more.
func showSized(d dialog.Dialog, size fyne.Size) {
	d.Resize(size)
	d.Show()
	d.Resize(size.AddWidthHeight(0, 1))
	d.Resize(size)
}
