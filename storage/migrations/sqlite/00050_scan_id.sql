-- Scans carry the recorder's scan id (a UUID, 16 bytes) so that writing a
-- batch again, a replay from the local spool after the database came back or
-- a retry after a lost commit reply, adds each scan once. Rows recorded
-- before have NULL ids (a unique index admits any number of NULLs).

-- +goose Up
ALTER TABLE scans ADD COLUMN scan_id BLOB;
CREATE UNIQUE INDEX scans_scan_id ON scans (scan_id);

-- +goose Down
DROP INDEX scans_scan_id;
ALTER TABLE scans DROP COLUMN scan_id;
