package migrations_test

import (
	"context"
	"database/sql"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite"

	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
)

// TestOutOfOrder opens a database that holds every migration but 00060 (a
// release built while 00060 had not landed yet): Up applies 00060 instead
// of refusing the database.
func TestOutOfOrder(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "order.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	all, err := migrations.FS(migrations.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	without := fstest.MapFS{}
	err = fs.WalkDir(all, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(p, "00060") {
			return err
		}
		b, err := fs.ReadFile(all, p)
		without[p] = &fstest.MapFile{Data: b}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, db, without)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	if v, err := p.GetDBVersion(ctx); err != nil || v <= 60 {
		t.Fatalf("database version %d, %v; want above 60", v, err)
	}
	if err := migrations.Up(ctx, db, migrations.SQLite, 0); err != nil {
		t.Fatalf("Up with 00060 below the database's version: %v", err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM scan_days`).Scan(&n); err != nil {
		t.Fatalf("00060 not applied: %v", err)
	}
}
