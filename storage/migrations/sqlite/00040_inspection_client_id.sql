-- Inspections sent by the inspector web app (/kiem-tra/) carry the id the
-- phone made when the inspection was recorded (offline, perhaps), so that a
-- send repeated after a lost answer stores it once: unique per inspector.
-- The optional photo is a small JPEG the app made (at most 40 KiB).

-- +goose Up
ALTER TABLE inspections ADD COLUMN client_id TEXT;
ALTER TABLE inspections ADD COLUMN photo BLOB;
CREATE UNIQUE INDEX inspections_client_id ON inspections (inspector, client_id) WHERE client_id IS NOT NULL;

-- +goose Down
DROP INDEX inspections_client_id;
ALTER TABLE inspections DROP COLUMN photo;
ALTER TABLE inspections DROP COLUMN client_id;
