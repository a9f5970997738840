package sqlstore

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Settings returns every stored setting by name.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.query(ctx, `SELECT name, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("settings: %w", err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("settings: %w", err)
	}
	return out, nil
}

// SetSettings stores kv (insert or replace each name) in one transaction,
// with one audit entry naming the settings changed.
func (s *Store) SetSettings(ctx context.Context, actor string, kv map[string]string) error {
	if err := requireActor(actor); err != nil {
		return err
	}
	for k := range kv {
		if k == "" {
			return stamp.Errorf(stamp.EInvalid, "setting name is empty")
		}
	}
	return s.inTx(ctx, "settings", func(t *tx) error {
		for _, k := range slices.Sorted(maps.Keys(kv)) {
			_, err := t.exec(ctx, `INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?)
ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`, k, nfc(kv[k]), micros(t.now))
			if err != nil {
				return fmt.Errorf("setting %s: %w", k, err)
			}
		}
		return t.audit(ctx, actor, "settings.set", "settings", nil, kv)
	})
}
