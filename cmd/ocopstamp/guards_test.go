package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestPrintAndRevokeGuards: printing a revoked batch needs --force
// --reason, kept in the audit log; revoking twice exits 1 with one line
// that says so (issue 10 §3).
func TestPrintAndRevokeGuards(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	c.importSamples()
	batch := strings.TrimSpace(c.ok("mint", "--product", "1006", "--count", "3"))
	pdf := filepath.Join(c.dir, "sheet.pdf")
	c.ok("revoke", "--batch", batch, "--reason", "lô hỏng")
	c.fails(1, "already revoked", "revoke", "--batch", batch, "--reason", "lô hỏng")
	c.fails(1, "is revoked (lô hỏng)", "print", "--batch", batch, "--out", pdf)
	c.fails(1, "reason is required", "print", "--batch", batch, "--out", pdf, "--force")
	c.fails(2, "--reason goes with --force", "print", "--batch", batch, "--out", pdf, "--reason", "x")
	c.ok("print", "--batch", batch, "--out", pdf, "--force", "--reason", "in lại hồ sơ thu hồi")
	if out := c.ok("audit", "--action", "batch.print"); !strings.Contains(out, "in lại hồ sơ thu hồi") {
		t.Fatalf("audit lacks the forced print's reason: %q", out)
	}
}
