// Package spool is a local, durable, bounded queue of scan events: one
// append-only file per replica where the scan recorder puts the batches the
// database cannot take, to replay them when it is back. Events carry their
// scan ids, so a replay that is interrupted and done again adds nothing twice.
//
// The file is a sequence of records, each a batch of events:
//
//	uint32 little-endian payload length | uint32 CRC-32C of the payload | payload
//
// Append writes one record and syncs the file before it returns. Open reads
// the records back, cuts a torn or corrupt tail (a crash during an append;
// that batch was never acknowledged) and holds an exclusive lock on the file,
// so two replicas cannot share one.
package spool

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// ErrFull is returned by Append when the record would take the file beyond
// its bound.
var ErrFull = errors.New("scan spool is full")

// maxRecord bounds one record's payload, so that a corrupt length cannot ask
// for gigabytes.
const maxRecord = 64 << 20

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Spool is an open spool file. It is not safe for concurrent use: the
// recorder's writer goroutine owns it.
type Spool struct {
	f        *os.File
	path     string
	maxBytes int64
	size     int64 // bytes of whole records
	events   int64 // events in the file
	readOff  int64 // next record Peek returns
	peeked   int64 // size of the record Peek returned
	reserve  int64 // bytes kept allocated past the end (Reserve)
	// short holds the last error of topping the reserve up (nil: full
	// reserve); read by ReserveErr from other goroutines.
	short atomic.Pointer[error]
}

// Open opens (creating it and its folder) the spool file at path, bounded to
// maxBytes (<= 0: 1 GiB). It fails when the file cannot be opened or is
// locked by another process.
func Open(path string, maxBytes int64) (*Spool, error) {
	if maxBytes <= 0 {
		maxBytes = 1 << 30
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("scan spool: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("scan spool: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("scan spool %s: locked by another process (give each replica its own file): %w", path, err)
	}
	s := &Spool{f: f, path: path, maxBytes: maxBytes}
	if err := s.recover(); err != nil {
		f.Close()
		return nil, err
	}
	return s, nil
}

// recover counts the whole records and cuts what follows them.
func (s *Spool) recover() error {
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("scan spool: %w", err)
	}
	r := bufio.NewReaderSize(s.f, 1<<20)
	var off, n int64
	for {
		evs, size, err := readRecord(r)
		if err != nil {
			break // EOF, or a torn tail
		}
		off += size
		n += int64(len(evs))
	}
	fi, err := s.f.Stat()
	if err != nil {
		return fmt.Errorf("scan spool: %w", err)
	}
	if fi.Size() != off {
		if err := s.f.Truncate(off); err != nil {
			return fmt.Errorf("scan spool: cut torn tail: %w", err)
		}
		if err := s.f.Sync(); err != nil {
			return fmt.Errorf("scan spool: %w", err)
		}
	}
	s.size, s.events = off, n
	return nil
}

// Reserve keeps n bytes (at most the bound's remainder) allocated on disk
// past the last record, topped up after every Append and Reset: when the
// disk fills, the spool still takes that much (the scans in memory when it
// filled, and those drained at shutdown). It allocates with fallocate
// keeping the file's size (Linux; elsewhere it fails). It returns the
// allocation's error, e.g. when the disk is already full; the spool then
// works without the missing room and ReserveErr reports it.
func (s *Spool) Reserve(n int64) error {
	s.reserve = max(n, 0)
	return s.topUp()
}

// topUp allocates the reserve again past the end; its error is kept for
// ReserveErr.
func (s *Spool) topUp() error {
	n := min(s.reserve, s.maxBytes-s.size)
	if n <= 0 {
		s.short.Store(nil)
		return nil
	}
	if err := allocate(s.f, s.size, n); err != nil {
		err = fmt.Errorf("scan spool %s: reserve %d bytes: %w", s.path, n, err)
		s.short.Store(&err)
		return err
	}
	s.short.Store(nil)
	return nil
}

// ReserveErr returns why the reserve could not be kept whole the last time
// it was topped up (the disk is full: what is left of it is all the spool
// can still take), nil while it is whole or none was asked for. It is safe
// to call from any goroutine.
func (s *Spool) ReserveErr() error {
	if p := s.short.Load(); p != nil {
		return *p
	}
	return nil
}

// Path returns the spool file's path.
func (s *Spool) Path() string { return s.path }

// Size returns the bytes of records in the file.
func (s *Spool) Size() int64 { return s.size }

// Events returns the number of events in the file, replayed or not.
func (s *Spool) Events() int64 { return s.events }

// Pending reports whether records remain past the read position.
func (s *Spool) Pending() bool { return s.readOff < s.size }

// Append writes evs as one record at the end of the file and syncs it. It
// returns ErrFull when the file would exceed its bound, and the write or sync
// error otherwise (the file is then cut back to its last whole record).
func (s *Spool) Append(evs []stamp.ScanEvent) error {
	if len(evs) == 0 {
		return nil
	}
	rec := encode(evs)
	if s.size+int64(len(rec)) > s.maxBytes {
		return ErrFull
	}
	if _, err := s.f.WriteAt(rec, s.size); err != nil {
		return s.undo(fmt.Errorf("scan spool: write: %w", err))
	}
	if err := s.f.Sync(); err != nil {
		return s.undo(fmt.Errorf("scan spool: sync: %w", err))
	}
	s.size += int64(len(rec))
	s.events += int64(len(evs))
	if s.reserve > 0 {
		s.topUp() // a failure is kept for ReserveErr
	}
	return nil
}

