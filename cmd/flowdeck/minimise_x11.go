//go:build linux && !wayland

package main

/*
#cgo LDFLAGS: -lX11
#include <X11/Xlib.h>
#include <X11/Xutil.h>

// iconify asks the window manager to minimise window w on the default display.
static int iconify(unsigned long w) {
	Display *d = XOpenDisplay(NULL);
	if (d == NULL) {
		return 0;
	}
	Status ok = XIconifyWindow(d, (Window)w, DefaultScreen(d));
	XFlush(d);
	XCloseDisplay(d);
	return ok != 0;
}
*/
import "C"

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
)

// minimise iconifies the app's window. Fyne has no call for it; on X11 the window's handle
// and XIconifyWindow do it (the window manager decides; without one nothing happens).
func minimise(w fyne.Window) bool {
	nw, ok := w.(driver.NativeWindow)
	if !ok {
		return false
	}
	done := false
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok && x.WindowHandle != 0 {
			done = C.iconify(C.ulong(x.WindowHandle)) != 0
		}
	})
	return done
}
