-- Inbox states (SQLite) take the words of the consumer-report commands:
-- "open" becomes "new" (never handled), and "seen" (opened with
-- 'ocopstamp consumer-reports show' or the admin API, not yet handled) is
-- added. SQLite cannot change a CHECK constraint, so the table is rebuilt.

-- +goose Up
CREATE TABLE inbox_states_v2 (
    kind       TEXT NOT NULL CHECK (kind IN ('consumer_report', 'inspection')),
    item_id    INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('new', 'seen', 'in_progress', 'closed')),
    note       TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (kind, item_id)
);
INSERT INTO inbox_states_v2 (kind, item_id, state, note, changed_by, changed_at)
    SELECT kind, item_id, CASE state WHEN 'open' THEN 'new' ELSE state END, note, changed_by, changed_at FROM inbox_states;
DROP TABLE inbox_states;
ALTER TABLE inbox_states_v2 RENAME TO inbox_states;

-- +goose Down
CREATE TABLE inbox_states_v1 (
    kind       TEXT NOT NULL CHECK (kind IN ('consumer_report', 'inspection')),
    item_id    INTEGER NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('open', 'in_progress', 'closed')),
    note       TEXT NOT NULL DEFAULT '',
    changed_by TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (kind, item_id)
);
INSERT INTO inbox_states_v1 (kind, item_id, state, note, changed_by, changed_at)
    SELECT kind, item_id, CASE WHEN state IN ('new', 'seen') THEN 'open' ELSE state END, note, changed_by, changed_at FROM inbox_states;
DROP TABLE inbox_states;
ALTER TABLE inbox_states_v1 RENAME TO inbox_states;