// undo forgets a failed append. Without a reserve the file is cut back to
// its last whole record; with one the torn bytes stay past the end (cutting
// would free the reserved room too): the next Append writes over them, and
// Open cuts them if none does.
func (s *Spool) undo(err error) error {
	if s.reserve > 0 {
		return err
	}
	if terr := s.f.Truncate(s.size); terr != nil {
		return errors.Join(err, terr)
	}
	return err
}

// Peek returns the events of the next unread record, nil at the end; Skip
// moves past it.
func (s *Spool) Peek() ([]stamp.ScanEvent, error) {
	if s.readOff >= s.size {
		return nil, nil
	}
	r := bufio.NewReader(io.NewSectionReader(s.f, s.readOff, s.size-s.readOff))
	evs, size, err := readRecord(r)
	if err != nil {
		return nil, fmt.Errorf("scan spool %s at %d: %w", s.path, s.readOff, err)
	}
	s.peeked = size
	return evs, nil
}

// Skip moves the read position past the record Peek returned last.
func (s *Spool) Skip() {
	s.readOff += s.peeked
	s.peeked = 0
}

// Rewind moves the read position back to the first record.
func (s *Spool) Rewind() { s.readOff, s.peeked = 0, 0 }

// Reset empties the file once every record has been replayed.
func (s *Spool) Reset() error {
	if err := s.f.Truncate(0); err != nil {
		return fmt.Errorf("scan spool: reset: %w", err)
	}
	if err := s.f.Sync(); err != nil {
		return fmt.Errorf("scan spool: reset: %w", err)
	}
	s.size, s.events, s.readOff, s.peeked = 0, 0, 0, 0
	if s.reserve > 0 {
		s.topUp() // a failure is kept for ReserveErr
	}
	return nil
}

// Close releases the lock and closes the file.
func (s *Spool) Close() error { return s.f.Close() }

// Event encoding: 16 id, 16 stamp id, 8 at (unix µs, 0 for none), 4 product,
// then channel, client hash and verdict as uvarint-length strings.
func encode(evs []stamp.ScanEvent) []byte {
	b := make([]byte, 8, 8+len(evs)*120)
	for i := range evs {
		e := &evs[i]
		b = append(b, e.ID[:]...)
		b = append(b, e.StampID[:]...)
		var at int64
		if !e.At.IsZero() {
			at = e.At.UnixMicro()
		}
		b = binary.LittleEndian.AppendUint64(b, uint64(at))
		b = binary.LittleEndian.AppendUint32(b, e.ProductNumber)
		for _, s := range [3]string{e.Channel, e.ClientHash, e.Verdict} {
			b = binary.AppendUvarint(b, uint64(len(s)))
			b = append(b, s...)
		}
	}
	payload := b[8:]
	binary.LittleEndian.PutUint32(b[0:4], uint32(len(payload)))
	binary.LittleEndian.PutUint32(b[4:8], crc32.Checksum(payload, castagnoli))
	return b
}

var errCorrupt = errors.New("corrupt record")

// readRecord reads one record; size is its length on disk.
func readRecord(r *bufio.Reader) (evs []stamp.ScanEvent, size int64, err error) {
	var hdr [8]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return nil, 0, err
	}
	n := binary.LittleEndian.Uint32(hdr[0:4])
	if n == 0 || n > maxRecord {
		return nil, 0, errCorrupt
	}
	payload := make([]byte, n)
	if _, err := io.ReadFull(r, payload); err != nil {
		return nil, 0, err
	}
	if crc32.Checksum(payload, castagnoli) != binary.LittleEndian.Uint32(hdr[4:8]) {
		return nil, 0, errCorrupt
	}
	for p := payload; len(p) > 0; {
		var e stamp.ScanEvent
		if len(p) < 44 {
			return nil, 0, errCorrupt
		}
		e.ID, _ = uuid.FromBytes(p[0:16])
		e.StampID, _ = uuid.FromBytes(p[16:32])
		if at := int64(binary.LittleEndian.Uint64(p[32:40])); at != 0 {
			e.At = time.UnixMicro(at).UTC()
		}
		e.ProductNumber = binary.LittleEndian.Uint32(p[40:44])
		p = p[44:]
		var strs [3]string
		for i := range strs {
			l, k := binary.Uvarint(p)
			if k <= 0 || uint64(len(p)-k) < l {
				return nil, 0, errCorrupt
			}
			strs[i] = string(p[k : k+int(l)])
			p = p[k+int(l):]
		}
		e.Channel, e.ClientHash, e.Verdict = strs[0], strs[1], strs[2]
		evs = append(evs, e)
	}
	return evs, int64(8 + n), nil
}
