package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/verify/qrimage/imagetest"
)

// TestVerifyHostileImage: an image tiled with fake finder patterns is
// reported unreadable (too complex) instead of keeping verify busy for
// minutes, and an ended context (SIGTERM) ends verify before it reads
// anything.
func TestVerifyHostileImage(t *testing.T) {
	c := newCLI(t)
	c.ok("keygen")
	png := filepath.Join(c.dir, "fake-finders.png")
	if err := os.WriteFile(png, imagetest.PNG(t, imagetest.FakeFinders(400, 400, 2)), 0o644); err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(c.dir, "keys", "keys.json")
	code, out, errs := c.run("verify", "--keys-file", keys, png)
	if code != verifyUnreadable || !strings.Contains(out, "không đọc được: image too complex to decode") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	c.fails(2, "--image-timeout must be positive", "verify", "--keys-file", keys, "--image-timeout", "0s", png)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var o, e bytes.Buffer
	args := []string{"verify", "--keys-file", keys, png, png, png}
	if code := run(ctx, args, &IO{In: strings.NewReader(""), Out: &o, Err: &e}); code == 0 || !strings.Contains(e.String(), "canceled") {
		t.Fatalf("cancelled verify: exit %d\nstdout: %s\nstderr: %s", code, o.String(), e.String())
	}
}
