-- Flowdeck schema 5: claiming a run stays cheap however long the queue is.

-- ClaimRun takes the oldest queued run: this index holds the queued runs in rowid order, so the
-- claim stops at the first eligible run instead of sorting the whole queue on every claim.
CREATE INDEX runs_queued ON runs (status) WHERE status = 'queued';
