package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/auth/vault"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/demo"
	"github.com/flowdeck/flowdeck/engine/enginelock"
	"github.com/flowdeck/flowdeck/engine/okta/oktasim"
	"github.com/flowdeck/flowdeck/engine/run"
	"github.com/flowdeck/flowdeck/storage"
	"github.com/flowdeck/flowdeck/ui"
	"github.com/flowdeck/flowdeck/ui/enginebackend"
)

// appEngine is what the app runs on: its own engine (on the demo org when no Okta org is
// connected), or, when another process runs the engine of the data directory, that engine's
// data, read-only.
type appEngine struct {
	backend *enginebackend.Backend
	// readOnly says who runs the engine when this app only reads ("" when it runs its own).
	readOnly string
	eng      *engine.Engine
	demo     *demo.Demo // nil unless the demo org runs
	// onRunEnd is set once the window exists; runs that end before are not announced.
	mu       sync.Mutex
	onRunEnd func(flowID, status, message string)
	stop     func()
	once     sync.Once
}

// Stop drains the engine (runs in progress finish their current card) and stops the demo org.
// It may be called more than once.
func (a *appEngine) Stop() { a.once.Do(a.stop) }

// SetRunEnd directs the engine's run-ended reports to fn.
func (a *appEngine) SetRunEnd(fn func(flowID, status, message string)) {
	a.mu.Lock()
	a.onRunEnd = fn
	a.mu.Unlock()
}

func (a *appEngine) runEnded(r storage.Run, out run.Outcome) {
	a.mu.Lock()
	fn := a.onRunEnd
	a.mu.Unlock()
	if fn != nil {
		fn(r.FlowID, out.Status, out.Message)
	}
}

// openEngine opens the data directory's engine for the app and starts it. With no Okta org
// connected, it starts the built-in demo org first, so the app opens on flows that run.
func openEngine(ctx context.Context, reg *catalog.Registry) (*appEngine, error) {
	dir, err := storage.DataDir(os.Getenv)
	if err != nil {
		return nil, err
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	a := &appEngine{}
	e, err := engine.Open(ctx, engine.Options{DataDir: dir, Kind: "app", Registry: reg, Keyring: vault.OSKeyring{}, Logger: log, OnFinish: a.runEnded})
	var held *enginelock.HeldError
	if errors.As(err, &held) {
		return openReadOnly(ctx, dir, reg, held)
	}
	if err != nil {
		return nil, err
	}
	a.eng = e
	a.backend = enginebackend.New(e)
	var d *demo.Demo
	if conns, err := e.DB().ListConnections(ctx); err == nil && onlyDemo(conns) {
		d, err = demo.Start(ctx, e, demo.Options{Activity: oktasim.ActivityNormal})
		if err != nil {
			log.Warn("the demo org could not start", "err", err)
		} else {
			a.backend.Labels[d.ConnectionID] = "Demo org (simulated)"
			if d.Activity != nil {
				a.backend.Activity = d.Activity
			}
			a.demo = d
		}
	}
	if err := e.Start(ctx); err != nil {
		e.Close()
		if d != nil {
			d.Close()
		}
		return nil, err
	}
	a.stop = func() {
		if err := e.Close(); err != nil {
			log.Warn("closing the engine", "err", err)
		}
		if d != nil {
			d.Close()
		}
	}
	return a, nil
}

// openReadOnly opens the database another process's engine runs, to show its flows, history
// and state without starting a second engine (that would run every flow twice).
func openReadOnly(ctx context.Context, dir string, reg *catalog.Registry, held *enginelock.HeldError) (*appEngine, error) {
	db, err := storage.Open(ctx, filepath.Join(dir, storage.FileName))
	if err != nil {
		return nil, fmt.Errorf("%w; and its database could not be opened to show its state: %w", held, err)
	}
	who := "another Flowdeck process"
	if held.Owner != nil {
		who = held.Owner.String()
	}
	a := &appEngine{readOnly: who, backend: enginebackend.NewReadOnly(db, reg, who)}
	a.stop = func() { db.Close() }
	return a, nil
}

// readOnlyBanner is the banner of a read-only app.
func readOnlyBanner(who string) string {
	return "Read-only: " + who + " runs the flows of this data directory, so this window only shows them, their history and the engine's state. Make changes there, or stop it and open Flowdeck again."
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

var _ ui.Backend = (*enginebackend.Backend)(nil)
