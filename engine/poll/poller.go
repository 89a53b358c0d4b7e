package poll

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/flowdeck/flowdeck/engine/internal/crashpoint"
	"github.com/flowdeck/flowdeck/engine/okta/client"
	"github.com/flowdeck/flowdeck/engine/trigger"
	"github.com/flowdeck/flowdeck/storage"
)

// logsPath is the System Log API.
const logsPath = "/api/v1/logs"

// publishedLayout is how `since` is sent: RFC 3339 in UTC with milliseconds, as Okta writes it.
const publishedLayout = "2006-01-02T15:04:05.000Z"

// Poller polls one connection's System Log. Create it with New; PollOnce and Run must not be
// called concurrently on one Poller (two Pollers on one database are safe: the cursor's
// compare-and-set lets only one of them store a page).
type Poller struct {
	cfg    Config
	log    *slog.Logger
	filter string
	flows  flowCache

	mu     sync.Mutex
	status Status
	gapsOK bool // the stored gaps have been loaded into status
}

// New checks cfg, fills its defaults and returns a poller. Nothing is fetched until PollOnce or
// Run.
func New(cfg Config) (*Poller, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Poller{
		cfg:    cfg,
		log:    cfg.Logger.With("connection", cfg.ConnectionID),
		filter: trigger.ServerFilter(cfg.Registry),
		flows:  flowCache{m: map[flowKey]*flowTrigger{}},
		status: Status{ConnectionID: cfg.ConnectionID},
	}, nil
}

// Status returns the poller's current state. It is safe to call from any goroutine.
func (p *Poller) Status() Status {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.status
	if s.Gap != nil {
		g := *s.Gap
		s.Gap = &g
	}
	return s
}

// ErrConnectionGone means the connection was deleted: its poller has nothing left to do.
var ErrConnectionGone = errors.New("connection deleted")

// page is one fetched page and what is known about it before its transaction.
type page struct {
	expected string // the stored link the cursor must still hold ("" on a first poll)
	next     string
	prev     storage.Cursor
	first    bool
	started  time.Time // StartedFrom of the cursor to store
	now      time.Time // when the poll began
	holdFrom time.Time // non-zero when this poll resumes after downtime
	gap      *Gap
	restart  string    // why the stored link is abandoned for a query from since ("" when followed)
	since    time.Time // where a first or restarted query begins
	events   []pageEvent
	invalid  int
	full     bool
}

type pageEvent struct {
	raw       json.RawMessage
	ev        trigger.Event
	published time.Time
	target    string // the run's target key
}

// PollOnce fetches one page (the stored next link, or the first poll's query) and stores it with
// its runs. A connection that needs sign-in or was revoked is not polled: PageResult.Paused says
// why and the cursor is not touched. An error matching storage.ErrCursorMoved means another
// poller stored the page first and nothing of this one was kept; ErrConnectionGone that the
// connection was deleted.
func (p *Poller) PollOnce(ctx context.Context) (PageResult, error) {
	res, err := p.pollOnce(ctx)
	p.mu.Lock()
	defer p.mu.Unlock()
	if err != nil {
		p.status.LastError, p.status.LastErrorAt = err.Error(), p.cfg.Clock.Now()
	} else {
		p.status.LastError = ""
	}
	return res, err
}

func (p *Poller) pollOnce(ctx context.Context) (PageResult, error) {
	reason, err := p.paused(ctx)
	p.mu.Lock()
	p.status.Paused = reason
	p.mu.Unlock()
	if err != nil || reason != "" {
		return PageResult{Paused: reason}, err
	}
	p.loadGaps(ctx)
	pg, err := p.plan(ctx)
	if err != nil {
		return PageResult{}, err
	}
	if f := linkFilter(pg.expected); !pg.first && f != p.filter {
		p.restartFrom(pg, "the stored next link carries another server-side filter than this build's (a new version changed which events are read)")
	}
	err = p.fetch(ctx, pg)
	if apiErr := (*client.APIError)(nil); errors.As(err, &apiErr) && apiErr.Status == http.StatusBadRequest && !pg.first && pg.restart == "" {
		p.restartFrom(pg, fmt.Sprintf("Okta refused the stored next link (%s %s)", apiErr.ErrorCode, apiErr.ErrorSummary))
		err = p.fetch(ctx, pg)
	}
	if err != nil {
		return PageResult{}, err
	}
	out, err := p.commit(ctx, pg)
	if err != nil {
		if errors.Is(err, storage.ErrCursorMoved) {
			p.log.Warn("another poller stored this System Log page first; this copy was dropped", "error", err)
		}
		return PageResult{}, err
	}
	crashpoint.Hit(crashpoint.AfterPageCommit)
	p.record(pg, out)
	if p.cfg.OnEvent != nil {
		for _, ev := range out.news {
			p.cfg.OnEvent(ctx, ev)
		}
	}
	return out.res, nil
}

// paused says why the connection must not be polled now, reading its status each time so a
// sign-in elsewhere resumes polling on the next tick.
func (p *Poller) paused(ctx context.Context) (string, error) {
	conn, err := p.cfg.DB.GetConnection(ctx, p.cfg.ConnectionID)
	if errors.Is(err, storage.ErrNotFound) {
		return "", fmt.Errorf("poll the System Log of connection %s: %w; its poller stops", p.cfg.ConnectionID, ErrConnectionGone)
	}
	if err != nil {
		return "", fmt.Errorf("poll the System Log of connection %s: %w", p.cfg.ConnectionID, err)
	}
	switch conn.Status {
	case storage.StatusNeedsSignIn:
		return fmt.Sprintf("connection %q needs sign-in: sign in again to resume its flows", conn.Name), nil
	case storage.StatusRevoked:
		return fmt.Sprintf("connection %q was revoked: sign in again to resume its flows", conn.Name), nil
	}
	return "", nil
}

