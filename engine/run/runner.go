package run

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/flow"
	"github.com/flowdeck/flowdeck/engine/trigger"
	"github.com/flowdeck/flowdeck/storage"
)

// Config configures a Runner.
type Config struct {
	DB       *storage.DB
	Registry *catalog.Registry
	// Workers is how many runs execute at once (default 4).
	Workers int
	// Owner names this process in the runs it leases.
	Owner string
	// Lease is how long a claim is marked as held (informational: one engine per data directory).
	Lease time.Duration
	// Idle is how often idle workers look at the queue when nobody calls Notify (default 1 s).
	Idle time.Duration
	// Action runs an action card against a connection (the engine wires actions.Run).
	Action func(ctx context.Context, connectionID string, spec *catalog.Spec, inputs, options map[string]any) (map[string]any, []string, error)
	// OnFinish is told about every run that ends (for notifications and the UI).
	OnFinish func(run storage.Run, outcome Outcome)
	Now      func() time.Time
	Logger   *slog.Logger
}

// Runner executes queued runs.
type Runner struct {
	cfg  Config
	wake chan struct{}

	mu     sync.Mutex
	flows  map[string]*flow.Flow // by "id@version": versions never change
	active int
}

// New makes a runner.
func New(cfg Config) *Runner {
	if cfg.Workers <= 0 {
		cfg.Workers = 4
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 10 * time.Minute
	}
	if cfg.Idle <= 0 {
		cfg.Idle = time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Owner == "" {
		cfg.Owner = "flowdeck"
	}
	return &Runner{cfg: cfg, wake: make(chan struct{}, 1), flows: map[string]*flow.Flow{}}
}

// Notify wakes an idle worker: new runs were queued.
func (r *Runner) Notify() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Recover requeues the runs a previous process left running. Their journals decide, step by
// step, what is replayed, redone or marked interrupted.
func (r *Runner) Recover(ctx context.Context) error {
	n, err := r.cfg.DB.RequeueAbandoned(ctx)
	if n > 0 {
		r.cfg.Logger.Info("resuming runs left in progress by the last process", "runs", n)
	}
	return err
}

// Run starts the workers and returns when ctx ends and every worker has finished its current
// run. A run interrupted by ctx stays queued-for-resume (its journal says where it was).
func (r *Runner) Run(ctx context.Context) error {
	if err := r.Recover(ctx); err != nil {
		return err
	}
	var wg sync.WaitGroup
	for i := 0; i < r.cfg.Workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.worker(ctx)
		}()
	}
	wg.Wait()
	return nil
}

