-- Office settings stored once by 'ocopstamp init': the public base URL
-- printed in QR codes and the office contact. Flags and environment
-- variables override them.

-- +goose Up
CREATE TABLE settings (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE settings;
