-- Web console sessions (PostgreSQL): the hash of the random session id the
-- browser holds in its cookie, never the id itself, so that replicas share
-- sign-ins and a copy of the database lets nobody in.

-- +goose Up
CREATE TABLE console_sessions (
    hash       BYTEA PRIMARY KEY CHECK (octet_length(hash) = 32),
    token_id   BIGINT NOT NULL REFERENCES api_tokens (id),
    created_at BIGINT NOT NULL,
    seen_at    BIGINT NOT NULL,
    client     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX console_sessions_token ON console_sessions (token_id);
CREATE INDEX console_sessions_seen ON console_sessions (seen_at);

-- +goose Down
DROP TABLE console_sessions;
