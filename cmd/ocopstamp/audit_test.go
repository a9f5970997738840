package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestAuditCommand(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	c.importSamples()
	batch := strings.TrimSpace(c.ok("mint", "--product", "1003", "--count", "3"))
	c.ok("revoke", "--batch", batch, "--reason", "In lỗi")
	c.ok("token", "create", "--name", "máy trạm", "--role", "viewer")

	out := c.ok("audit")
	for _, want := range []string{"TIME (UTC+7)", "facility.import", "batch.mint", "batch:" + batch, "batch.revoke", "token.create", "token:máy trạm", "cli:"} {
		if !strings.Contains(out, want) {
			t.Fatalf("audit lacks %q:\n%s", want, out)
		}
	}
	var es []struct {
		ID     int64          `json:"id"`
		Actor  string         `json:"actor"`
		Action string         `json:"action"`
		After  map[string]any `json:"after"`
	}
	if err := json.Unmarshal([]byte(c.ok("audit", "--json", "--action", "batch.")), &es); err != nil {
		t.Fatal(err)
	}
	if len(es) != 2 || es[0].Action != "batch.mint" || es[1].Action != "batch.revoke" || es[1].After["reason"] != "In lỗi" ||
		!strings.HasPrefix(es[0].Actor, "cli") {
		t.Fatalf("audit --json: %+v", es)
	}
	if out := c.ok("audit", "--since", "2999-01-01"); strings.Count(out, "\n") != 1 {
		t.Fatalf("audit of the future: %q", out)
	}
	if out := c.ok("audit", "--actor", "nobody"); strings.Count(out, "\n") != 1 {
		t.Fatalf("audit of nobody: %q", out)
	}
	_, _, errs := c.run("audit", "--limit", "2")
	if !strings.Contains(errs, "--limit 2") {
		t.Fatalf("limit note: %q", errs)
	}
	c.fails(2, "since", "audit", "--since", "hôm qua")
	// The audit log is read-only from the command line.
	c.fails(2, "unexpected argument", "audit", "delete")
}
