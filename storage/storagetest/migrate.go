package storagetest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
)

// CheckInboxSeenMigration checks migration 00075 on recorded inbox states
// of db, a new database of dialect (migrations.SQLite or Postgres): "open"
// becomes "new", the other states stay, "seen" is accepted afterwards and
// "open" no longer, and down turns new and seen back into open.
func CheckInboxSeenMigration(t *testing.T, db *sql.DB, dialect string) {
	t.Helper()
	ctx := context.Background()
	fsys, err := migrations.FS(dialect)
	if err != nil {
		t.Fatal(err)
	}
	gd := goose.DialectSQLite3
	ins := `INSERT INTO inbox_states (kind, item_id, state, note, changed_by, changed_at) VALUES (?, ?, ?, ?, 'chị Lan', 1)`
	if dialect == migrations.Postgres {
		gd = goose.DialectPostgres
		ins = `INSERT INTO inbox_states (kind, item_id, state, note, changed_by, changed_at) VALUES ($1, $2, $3, $4, 'chị Lan', 1)`
	}
	p, err := goose.NewProvider(gd, db, fsys, goose.WithAllowOutofOrder(true))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 74); err != nil {
		t.Fatal(err)
	}
	exec := func(args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, ins, args...); err != nil {
			t.Fatalf("insert %v: %v", args, err)
		}
	}
	exec("consumer_report", 1, "open", "ghi chú")
	exec("consumer_report", 2, "closed", "xong")
	exec("inspection", 1, "in_progress", "")
	states := func() map[string]string {
		t.Helper()
		rows, err := db.QueryContext(ctx, `SELECT kind || ':' || item_id, state || '/' || note FROM inbox_states`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		out := map[string]string{}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				t.Fatal(err)
			}
			out[k] = v
		}
		return out
	}
	if _, err := p.UpTo(ctx, 75); err != nil {
		t.Fatal(err)
	}
	got := states()
	if got["consumer_report:1"] != "new/ghi chú" || got["consumer_report:2"] != "closed/xong" || got["inspection:1"] != "in_progress/" {
		t.Errorf("after up: %v", got)
	}
	exec("consumer_report", 3, "seen", "")
	if _, err := db.ExecContext(ctx, ins, "consumer_report", 4, "open", ""); err == nil {
		t.Error(`"open" is still accepted after the migration`)
	}
	if _, err := p.DownTo(ctx, 74); err != nil {
		t.Fatal(err)
	}
	got = states()
	if got["consumer_report:1"] != "open/ghi chú" || got["consumer_report:3"] != "open/" || got["consumer_report:2"] != "closed/xong" {
		t.Errorf("after down: %v", got)
	}
}
