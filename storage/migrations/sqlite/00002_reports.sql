-- Monthly reports (SQLite): scans carry the product they were scanned
-- for, so that a month's scans are grouped per product, facility and district
-- without joining every scan to stamps and batches; indexes for the report's
-- time-range queries.

-- +goose Up
-- NULL: a stamp the registry does not hold, whose product is not known.
ALTER TABLE scans ADD COLUMN product_number INTEGER;
UPDATE scans SET product_number = (
    SELECT b.product_number FROM stamps s
    JOIN batches b ON b.first_serial = (SELECT max(b2.first_serial) FROM batches b2 WHERE b2.first_serial <= s.serial)
    WHERE s.id = scans.stamp_id);
-- Covers the report's scan aggregates (time range, then the grouped and
-- counted columns); it serves every query scans_at served.
CREATE INDEX scans_report ON scans (at, product_number, verdict, client_hash);
DROP INDEX scans_at;
CREATE INDEX stamps_revoked ON stamps (revoked_at, serial) WHERE revoked_at IS NOT NULL;
CREATE INDEX batches_revoked ON batches (revoked_at) WHERE revoked_at IS NOT NULL;
CREATE INDEX audit_log_action ON audit_log (action, at);

-- +goose Down
DROP INDEX audit_log_action;
DROP INDEX batches_revoked;
DROP INDEX stamps_revoked;
CREATE INDEX scans_at ON scans (at);
DROP INDEX scans_report;
ALTER TABLE scans DROP COLUMN product_number;
