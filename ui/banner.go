package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// The banner under the toolbar says what the app is working on when that is not an ordinary
// connected org: the built-in demo org, or another process's engine (read-only).

func (w *Window) newBanner() fyne.CanvasObject {
	bg := canvas.NewRectangle(withAlpha(theme.Color(theme.ColorNamePrimary), 0x40))
	w.bannerText = widget.NewLabel("")
	w.bannerText.Wrapping = fyne.TextWrapWord
	w.bannerText.TextStyle.Bold = true
	w.bannerButton = widget.NewButton("", nil)
	w.bannerButton.Importance = widget.HighImportance
	w.bannerLive = w.newActivitySwitch()
	w.banner = container.NewStack(bg, container.NewBorder(nil, nil, nil,
		container.NewCenter(container.NewHBox(w.bannerLive, w.bannerButton)), w.bannerText))
	w.banner.Hide()
	return w.banner
}

// updateBanner shows the banner that applies: read-only wins over the demo org.
func (w *Window) updateBanner() {
	shown := w.banner.Visible()
	defer func() {
		// The banner changes the height of the window's top: lay the window out again.
		if w.banner.Visible() != shown && w.mainContent != nil {
			w.mainContent.Refresh()
		}
	}()
	switch {
	case w.readOnly != "":
		w.bannerText.SetText(w.readOnly)
		w.bannerButton.Hide()
		w.bannerLive.Hide()
		w.banner.Show()
	case w.onDemoOnly():
		w.bannerText.SetText("Demo org — you are trying Flowdeck on a simulated Okta org that runs inside the app. Its example flows are on: open one, then use Run flow or History.")
		w.bannerButton.SetText("Connect your Okta org")
		w.bannerButton.OnTapped = func() { w.showAddConnection("", "", "", false) }
		w.bannerButton.Show()
		w.showActivitySwitch()
		w.banner.Show()
	default:
		w.banner.Hide()
	}
}

// onDemoOnly reports whether the demo org is the only connection.
func (w *Window) onDemoOnly() bool {
	if len(w.conns) == 0 {
		return false
	}
	for _, c := range w.conns {
		if !c.Demo {
			return false
		}
	}
	return true
}

// withAlpha is c with its alpha replaced, for a tint that reads in light and dark themes.
func withAlpha(c color.Color, a uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: a}
}
