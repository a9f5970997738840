package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/pressly/goose/v3"

	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
)

// TestMigrateInboxSeen checks migration 00075 on recorded states: "open"
// becomes "new", the others stay, "seen" is accepted afterwards, and down
// turns new and seen back into open.
func TestMigrateInboxSeen(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fsys, err := migrations.FS(migrations.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 74); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	ins := `INSERT INTO inbox_states (kind, item_id, state, note, changed_by, changed_at) VALUES (?, ?, ?, ?, 'chị Lan', 1)`
	exec(ins, "consumer_report", 1, "open", "ghi chú")
	exec(ins, "consumer_report", 2, "closed", "xong")
	exec(ins, "inspection", 1, "in_progress", "")
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
	exec(ins, "consumer_report", 3, "seen", "")
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
