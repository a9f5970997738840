-- Registry, batches, stamps, scans and audit log (SQLite).
-- Timestamps are INTEGER unix microseconds UTC, dates TEXT YYYY-MM-DD,
-- UUIDs 16-byte BLOBs.

-- +goose Up
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
INSERT INTO counters (name, value) VALUES ('registry_version', 1), ('serial', 0);

CREATE TABLE facilities (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    kind           TEXT NOT NULL DEFAULT '',
    district       TEXT NOT NULL,
    commune        TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    representative TEXT NOT NULL DEFAULT '',
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);
CREATE INDEX facilities_district ON facilities (district);

CREATE TABLE products (
    number        INTEGER PRIMARY KEY CHECK (number BETWEEN 1 AND 4294967295),
    facility_code TEXT NOT NULL REFERENCES facilities (code),
    name          TEXT NOT NULL,
    product_group TEXT NOT NULL,
    gtin          TEXT NOT NULL DEFAULT '',
    description   TEXT NOT NULL DEFAULT '',
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX products_facility ON products (facility_code);

CREATE TABLE certifications (
    id                INTEGER PRIMARY KEY,
    product_number    INTEGER NOT NULL REFERENCES products (number),
    rank              INTEGER NOT NULL CHECK (rank IN (0, 3, 4, 5)),
    decision_number   TEXT NOT NULL,
    decision_date     TEXT NOT NULL,
    expires_on        TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('valid', 'suspended', 'withdrawn')),
    status_reason     TEXT NOT NULL DEFAULT '',
    process_confirmed TEXT NOT NULL DEFAULT '',
    lab_test_date     TEXT,
    declaration_date  TEXT,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL
);
CREATE INDEX certifications_product ON certifications (product_number, decision_date, id);

CREATE TABLE points_of_sale (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    district   TEXT NOT NULL,
    commune    TEXT NOT NULL DEFAULT '',
    address    TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX points_of_sale_district ON points_of_sale (district);

CREATE TABLE batches (
    id             BLOB PRIMARY KEY CHECK (length(id) = 16),
    product_number INTEGER NOT NULL REFERENCES products (number),
    facility_code  TEXT NOT NULL REFERENCES facilities (code),
    count          INTEGER NOT NULL CHECK (count > 0),
    key_id         BLOB NOT NULL CHECK (length(key_id) = 4),
    first_serial   INTEGER NOT NULL UNIQUE,
    lot            TEXT NOT NULL DEFAULT '',
    produced_on    TEXT,
    best_before    TEXT,
    note           TEXT NOT NULL DEFAULT '',
    minted_by      TEXT NOT NULL,
    minted_at      INTEGER NOT NULL,
    revoked_at     INTEGER,
    revoke_reason  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX batches_product ON batches (product_number, minted_at);
CREATE INDEX batches_minted_at ON batches (minted_at);

-- serial is the rowid: appending stamps in serial order is the fastest insert.
-- batch_id has no foreign key: the store writes stamps only with their batch,
-- in the batch's transaction, and the per-row check cost ~16% of a bulk load.
CREATE TABLE stamps (
    serial        INTEGER PRIMARY KEY,
    id            BLOB NOT NULL,
    batch_id      BLOB NOT NULL,
    signature     BLOB NOT NULL,
    revoked_at    INTEGER,
    revoke_reason TEXT
);
CREATE UNIQUE INDEX stamps_id ON stamps (id);

-- No foreign key on stamp_id: lookups of codes with a valid signature that the
-- registry does not hold are recorded too (they are incidents).
CREATE TABLE scans (
    id          INTEGER PRIMARY KEY,
    stamp_id    BLOB NOT NULL,
    at          INTEGER NOT NULL,
    channel     TEXT NOT NULL,
    client_hash TEXT NOT NULL,
    verdict     TEXT NOT NULL
);
CREATE INDEX scans_stamp ON scans (stamp_id, client_hash, at);
CREATE INDEX scans_at ON scans (at);

CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);

-- +goose Down
DROP TABLE audit_log;
DROP TABLE scans;
DROP TABLE stamps;
DROP TABLE batches;
DROP TABLE points_of_sale;
DROP TABLE certifications;
DROP TABLE products;
DROP TABLE facilities;
DROP TABLE counters;
