package main

import (
	"bytes"
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

// cli runs ocopstamp in-process in a temporary folder with its own SQLite
// file and key folder.
type cli struct {
	t   *testing.T
	dir string
	db  string
}

func newCLI(t *testing.T) *cli {
	t.Helper()
	dir := t.TempDir()
	c := &cli{t: t, dir: dir, db: filepath.Join(dir, "ocop.db")}
	c.ok("init") // --base-url https://txng.example.vn, as every command here
	return c
}

// run returns exit status, stdout and stderr.
func (c *cli) run(args ...string) (int, string, string) {
	c.t.Helper()
	return c.runWith([]string{"--base-url", "https://txng.example.vn"}, args)
}

// bare runs a command with only --db and --keys: no --base-url, so the
// stored one applies.
func (c *cli) bare(args ...string) (int, string, string) {
	c.t.Helper()
	return c.runWith(nil, args)
}

// runWith runs args[0] with the test's --db and --keys, flags and then
// the rest of args.
func (c *cli) runWith(flags, args []string) (int, string, string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	full := append(append([]string{args[0], "--db", c.db, "--keys", filepath.Join(c.dir, "keys"), "--log-level", "warn"}, flags...), args[1:]...)
	if args[0] == "help" {
		full = args
	}
	code := run(context.Background(), full, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	return code, out.String(), errb.String()
}

// ok runs a command that must succeed and returns its stdout.
func (c *cli) ok(args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(args...)
	if code != 0 {
		c.t.Fatalf("ocopstamp %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
	}
	return out
}

// fails runs a command that must fail with status want and a one-line error
// containing msg.
func (c *cli) fails(want int, msg string, args ...string) {
	c.t.Helper()
	code, _, errs := c.run(args...)
	if code != want {
		c.t.Fatalf("ocopstamp %s: exit %d, want %d (stderr %q)", strings.Join(args, " "), code, want, errs)
	}
	if !strings.Contains(errs, msg) {
		c.t.Fatalf("ocopstamp %s: stderr %q does not contain %q", strings.Join(args, " "), errs, msg)
	}
	if lines := strings.Count(strings.TrimSpace(errs), "\n"); lines > 0 && want != 2 {
		c.t.Fatalf("ocopstamp %s: error is %d lines, want one: %q", strings.Join(args, " "), lines+1, errs)
	}
}

func (c *cli) importSamples() {
	c.t.Helper()
	for _, k := range []string{"communes", "facilities", "products", "certifications", "points-of-sale"} {
		c.ok("import", k, "../../examples/"+k+".csv")
	}
}

func TestKeygenImportMintPrintVerifyRevoke(t *testing.T) {
	c := newCLI(t)
	out := c.ok("keygen")
	if !strings.Contains(out, "created active key") {
		t.Fatalf("keygen output: %q", out)
	}
	c.fails(1, "already has active key", "keygen")
	c.importSamples()

	batch := strings.TrimSpace(c.ok("mint", "--product", "1006", "--count", "30", "--lot", "L1", "--produced", "2026-11-01"))
	if len(batch) != 36 {
		t.Fatalf("mint printed %q, want a batch id alone", batch)
	}
	pdf := filepath.Join(c.dir, "sheet.pdf")
	c.ok("print", "--batch", batch, "--out", pdf)
	if st, err := os.Stat(pdf); err != nil || st.Size() < 1000 {
		t.Fatalf("print wrote no PDF: %v", err)
	}
	list := c.ok("batches")
	if !strings.Contains(list, batch) || !strings.Contains(list, "L1") {
		t.Fatalf("batches output lacks the batch: %q", list)
	}

	// A code of the batch verifies offline; a tampered one does not.
	st, err := openStore(context.Background(), c.db)
	if err != nil {
		t.Fatal(err)
	}
	var codes []stamp.Code
	b, err := st.Batch(context.Background(), mustUUID(t, batch))
	if err != nil {
		t.Fatal(err)
	}
	st.BatchStamps(context.Background(), b.ID, 0, 0, func(s stamp.Stamp) error { codes = append(codes, s.Code()); return nil })
	st.Close()
	if len(codes) != 30 {
		t.Fatalf("batch holds %d stamps, want 30", len(codes))
	}
	url := codes[0].URL("https://txng.example.vn")
	out = c.ok("verify", url, strings.ToLower(codes[1].Text()))
	if strings.Count(out, "✔ ") != 2 || strings.Count(out, "TEM CHÍNH HÃNG") != 2 {
		t.Fatalf("verify output: %q", out)
	}
	code, out, _ := c.run("verify", tamper(codes[0]).Text())
	if code != 1 || !strings.HasPrefix(out, "✘ ") || !strings.Contains(out, "TEM KHÔNG CHÍNH HÃNG") {
		t.Fatalf("verify of a tampered code: exit %d, %q", code, out)
	}
	code, out, _ = c.run("verify", "HELLO")
	if code != 1 || !strings.Contains(out, "✘ HELLO — không phải mã tem") {
		t.Fatalf("verify of junk: exit %d, %q", code, out)
	}

	c.ok("revoke", "--batch", batch, "--reason", "test recall")
	if out := c.ok("batches"); !strings.Contains(out, "revoked: test recall") {
		t.Fatalf("batches after revoke: %q", out)
	}
}

func TestBadInput(t *testing.T) {
	c := newCLI(t)
	c.fails(2, "unknown command", "frobnicate")
	c.fails(1, "run 'ocopstamp keygen' first", "mint", "--product", "1006", "--count", "5")
	c.ok("keygen")
	c.importSamples()
	c.fails(2, "--count is required", "mint", "--product", "1006")
	c.fails(1, "count -5 is not in 1..1000000", "mint", "--product", "1006", "--count", "-5")
	c.fails(1, "is not in 1..1000000", "mint", "--product", "1006", "--count", "1000001")
	c.fails(2, "--product \"abc\"", "mint", "--product", "abc", "--count", "5")
	c.fails(1, "not found", "mint", "--product", "4242", "--count", "5")
	c.fails(1, "expired", "mint", "--product", "1007", "--count", "5")
	c.fails(1, "suspended", "mint", "--product", "1008", "--count", "5")
	c.fails(2, "--produced", "mint", "--product", "1006", "--count", "5", "--produced", "yesterday")
	// A duplicate registry number leaves the database as it was.
	dup := filepath.Join(c.dir, "dup.csv")
	os.WriteFile(dup, []byte("number,facility_code,name,group\n2001,HT-CS-001,Mới,Thực phẩm\n1001,HT-CS-001,Trùng,Thực phẩm\n"), 0o644)
	c.fails(1, "1001", "import", "products", dup)
	if out := c.ok("batches"); strings.Count(out, "\n") != 1 {
		t.Fatalf("unexpected batches: %q", out)
	}
	c.fails(1, "2001", "mint", "--product", "2001", "--count", "1") // not imported: all or nothing
	missing := filepath.Join(c.dir, "missing.csv")
	os.WriteFile(missing, []byte("code,name\nX,Y\n"), 0o644)
	c.fails(1, `missing column "commune_code"`, "import", "facilities", missing)
	c.fails(1, "no such file", "import", "facilities", filepath.Join(c.dir, "nope.csv"))
	c.fails(2, "unknown registry kind", "import", "producers", missing)
	c.fails(2, "not a batch id", "print", "--batch", "xyz", "--out", filepath.Join(c.dir, "x.pdf"))
	c.fails(1, "not found", "print", "--batch", "0193a0b4-0000-7000-8000-000000000000", "--out", filepath.Join(c.dir, "x.pdf"))
	if _, err := os.Stat(filepath.Join(c.dir, "x.pdf")); err == nil {
		t.Fatal("a failed print left a file behind")
	}
	c.fails(2, "--reason is required", "revoke", "--batch", "0193a0b4-0000-7000-8000-000000000000")
	// A private key readable by others is refused.
	ks, _ := filepath.Glob(filepath.Join(c.dir, "keys", "*.key"))
	os.Chmod(ks[0], 0o644)
	c.fails(1, "must be 0600", "mint", "--product", "1006", "--count", "5")
}

func TestQuickstartSelfCheck(t *testing.T) {
	c := newCLI(t)
	wd, _ := os.Getwd()
	os.Chdir(c.dir)
	defer os.Chdir(wd)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"quickstart", "--db", c.db, "--keys", filepath.Join(c.dir, "keys"), "--addr", "127.0.0.1:0", "--self-check", "--log-level", "warn"},
		&IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	if code != 0 {
		t.Fatalf("quickstart: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	for _, want := range []string{"mode: this computer only", "--lan", "genuine stamp:", "tampered stamp:", "revoked stamp:", "self-check passed", "quickstart-sheets.pdf"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("quickstart output lacks %q:\n%s", want, out.String())
		}
	}
	// A second run reuses the key and the registry; with --lan (when this
	// machine has a network address) it serves on that address.
	out.Reset()
	args := []string{"quickstart", "--db", c.db, "--keys", filepath.Join(c.dir, "keys"), "--addr", "127.0.0.1:0", "--self-check", "--log-level", "warn"}
	lanIP, lanErr := lanAddress()
	if lanErr == nil {
		args = append(args, "--lan")
	}
	code = run(ctx, args, &IO{In: strings.NewReader(""), Out: &out, Err: &errb})
	if code != 0 || !strings.Contains(out.String(), "sample registry already") {
		t.Fatalf("second quickstart: exit %d\n%s\n%s", code, out.String(), errb.String())
	}
	if lanErr == nil && !strings.Contains(out.String(), "mode: LAN (http://"+lanIP.String()+":") {
		t.Errorf("quickstart --lan output:\n%s", out.String())
	}
}

func mustUUID(t *testing.T, s string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// TestServeMountsAdminAPI checks that serve answers the admin API (401
// without a token) and the consumer report form beside the lookups, and
// the GS1 Digital Link resolver for the sample product with a GTIN.
func TestServeMountsAdminAPI(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	c.importSamples()
	e := &Env{IO: &IO{Out: io.Discard, Err: io.Discard}, Command: "serve", DB: c.db, KeysDir: filepath.Join(c.dir, "keys"), BaseURL: "https://txng.example.vn"}
	defer e.close()
	srv, _, closeAll, err := buildServer(context.Background(), e, serveOptions{rateLimit: -1})
	if err != nil {
		t.Fatal(err)
	}
	defer closeAll()
	for path, want := range map[string]int{
		"/api/v1/admin/facilities":          http.StatusUnauthorized,
		"/healthz":                          http.StatusOK,
		"/.well-known/ocop-stamp-keys.json": http.StatusOK,
		"/01/08930000000019":                http.StatusOK, // examples/products.csv, product 1001
		"/01/8930000000019":                 http.StatusMovedPermanently,
		"/01/04006381333931":                http.StatusNotFound,
		"/.well-known/gs1resolver":          http.StatusOK,
	} {
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != want {
			t.Errorf("GET %s: %d, want %d: %s", path, rec.Code, want, rec.Body.String())
		}
	}
}
