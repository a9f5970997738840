package verify

import (
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// judge decides the verdict of a validly signed code from the registry's
// view (nil when the registry does not hold the stamp) and the stamp's scan
// statistics before this scan (nil when unknown). threshold < 0 disables the
// suspicious check. The rules, most serious first, are the order of
// stamp.Verdicts; docs/api.md lists them for API users. typed says the code
// came from a typed serial (LookupSerial), not from a scanned label: what
// would be genuine is then serial_found, since a serial can be copied.
func judge(code stamp.Code, key *stamp.PublicKey, view *storage.StampView, stats *stamp.ScanStats, now time.Time, threshold int, typed bool) *Result {
	r := &Result{Code: codeInfo(code, key, true), CheckedAt: now}
	compromised := key.State == stamp.KeyCompromised
	if view == nil {
		if compromised {
			// A compromised key signs anything: a code the registry does not
			// hold is not the office's.
			r.Verdict, r.Reason = stamp.NotGenuine, stamp.ReasonKeyCompromised
		} else {
			r.Verdict, r.Reason = stamp.Unknown, stamp.ReasonNotInRegistry
		}
		return r
	}
	st := view.Stamp
	// The registry must hold this very code: same product number, same key,
	// and (when the store keeps it) the same signature. A valid signature over
	// different data means someone else holds the key.
	var zeroSig [stamp.SignatureSize]byte
	if st.ProductNumber != code.Product || st.KeyID != code.KeyID ||
		(st.Signature != zeroSig && st.Signature != code.Signature) {
		r.Verdict, r.Reason = stamp.NotGenuine, stamp.ReasonRegistryMismatch
		if compromised {
			r.Reason = stamp.ReasonKeyCompromised
		}
		return r
	}
	if compromised && !st.MintedAt.Before(*key.CompromisedAt) {
		r.Verdict, r.Reason = stamp.NotGenuine, stamp.ReasonKeyCompromised
		return r
	}
	fill(r, view, now)
	switch {
	case st.RevokedAt != nil:
		r.Verdict, r.Reason = stamp.Revoked, stamp.ReasonStampRevoked
		return r
	case view.Batch.RevokedAt != nil:
		r.Verdict, r.Reason = stamp.Revoked, stamp.ReasonBatchRevoked
		return r
	}
	if reason := certProblem(view.Certification, stamp.DateOf(now)); reason != "" {
		r.Verdict, r.Reason = stamp.CertificationInvalid, reason
		r.Scans = scanInfo(stats, now)
		return r
	}
	r.Scans = scanInfo(stats, now)
	if manyScanners(r.Scans, now, threshold) {
		r.Verdict, r.Reason = stamp.Suspicious, stamp.ReasonManyScanners
		return r
	}
	if typed {
		r.Verdict, r.Reason = stamp.SerialFound, stamp.ReasonTypedSerial
		return r
	}
	r.Verdict = stamp.Genuine
	return r
}

// certProblem returns the reason the certification makes the product's
// stamps invalid on day d, or "".
func certProblem(c *stamp.Certification, d stamp.Date) string {
	if c == nil {
		return stamp.ReasonNoCertification
	}
	switch c.StateOn(d) {
	case stamp.CertValid:
		return ""
	case stamp.CertSuspended:
		return stamp.ReasonCertSuspended
	case stamp.CertWithdrawn:
		return stamp.ReasonCertWithdrawn
	default:
		return stamp.ReasonCertExpired
	}
}

// scanInfo summarises the scans before this one plus this one. Statistics
// lag by up to the recorder's flush interval, and this client may or may not
// be new: the distinct count is the recorded one, at least 1.
func scanInfo(stats *stamp.ScanStats, now time.Time) *ScanInfo {
	if stats == nil {
		return nil
	}
	si := &ScanInfo{Count: stats.Count + 1, DistinctClients: max(stats.DistinctClients, 1)}
	first := now.UTC()
	if stats.FirstAt != nil && stats.FirstAt.Before(first) {
		first = stats.FirstAt.UTC()
	}
	si.FirstAt = &first
	return si
}
