-- Monthly reports (SQLite): scans carry client_key, a 60-bit number that
-- stands for client_hash in distinct-scanner counts (the first 15 hex digits
-- of the hash, an HMAC; RecordScans computes it). Counting distinct 8-byte
-- numbers is several times faster than distinct 64-character texts, and the
-- report's covering index gets narrower. Two clients share a key with
-- probability about n^2/2^61: 4e-5 at 10 million clients.

-- +goose Up
ALTER TABLE scans ADD COLUMN client_key INTEGER;
-- Rows recorded before: the same number when the hash is lower-case hex,
-- NULL (not counted as a scanner) otherwise.
UPDATE scans SET client_key =
    (instr('0123456789abcdef', substr(client_hash, 1, 1)) - 1) * 72057594037927936 +
    (instr('0123456789abcdef', substr(client_hash, 2, 1)) - 1) * 4503599627370496 +
    (instr('0123456789abcdef', substr(client_hash, 3, 1)) - 1) * 281474976710656 +
    (instr('0123456789abcdef', substr(client_hash, 4, 1)) - 1) * 17592186044416 +
    (instr('0123456789abcdef', substr(client_hash, 5, 1)) - 1) * 1099511627776 +
    (instr('0123456789abcdef', substr(client_hash, 6, 1)) - 1) * 68719476736 +
    (instr('0123456789abcdef', substr(client_hash, 7, 1)) - 1) * 4294967296 +
    (instr('0123456789abcdef', substr(client_hash, 8, 1)) - 1) * 268435456 +
    (instr('0123456789abcdef', substr(client_hash, 9, 1)) - 1) * 16777216 +
    (instr('0123456789abcdef', substr(client_hash, 10, 1)) - 1) * 1048576 +
    (instr('0123456789abcdef', substr(client_hash, 11, 1)) - 1) * 65536 +
    (instr('0123456789abcdef', substr(client_hash, 12, 1)) - 1) * 4096 +
    (instr('0123456789abcdef', substr(client_hash, 13, 1)) - 1) * 256 +
    (instr('0123456789abcdef', substr(client_hash, 14, 1)) - 1) * 16 +
    (instr('0123456789abcdef', substr(client_hash, 15, 1)) - 1) * 1
WHERE client_hash GLOB '[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]*';
DROP INDEX scans_report;
CREATE INDEX scans_report ON scans (at, product_number, client_key, verdict);

-- +goose Down
DROP INDEX scans_report;
CREATE INDEX scans_report ON scans (at, product_number, verdict, client_hash);
ALTER TABLE scans DROP COLUMN client_key;
