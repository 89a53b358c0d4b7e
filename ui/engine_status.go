package ui

import (
	"context"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// The engine's state at the right of the status line (poller, backlog, rate-limit headroom),
// read again every few seconds through the bridge.

func (w *Window) newEngineStatus() *widget.Label {
	w.engineStatus = widget.NewLabel("")
	w.engineStatus.Alignment = fyne.TextAlignTrailing
	w.engineStatus.Truncation = fyne.TextTruncateEllipsis
	return w.engineStatus
}

// refreshEngineStatus reads the engine's state once and, when every > 0, again after every.
func (w *Window) refreshEngineStatus(every time.Duration) {
	call(w.bridge, w.backend.EngineStatus, func(s EngineStatus, err error) {
		if err != nil {
			w.engineStatus.SetText("Engine state unknown: " + err.Error())
		} else {
			w.lastEngineStatus = s
			w.engineStatus.SetText(s.Line(time.Now()))
		}
		if every > 0 && w.bridge.ctx.Err() == nil && !w.closed {
			w.statusTimer = w.bridge.after(every, func() { w.refreshEngineStatus(every) })
		}
	})
}

// setPaused pauses or resumes every flow (the tray's Pause all flows).
func (w *Window) setPaused(paused bool) {
	call(w.bridge, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, w.backend.SetPaused(ctx, paused)
	}, func(_ struct{}, err error) {
		switch {
		case err != nil:
			w.setStatus("Could not pause the flows: " + err.Error())
		case paused:
			w.setStatus("All flows are paused: no polling, no runs, until you resume them")
		default:
			w.setStatus("Flows resumed")
		}
		w.refreshEngineStatus(0)
	})
}
