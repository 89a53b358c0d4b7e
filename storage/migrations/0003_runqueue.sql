-- Flowdeck schema 3: what the runner and the loop guard need.

-- Runs that touch the same Okta object (user, group, app) run in event order; target_key names
-- that object ("User:00u1"), '' when the run touches nothing in particular.
ALTER TABLE runs ADD COLUMN target_key TEXT NOT NULL DEFAULT '';
CREATE INDEX runs_by_target ON runs (target_key, status) WHERE target_key <> '';

-- A step is found again on replay by its key: the card id, prefixed for inner chains
-- ("c_4/each/2/c_7"). request_ids lists every X-Okta-Request-Id the step's calls got.
ALTER TABLE run_steps ADD COLUMN step_key TEXT NOT NULL DEFAULT '';
ALTER TABLE run_steps ADD COLUMN request_ids TEXT NOT NULL DEFAULT '';

-- The loop guard: the request ids of Flowdeck's own calls, matched against System Log events'
-- transaction.id / debugContext.debugData.requestId.
CREATE TABLE our_requests (
    request_id TEXT PRIMARY KEY,
    run_id     TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
CREATE INDEX our_requests_by_created ON our_requests (created_at);
