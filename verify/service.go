package verify

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/errkind"
)

// DefaultSuspiciousThreshold is the number of distinct scanners above which a
// stamp is reported suspicious when Service.SuspiciousThreshold is zero.
const DefaultSuspiciousThreshold = 20

// Client describes who asked for a lookup. Only the network of Addr is
// hashed (with the recorder's salt) into the scan's ClientHash (see
// Recorder.ClientHash); neither Addr nor UserAgent is stored.
type Client struct {
	Addr      string // remote address as the server trusts it (no port needed)
	UserAgent string
	Channel   string // stamp.ChannelWeb, ChannelAPI, ChannelSerial or ChannelInspector
}

// ViewSource returns the registry's view of a stamp: a storage.Store, or a
// cache in front of one (storage/rediscache). A stamp the registry does not
// hold is a *stamp.Error with code ENotFound.
type ViewSource interface {
	StampView(ctx context.Context, id uuid.UUID) (*storage.StampView, error)
}

// ViewStatsSource is a ViewSource that can also return the stamp's scan
// statistics in the same round trip (storage/rediscache does, with one
// pipelined Redis call). A nil *stamp.ScanStats with a nil error means "not
// known here": the service then asks Service.Store.
type ViewStatsSource interface {
	ViewSource
	StampViewStats(ctx context.Context, id uuid.UUID) (*storage.StampView, *stamp.ScanStats, error)
}

// SerialSource finds a stamp by its printed serial (storage.Store does).
type SerialSource interface {
	StampBySerial(ctx context.Context, serial uint64) (*stamp.Stamp, error)
}

// Service answers lookups. Keys and Views are required; Store supplies scan
// statistics when Views cannot, and stamps by serial; Recorder, when set,
// records every lookup of a validly signed code. The zero values of the other
// fields give the defaults. A Service is safe for concurrent use once its
// fields are set; do not change them afterwards.
type Service struct {
	Keys     *stamp.KeySet
	Views    ViewSource
	Store    storage.Store // scan statistics (ScanStats) and serials (StampBySerial)
	Recorder *Recorder     // nil: scans are not recorded

	// SuspiciousThreshold: a stamp scanned from more distinct networks than
	// this, over at least SuspicionMinSpan, is suspicious (scanner.go). Zero means DefaultSuspiciousThreshold; a negative
	// value disables the check.
	SuspiciousThreshold int
	// Now returns the time of a check; nil means time.Now.
	Now func() time.Time

	initMetrics sync.Once
	metrics     *serviceMetrics
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Service) threshold() int {
	if s.SuspiciousThreshold == 0 {
		return DefaultSuspiciousThreshold
	}
	return s.SuspiciousThreshold
}

// Lookup checks a scanned code text (the bare 143-character text or the whole
// QR URL, any case) and returns its verdict. Result.Message is left empty for
// the caller to fill in the reader's language.
//
// Errors:
//   - a text that is not shaped like a stamp code returns a *stamp.CodeError
//     (Malformed() is true; stamp.ErrorCode gives EInvalid, so HTTP 400);
//   - a well-formed code with a bad signature or an unknown key is not an
//     error: the Result has verdict not_genuine, and neither the cache, the
//     database nor the recorder is touched;
//   - any other error is internal (the database is unreachable, ...).
//
// Every lookup of a validly signed code is queued as a scan on s.Recorder.
// The suspicious verdict uses scan statistics that may lag by up to the
// recorder's flush interval (about a second).
func (s *Service) Lookup(ctx context.Context, text string, cl Client) (*Result, error) {
	now := s.now()
	code, key, err := stamp.DecodeAndVerify(text, s.Keys)
	if err != nil {
		var ce *stamp.CodeError
		if !errors.As(err, &ce) || ce.Malformed() {
			return nil, err
		}
		r := &Result{Verdict: stamp.NotGenuine, Code: codeInfo(code, key, false), CheckedAt: now}
		if errors.Is(err, stamp.ErrUnknownKey) {
			r.Reason = stamp.ReasonUnknownKey
		} else {
			r.Reason = stamp.ReasonBadSignature
		}
		s.count(r)
		return r, nil
	}
	return s.online(ctx, code, key, cl, now, false)
}

