-- Flowdeck schema 2: the indexes the poller, the runner and the history read through.

-- Exactly one event-triggered run per (flow, event), even if the poller replays a page after a
-- crash; manual runs and re-runs of the same event are not limited.
CREATE UNIQUE INDEX runs_one_per_event ON runs (flow_id, event_uuid) WHERE "trigger" = 'event';

-- History: a flow's runs newest first, and all runs newest first.
CREATE INDEX runs_by_flow ON runs (flow_id, created_at);
CREATE INDEX runs_by_created ON runs (created_at);

-- The runner: queued and retrying runs that are due.
CREATE INDEX runs_by_status ON runs (status, not_before);

-- Foreign-key lookups when an event is deleted (retention).
CREATE INDEX runs_by_event ON runs (event_uuid);

CREATE INDEX events_by_published ON events (published);
CREATE INDEX events_by_connection ON events (connection_id);

-- The poller: enabled flows of one connection.
CREATE INDEX flows_by_connection ON flows (connection_id, enabled);
