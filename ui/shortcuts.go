package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// installShortcuts binds the keyboard: Ctrl+S save, Ctrl+Z undo, Ctrl+Shift+Z and Ctrl+Y redo,
// Ctrl+F palette search, Ctrl+= / Ctrl+- zoom. Delete has no modifier, and Fyne only fires
// shortcuts with one, so it is a typed key on the canvas (and only when no field has focus).
func (w *Window) installShortcuts() {
	c := w.win.Canvas()
	mod := fyne.KeyModifierShortcutDefault
	add := func(key fyne.KeyName, m fyne.KeyModifier, fn func()) {
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: m}, func(fyne.Shortcut) { fn() })
	}
	add(fyne.KeyS, mod, w.save)
	add(fyne.KeyZ, mod, w.undo)
	add(fyne.KeyZ, mod|fyne.KeyModifierShift, w.redo)
	add(fyne.KeyY, mod, w.redo)
	add(fyne.KeyF, mod, w.focusSearch)
	add(fyne.KeyEqual, mod, func() { w.setZoom(w.canvas.zoom + 0.2) })
	add(fyne.KeyMinus, mod, func() { w.setZoom(w.canvas.zoom - 0.2) })
	add(fyne.Key0, mod, func() { w.setZoom(1) })
	c.SetOnTypedKey(w.typedKey)
}

func (w *Window) typedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDelete, fyne.KeyBackspace:
		if id := w.canvas.selected; id != "" {
			w.canvas.deleteCard(id)
		}
	case fyne.KeyEscape:
		w.canvas.selectCard("")
	}
}

func (w *Window) focusSearch() {
	w.win.Canvas().Focus(w.palette.search)
}
