package cli

import (
	"context"
	"fmt"
	"log/slog"
	"strings"

	"github.com/flowdeck/flowdeck/engine"
	"github.com/flowdeck/flowdeck/engine/auth/vault"
	"github.com/flowdeck/flowdeck/storage"
)

func init() {
	register(&Command{
		Name:    "engine",
		Summary: "run every enabled flow in the background, without the app, until interrupted",
		Usage:   "engine [--once] [--log-level debug|info|warn|error]",
		Run:     runEngine,
	})
}

func runEngine(ctx context.Context, env *Env) error {
	c, _ := Lookup("engine")
	fs := newFlagSet(env, c)
	once := fs.Bool("once", false, "poll once, run what is queued, then exit")
	level := fs.String("log-level", "info", "log level: debug, info, warn or error")
	if err := parseFlags(fs, env.Args); err != nil {
		return err
	}
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(*level)); err != nil {
		return &ExitError{Code: 2, Err: fmt.Errorf("--log-level %q: use debug, info, warn or error", *level)}
	}
	log := slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: lv}))
	dir, err := storage.DataDir(env.Getenv)
	if err != nil {
		return err
	}
	e, err := engine.Open(ctx, engine.Options{DataDir: dir, Kind: "engine", Logger: log, Keyring: vault.OSKeyring{}})
	if err != nil {
		return err
	}
	defer e.Close()
	if *once {
		if err := e.Runner().Recover(ctx); err != nil {
			return err
		}
		if err := e.PollAllOnce(ctx); err != nil {
			return err
		}
		if err := e.Runner().Drain(ctx); err != nil {
			return err
		}
		return printEngineStatus(ctx, env, e)
	}
	if err := e.Start(ctx); err != nil {
		return err
	}
	if err := printGaps(ctx, env, e.DB()); err != nil {
		return err
	}
	log.Info("engine running; stop it with Ctrl+C", "data", dir)
	<-ctx.Done()
	log.Info("stopping: letting runs in progress finish their current step")
	return nil
}

func printEngineStatus(ctx context.Context, env *Env, e *engine.Engine) error {
	st, err := e.Status(ctx)
	if err != nil {
		return err
	}
	var parts []string
	for _, s := range []string{storage.RunQueued, storage.RunSucceeded, storage.RunFailed, storage.RunFiltered, storage.RunInterrupted, storage.RunSkipped, storage.RunCatchUpPending} {
		if n := st.Runs[s]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, strings.ReplaceAll(s, "_", " ")))
		}
	}
	if len(parts) == 0 {
		parts = append(parts, "no runs")
	}
	fmt.Fprintf(env.Stdout, "runs: %s\n", strings.Join(parts, ", "))
	return printGaps(ctx, env, e.DB())
}

// printGaps shows every stretch of System Log that Okta had already dropped (older than its
// 90-day retention) when polling resumed: events in it were never seen, and the admin must know.
func printGaps(ctx context.Context, env *Env, db *storage.DB) error {
	conns, err := db.ListConnections(ctx)
	if err != nil {
		return err
	}
	for _, c := range conns {
		gaps, err := db.PollGaps(ctx, c.ID)
		if err != nil {
			return err
		}
		for _, g := range gaps {
			fmt.Fprintf(env.Stdout, "gap: %s — System Log events from %s to %s were past Okta's 90-day retention when polling resumed and were never seen\n",
				c.Name, g.From.Local().Format("2006-01-02 15:04"), g.To.Local().Format("2006-01-02 15:04"))
		}
	}
	return nil
}
