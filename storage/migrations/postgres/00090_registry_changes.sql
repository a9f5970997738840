-- The registry's change feed: every write that can change a lookup's answer
-- bumps counters.registry_version and records here, under the new version,
-- which views it changed (a stamp, a batch, a product, a facility, newly
-- minted stamps, or all). Lookup caches poll it to invalidate only those
-- views. Writers serialise on the counter row, so versions appear in commit
-- order; old rows are deleted as new ones come (sqlstore keeps the last
-- 10,000 versions).

-- +goose Up
CREATE TABLE registry_changes (
  version BIGINT NOT NULL,
  kind TEXT NOT NULL,
  entity TEXT NOT NULL
);
CREATE INDEX registry_changes_version ON registry_changes (version);

-- +goose Down
DROP TABLE registry_changes;
