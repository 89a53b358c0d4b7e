package poll

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/flowdeck/flowdeck/engine/internal/crashpoint"
	"github.com/flowdeck/flowdeck/engine/trigger"
	"github.com/flowdeck/flowdeck/storage"
)

// pageTx is the state of one page's write transaction.
type pageTx struct {
	p   *Poller
	ctx context.Context
	tx  *sql.Tx
	w   *storage.PageWriter
	pg  *page
	res PageResult

	hold     time.Time                  // events published before it are a backlog
	resumed  bool                       // this page started the hold
	policies map[string]string          // flow id -> catch-up policy, read when first needed
	counts   map[storage.BreakerKey]int // runs the breaker weighs, counted on as runs are queued
	ours     map[string]bool            // request ids of Flowdeck's own calls among the page's
}

// outcome is what a committed page changed.
type outcome struct {
	res     PageResult
	news    []trigger.Event // the new events, for OnEvent
	hold    time.Time       // the catch-up hold in force afterwards
	resumed bool            // this page started holding a backlog
}

// commit stores the page in one write transaction, begun only now that the fetch is done.
func (p *Poller) commit(ctx context.Context, pg *page) (outcome, error) {
	var t *pageTx
	var news []trigger.Event
	err := p.cfg.DB.WriteTx(ctx, func(tx *sql.Tx) error {
		w, err := p.cfg.DB.NewPageWriter(ctx, tx)
		if err != nil {
			return err
		}
		t = &pageTx{p: p, ctx: ctx, tx: tx, w: w, pg: pg, policies: map[string]string{}}
		t.res = PageResult{Fetched: len(pg.events) + pg.invalid, Full: pg.full, Invalid: pg.invalid}
		news, err = t.run()
		return errors.Join(err, w.Close())
	})
	if err != nil {
		return outcome{}, fmt.Errorf("store a System Log page of connection %s: %w", p.cfg.ConnectionID, err)
	}
	out := outcome{res: t.res, news: news, hold: t.hold, resumed: t.resumed}
	if !pg.full {
		out.hold = time.Time{}
	}
	return out, nil
}

func (t *pageTx) run() ([]trigger.Event, error) {
	ctx, db, pg := t.ctx, t.p.cfg.DB, t.pg
	var news []trigger.Event
	enabled, err := db.EnabledFlows(ctx, t.tx, t.p.cfg.ConnectionID)
	if err != nil {
		return nil, err
	}
	t.p.flows.keepOnly(enabled)
	flows := make([]*flowTrigger, 0, len(enabled))
	for _, f := range enabled {
		ft, err := t.p.trigger(ctx, f)
		if err != nil {
			return nil, err
		}
		if ft != nil {
			flows = append(flows, ft)
		}
	}
	stored := time.Time{}
	if !pg.first {
		if stored, err = db.PollHold(ctx, t.tx, t.p.cfg.ConnectionID); err != nil {
			return nil, err
		}
	}
	t.hold = stored
	if pg.holdFrom.After(t.hold) {
		t.hold, t.resumed = pg.holdFrom, true
	}

	// Matching needs nothing from the database, so it runs first and the loop guard and the
	// breaker look up only what the matches need, in one query each.
	matches := make([][]*flowTrigger, len(pg.events))
	for i, e := range pg.events {
		for _, f := range flows {
			if trigger.Matches(f.spec, f.options, e.ev) {
				matches[i] = append(matches[i], f)
			}
		}
	}
	if err := t.lookUp(matches); err != nil {
		return nil, err
	}

	lastEvent := pg.prev.LastEventAt
	for i, e := range pg.events {
		inserted, err := t.w.InsertEvent(ctx, storage.Event{UUID: e.ev.UUID(), ConnectionID: t.p.cfg.ConnectionID,
			EventType: e.ev.Type(), Published: e.published, Body: e.raw})
		if err != nil {
			return nil, err
		}
		if !inserted {
			t.res.Duplicates++
			continue
		}
		t.res.New++
		news = append(news, e.ev)
		if e.published.After(lastEvent) {
			lastEvent = e.published
		}
		for _, f := range matches[i] {
			if err := t.startRun(f, e); err != nil {
				return nil, err
			}
		}
		crashpoint.Hit(crashpoint.MidPageCommit)
	}

	if pg.gap != nil {
		t.res.Gap = pg.gap
		if err := db.RecordPollGap(ctx, t.tx, storage.PollGap{ConnectionID: t.p.cfg.ConnectionID, From: pg.gap.From, To: pg.gap.To, DetectedAt: pg.now}); err != nil {
			return nil, err
		}
	}
	err = db.PutCursorIf(ctx, t.tx, pg.expected, storage.Cursor{ConnectionID: t.p.cfg.ConnectionID, NextLink: pg.next,
		LastPollAt: pg.now, LastEventAt: lastEvent, StartedFrom: pg.started})
	if err != nil {
		return nil, err
	}
	// The hold ends with the first page that is not full: the backlog has been read.
	switch {
	case !pg.full && !stored.IsZero():
		err = db.SetPollHold(ctx, t.tx, t.p.cfg.ConnectionID, time.Time{})
	case pg.full && !t.hold.Equal(stored):
		err = db.SetPollHold(ctx, t.tx, t.p.cfg.ConnectionID, t.hold)
	}
	return news, err
}

