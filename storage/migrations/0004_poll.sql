-- Flowdeck schema 4: what the System Log poller keeps besides its next link.

-- After downtime longer than the catch-up threshold, events published before hold_before make
-- runs held as catch_up_pending (per the flow's catch-up policy) instead of queued ones. It lives
-- in the cursor's row, not in memory, so a restart in the middle of draining a backlog keeps
-- holding it. NULL when no backlog is being held.
ALTER TABLE poll_cursors ADD COLUMN hold_before INTEGER;

-- Spans of the System Log Flowdeck never read because, when polling resumed, the cursor was older
-- than Okta's 90-day retention: events in [gap_from, gap_to) are gone from Okta. Shown to the
-- admin, never hidden.
CREATE TABLE poll_gaps (
    connection_id TEXT NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
    gap_from      INTEGER NOT NULL,
    gap_to        INTEGER NOT NULL,
    detected_at   INTEGER NOT NULL,
    PRIMARY KEY (connection_id, gap_from)
) STRICT;

-- The circuit breaker counts a flow's recent runs about one target for every (flow, target) of a
-- page: without this index each count scans all of the flow's runs.
CREATE INDEX runs_by_flow_target ON runs (flow_id, target_key, created_at);
