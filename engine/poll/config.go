package poll

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/flowdeck/flowdeck/engine/catalog"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/okta/governor"
	"github.com/flowdeck/flowdeck/engine/trigger"
	"github.com/flowdeck/flowdeck/storage"
)

// Defaults of Config.
const (
	DefaultFastInterval     = 2 * time.Second
	DefaultIdleInterval     = 10 * time.Second
	DefaultCatchUpThreshold = time.Hour
	DefaultBreakerMax       = 20
	DefaultBreakerWindow    = 10 * time.Minute

	// MaxStartBack is how far back a first poll may start: Okta's polling guidance, and far
	// enough to catch up on a week without flooding the org with a quarter's worth of runs.
	MaxStartBack = 7 * 24 * time.Hour
	// Retention is how long Okta keeps System Log events.
	Retention = 90 * 24 * time.Hour
	// RestartMargin is how far before the last seen event a restarted query begins: an event
	// published earlier can become visible later (published goes backwards in polling order),
	// and the uuid dedupe makes the overlap harmless.
	RestartMargin = 10 * time.Minute
	// PageLimit is the page size asked for: Okta's maximum.
	PageLimit = 1000

	// maxBackoff caps the wait after repeated failures.
	maxBackoff = 5 * time.Minute
	// fetchTimeout bounds one page request: Okta gives up on a query after 30 s.
	fetchTimeout = 90 * time.Second
)

// Clock is the poller's view of time; governor.RealClock and governor.FakeClock fit.
type Clock interface {
	Now() time.Time
	// SleepUntil waits until the clock reads t or ctx ends.
	SleepUntil(ctx context.Context, t time.Time) error
}

// CircuitBreaker limits the runs of one flow about one target (user, group, app) in a window.
type CircuitBreaker struct {
	Max    int           // default 20
	Window time.Duration // default 10 minutes
}

// Config describes one connection's poller.
type Config struct {
	ConnectionID string
	Client       *client.Client
	DB           *storage.DB
	// Registry resolves flows' trigger cards; default catalog.Global().
	Registry *catalog.Registry
	Clock    Clock // default the wall clock
	// FastInterval is the wait after a full page (more events are waiting); IdleInterval after a
	// short or empty one.
	FastInterval, IdleInterval time.Duration
	// CatchUpThreshold is how long without polling counts as downtime whose backlog is held.
	CatchUpThreshold time.Duration
	// StartFrom is where the first poll of a connection starts: zero means now, otherwise at most
	// MaxStartBack ago. It is ignored once the connection has a cursor.
	StartFrom      time.Time
	CircuitBreaker CircuitBreaker
	// OnEvent, if set, is called after each page's commit with every new event of the page, in
	// page order (the connections manager revokes tokens when their user is deleted).
	OnEvent func(ctx context.Context, ev trigger.Event)
	Logger  *slog.Logger
}

// withDefaults fills the zero fields and checks the rest.
func (c Config) withDefaults() (Config, error) {
	switch {
	case c.ConnectionID == "":
		return c, errors.New("poll the System Log: no connection given (this is a bug in Flowdeck)")
	case c.Client == nil:
		return c, fmt.Errorf("poll the System Log of connection %s: no Okta client", c.ConnectionID)
	case c.DB == nil:
		return c, fmt.Errorf("poll the System Log of connection %s: no database", c.ConnectionID)
	}
	if c.Registry == nil {
		c.Registry = catalog.Global()
	}
	if c.Clock == nil {
		c.Clock = governor.RealClock{}
	}
	if c.FastInterval <= 0 {
		c.FastInterval = DefaultFastInterval
	}
	if c.IdleInterval <= 0 {
		c.IdleInterval = DefaultIdleInterval
	}
	if c.CatchUpThreshold <= 0 {
		c.CatchUpThreshold = DefaultCatchUpThreshold
	}
	if c.CircuitBreaker.Max <= 0 {
		c.CircuitBreaker.Max = DefaultBreakerMax
	}
	if c.CircuitBreaker.Window <= 0 {
		c.CircuitBreaker.Window = DefaultBreakerWindow
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	now := c.Clock.Now()
	switch {
	case c.StartFrom.IsZero():
		c.StartFrom = now
	case c.StartFrom.After(now):
		return c, fmt.Errorf("poll the System Log of connection %s: the start time %s is in the future; choose now or up to 7 days back",
			c.ConnectionID, c.StartFrom.UTC().Format(time.RFC3339))
	case now.Sub(c.StartFrom) > MaxStartBack:
		return c, fmt.Errorf("poll the System Log of connection %s: the start time %s is more than 7 days back; choose a later one",
			c.ConnectionID, c.StartFrom.UTC().Format(time.RFC3339))
	}
	c.StartFrom = c.StartFrom.UTC()
	return c, nil
}
