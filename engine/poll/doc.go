// Package poll is the System Log poller: per connection, it follows Okta's polling `next` link
// exactly as received, stores each page's events and the runs they start in one transaction, and
// moves the cursor only if no one else did.
//
// The rules it keeps, in the order a page goes through them:
//
//   - The first poll asks GET /api/v1/logs?since=…&sortOrder=ASCENDING&limit=1000&filter=… with no
//     `until` (a polling request, which Okta always answers with a next link) and the one fixed
//     filter of trigger.ServerFilter. Every later poll requests the stored next link unchanged:
//     enabling or disabling a flow never rewrites it; matching to flows happens here.
//   - One write transaction per page, begun after the fetch: events are stored (a uuid already
//     stored is a duplicate and starts nothing), one run is created per (enabled flow, new event
//     its trigger matches), pinned to the flow's current version, and the cursor is moved with a
//     compare-and-set on the link just fetched. If another poller moved it, everything rolls back.
//   - Loop guard: a run is recorded as skipped when one of the event's request ids
//     (transaction.id, debugContext.debugData.requestId) is an X-Okta-Request-Id of Flowdeck's own
//     calls, unless the flow opts out (settings.includeOwnEvents).
//   - Catch-up: when the poller is about to poll and the cursor's last poll is older than the
//     catch-up threshold (the engine was stopped, the connection needed sign-in, Okta could not be
//     reached), events published before that moment are a backlog: each flow's catch-up policy
//     decides — "ask" (the default) holds the run as catch_up_pending, "run" queues it, "skip"
//     records it as skipped. The hold is stored with the cursor, so a restart while the backlog
//     drains keeps holding it; it ends with the first page that is not full (caught up). A first
//     poll from a chosen start time is not a backlog: the admin asked for those events.
//   - Circuit breaker: a run about a target (a user, group or app) is recorded as skipped when the
//     flow already has the maximum number of runs about that target in the window — knock-on
//     events such as group rules reacting to the flow's own changes. Runs about no target are not
//     limited.
//   - Gap: when the cursor's last poll is older than Okta's 90-day retention, the events between
//     it and the oldest Okta still keeps are gone: the gap is recorded in storage with the page and
//     shown in Status, never hidden.
package poll
