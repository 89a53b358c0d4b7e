package main

import (
	"context"
	"log/slog"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"github.com/godbus/dbus/v5"

	"github.com/flowdeck/flowdeck/ui"
)

// statusNotifierWatcher is the D-Bus name a tray host (KDE, the GNOME AppIndicator extension,
// most panels) owns; Fyne's tray icon is a StatusNotifierItem and shows only where it exists.
const statusNotifierWatcher = "org.kde.StatusNotifierWatcher"

// hasTrayHost reports whether the desktop shows tray icons. Without one, a window "closed to
// the tray" could never be found again (and under Xvfb with no session bus, Fyne's systray code
// panics on Quit), so the app then asks at close instead.
func hasTrayHost(ctx context.Context) bool {
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	conn, err := dbus.ConnectSessionBus(dbus.WithContext(ctx))
	if err != nil {
		return false
	}
	defer conn.Close()
	var owned bool
	err = conn.BusObject().CallWithContext(ctx, "org.freedesktop.DBus.NameHasOwner", 0, statusNotifierWatcher).Store(&owned)
	if err != nil {
		slog.Debug("asking the session bus for a tray host", "err", err)
		return false
	}
	return owned
}

// installTray puts Flowdeck in the system tray: Open, Pause all flows, Quit.
func installTray(a fyne.App, icon fyne.Resource, w *ui.Window, pause func(bool), quit func()) bool {
	d, ok := a.(desktop.App)
	if !ok {
		return false
	}
	paused := false
	var pauseItem *fyne.MenuItem
	var menu *fyne.Menu
	pauseItem = fyne.NewMenuItem("Pause all flows", func() {
		paused = !paused
		pause(paused)
		pauseItem.Label = "Pause all flows"
		if paused {
			pauseItem.Label = "Resume all flows"
		}
		menu.Refresh()
	})
	quitItem := fyne.NewMenuItem("Quit", quit)
	quitItem.IsQuit = true
	menu = fyne.NewMenu("Flowdeck", fyne.NewMenuItem("Open Flowdeck", w.ShowAgain), pauseItem, fyne.NewMenuItemSeparator(), quitItem)
	d.SetSystemTrayMenu(menu)
	d.SetSystemTrayIcon(icon)
	return true
}
