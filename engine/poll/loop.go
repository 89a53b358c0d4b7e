package poll

import (
	"context"
	"errors"
	"time"

	"github.com/flowdeck/flowdeck/storage"
)

// Run polls until ctx ends, then returns nil. The wait adapts: FastInterval after a full page
// (a backlog is draining), IdleInterval after a short or empty one or while the connection is
// paused. Failures are logged and retried after a growing wait (IdleInterval doubling up to five
// minutes), never in a tight loop; the governor under the client already waits out 429s and keeps
// the app inside its share of the logs bucket. Run returns an error only when the connection is
// deleted.
func (p *Poller) Run(ctx context.Context) error {
	failures := 0
	for {
		res, err := p.PollOnce(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var wait time.Duration
		switch {
		case errors.Is(err, ErrConnectionGone):
			p.log.Info("connection deleted: its System Log poller stops")
			return err
		case errors.Is(err, storage.ErrCursorMoved):
			// Another poller is working on this connection; read its cursor on the next tick.
			failures = 0
			wait = p.cfg.IdleInterval
		case err != nil:
			failures++
			wait = backoff(p.cfg.IdleInterval, failures)
			p.log.Warn("System Log poll failed; retrying", "in", wait, "failures", failures, "error", err)
		case res.Paused != "":
			failures = 0
			wait = p.cfg.IdleInterval
		case res.Full:
			failures = 0
			wait = p.cfg.FastInterval
		default:
			failures = 0
			wait = p.cfg.IdleInterval
		}
		if err := p.cfg.Clock.SleepUntil(ctx, p.cfg.Clock.Now().Add(wait)); err != nil || ctx.Err() != nil {
			return nil
		}
	}
}

// backoff is the wait after the n-th failure in a row: base, doubling, capped at maxBackoff.
func backoff(base time.Duration, n int) time.Duration {
	d := base
	for i := 1; i < n && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}
