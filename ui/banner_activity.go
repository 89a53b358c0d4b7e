package ui

import "fyne.io/fyne/v2/widget"

// DemoActivity is offered by a Backend whose demo org lives on its own (new hires, group
// changes, sign-ins…): the demo banner then shows a switch that pauses it.
type DemoActivity interface {
	// DemoActivity reports whether the demo org has activity at all, and whether it is paused.
	DemoActivity() (available, paused bool)
	SetDemoActivityPaused(paused bool)
}

func (w *Window) newActivitySwitch() *widget.Check {
	c := widget.NewCheck("Live activity", func(on bool) {
		if a, ok := w.backend.(DemoActivity); ok {
			a.SetDemoActivityPaused(!on)
		}
	})
	c.Hide()
	return c
}

// showActivitySwitch shows the switch, set as the activity is, when the demo org has activity.
func (w *Window) showActivitySwitch() {
	a, ok := w.backend.(DemoActivity)
	if !ok {
		w.bannerLive.Hide()
		return
	}
	available, paused := a.DemoActivity()
	if !available {
		w.bannerLive.Hide()
		return
	}
	w.bannerLive.Checked = !paused
	w.bannerLive.Refresh()
	w.bannerLive.Show()
}
