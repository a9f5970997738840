package spool

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
)

// fullDisk mounts a 1 MiB tmpfs for the test (root on Linux only: the test
// is skipped elsewhere, saying why) and returns its path.
func fullDisk(t *testing.T) string {
	t.Helper()
	if runtime.GOOS != "linux" || os.Geteuid() != 0 {
		t.Skip("a full file system needs root on Linux (mount -t tmpfs)")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

// fill writes a file until the disk holding dir is full.
func fill(t *testing.T, dir string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the disk: %v", err)
			}
			return
		}
	}
}

// TestReserveOnFullDisk: a spool with a reserve still takes batches after
// the disk filled up (up to the reserve), says that its reserve is short,
// and reads them all back after a reopen; one without a reserve refuses
// the first batch.
func TestReserveOnFullDisk(t *testing.T) {
	dir := fullDisk(t)
	s, err := Open(filepath.Join(dir, "scans.spool"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Reserve(256 << 10); err != nil {
		t.Fatal(err)
	}
	bare, err := Open(filepath.Join(dir, "bare.spool"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer bare.Close()
	fill(t, dir)
	if s.ReserveErr() != nil {
		t.Fatalf("reserve short before any append: %v", s.ReserveErr())
	}
	if err := bare.Append(events(200)); err == nil {
		t.Fatal("a spool without a reserve took a batch on a full disk")
	}

	// 10 × 200 events ≈ 180 KiB: within the reserve.
	var want int
	for i := range 10 {
		if err := s.Append(events(200)); err != nil {
			t.Fatalf("append %d on a full disk with a reserve: %v", i, err)
		}
		want += 200
	}
	if err := s.ReserveErr(); err == nil || !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("ReserveErr on a full disk: %v, want ENOSPC", err)
	}
	// Beyond the reserve the disk refuses; what was taken stays whole.
	for err == nil {
		if err = s.Append(events(200)); err == nil {
			want += 200
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(filepath.Join(dir, "scans.spool"), 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := len(readAll(t, s)); got != want || s.Events() != int64(want) {
		t.Fatalf("read back %d events (%d counted), want %d", got, s.Events(), want)
	}

	// Room again: a reset empties the spool and the reserve is whole.
	if err := os.Remove(filepath.Join(dir, "filler")); err != nil {
		t.Fatal(err)
	}
	if err := s.Reserve(256 << 10); err != nil || s.ReserveErr() != nil {
		t.Fatalf("reserve with room: %v, %v", err, s.ReserveErr())
	}
}
