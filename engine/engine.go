// Package engine assembles everything that runs: the data directory's lock, storage, the
// connections and their tokens, a System Log poller per connection with enabled flows, and the
// runner's workers. The desktop app and `flowdeck engine` both drive it; it imports no Fyne.
package engine

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/auth"
	"github.com/flowdeck/flowdeck/engine/auth/vault"
	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/connections"
	"github.com/flowdeck/flowdeck/engine/enginelock"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/okta/actions"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/engine/poll"
	"github.com/flowdeck/flowdeck/engine/run"
	"github.com/flowdeck/flowdeck/storage"
)

// Poller polls one connection's System Log until ctx ends.
type Poller interface {
	Run(ctx context.Context) error
}

// PollerFactory makes the poller of a connection; notify wakes the runner after new runs.
type PollerFactory func(e *Engine, connectionID string, c *client.Client, notify func()) Poller

// Options configure an Engine.
type Options struct {
	// DataDir holds the database, the key file and the engine lock.
	DataDir string
	// Kind is "app" or "engine": who holds the lock, for the other one to say.
	Kind     string
	Registry *catalog.Registry
	Logger   *slog.Logger
	// Transport carries every request to Okta (tests pass the simulated org's).
	Transport http.RoundTripper
	// Keyring holds the encryption key when available (nil: the key file only).
	Keyring vault.Keyring
	// Workers is the runner's concurrency (default 4).
	Workers int
	// NewPoller makes pollers (default SystemLogPollers).
	NewPoller PollerFactory
	// NoPolling runs no pollers: manual runs only.
	NoPolling bool
	// PollIdle and PollFast override the pollers' intervals (defaults 10 s and 2 s).
	PollIdle, PollFast time.Duration
	// Retention is how long run history is kept (default 30 days).
	Retention time.Duration
	// Resync is how often the set of pollers is matched to the connections with enabled flows
	// (default 5 s).
	Resync time.Duration
	Now    func() time.Time
	// Clock is what the pollers and the clients' rate-limit governors read and wait on
	// (default real time). Tests pass a governor.FakeClock (with Now its Now) so poll
	// intervals and rate-limit waits are exact and take no time.
	Clock governor.Clock
	// OnFinish is told about every run that ends (the app's failure notifications). It runs
	// on a runner goroutine and must not block.
	OnFinish func(r storage.Run, out run.Outcome)
}

// Engine is the running engine of one data directory.
type Engine struct {
	opts   Options
	lock   *enginelock.Lock
	db     *storage.DB
	conns  *connections.Manager
	runner *run.Runner
	log    *slog.Logger

	mu         sync.Mutex
	pollers    map[string]context.CancelFunc
	pollStatus map[string]*poll.Poller
	paused     bool
	cancel     context.CancelFunc
	wg         sync.WaitGroup
}

