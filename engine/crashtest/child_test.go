//go:build unix

package crashtest

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"testing"
	"time"

	"github.com/flowdeck/flowdeck/engine"
)

// Set only in the child: the data directory of the engine it runs.
const envChildDataDir = "FLOWDECK_CRASHTEST_DATA"

// readyLine is what the child prints once its engine has started.
const readyLine = "crashtest: engine started"

// Engine settings of the child: short intervals so that a kill lands on busy pollers and
// workers rather than on sleeps.
const (
	childWorkers  = 8
	childPollIdle = 100 * time.Millisecond
	childPollFast = 20 * time.Millisecond
	childResync   = 500 * time.Millisecond
)

// TestCrashChild is the engine process TestCrash starts, kills and restarts: it runs the engine
// of the data directory it is given until killed, or until SIGTERM asks it to drain and stop.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(envChildDataDir)
	if dir == "" {
		t.Skip("this is the engine process of TestCrash, which starts it itself")
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, os.Interrupt)
	defer stop()
	go func() {
		// EOF on stdin: the test process is gone, and so is the reason to run.
		_, _ = io.Copy(io.Discard, os.Stdin)
		fmt.Fprintln(os.Stderr, "crashtest: the test process is gone; stopping")
		os.Exit(3)
	}()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	e, err := engine.Open(ctx, engine.Options{DataDir: dir, Kind: "engine", Logger: log, Workers: childWorkers,
		PollIdle: childPollIdle, PollFast: childPollFast, Resync: childResync})
	if err != nil {
		t.Fatalf("opening the engine: %v", err)
	}
	if err := e.Start(ctx); err != nil {
		t.Fatalf("starting the engine: %v", err)
	}
	fmt.Println(readyLine)
	<-ctx.Done()
	if err := e.Close(); err != nil {
		t.Fatalf("closing the engine: %v", err)
	}
}
