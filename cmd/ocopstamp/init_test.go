package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// TestInitAndLabelURL: init stores the public base URL and the contact,
// mint and print use it and refuse base URLs phones cannot open unless
// --allow-test-url, a long base URL gets the QR version warning, commands
// other than init refuse a missing database, and writes name the database.
func TestInitAndLabelURL(t *testing.T) {
	c := &cli{t: t, dir: t.TempDir()}
	c.db = filepath.Join(c.dir, "office.db")

	// No database yet: every command but init refuses, saying where it looked.
	if code, _, errs := c.bare("batches"); code != 1 || !strings.Contains(errs, "no database at "+c.db) || !strings.Contains(errs, "ocopstamp init") {
		t.Fatalf("batches without a database: exit %d, %q", code, errs)
	}
	if _, err := os.Stat(c.db); err == nil {
		t.Fatal("a refused command created the database")
	}
	if code, _, errs := c.bare("init"); code != 2 || !strings.Contains(errs, "--base-url is required") {
		t.Fatalf("init without --base-url: exit %d, %q", code, errs)
	}
	if code, _, errs := c.bare("init", "--base-url", "http://127.0.0.1:8080"); code != 1 || !strings.Contains(errs, "loopback") || !strings.Contains(errs, "--allow-test-url") {
		t.Fatalf("init with a loopback URL: exit %d, %q", code, errs)
	}
	code, out, errs := c.bare("init", "--base-url", "HTTPS://TXNG.EXAMPLE.VN", "--office-name", "Văn phòng Điều phối (mẫu)", "--office-phone", "0239 000 0000", "--office-email", "vpdp@example.vn")
	if code != 0 || !strings.Contains(out, "base URL: HTTPS://TXNG.EXAMPLE.VN") || !strings.Contains(out, "database: "+c.db) || !strings.Contains(errs, "wrote to database "+c.db) {
		t.Fatalf("init: exit %d\n%s\n%s", code, out, errs)
	}

	c.ok("keygen")
	c.importSamples()
	// Mint and print with the stored URL: no flag, no variable.
	code, out, errs = c.bare("mint", "--product", "1006", "--count", "3")
	if code != 0 || strings.Count(errs, "\n") != 1 || !strings.Contains(errs, "ocopstamp mint: wrote to database "+c.db) {
		t.Fatalf("mint with the stored base URL: exit %d\n%s\n%s", code, out, errs)
	}
	batch := strings.TrimSpace(out)
	pdf := filepath.Join(c.dir, "s.pdf")
	if code, _, errs := c.bare("print", "--batch", batch, "--out", pdf); code != 0 {
		t.Fatalf("print with the stored base URL: %q", errs)
	}
	// A read names no database.
	if code, _, errs := c.bare("batches"); code != 0 || errs != "" {
		t.Fatalf("batches: exit %d, stderr %q", code, errs)
	}
	// Nor while someone else writes (a running serve's console): an audit
	// entry by another actor during the command is not this command's.
	st, err := openStore(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	err = st.AppendAudit(context.Background(), stamp.AuditEntry{At: time.Now().Add(time.Hour), Actor: "console:chị office",
		Action: "facility.update", Subject: "facility:HT-CS-1"})
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	if code, _, errs := c.bare("batches"); code != 0 || errs != "" {
		t.Fatalf("batches while another actor writes: exit %d, stderr %q", code, errs)
	}

	// Unusable base URLs, from the flag or the variable, are refused.
	for _, bad := range []struct{ url, why string }{
		{"http://127.0.0.1:8080", "loopback"},
		{"https://localhost", "localhost"},
		{"https://192.168.1.20", "private network"},
		{"https://169.254.10.1", "link-local"},
		{"http://txng.example.vn", "plain http"},
	} {
		c.fails(1, bad.why, "mint", "--product", "1006", "--count", "1", "--base-url", bad.url)
		c.fails(1, bad.why, "print", "--batch", batch, "--out", pdf, "--base-url", bad.url)
	}
	t.Setenv("OCOPSTAMP_BASE_URL", "http://10.0.0.5:8080")
	if code, _, errs := c.bare("print", "--batch", batch, "--out", pdf); code != 1 || !strings.Contains(errs, "private network") {
		t.Fatalf("variable with a private address: exit %d, %q", code, errs)
	}
	if code, _, errs := c.bare("print", "--batch", batch, "--out", pdf, "--allow-test-url"); code != 0 {
		t.Fatalf("--allow-test-url: %q", errs)
	}
	t.Setenv("OCOPSTAMP_BASE_URL", "")

	// Past 29 characters the QR code grows past version 7: a warning, not a refusal.
	long := "https://truyxuat.ocop-hatinh.vn" // 31 characters
	code, _, errs = c.run("print", "--batch", batch, "--out", pdf, "--base-url", long)
	if code != 0 || !strings.Contains(errs, "warning: base URL "+long+" is 31 characters") || !strings.Contains(errs, "version 8") {
		t.Fatalf("long base URL: exit %d, %q", code, errs)
	}
}

// TestServeShowsStoredContact: the office contact stored by init reaches
// the consumer pages when serve is given no contact flags.
func TestServeShowsStoredContact(t *testing.T) {
	c := newCLI(t)
	c.ok("init", "--office-phone", "0239 123 4567")
	c.ok("keygen")
	e := &Env{IO: &IO{Out: io.Discard, Err: io.Discard}, Command: "serve", DB: c.db, KeysDir: filepath.Join(c.dir, "keys"), BaseURL: "https://txng.example.vn"}
	defer e.close()
	srv, _, closeAll, err := buildServer(context.Background(), e, serveOptions{rateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	// A signed code the registry does not hold: the page asks to report it.
	sg, err := e.Keys().Signer()
	if err != nil {
		t.Fatal(err)
	}
	id := uuid.New()
	st := stamp.Stamp{ID: id, ProductNumber: 1006, KeyID: sg.KeyID(), Signature: sg.Sign(1006, id).Signature}
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/S/"+st.Code().Text(), nil))
	if !strings.Contains(rec.Body.String(), "0239 123 4567") {
		t.Fatalf("warning page lacks the stored office phone: %d %s", rec.Code, rec.Body.String())
	}
}
