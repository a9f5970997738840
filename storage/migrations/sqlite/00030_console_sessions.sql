-- Web console sessions (SQLite): the hash of the random session id the
-- browser holds in its cookie, never the id itself, so that replicas share
-- sign-ins and a copy of the database lets nobody in.

-- +goose Up
CREATE TABLE console_sessions (
    hash       BLOB PRIMARY KEY CHECK (length(hash) = 32),
    token_id   INTEGER NOT NULL REFERENCES api_tokens (id),
    created_at INTEGER NOT NULL,
    seen_at    INTEGER NOT NULL,
    client     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_sessions_token ON console_sessions (token_id);
CREATE INDEX console_sessions_seen ON console_sessions (seen_at);

-- +goose Down
DROP TABLE console_sessions;
