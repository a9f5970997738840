package main

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// TestListEscapesControlCharacters: registry text stored before the field
// limits (here written straight into the database) reaches the terminal
// with its control and bidi characters escaped, in `facility list` and
// `audit`.
func TestListEscapesControlCharacters(t *testing.T) {
	c := newCLI(t)
	c.importSamples()
	db, err := sql.Open("sqlite", c.db)
	if err != nil {
		t.Fatal(err)
	}
	evil := "HTX \x1b[31mĐỎ\x1b[0m \a\u202eevil"
	if _, err := db.ExecContext(context.Background(), `UPDATE facilities SET name = ? WHERE code = 'HT-CS-001'`, evil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(context.Background(), `INSERT INTO audit_log (at, actor, action, subject) VALUES (1, 'cli:x', 'facility.update', ?)`, evil); err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, args := range [][]string{{"facility", "list"}, {"audit"}} {
		out := c.ok(args...)
		if strings.ContainsAny(out, "\x1b\a\u202e") {
			t.Errorf("%s wrote control characters raw: %q", strings.Join(args, " "), out)
		}
	}
	if out := c.ok("facility", "list"); !strings.Contains(out, `HTX \u{1B}[31mĐỎ\u{1B}[0m \u{7}\u{202E}evil`) {
		t.Errorf("facility list: escaped name missing:\n%s", out)
	}
}
