-- Scan rollups (PostgreSQL), kept by RecordScans in the transaction that
-- writes the scans, so that the monthly report reads a few thousand rows
-- instead of every scan of the month.
--
-- scan_days: scans per Vietnam day (day = (at + 7 h) / 24 h in whole days
-- since 1970-01-01) and product (0: a stamp whose product is not known), by
-- the verdicts the report breaks out. The place (facility, commune or ward,
-- former district) is the product's in the registry when the report is made.
--
-- scan_month_scanners: the distinct clients (client_key) per Vietnam month
-- (year * 12 + month - 1) and product, as a sketch (internal/hll): exact up
-- to 2,048 clients, a HyperLogLog of 2^14 registers beyond (0.81% standard
-- error). Sketches merge, so the report counts distinct scanners of any
-- facility, commune, district or the province without reading scans.
--
-- rollup_backfill holds one row while the sketches of scans recorded before
-- this migration are still to be made; the store makes them when it opens
-- (sqlstore.Store.FinishRollups).

-- +goose Up
CREATE TABLE scan_days (
    day            BIGINT NOT NULL,
    product_number BIGINT NOT NULL,
    scans          BIGINT NOT NULL DEFAULT 0,
    suspicious     BIGINT NOT NULL DEFAULT 0,
    not_genuine    BIGINT NOT NULL DEFAULT 0,
    unknown        BIGINT NOT NULL DEFAULT 0,
    revoked        BIGINT NOT NULL DEFAULT 0,
    cert_invalid   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, product_number)
);
CREATE TABLE scan_month_scanners (
    month          INTEGER NOT NULL,
    product_number BIGINT NOT NULL,
    sketch         BYTEA NOT NULL,
    PRIMARY KEY (month, product_number)
);
CREATE TABLE rollup_backfill (pending INTEGER NOT NULL);
INSERT INTO scan_days (day, product_number, scans, suspicious, not_genuine, unknown, revoked, cert_invalid)
SELECT (at + 25200000000) / 86400000000, COALESCE(product_number, 0), count(*),
  sum(CASE WHEN verdict = 'suspicious' THEN 1 ELSE 0 END),
  sum(CASE WHEN verdict = 'not_genuine' THEN 1 ELSE 0 END),
  sum(CASE WHEN verdict = 'unknown' THEN 1 ELSE 0 END),
  sum(CASE WHEN verdict = 'revoked' THEN 1 ELSE 0 END),
  sum(CASE WHEN verdict = 'certification_invalid' THEN 1 ELSE 0 END)
FROM scans GROUP BY 1, 2;
INSERT INTO rollup_backfill (pending) SELECT 1 WHERE EXISTS (SELECT 1 FROM scans);

-- +goose Down
DROP TABLE rollup_backfill;
DROP TABLE scan_month_scanners;
DROP TABLE scan_days;
