-- Inbox states (PostgreSQL) take the words of the consumer-report commands:
-- "open" becomes "new" (never handled), and "seen" (opened with
-- 'ocopstamp consumer-reports show' or the admin API, not yet handled) is
-- added.

-- +goose Up
ALTER TABLE inbox_states DROP CONSTRAINT inbox_states_state_check;
UPDATE inbox_states SET state = 'new' WHERE state = 'open';
ALTER TABLE inbox_states ADD CONSTRAINT inbox_states_state_check
    CHECK (state IN ('new', 'seen', 'in_progress', 'closed'));

-- +goose Down
ALTER TABLE inbox_states DROP CONSTRAINT inbox_states_state_check;
UPDATE inbox_states SET state = 'open' WHERE state IN ('new', 'seen');
ALTER TABLE inbox_states ADD CONSTRAINT inbox_states_state_check
    CHECK (state IN ('open', 'in_progress', 'closed'));
