-- Flowdeck schema 1: the tables.
-- Times are UTC milliseconds since the Unix epoch (INTEGER, NULL when unknown); ids are TEXT.
-- Tables are STRICT so a value of the wrong type is refused rather than silently stored.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

-- An Okta org Flowdeck is signed in to. secret is the encrypted token bundle: storage never
-- looks inside it.
CREATE TABLE connections (
    id                 TEXT PRIMARY KEY,
    name               TEXT NOT NULL COLLATE NOCASE UNIQUE,
    org_url            TEXT NOT NULL,
    client_id          TEXT NOT NULL DEFAULT '',
    kind               TEXT NOT NULL CHECK (kind IN ('oauth', 'api_token')),
    scopes             TEXT NOT NULL DEFAULT '',   -- granted scopes, space-separated as OAuth writes them
    subject_sub        TEXT NOT NULL DEFAULT '',   -- the signed-in admin's user id (ID token sub)
    subject_login      TEXT NOT NULL DEFAULT '',
    subject_name       TEXT NOT NULL DEFAULT '',
    pipeline           TEXT NOT NULL DEFAULT '',   -- 'idx' (Identity Engine), 'v1' (Classic) or '' (unknown)
    color              TEXT NOT NULL DEFAULT '',
    production         INTEGER NOT NULL DEFAULT 0 CHECK (production IN (0, 1)),
    status             TEXT NOT NULL DEFAULT 'ok',
    secret             BLOB,
    refresh_expires_at INTEGER,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;

-- connection_id mirrors the current document's connection reference. It has no foreign key on
-- purpose: a flow imported from elsewhere, or one whose connection was deleted, must still save.
CREATE TABLE flows (
    id              TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    connection_id   TEXT,
    enabled         INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    current_version INTEGER NOT NULL CHECK (current_version >= 1),
    catch_up        TEXT NOT NULL DEFAULT 'ask',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
) STRICT;

-- Every saved document is kept, so a run shows the flow exactly as it ran.
CREATE TABLE flow_versions (
    flow_id    TEXT NOT NULL REFERENCES flows (id) ON DELETE CASCADE,
    version    INTEGER NOT NULL CHECK (version >= 1),
    document   TEXT NOT NULL CHECK (json_valid(document)),
    created_at INTEGER NOT NULL,
    PRIMARY KEY (flow_id, version)
) STRICT;

-- System Log events as received. The uuid dedupes; published is not a cursor (it goes backwards).
-- Events outlive their connection so run history keeps its trigger.
CREATE TABLE events (
    uuid          TEXT PRIMARY KEY,
    connection_id TEXT REFERENCES connections (id) ON DELETE SET NULL,
    event_type    TEXT NOT NULL,
    published     INTEGER NOT NULL,
    received_at   INTEGER NOT NULL,
    body          TEXT NOT NULL CHECK (json_valid(body))
) STRICT;

CREATE TABLE runs (
    id           TEXT PRIMARY KEY,
    flow_id      TEXT NOT NULL,
    flow_version INTEGER NOT NULL,
    event_uuid   TEXT REFERENCES events (uuid),
    "trigger"    TEXT NOT NULL CHECK ("trigger" IN ('event', 'manual', 'rerun')),
    status       TEXT NOT NULL,
    owner        TEXT NOT NULL DEFAULT '',   -- the process that leased the run
    lease_until  INTEGER,
    not_before   INTEGER,
    created_at   INTEGER NOT NULL,
    started_at   INTEGER,
    finished_at  INTEGER,
    error        TEXT NOT NULL DEFAULT '',
    FOREIGN KEY (flow_id, flow_version) REFERENCES flow_versions (flow_id, version) ON DELETE CASCADE,
    CHECK ("trigger" <> 'event' OR event_uuid IS NOT NULL)
) STRICT;

CREATE TABLE run_steps (
    run_id          TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    seq             INTEGER NOT NULL,
    card_id         TEXT NOT NULL,
    card_type       TEXT NOT NULL,
    status          TEXT NOT NULL,
    inputs          TEXT CHECK (inputs IS NULL OR json_valid(inputs)),
    outputs         TEXT CHECK (outputs IS NULL OR json_valid(outputs)),
    error           TEXT NOT NULL DEFAULT '',
    okta_request_id TEXT NOT NULL DEFAULT '',
    attempt         INTEGER NOT NULL DEFAULT 1,
    started_at      INTEGER,
    finished_at     INTEGER,
    PRIMARY KEY (run_id, seq)
) STRICT;

-- The System Log poller's position per connection: the next link exactly as Okta sent it.
CREATE TABLE poll_cursors (
    connection_id TEXT PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
    next_link     TEXT NOT NULL DEFAULT '',
    last_poll_at  INTEGER,
    last_event_at INTEGER,
    started_from  INTEGER
) STRICT;
