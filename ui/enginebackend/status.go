package enginebackend

import (
	"context"
	"time"

	"github.com/flowdeck/flowdeck/storage"
	"github.com/flowdeck/flowdeck/ui"
)

// EngineStatus implements ui.Backend: the pollers' state, the backlog, and the lowest
// rate-limit headroom the polled orgs' governors have seen.
func (b *Backend) EngineStatus(ctx context.Context) (ui.EngineStatus, error) {
	counts, err := b.db.StatusCounts(ctx)
	if err != nil {
		return ui.EngineStatus{}, err
	}
	s := ui.EngineStatus{Queued: counts[storage.RunQueued], Running: counts[storage.RunRunning], Headroom: -1}
	if b.e == nil {
		s.ReadOnly = b.heldBy
		return s, nil
	}
	s.Paused = b.e.Paused()
	var newestErr time.Time
	for id, p := range b.e.PollerStatus() {
		s.Polled++
		if p.LastPoll.After(s.LastPoll) {
			s.LastPoll = p.LastPoll
		}
		if p.LastError != "" && p.LastErrorAt.After(newestErr) {
			s.PollError, newestErr = p.LastError, p.LastErrorAt
		}
		// The poller's own client: the one whose governor has the org's rate-limit headers.
		c, err := b.e.Connections().Client(ctx, id)
		if err != nil {
			continue
		}
		for _, bk := range c.Governor().Snapshot() {
			if bk.Limit <= 0 {
				continue
			}
			left := float64(bk.Remaining) / float64(bk.Limit)
			if s.Headroom < 0 || left < s.Headroom {
				s.Headroom, s.HeadroomBucket = left, bk.Bucket
			}
		}
	}
	return s, nil
}

// SetPaused implements ui.Backend.
func (b *Backend) SetPaused(_ context.Context, paused bool) error {
	e, err := b.engine()
	if err != nil {
		return err
	}
	e.SetPaused(paused)
	return nil
}
