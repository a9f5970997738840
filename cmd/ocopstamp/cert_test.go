package main

import (
	"strings"
	"testing"
)

// certIDOf returns the id in the first row of "cert list --product N".
func certIDOf(t *testing.T, c *cli, product string) string {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(c.ok("cert", "list", "--product", product)), "\n")
	if len(lines) < 2 {
		t.Fatalf("product %s has no certification", product)
	}
	return strings.Fields(lines[1])[0]
}

func TestCertCommands(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	c.importSamples()
	list := c.ok("cert", "list")
	if !strings.Contains(list, "1234/QĐ-UBND (mẫu)") || !strings.Contains(list, "valid") {
		t.Fatalf("cert list:\n%s", list)
	}
	id := certIDOf(t, c, "1001")

	c.fails(2, "--reason is required", "cert", "suspend", id)
	out := c.ok("cert", "suspend", id, "--reason", "Kết quả kiểm nghiệm không đạt")
	if !strings.Contains(out, "now suspended") {
		t.Fatalf("suspend: %q", out)
	}
	if l := c.ok("cert", "list", "--product", "1001"); !strings.Contains(l, "suspended") || !strings.Contains(l, "Kết quả kiểm nghiệm không đạt") {
		t.Fatalf("after suspend:\n%s", l)
	}
	c.fails(1, "suspended", "mint", "--product", "1001", "--count", "1")
	c.ok("cert", "restore", id)
	c.ok("mint", "--product", "1001", "--count", "1")
	out = c.ok("cert", "rank", id, "5")
	if !strings.Contains(out, "5 sao") {
		t.Fatalf("rank: %q", out)
	}
	c.ok("cert", "rank", id, "--rank", "tham gia")
	c.fails(2, "rank", "cert", "rank", id, "2")
	c.ok("cert", "withdraw", id, "--reason", "Cơ sở ngừng sản xuất")
	c.fails(1, "not found", "cert", "suspend", "9999", "--reason", "x")
	c.fails(2, "certification id", "cert", "restore", "abc")
	c.fails(2, "unknown cert command", "cert", "delete", id)

	out = c.ok("cert", "add", "--product", "1001", "--rank", "4", "--decision", "99/QĐ-UBND", "--date", "01/11/2026", "--lab-test", "2026-10-20")
	if !strings.Contains(out, "added certification") {
		t.Fatalf("add: %q", out)
	}
	c.fails(2, "--date", "cert", "add", "--product", "1001", "--rank", "4", "--decision", "x", "--date", "hôm qua")
	c.fails(1, "not in the registry", "cert", "add", "--product", "77", "--rank", "4", "--decision", "x", "--date", "2026-01-01")

	audit := c.ok("audit", "--action", "certification.")
	for _, want := range []string{"certification.status", "certification.rank", "certification.create", "cli:"} {
		if !strings.Contains(audit, want) {
			t.Fatalf("audit lacks %q:\n%s", want, audit)
		}
	}
}