// LookupSerial checks a typed serial ("0000-01234-5"; spaces, dashes and dots
// are ignored). A serial proves nothing by itself, so the answer is the
// registry's: the stamp's own code is then checked as Lookup checks a
// scanned one (its Result.Code describes that code), except that what would
// be genuine is serial_found (reason typed_serial): serials are sequential
// and a counterfeiter can print a real one on a fake label. Revoked,
// certification_invalid and suspicious still win. The lookup is recorded as
// a scan on the channel given in cl (the server passes stamp.ChannelSerial).
//
// Errors: a malformed serial or a wrong check digit is a *stamp.Error with
// code EInvalid. A well-formed serial the registry does not hold is not an
// error: the Result has verdict unknown, reason not_in_registry and an empty
// Code section. Other errors are internal.
func (s *Service) LookupSerial(ctx context.Context, serial string, cl Client) (*Result, error) {
	now := s.now()
	n, err := stamp.ParseSerial(serial)
	if err != nil {
		return nil, err
	}
	if s.Store == nil {
		return nil, errors.New("lookup serial: no store configured")
	}
	st, err := s.Store.StampBySerial(ctx, n)
	if stamp.ErrorCode(err) == stamp.ENotFound {
		r := &Result{Verdict: stamp.Unknown, Reason: stamp.ReasonNotInRegistry, CheckedAt: now}
		s.count(r)
		return r, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lookup serial %s: %w", stamp.FormatSerial(n), err)
	}
	code := st.Code()
	key, err := code.Verify(s.Keys)
	if err != nil {
		// The registry holds a stamp whose code does not verify (its key was
		// removed from the key set): report it as the code would be.
		r := &Result{Verdict: stamp.NotGenuine, Reason: stamp.ReasonBadSignature, Code: codeInfo(code, key, false), CheckedAt: now}
		if errors.Is(err, stamp.ErrUnknownKey) {
			r.Reason = stamp.ReasonUnknownKey
		}
		s.count(r)
		return r, nil
	}
	return s.online(ctx, code, key, cl, now, true)
}

// online runs the registry checks for a code whose signature verified;
// typed says the code came from a typed serial (see judge).
func (s *Service) online(ctx context.Context, code stamp.Code, key *stamp.PublicKey, cl Client, now time.Time, typed bool) (*Result, error) {
	view, stats, err := s.viewAndStats(ctx, code.StampID)
	if err != nil && stamp.ErrorCode(err) != stamp.ENotFound {
		return nil, fmt.Errorf("lookup stamp %s: %w", code.StampID, err)
	}
	if err != nil {
		view = nil
	}
	r := judge(code, key, view, stats, now, s.threshold(), typed)
	s.record(code, cl, r, now)
	s.count(r)
	return r, nil
}

// viewAndStats returns the stamp's view and scan statistics; stats is nil
// when the stamp is not in the registry.
func (s *Service) viewAndStats(ctx context.Context, id uuid.UUID) (*storage.StampView, *stamp.ScanStats, error) {
	if s.Views == nil {
		return nil, nil, errors.New("no view source configured")
	}
	var (
		view  *storage.StampView
		stats *stamp.ScanStats
		err   error
	)
	if vs, ok := s.Views.(ViewStatsSource); ok {
		view, stats, err = vs.StampViewStats(ctx, id)
	} else {
		view, err = s.Views.StampView(ctx, id)
	}
	if err != nil {
		return nil, nil, err
	}
	if stats == nil && s.Store != nil && s.threshold() >= 0 {
		st, err := s.Store.ScanStats(ctx, id)
		switch {
		case err == nil:
			stats = &st
		case errkind.Unavailable(err):
			// The view came from the cache but the database that holds the
			// scan figures is down: answer the verdict without them (no
			// scan figures, no copied-stamp check) rather than a 503 for a
			// stamp whose registry entry is known. Counted, not logged per
			// lookup: readiness logs the outage once.
			s.metricsOnce().noStats.Inc()
		default:
			return nil, nil, fmt.Errorf("scan stats: %w", err)
		}
	}
	return view, stats, nil
}

// record queues the scan of a validly signed code.
func (s *Service) record(code stamp.Code, cl Client, r *Result, now time.Time) {
	if s.Recorder == nil {
		return
	}
	ch := cl.Channel
	if ch == "" {
		ch = stamp.ChannelWeb
	}
	s.Recorder.Record(stamp.ScanEvent{
		StampID:       code.StampID,
		At:            now,
		Channel:       ch,
		ClientHash:    s.Recorder.ClientHash(cl.Addr),
		Verdict:       string(r.Verdict),
		ProductNumber: code.Product,
	})
}