func (r *Runner) worker(ctx context.Context) {
	for ctx.Err() == nil {
		did, err := r.Step(ctx)
		if err != nil {
			r.cfg.Logger.Error("the runner could not claim a run", "err", err)
		}
		if did {
			continue
		}
		t := time.NewTimer(r.cfg.Idle)
		select {
		case <-ctx.Done():
		case <-r.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Step claims and executes one due run; it reports whether there was one.
func (r *Runner) Step(ctx context.Context) (bool, error) {
	run, ok, err := r.cfg.DB.ClaimRun(ctx, r.cfg.Owner, r.cfg.Lease)
	if err != nil || !ok {
		return false, err
	}
	r.mu.Lock()
	r.active++
	r.mu.Unlock()
	defer func() {
		r.mu.Lock()
		r.active--
		r.mu.Unlock()
	}()
	r.Execute(ctx, run)
	return true, nil
}

// Drain executes due runs until none is left (flowdeck engine --once, tests).
func (r *Runner) Drain(ctx context.Context) error {
	for {
		did, err := r.Step(ctx)
		if err != nil || !did {
			return err
		}
	}
}

// Active is the number of runs executing now.
func (r *Runner) Active() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.active
}

// Execute runs one claimed run to its end (or to a retry delay) and records the outcome.
func (r *Runner) Execute(ctx context.Context, run storage.Run) Outcome {
	out := r.execute(ctx, run)
	log := r.cfg.Logger.With("run", run.ID, "flow", run.FlowID)
	// The outcome is recorded even when ctx ended: use a context that outlives it briefly.
	wctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	var err error
	switch {
	case out.Status == OutcomeRetry:
		err = r.cfg.DB.RequeueRun(wctx, run.ID, out.NotBefore, out.Message)
	case out.Status == OutcomeInterrupted && ctx.Err() != nil:
		// Stopped by shutdown: leave it to be resumed by the next start.
		err = r.cfg.DB.RequeueRun(wctx, run.ID, time.Time{}, "")
	default:
		err = r.cfg.DB.FinishRun(wctx, run.ID, out.Status, out.Message)
	}
	if err != nil {
		log.Error("could not record a run's outcome", "err", err)
	}
	log.Info("run ended", "status", out.Status, "message", out.Message)
	if r.cfg.OnFinish != nil && out.Status != OutcomeRetry {
		r.cfg.OnFinish(run, out)
	}
	return out
}

func (r *Runner) execute(ctx context.Context, run storage.Run) Outcome {
	f, err := r.flow(ctx, run.FlowID, run.FlowVersion)
	if err != nil {
		return Outcome{Status: OutcomeFailed, Message: err.Error()}
	}
	var triggerOut map[string]any
	if run.EventUUID != "" && len(f.Cards) > 0 {
		ev, err := r.cfg.DB.GetEvent(ctx, run.EventUUID)
		if err != nil {
			return Outcome{Status: OutcomeFailed, Message: fmt.Sprintf("reading the triggering event: %v", err)}
		}
		parsed, err := trigger.Parse(ev.Body)
		if err != nil {
			return Outcome{Status: OutcomeFailed, Message: err.Error()}
		}
		if run.Trigger == storage.TriggerEvent && !f.Settings.IncludeOwnEvents {
			// The poller's loop guard can only know request ids already recorded; a call whose
			// step was still being recorded when its event was polled is caught here.
			if id, ours := r.causedByUs(ctx, parsed); ours {
				return Outcome{Status: OutcomeSkipped, Message: fmt.Sprintf("loop guard: the event was caused by Flowdeck's own call (request %s)", id)}
			}
		}
		if spec, ok := r.cfg.Registry.Lookup(f.Cards[0].Type); ok {
			triggerOut = trigger.Outputs(spec, parsed)
		}
	}
	j, err := loadJournal(ctx, r.cfg.DB, r.cfg.Registry, run.ID)
	if err != nil {
		return Outcome{Status: OutcomeFailed, Message: fmt.Sprintf("reading the run's steps: %v", err)}
	}
	conn := f.Connection
	x := &Executor{
		Registry: r.cfg.Registry,
		Journal:  j,
		Now:      r.cfg.Now,
		Resuming: true, // a step still "started" can only be one a dead process left behind
		Action: func(ctx context.Context, spec *catalog.Spec, in, opts map[string]any) (map[string]any, []string, error) {
			if r.cfg.Action == nil {
				return nil, nil, fmt.Errorf("this engine cannot call Okta (no action runner configured)")
			}
			return r.cfg.Action(ctx, conn, spec, in, opts)
		},
	}
	return x.Execute(ctx, f, triggerOut)
}

func (r *Runner) flow(ctx context.Context, id string, version int) (*flow.Flow, error) {
	key := fmt.Sprintf("%s@%d", id, version)
	r.mu.Lock()
	f, ok := r.flows[key]
	r.mu.Unlock()
	if ok {
		return f, nil
	}
	v, err := r.cfg.DB.GetFlowVersion(ctx, id, version)
	if err != nil {
		return nil, fmt.Errorf("reading version %d of flow %s: %w", version, id, err)
	}
	f, err = flow.Decode(bytes.NewReader(v.Document))
	if err != nil {
		return nil, fmt.Errorf("version %d of flow %s cannot be read: %w", version, id, err)
	}
	r.mu.Lock()
	r.flows[key] = f
	r.mu.Unlock()
	return f, nil
}

// causedByUs reports whether one of the event's request ids is one of Flowdeck's own calls.
func (r *Runner) causedByUs(ctx context.Context, ev trigger.Event) (string, bool) {
	var found string
	_ = r.cfg.DB.ReadTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ev.RequestIDs() {
			if ok, err := r.cfg.DB.IsOurRequest(ctx, tx, id); err == nil && ok {
				found = id
				return nil
			}
		}
		return nil
	})
	return found, found != ""
}
