-- Product GTINs are stored in their 14-digit form (GTIN-8, -12 and -13
-- padded with leading zeros) and name one product each. Check digits were
-- already verified on every write. A GTIN that, once padded, two products
-- held stays with the lower product number; the others lose it, each with
-- an audit entry (action product.gtin_cleared) saying which product keeps it.

-- +goose Up
UPDATE products SET gtin = lpad(gtin, 14, '0')
WHERE gtin <> '' AND length(gtin) < 14;

INSERT INTO audit_log (at, actor, action, subject, before_json, after_json)
SELECT (extract(epoch FROM now()) * 1000000)::BIGINT, 'migration 00080', 'product.gtin_cleared',
       'product:' || p.number, '{"gtin":"' || p.gtin || '"}',
       '{"gtin":"","kept_by":' || (SELECT min(q.number) FROM products q WHERE q.gtin = p.gtin) || '}'
FROM products p
WHERE p.gtin <> '' AND EXISTS (SELECT 1 FROM products q WHERE q.gtin = p.gtin AND q.number < p.number);

UPDATE products SET gtin = ''
WHERE gtin <> '' AND EXISTS (SELECT 1 FROM products q WHERE q.gtin = products.gtin AND q.number < products.number);

CREATE UNIQUE INDEX products_gtin ON products (gtin) WHERE gtin <> '';

UPDATE counters SET value = value + 1 WHERE name = 'registry_version';

-- +goose Down
DROP INDEX products_gtin;
