package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestMigrateInboxSeen checks migration 00075 (open becomes new, seen
// added) up and down on SQLite, where the table is rebuilt.
func TestMigrateInboxSeen(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storagetest.CheckInboxSeenMigration(t, db, migrations.SQLite)
}
