package migrations_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite"

	"github.com/ocop-hatinh/ocopstamp/storage/migrations"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestGTINMigration: migration 00080 pads stored GTINs to 14 digits, keeps
// a GTIN that two products held (once padded) with the lower product
// number, clears it on the other with an audit entry naming the keeper,
// and from then on refuses a second product with the same GTIN.
func TestGTINMigration(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "m.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		checkGTINMigration(t, db, migrations.SQLite, goose.DialectSQLite3)
	})
	t.Run("postgres", func(t *testing.T) {
		base := storagetest.PostgresURL(t)
		schema := storagetest.FreshSchema(t, base)
		db, err := sql.Open("pgx", storagetest.WithSearchPath(base, schema))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		checkGTINMigration(t, db, migrations.Postgres, goose.DialectPostgres)
	})
}

func checkGTINMigration(t *testing.T, db *sql.DB, dialect string, gd goose.Dialect) {
	ctx := context.Background()
	fsys, err := migrations.FS(dialect)
	if err != nil {
		t.Fatal(err)
	}
	p, err := goose.NewProvider(gd, db, fsys)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.UpTo(ctx, 79); err != nil {
		t.Fatal(err)
	}
	exec := func(q string, args ...any) error {
		if dialect == migrations.Postgres {
			for i := 1; strings.Contains(q, "?"); i++ {
				q = strings.Replace(q, "?", "$"+string(rune('0'+i)), 1)
			}
		}
		_, err := db.ExecContext(ctx, q, args...)
		return err
	}
	if err := exec(`INSERT INTO facilities (code, name, district, created_at, updated_at) VALUES ('F1', 'Cơ sở', 'Vũ Quang', 1, 1)`); err != nil {
		t.Fatal(err)
	}
	for n, g := range map[int]string{1: "", 2: "8934588012228", 3: "96385074", 4: "08934588012228", 5: "036000291452", 6: "", 7: "8934588012228"} {
		if err := exec(`INSERT INTO products (number, facility_code, name, product_group, gtin, created_at, updated_at) VALUES (?, 'F1', 'P', 'Thực phẩm', ?, 1, 1)`, n, g); err != nil {
			t.Fatal(err)
		}
	}
	var before int64
	if err := db.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'registry_version'`).Scan(&before); err != nil {
		t.Fatal(err)
	}
	if _, err := p.Up(ctx); err != nil {
		t.Fatal(err)
	}
	got := map[int]string{}
	rows, err := db.QueryContext(ctx, `SELECT number, gtin FROM products ORDER BY number`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n int
		var g string
		if err := rows.Scan(&n, &g); err != nil {
			t.Fatal(err)
		}
		got[n] = g
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	want := map[int]string{1: "", 2: "08934588012228", 3: "00000096385074", 4: "", 5: "00036000291452", 6: "", 7: ""}
	for n, g := range want {
		if got[n] != g {
			t.Errorf("product %d: gtin %q, want %q", n, got[n], g)
		}
	}
	var audits []string
	rows, err = db.QueryContext(ctx, `SELECT subject || ' ' || before_json || ' ' || after_json FROM audit_log WHERE action = 'product.gtin_cleared' ORDER BY subject`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		audits = append(audits, s)
	}
	wantAudits := []string{
		`product:4 {"gtin":"08934588012228"} {"gtin":"","kept_by":2}`,
		`product:7 {"gtin":"08934588012228"} {"gtin":"","kept_by":2}`,
	}
	if strings.Join(audits, "\n") != strings.Join(wantAudits, "\n") {
		t.Errorf("audit entries:\n%s\nwant:\n%s", strings.Join(audits, "\n"), strings.Join(wantAudits, "\n"))
	}
	var after int64
	if err := db.QueryRowContext(ctx, `SELECT value FROM counters WHERE name = 'registry_version'`).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after <= before {
		t.Errorf("registry version %d after the migration, %d before: caches would keep unpadded GTINs", after, before)
	}
	if err := exec(`UPDATE products SET gtin = '00000096385074' WHERE number = 1`); err == nil {
		t.Error("a second product took GTIN 00000096385074: no unique index")
	}
	if err := exec(`UPDATE products SET gtin = '' WHERE number = 2`); err != nil {
		t.Errorf("several products without a GTIN: %v", err)
	}
}
