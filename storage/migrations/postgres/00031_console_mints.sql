-- Web console mints (PostgreSQL): one row per mint form, keyed by the random
-- key the form carries, so that a second click (or a resent form) never
-- mints twice, on any replica, and every replica can show the progress.

-- +goose Up
CREATE TABLE console_mints (
    mint_key   TEXT PRIMARY KEY,
    actor      TEXT NOT NULL,
    count      BIGINT NOT NULL,
    done       BIGINT NOT NULL DEFAULT 0,
    batch_id   BYTEA CHECK (batch_id IS NULL OR octet_length(batch_id) = 16),
    error      TEXT NOT NULL DEFAULT '',
    started_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE console_mints;
