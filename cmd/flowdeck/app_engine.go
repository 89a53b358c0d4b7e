package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/auth/vault"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/demo"
	"github.com/flowdeck/flowdeck/engine/enginelock"
	"github.com/flowdeck/flowdeck/storage"
	"github.com/flowdeck/flowdeck/ui"
	"github.com/flowdeck/flowdeck/ui/enginebackend"
)

// openEngine opens the data directory's engine for the app and starts it. With no Okta org
// connected, it starts the built-in demo org first, so the app opens on flows that run. stop
// drains the engine (runs in progress finish their step) and stops the demo org.
func openEngine(ctx context.Context, reg *catalog.Registry) (ui.Backend, func(), error) {
	dir, err := storage.DataDir(os.Getenv)
	if err != nil {
		return nil, nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	e, err := engine.Open(ctx, engine.Options{DataDir: dir, Kind: "app", Registry: reg, Keyring: vault.OSKeyring{}, Logger: log})
	var held *enginelock.HeldError
	if errors.As(err, &held) {
		return nil, nil, fmt.Errorf("%w\n\nQuit the other Flowdeck, or stop `flowdeck engine` (Ctrl+C in its terminal), then open the app again", err)
	}
	if err != nil {
		return nil, nil, err
	}
	b := enginebackend.New(e)
	var d *demo.Demo
	if conns, err := e.DB().ListConnections(ctx); err == nil && onlyDemo(conns) {
		d, err = demo.Start(ctx, e)
		if err != nil {
			log.Warn("the demo org could not start", "err", err)
		} else {
			b.Labels[d.ConnectionID] = "Demo org (simulated)"
		}
	}
	if err := e.Start(ctx); err != nil {
		e.Close()
		if d != nil {
			d.Close()
		}
		return nil, nil, err
	}
	stop := func() {
		if err := e.Close(); err != nil {
			log.Warn("closing the engine", "err", err)
		}
		if d != nil {
			d.Close()
		}
	}
	return b, stop, nil
}

// onlyDemo reports whether no real Okta org is connected.
func onlyDemo(conns []storage.Connection) bool {
	for _, c := range conns {
		if c.Name != demo.ConnectionName {
			return false
		}
	}
	return true
}

// showFatal shows why the app cannot open, in a window, so a double-clicked app does not just
// vanish.
func showFatal(a fyne.App, icon fyne.Resource, err error) {
	w := a.NewWindow("Flowdeck cannot open")
	w.SetIcon(icon)
	msg := widget.NewLabel(err.Error())
	msg.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewBorder(nil, widget.NewButton("Quit", a.Quit), nil, nil, msg))
	w.Resize(fyne.NewSize(560, 220))
	w.ShowAndRun()
}
