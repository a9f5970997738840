package postgres_test

import (
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestMigrateInboxSeen checks migration 00075 (open becomes new, seen
// added) up and down on PostgreSQL, where the CHECK constraint is replaced.
func TestMigrateInboxSeen(t *testing.T) {
	base := storagetest.PostgresURL(t)
	cfg, err := pgx.ParseConfig(storagetest.WithSearchPath(base, storagetest.FreshSchema(t, base)))
	if err != nil {
		t.Fatal(err)
	}
	db := stdlib.OpenDB(*cfg)
	defer db.Close()
	storagetest.CheckInboxSeenMigration(t, db, migrations.Postgres)
}
