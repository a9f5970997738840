// Package nodetest finds Node.js for the tests that check this module
// against JavaScript code (the inspector app's verifier, digital-link.js).
package nodetest

import (
	"os"
	"os/exec"
	"testing"
)

// Node returns the path of the node binary. Without node on PATH it skips
// the test, saying why (what needs it), or fails it when CI is set.
func Node(t testing.TB, what string) string {
	t.Helper()
	p, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("node not found: install nodejs (scripts/install-deps.sh) to %s", what)
		}
		t.Skipf("node not found: install nodejs to %s", what)
	}
	return p
}