// startRun creates the run of flow f for the new event e, deciding its status: skipped by the
// loop guard, held or skipped as catch-up backlog, skipped by the circuit breaker, or queued.
func (t *pageTx) startRun(f *flowTrigger, e pageEvent) error {
	ctx, now, target := t.ctx, t.pg.now, e.target
	run := storage.Run{FlowID: f.id, FlowVersion: f.version, EventUUID: e.ev.UUID(), Trigger: storage.TriggerEvent,
		Status: storage.RunQueued, TargetKey: target}
	skip := func(reason string) {
		run.Status, run.Error, run.FinishedAt = storage.RunSkipped, reason, now
	}

	ours := t.ourRequest(e.ev)
	backlog := !t.hold.IsZero() && e.published.Before(t.hold)
	switch {
	case ours != "" && !f.includeOwn:
		skip(fmt.Sprintf("Skipped by the loop guard: Flowdeck's own call (Okta request %s) caused this event. "+
			"Turn on \"include own events\" in the flow's settings to run on such events.", ours))
	case backlog && t.policy(f.id) == storage.CatchUpSkip:
		skip(fmt.Sprintf("Skipped: the event is part of the backlog from while Flowdeck was not polling (before %s), "+
			"and the flow's catch-up setting is to skip such events.", t.hold.Format(time.RFC3339)))
	case backlog && t.policy(f.id) != storage.CatchUpRun:
		run.Status = storage.RunCatchUpPending
		run.Error = fmt.Sprintf("Held: the event is part of the backlog from while Flowdeck was not polling (before %s); "+
			"run or skip the backlog.", t.hold.Format(time.RFC3339))
	case target != "":
		if n, limit := t.counts[storage.BreakerKey{FlowID: f.id, TargetKey: target}], t.p.cfg.CircuitBreaker; n >= limit.Max {
			skip(fmt.Sprintf("Skipped by the circuit breaker: the flow already ran %d times about %s in the last %s, "+
				"which looks like a loop (for example a group rule reacting to the flow's own change).", n, target, limit.Window))
		}
	}

	if _, err := t.w.InsertEventRun(ctx, run); err != nil {
		if errors.Is(err, storage.ErrDuplicate) {
			return nil // the event is new in this transaction, so only a concurrent writer could get here
		}
		return err
	}
	switch run.Status {
	case storage.RunQueued:
		t.res.Queued++
		if target != "" {
			t.counts[storage.BreakerKey{FlowID: f.id, TargetKey: target}]++
		}
	case storage.RunSkipped:
		t.res.Skipped++
	case storage.RunCatchUpPending:
		t.res.Held++
	}
	return nil
}

// lookUp reads, in one query each, what the page's runs are decided on: which of the matched
// events' request ids are Flowdeck's own calls (the loop guard) and how many recent runs each
// matched flow has about each event's target (the circuit breaker).
func (t *pageTx) lookUp(matches [][]*flowTrigger) error {
	var ids []string
	var pairs []storage.BreakerKey
	seen := map[storage.BreakerKey]bool{}
	for i, fs := range matches {
		if len(fs) == 0 {
			continue
		}
		e := t.pg.events[i]
		ids = append(ids, e.ev.RequestIDs()...)
		if e.target == "" {
			continue
		}
		for _, f := range fs {
			k := storage.BreakerKey{FlowID: f.id, TargetKey: e.target}
			if !seen[k] {
				seen[k] = true
				pairs = append(pairs, k)
			}
		}
	}
	var err error
	if t.ours, err = t.p.cfg.DB.OurRequests(t.ctx, t.tx, ids); err != nil {
		return err
	}
	t.counts, err = t.p.cfg.DB.CountBreakerRunsFor(t.ctx, t.tx, pairs, t.pg.now.Add(-t.p.cfg.CircuitBreaker.Window))
	return err
}

// ourRequest returns the request id by which Flowdeck's own call caused the event, or "".
func (t *pageTx) ourRequest(ev trigger.Event) string {
	var id string
	ev.CausedBy(func(rid string) bool {
		if t.ours[rid] {
			id = rid
			return true
		}
		return false
	})
	return id
}

// policy is a flow's catch-up policy; a flow that cannot be read holds its backlog (the safe
// choice: nothing runs that the admin did not release).
func (t *pageTx) policy(flowID string) string {
	if p, ok := t.policies[flowID]; ok {
		return p
	}
	p := storage.CatchUpAsk
	if f, err := t.p.cfg.DB.GetFlow(t.ctx, flowID); err == nil {
		p = f.CatchUp
	} else {
		t.p.log.Warn("could not read a flow's catch-up setting; holding its backlog", "flow", flowID, "error", err)
	}
	t.policies[flowID] = p
	return p
}

// targetKeyTypes are the Okta target types a run is keyed by, in order of preference: runs
// about the same object run in event order.
var targetKeyTypes = []string{"User", "UserGroup", "AppInstance"}

// targetKey names the object the event is about ("User:00u1"), "" when it has none of those.
func targetKey(ev trigger.Event) string {
	for _, typ := range targetKeyTypes {
		if t, ok := ev.Target(typ); ok {
			if id, _ := t["id"].(string); id != "" {
				return typ + ":" + id
			}
		}
	}
	return ""
}
