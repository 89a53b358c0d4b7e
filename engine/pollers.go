package engine

import (
	"context"

	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/poll"
	"github.com/flowdeck/flowdeck/engine/trigger"
)

// SystemLogPollers is the engine's default PollerFactory: engine/poll, with every new event
// shown to the connections manager (a deleted or deactivated signed-in user revokes the
// connection) and the runner woken after each page.
func SystemLogPollers(e *Engine, connectionID string, c *client.Client, notify func()) Poller {
	p, err := poll.New(poll.Config{
		ConnectionID: connectionID, Client: c, DB: e.db, Registry: e.opts.Registry, Logger: e.log,
		IdleInterval: e.opts.PollIdle, FastInterval: e.opts.PollFast, Clock: e.opts.Clock,
		OnEvent: func(ctx context.Context, ev trigger.Event) {
			if _, err := e.conns.HandleEvent(ctx, connectionID, map[string]any(ev)); err != nil {
				e.log.Warn("checking an event against the connection's user failed", "connection", connectionID, "err", err)
			}
			notify()
		},
	})
	if err != nil {
		return failedPoller{err}
	}
	return p
}

type failedPoller struct{ err error }

func (f failedPoller) Run(context.Context) error { return f.err }

// PollAllOnce polls every signed-in connection that has an enabled flow once (flowdeck engine
// --once), returning the first error.
func (e *Engine) PollAllOnce(ctx context.Context) error {
	flows, err := e.db.ListFlows(ctx)
	if err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, f := range flows {
		if !f.Enabled || f.ConnectionID == "" || seen[f.ConnectionID] {
			continue
		}
		seen[f.ConnectionID] = true
		c, err := e.conns.Client(ctx, f.ConnectionID)
		if err != nil {
			return err
		}
		p, err := poll.New(poll.Config{ConnectionID: f.ConnectionID, Client: c, DB: e.db, Registry: e.opts.Registry, Logger: e.log, Clock: e.opts.Clock})
		if err != nil {
			return err
		}
		for {
			res, err := p.PollOnce(ctx)
			if err != nil {
				return err
			}
			if !res.Full {
				break
			}
		}
	}
	return nil
}

// PollerStatus returns the state of each running poller (last poll, backlog, gap), by connection.
func (e *Engine) PollerStatus() map[string]poll.Status {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := map[string]poll.Status{}
	for id, p := range e.pollStatus {
		if _, running := e.pollers[id]; running {
			out[id] = p.Status()
		}
	}
	return out
}
