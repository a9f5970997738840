package spool

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func events(n int) []stamp.ScanEvent {
	evs := make([]stamp.ScanEvent, n)
	t0 := time.Date(2026, 11, 29, 8, 0, 0, 0, time.UTC)
	for i := range evs {
		evs[i] = stamp.ScanEvent{ID: uuid.Must(uuid.NewV7()), StampID: uuid.New(), At: t0.Add(time.Duration(i) * time.Microsecond),
			Channel: stamp.ChannelWeb, ClientHash: fmt.Sprintf("%064x", i), Verdict: "genuine", ProductNumber: uint32(i)}
	}
	evs[0].At = time.Time{} // no time stays no time
	return evs
}

func readAll(t *testing.T, s *Spool) []stamp.ScanEvent {
	t.Helper()
	var all []stamp.ScanEvent
	for {
		evs, err := s.Peek()
		if err != nil {
			t.Fatal(err)
		}
		if evs == nil {
			return all
		}
		s.Skip()
		all = append(all, evs...)
	}
}

func TestSpoolRoundTripReopenAndTornTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "spool", "scans.spool")
	s, err := Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	a, b := events(3), events(500)
	if err := s.Append(a); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(b); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(path, 0); err == nil {
		t.Fatal("a second Open of a locked spool succeeded")
	}
	if got := readAll(t, s); len(got) != 503 || got[0] != a[0] || got[502] != b[499] {
		t.Fatalf("read back %d events; first %+v", len(got), got[0])
	}
	size := s.Size()
	s.Close()

	// A crash in the middle of an append leaves a torn record: Open cuts it.
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write(encode(events(2))[:30])
	f.Close()
	s, err = Open(path, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Size() != size || s.Events() != 503 {
		t.Fatalf("after a torn tail: size %d events %d, want %d, 503", s.Size(), s.Events(), size)
	}
	if got := readAll(t, s); len(got) != 503 || got[3] != b[0] {
		t.Fatalf("read back %d events after reopening", len(got))
	}
	if s.Pending() {
		t.Fatal("pending after reading everything")
	}
	s.Rewind()
	if !s.Pending() {
		t.Fatal("nothing pending after Rewind")
	}
	if err := s.Reset(); err != nil {
		t.Fatal(err)
	}
	if fi, _ := os.Stat(path); fi.Size() != 0 || s.Events() != 0 || s.Pending() {
		t.Fatalf("after Reset: %d bytes, %d events", fi.Size(), s.Events())
	}
}

func TestSpoolBound(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "scans.spool"), 4096)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Append(events(20)); err != nil {
		t.Fatal(err)
	}
	if err := s.Append(events(20)); !errors.Is(err, ErrFull) {
		t.Fatalf("append beyond the bound: %v, want ErrFull", err)
	}
	if s.Events() != 20 {
		t.Fatalf("events %d after a refused append", s.Events())
	}
}
