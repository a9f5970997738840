-- The office's handling of consumer reports and inspections (SQLite):
-- a state (open, in progress, closed) and a note per item, changed by the
-- web console's inbox and audited.

-- +goose Up
CREATE TABLE inbox_states (
    kind       TEXT NOT NULL CHECK (kind IN ('consumer_report', 'inspection')),
    item_id    INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'closed')),
    note       TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (kind, item_id)
);

-- +goose Down
DROP TABLE inbox_states;
