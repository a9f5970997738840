-- Communes and wards (the two-level local government since 1 July 2025).
-- Facilities and points of sale carry the commune's administrative unit
-- code; their district column is kept as the former district (existing rows
-- keep their text) for comparisons with earlier years.

-- +goose Up
CREATE TABLE communes (
    code            TEXT PRIMARY KEY,
    name            TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('xã', 'phường')),
    former_district TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
ALTER TABLE facilities ADD COLUMN commune_code TEXT NOT NULL DEFAULT '';
ALTER TABLE points_of_sale ADD COLUMN commune_code TEXT NOT NULL DEFAULT '';
CREATE INDEX facilities_commune ON facilities (commune_code);
CREATE INDEX points_of_sale_commune ON points_of_sale (commune_code);

-- +goose Down
DROP INDEX points_of_sale_commune;
DROP INDEX facilities_commune;
ALTER TABLE points_of_sale DROP COLUMN commune_code;
ALTER TABLE facilities DROP COLUMN commune_code;
DROP TABLE communes;
