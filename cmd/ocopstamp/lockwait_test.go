package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/internal/syncbuf"
)

// TestMintWaitsForAnotherWrite: a mint while another process holds
// SQLite's write lock says so and waits (--lock-wait) instead of failing
// after 10 s; it mints once the other write ends (issue 10 §3).
func TestMintWaitsForAnotherWrite(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	c.importSamples()
	db, err := sql.Open("sqlite", c.db)
	must(t, err)
	defer db.Close()
	ctx := context.Background()
	holder, err := db.Conn(ctx)
	must(t, err)
	defer holder.Close()
	_, err = holder.ExecContext(ctx, "BEGIN IMMEDIATE")
	must(t, err)

	var out bytes.Buffer
	var errb syncbuf.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"mint", "--db", c.db, "--keys", filepath.Join(c.dir, "keys"), "--log-level", "warn",
			"--base-url", "https://txng.example.vn", "--product", "1006", "--count", "2", "--lock-wait", "10m"},
			&IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	}()
	for !strings.Contains(errb.String(), "another write is running") { // the mint says it waits
		select {
		case code := <-done:
			t.Fatalf("mint ended (exit %d) while the lock was held: %q", code, errb.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	_, err = holder.ExecContext(ctx, "ROLLBACK")
	must(t, err)
	if code := <-done; code != 0 || len(strings.TrimSpace(out.String())) != 36 {
		t.Fatalf("mint after the other write: exit %d, %q %q", code, out.String(), errb.String())
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
