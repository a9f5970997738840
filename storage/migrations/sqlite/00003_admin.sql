-- Office controls (SQLite): admin API tokens (hashes only), inspection
-- records, consumer reports of suspected fakes; the audit log made
-- append-only in the database itself.

-- +goose Up
-- A token is never stored: hash is its SHA-256, lookup the hex of the hash's
-- first 8 bytes (the index the token is found by before the whole hash is
-- compared in constant time). Names are unique forever: they are the actors
-- of the audit log.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    name         TEXT NOT NULL UNIQUE,
    role         TEXT NOT NULL CHECK (role IN ('office', 'inspector', 'viewer')),
    lookup       TEXT NOT NULL UNIQUE,
    hash         BLOB NOT NULL CHECK (length(hash) = 32),
    created_at   INTEGER NOT NULL,
    created_by   TEXT NOT NULL,
    expires_at   INTEGER,
    revoked_at   INTEGER,
    revoked_by   TEXT NOT NULL DEFAULT '',
    last_used_at INTEGER
);

CREATE TABLE inspections (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    inspector      TEXT NOT NULL,
    place          TEXT NOT NULL,
    result         TEXT NOT NULL CHECK (result IN ('genuine', 'suspect', 'counterfeit')),
    notes          TEXT NOT NULL DEFAULT '',
    code           TEXT NOT NULL DEFAULT '',
    stamp_id       BLOB CHECK (stamp_id IS NULL OR length(stamp_id) = 16),
    serial         INTEGER,
    product_number INTEGER
);
CREATE INDEX inspections_at ON inspections (at);
CREATE INDEX inspections_stamp ON inspections (stamp_id, at) WHERE stamp_id IS NOT NULL;

-- No foreign key on stamp_id: consumers report codes the registry does not
-- hold (forged or unknown stamps) too.
CREATE TABLE consumer_reports (
    id             INTEGER PRIMARY KEY,
    at             INTEGER NOT NULL,
    stamp_id       BLOB NOT NULL CHECK (length(stamp_id) = 16),
    code           TEXT NOT NULL,
    product_number INTEGER,
    what           TEXT NOT NULL,
    where_bought   TEXT NOT NULL DEFAULT '',
    contact        TEXT NOT NULL DEFAULT '',
    lang           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX consumer_reports_stamp ON consumer_reports (stamp_id, at);
CREATE INDEX consumer_reports_at ON consumer_reports (at);

-- +goose StatementBegin
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER audit_log_no_delete;
DROP TRIGGER audit_log_no_update;
DROP TABLE consumer_reports;
DROP TABLE inspections;
DROP TABLE api_tokens;