// loadGaps shows gaps recorded before this poller started (once; later ones come from pages).
func (p *Poller) loadGaps(ctx context.Context) {
	p.mu.Lock()
	done := p.gapsOK
	p.mu.Unlock()
	if done {
		return
	}
	gaps, err := p.cfg.DB.PollGaps(ctx, p.cfg.ConnectionID)
	if err != nil {
		p.log.Warn("could not read the recorded System Log gaps", "error", err)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.gapsOK = true
	if len(gaps) > 0 && p.status.Gap == nil {
		p.status.Gap = &Gap{From: gaps[0].From, To: gaps[0].To}
	}
}

// plan reads the cursor and decides what to request and what the page means (downtime, gap).
func (p *Poller) plan(ctx context.Context) (*page, error) {
	cur, ok, err := p.cfg.DB.GetCursor(ctx, p.cfg.ConnectionID)
	if err != nil {
		return nil, fmt.Errorf("poll the System Log of connection %s: %w", p.cfg.ConnectionID, err)
	}
	pg := &page{now: p.cfg.Clock.Now().UTC(), prev: cur}
	if !ok || cur.NextLink == "" {
		pg.first, pg.started, pg.since = true, p.cfg.StartFrom, p.cfg.StartFrom
		return pg, nil
	}
	pg.expected, pg.started = cur.NextLink, cur.StartedFrom
	if last := cur.LastPollAt; !last.IsZero() {
		if pg.now.Sub(last) > p.cfg.CatchUpThreshold {
			pg.holdFrom = pg.now
		}
		if oldest := pg.now.Add(-Retention); last.Before(oldest) {
			pg.gap = &Gap{From: last, To: oldest}
		}
	}
	return pg, nil
}

// restartFrom gives up the stored next link: the page is asked for with a new query from the
// last seen event's published time minus RestartMargin (events published a little earlier can
// still become visible later; the uuid dedupe drops what was already stored). The commit still
// checks the stored link, so a restart cannot race another poller.
func (p *Poller) restartFrom(pg *page, reason string) {
	from := pg.prev.LastEventAt
	if from.IsZero() {
		from = pg.prev.StartedFrom
	}
	from = from.Add(-RestartMargin)
	if oldest := pg.now.Add(-Retention); from.Before(oldest) {
		from = oldest // Okta refuses an older since; what is older is gone anyway (a gap)
	}
	pg.restart, pg.since = reason, from
	p.log.Warn("restarting the System Log query: "+reason, "since", from, "link", pg.expected)
}

// linkFilter is the server-side filter a next link carries ("" when it cannot be read).
func linkFilter(link string) string {
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	return u.Query().Get("filter")
}

// fetch requests the page and parses its events.
func (p *Poller) fetch(ctx context.Context, pg *page) error {
	target, query := pg.expected, url.Values(nil)
	if pg.first || pg.restart != "" {
		target = logsPath
		query = url.Values{
			"since":     {pg.since.Format(publishedLayout)},
			"sortOrder": {"ASCENDING"},
			"limit":     {fmt.Sprint(PageLimit)},
			"filter":    {p.filter},
		}
	}
	fctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	resp, err := p.cfg.Client.Do(fctx, http.MethodGet, target, query, nil, nil)
	if err != nil {
		return fmt.Errorf("read the System Log of connection %s: %w", p.cfg.ConnectionID, err)
	}
	if resp.Next == "" {
		// Okta always links a polling request to its next page; without one there is nowhere
		// safe to continue from, so the cursor stays and the same request is made again.
		return fmt.Errorf("read the System Log of connection %s: Okta's answer had no next link (request %s); the poll position was kept and the page will be asked for again",
			p.cfg.ConnectionID, resp.RequestID)
	}
	pg.next = resp.Next
	return p.parseEvents(pg, resp.Body, resp.RequestID)
}

// record updates the status after a committed page and says what the admin must know.
func (p *Poller) record(pg *page, out outcome) {
	res := out.res
	if out.resumed {
		p.log.Info("resumed after downtime: events published before now are a catch-up backlog, handled per each flow's catch-up setting",
			"last_poll", pg.prev.LastPollAt, "hold_before", pg.holdFrom)
	}
	if res.Gap != nil {
		p.log.Warn("the System Log was not read for longer than Okta keeps it: the events in the gap are lost",
			"from", res.Gap.From, "to", res.Gap.To)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := &p.status
	s.LastPoll = pg.now
	for _, e := range pg.events {
		if e.published.After(s.LastEvent) {
			s.LastEvent = e.published
		}
	}
	s.Behind = res.Full
	if pg.restart != "" {
		s.Restarts++
		s.LastRestart, s.RestartReason = pg.now, pg.restart
	}
	s.HoldBefore = out.hold
	if res.Gap != nil {
		g := *res.Gap
		s.Gap = &g
	}
	s.Events += len(out.news)
	s.Queued += res.Queued
	s.Skipped += res.Skipped
	s.Held += res.Held
	if res.New > 0 {
		p.log.Debug("stored a System Log page", "events", res.Fetched, "new", res.New, "duplicates", res.Duplicates,
			"queued", res.Queued, "skipped", res.Skipped, "held", res.Held)
	}
}