// Open takes the data directory's engine lock and opens its database and connections. It
// returns an *enginelock.HeldError when another process runs the engine of that directory.
func Open(ctx context.Context, opts Options) (*Engine, error) {
	if opts.Registry == nil {
		opts.Registry = catalog.Global()
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Retention <= 0 {
		opts.Retention = 30 * 24 * time.Hour
	}
	if opts.Resync <= 0 {
		opts.Resync = 5 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Kind == "" {
		opts.Kind = "engine"
	}
	if opts.NewPoller == nil && !opts.NoPolling {
		opts.NewPoller = SystemLogPollers
	}
	if err := os.MkdirAll(opts.DataDir, 0o700); err != nil {
		return nil, fmt.Errorf("creating the data directory %s: %w", opts.DataDir, err)
	}
	lock, err := enginelock.Acquire(opts.DataDir, opts.Kind)
	if err != nil {
		return nil, err
	}
	db, err := storage.Open(ctx, filepath.Join(opts.DataDir, storage.FileName), storage.WithLogger(opts.Logger), storage.WithClock(opts.Now))
	if err != nil {
		_ = lock.Release()
		return nil, err
	}
	v, err := vault.Open(ctx, opts.DataDir, opts.Keyring)
	if err != nil {
		db.Close()
		_ = lock.Release()
		return nil, err
	}
	e := &Engine{opts: opts, lock: lock, db: db, log: opts.Logger, pollers: map[string]context.CancelFunc{}, pollStatus: map[string]*poll.Poller{}}
	e.conns = connections.New(connections.Options{DB: db, Vault: v, Registry: opts.Registry, Logger: opts.Logger, Transport: opts.Transport, Now: opts.Now, GovernorClock: opts.Clock})
	e.runner = run.New(run.Config{DB: db, Registry: opts.Registry, Workers: opts.Workers, Owner: fmt.Sprintf("%s-%d", opts.Kind, os.Getpid()),
		Action: e.action, OnFinish: opts.OnFinish, Now: opts.Now, Logger: opts.Logger})
	return e, nil
}

// DB is the engine's database.
func (e *Engine) DB() *storage.DB { return e.db }

// Connections is the engine's connection manager.
func (e *Engine) Connections() *connections.Manager { return e.conns }

// Runner is the engine's runner.
func (e *Engine) Runner() *run.Runner { return e.runner }

// Registry is the card catalog the engine runs.
func (e *Engine) Registry() *catalog.Registry { return e.opts.Registry }

// Start starts the runner, the pollers and the history pruning, until Close.
func (e *Engine) Start(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	e.mu.Lock()
	e.cancel = cancel
	e.mu.Unlock()
	if err := e.runner.Recover(ctx); err != nil {
		cancel()
		return err
	}
	e.wg.Add(2)
	go func() { defer e.wg.Done(); _ = e.runner.Run(ctx) }()
	go func() { defer e.wg.Done(); e.supervise(ctx) }()
	return nil
}

// Close drains the engine: no new run starts, the runs in progress finish their current step and
// are left to resume, pollers stop between pages; then the database closes and the lock is
// released.
func (e *Engine) Close() error {
	e.mu.Lock()
	cancel := e.cancel
	e.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	e.wg.Wait()
	err := e.db.Close()
	return errors.Join(err, e.lock.Release())
}

// SetPaused pauses or resumes every poller (the tray's "Pause all flows"). Runs already queued
// still run; no new event is fetched while paused.
func (e *Engine) SetPaused(p bool) {
	e.mu.Lock()
	e.paused = p
	e.mu.Unlock()
}

// Paused reports whether polling is paused.
func (e *Engine) Paused() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.paused
}

func (e *Engine) supervise(ctx context.Context) {
	prune := time.NewTicker(time.Hour)
	defer prune.Stop()
	e.prune(ctx)
	t := time.NewTicker(e.opts.Resync)
	defer t.Stop()
	for {
		e.syncPollers(ctx)
		select {
		case <-ctx.Done():
			e.mu.Lock()
			for _, c := range e.pollers {
				c()
			}
			e.mu.Unlock()
			return
		case <-prune.C:
			e.prune(ctx)
		case <-t.C:
		}
	}
}

func (e *Engine) prune(ctx context.Context) {
	n, err := e.db.Prune(ctx, e.opts.Now().Add(-e.opts.Retention))
	if err != nil {
		e.log.Warn("pruning old run history failed", "err", err)
	} else if n > 0 {
		e.log.Info("pruned old run history", "runs", n)
	}
}

// syncPollers runs one poller per connection that is signed in and has an enabled flow.
func (e *Engine) syncPollers(ctx context.Context) {
	if e.opts.NewPoller == nil {
		return
	}
	want := map[string]bool{}
	if !e.Paused() {
		flows, err := e.db.ListFlows(ctx)
		if err != nil {
			e.log.Warn("listing flows failed", "err", err)
			return
		}
		for _, f := range flows {
			if f.Enabled && f.ConnectionID != "" {
				want[f.ConnectionID] = true
			}
		}
		for id := range want {
			c, err := e.db.GetConnection(ctx, id)
			if err != nil || c.Status != storage.StatusOK {
				delete(want, id)
			}
		}
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for id, cancel := range e.pollers {
		if !want[id] {
			cancel()
			delete(e.pollers, id)
		}
	}
	for id := range want {
		if _, running := e.pollers[id]; running {
			continue
		}
		cl, err := e.conns.Client(ctx, id)
		if err != nil {
			e.log.Warn("cannot poll a connection", "connection", id, "err", err)
			continue
		}
		pctx, cancel := context.WithCancel(ctx)
		e.pollers[id] = cancel
		// NewPoller must not take e.mu: it is held here.
		p := e.opts.NewPoller(e, id, cl, e.runner.Notify)
		if pp, ok := p.(*poll.Poller); ok {
			e.pollStatus[id] = pp
		}
		e.wg.Add(1)
		go func(id string) {
			defer e.wg.Done()
			if err := p.Run(pctx); err != nil && pctx.Err() == nil {
				e.log.Error("the System Log poller stopped", "connection", id, "err", err)
			}
			e.mu.Lock()
			if e.pollers[id] != nil && pctx.Err() == nil {
				delete(e.pollers, id)
			}
			e.mu.Unlock()
		}(id)
	}
}

func (e *Engine) action(ctx context.Context, connectionID string, spec *catalog.Spec, in, opts map[string]any) (map[string]any, []string, error) {
	if connectionID == "" {
		return nil, nil, errors.New("the flow has no Okta connection: choose one in the flow's settings")
	}
	c, err := e.conns.Client(ctx, connectionID)
	if err != nil {
		return nil, nil, err
	}
	res, err := actions.Run(ctx, &actions.Call{Spec: spec, Client: c, Inputs: in, Options: opts})
	return res.Outputs, res.RequestIDs, e.explainForbidden(ctx, connectionID, spec, err)
}

// explainForbidden adds to a 403 which of the card's scopes the connection was not granted:
// Okta's answer says only that a scope or a role is missing.
func (e *Engine) explainForbidden(ctx context.Context, connectionID string, spec *catalog.Spec, err error) error {
	var ae *client.APIError
	if err == nil || !errors.As(err, &ae) || ae.Status != http.StatusForbidden {
		return err
	}
	c, cerr := e.db.GetConnection(ctx, connectionID)
	if cerr != nil || c.Kind != storage.KindOAuth {
		return err
	}
	reg := catalog.NewRegistry()
	if reg.Register(*spec) != nil {
		return err
	}
	missing := auth.CardsMissingScopes(reg, c.Scopes)
	for _, scopes := range missing {
		return fmt.Errorf("%w. The connection %q was not granted %s: grant it to the Okta app (Okta API Scopes), then reconnect", err, c.Name, strings.Join(scopes, ", "))
	}
	return err
}

// RunCard runs one action card now against a connection: the one-click run.
func (e *Engine) RunCard(ctx context.Context, connectionID, cardID string, inputs, options map[string]any) (actions.Result, error) {
	spec, ok := e.opts.Registry.Lookup(cardID)
	if !ok || spec.Kind != catalog.KindAction {
		return actions.Result{}, fmt.Errorf("%q is not an action card", cardID)
	}
	c, err := e.conns.Client(ctx, connectionID)
	if err != nil {
		return actions.Result{}, err
	}
	res, err := actions.Run(ctx, &actions.Call{Spec: spec, Client: c, Inputs: inputs, Options: options})
	return res, e.explainForbidden(ctx, connectionID, spec, err)
}

// SaveFlow validates nothing and stores a flow document as a new version when it changed.
func (e *Engine) SaveFlow(ctx context.Context, f *flow.Flow) (int, error) {
	var buf bytes.Buffer
	if err := flow.Encode(&buf, f); err != nil {
		return 0, err
	}
	v, _, err := e.db.SaveFlow(ctx, storage.FlowDraft{ID: f.ID, Name: f.Name, ConnectionID: f.Connection, Document: buf.Bytes()})
	return v, err
}

// LoadFlow reads a flow's current document.
func (e *Engine) LoadFlow(ctx context.Context, id string) (*flow.Flow, error) {
	v, err := e.db.GetFlowVersion(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	return flow.Decode(bytes.NewReader(v.Document))
}

// EnableFlow switches a flow on after checking it has no problems and a connection.
func (e *Engine) EnableFlow(ctx context.Context, id string, on bool) error {
	if on {
		f, err := e.LoadFlow(ctx, id)
		if err != nil {
			return err
		}
		if probs := flow.Validate(f, e.opts.Registry); len(probs) > 0 {
			return fmt.Errorf("flow %q cannot be switched on while it has problems:\n%w", f.Name, flow.Problems(probs).Err())
		}
		if f.Connection == "" {
			return fmt.Errorf("flow %q has no Okta connection: choose one first", f.Name)
		}
	}
	return e.db.SetFlowEnabled(ctx, id, on)
}

// ManualRun queues a run of a flow for an event: a stored event (by uuid) or typed-in fields.
// Typed-in fields become a stored event with a "manual-" uuid, so the run's trigger outputs are
// recorded like any other.
func (e *Engine) ManualRun(ctx context.Context, flowID string, eventJSON []byte) (storage.Run, error) {
	f, err := e.db.GetFlow(ctx, flowID)
	if err != nil {
		return storage.Run{}, err
	}
	var ev map[string]any
	if len(eventJSON) > 0 {
		if err := json.Unmarshal(eventJSON, &ev); err != nil {
			return storage.Run{}, fmt.Errorf("the event is not valid JSON: %w", err)
		}
	}
	if ev == nil {
		ev = map[string]any{}
	}
	uuid, _ := ev["uuid"].(string)
	stored := false
	if uuid != "" {
		if _, err := e.db.GetEvent(ctx, uuid); err == nil {
			stored = true
		}
	}
	if !stored {
		if uuid == "" {
			uuid = "manual-" + storage.NewID()
			ev["uuid"] = uuid
		}
		if _, ok := ev["eventType"]; !ok {
			ev["eventType"] = "flowdeck.manual"
		}
		if _, ok := ev["published"]; !ok {
			ev["published"] = e.opts.Now().UTC().Format("2006-01-02T15:04:05.000Z")
		}
		eventJSON, _ = json.Marshal(ev)
	}
	var r storage.Run
	err = e.db.WriteTx(ctx, func(tx *sql.Tx) error {
		if !stored {
			et, _ := ev["eventType"].(string)
			if _, err := e.db.InsertEvent(ctx, tx, storage.Event{UUID: uuid, EventType: et, Published: e.opts.Now(), Body: eventJSON}); err != nil {
				return err
			}
		}
		var err error
		r, err = e.db.InsertRun(ctx, tx, storage.Run{FlowID: flowID, FlowVersion: f.CurrentVersion, EventUUID: uuid, Trigger: storage.TriggerManual})
		return err
	})
	if err == nil {
		e.runner.Notify()
	}
	return r, err
}

// Rerun queues a new run of a past run's flow (its current version) with the original event.
func (e *Engine) Rerun(ctx context.Context, runID string) (storage.Run, error) {
	old, err := e.db.GetRun(ctx, runID)
	if err != nil {
		return storage.Run{}, err
	}
	f, err := e.db.GetFlow(ctx, old.FlowID)
	if err != nil {
		return storage.Run{}, err
	}
	var r storage.Run
	err = e.db.WriteTx(ctx, func(tx *sql.Tx) error {
		var err error
		r, err = e.db.InsertRun(ctx, tx, storage.Run{FlowID: old.FlowID, FlowVersion: f.CurrentVersion, EventUUID: old.EventUUID,
			Trigger: storage.TriggerRerun, TargetKey: old.TargetKey})
		return err
	})
	if err == nil {
		e.runner.Notify()
	}
	return r, err
}

// Status is the engine's state for the status line.
type Status struct {
	Paused  bool
	Pollers []string // connection ids being polled
	Runs    map[string]int
	Active  int
}

// Status reports the engine's state.
func (e *Engine) Status(ctx context.Context) (Status, error) {
	counts, err := e.db.StatusCounts(ctx)
	if err != nil {
		return Status{}, err
	}
	e.mu.Lock()
	var ids []string
	for id := range e.pollers {
		ids = append(ids, id)
	}
	paused := e.paused
	e.mu.Unlock()
	sort.Strings(ids)
	return Status{Paused: paused, Pollers: ids, Runs: counts, Active: e.runner.Active()}, nil
}
