package poll

import "time"

// PageResult is what one PollOnce did.
type PageResult struct {
	// Paused is why nothing was fetched ("" when a page was fetched): the connection needs
	// sign-in or was revoked. The cursor is left as it was.
	Paused string
	// Fetched counts the events on the page; Full says it held PageLimit of them (more are waiting).
	Fetched int
	Full    bool
	// New events were stored; Duplicates were already stored (a replayed page); Invalid events had
	// no uuid or event type and were ignored.
	New, Duplicates, Invalid int
	// Runs created: Queued to run now, Skipped (loop guard, circuit breaker, a catch-up policy of
	// skip) and Held as catch-up pending.
	Queued, Skipped, Held int
	// Gap is the span lost to Okta's retention that this page's poll discovered, if any.
	Gap *Gap
}

// Gap is a span of the System Log Flowdeck never read: Okta had already deleted the events
// published in [From, To) when polling resumed.
type Gap struct {
	From, To time.Time
}

// Status is the poller's state for the status line.
type Status struct {
	ConnectionID string
	// LastPoll is when a page was last stored; LastEvent the newest `published` time seen.
	LastPoll  time.Time
	LastEvent time.Time
	// LastError is the last poll's failure, "" after a success; LastErrorAt when it happened.
	LastError   string
	LastErrorAt time.Time
	// Paused is why polling is paused ("" when it is not).
	Paused string
	// Behind says the last page was full: more events are waiting and the poller goes fast.
	Behind bool
	// HoldBefore is set while a catch-up backlog is being held: events published before it start
	// runs per each flow's catch-up policy (by default held for the admin).
	HoldBefore time.Time
	// Gap is the most recent span lost to Okta's retention, nil when there is none.
	Gap *Gap
	// Restarts counts the times the stored next link was given up for a new query from the
	// last seen event (Okta refused the link, or it carried another build's filter); the last
	// one happened at LastRestart, for RestartReason.
	Restarts      int
	LastRestart   time.Time
	RestartReason string
	// Totals since the poller started.
	Events, Queued, Skipped, Held int
}
