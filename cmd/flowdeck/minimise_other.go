//go:build !linux || wayland

package main

import "fyne.io/fyne/v2"

// minimise is not available here: Fyne has no call for it, and this build knows no native one.
// The app then says so and keeps running with the window open.
func minimise(fyne.Window) bool { return false }
