-- A consumer report may carry one photo (issue 10 §4): a JPEG or PNG the
-- server decoded and encoded anew (no EXIF, so no GPS position), at most
-- 8 MiB, with its content type.

-- +goose Up
ALTER TABLE consumer_reports ADD COLUMN photo BLOB;
ALTER TABLE consumer_reports ADD COLUMN photo_type TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE consumer_reports DROP COLUMN photo_type;
ALTER TABLE consumer_reports DROP COLUMN photo;
