package governor

import (
	"context"
	"sync"
	"time"
)

// Clock is the governor's view of time, injectable so tests of minute-long rate-limit windows
// run in milliseconds.
type Clock interface {
	Now() time.Time
	// SleepUntil waits until the clock reads t or ctx ends. Waiting for a point in time rather
	// than a duration keeps concurrent waiters for the same bucket reset from adding up.
	SleepUntil(ctx context.Context, t time.Time) error
}

// RealClock is the wall clock.
type RealClock struct{}

func (RealClock) Now() time.Time { return time.Now() }

func (RealClock) SleepUntil(ctx context.Context, t time.Time) error {
	d := time.Until(t)
	if d <= 0 {
		return ctx.Err()
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// FakeClock is a virtual clock for tests: SleepUntil returns at once after moving the clock
// forward to the wake-up time (never backwards), so a waiter for a bucket reset lands exactly
// at the reset.
type FakeClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewFakeClock starts a virtual clock at t.
func NewFakeClock(t time.Time) *FakeClock { return &FakeClock{now: t} }

func (c *FakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *FakeClock) SleepUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	if t.After(c.now) {
		c.now = t
	}
	c.mu.Unlock()
	return nil
}

// Advance moves the clock forward by d.
func (c *FakeClock) Advance(d time.Duration) {
	if d <= 0 {
		return
	}
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}
