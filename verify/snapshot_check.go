package verify

import (
	"bytes"
	"errors"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Check judges a code text offline, as the registry stood when the snapshot
// was made; a certificate's expiry is judged on now's calendar day. A
// malformed text returns a *stamp.CodeError. The verdicts, most serious
// first:
//
//   - not_genuine: bad signature or unknown key; a compromised key's code
//     that no batch minted before the compromise holds; a valid signature
//     over a stamp id the snapshot lists under another product or key;
//   - unknown (not_in_snapshot): valid signature, no batch holds the stamp,
//     and its id (a UUIDv7) does not date from after the snapshot;
//   - check_online (newer_than_snapshot): as above, but minted after the
//     snapshot;
//   - revoked: the stamp or its batch;
//   - certification_invalid: none, expired, suspended or withdrawn;
//   - check_online (key_compromised): a compromised key's code in a batch
//     minted before the compromise: only the registry's copy of the
//     signature can tell it from a forgery;
//   - genuine: none of the above, as of the snapshot. Copies of a genuine
//     label cannot be told apart offline.
//
// A stamp is "held" by a batch of its product and key whose span of stamp
// ids contains its id (docs/inspector.md says why that is exact enough).
func (s *Snapshot) Check(text string, now time.Time) (*Result, error) {
	code, key, err := stamp.DecodeAndVerify(text, s.keys)
	if err != nil {
		var ce *stamp.CodeError
		if !errors.As(err, &ce) || ce.Malformed() {
			return nil, err
		}
		r := &Result{Verdict: stamp.NotGenuine, Reason: stamp.ReasonBadSignature, Code: codeInfo(code, key, false), CheckedAt: now}
		if errors.Is(err, stamp.ErrUnknownKey) {
			r.Reason = stamp.ReasonUnknownKey
		}
		return r, nil
	}
	r := &Result{Code: codeInfo(code, key, true), CheckedAt: now}
	compromised := key.State == stamp.KeyCompromised
	batch, ok := s.holder(code)
	if !ok {
		switch {
		case compromised:
			r.Verdict, r.Reason = stamp.NotGenuine, stamp.ReasonKeyCompromised
		case mintedAfter(code.StampID, s.summary.GeneratedAt):
			r.Verdict, r.Reason = stamp.CheckOnline, stamp.ReasonNewerThanSnapshot
		default:
			r.Verdict, r.Reason = stamp.Unknown, stamp.ReasonNotInSnapshot
		}
		return r, nil
	}
	rv := s.revoked[code.StampID]
	if rv != nil && batch == nil {
		r.Verdict, r.Reason = stamp.NotGenuine, stamp.ReasonRegistryMismatch // listed under another product or key
		if compromised {
			r.Reason = stamp.ReasonKeyCompromised
		}
		return r, nil
	}
	if compromised && !batch.MintedAt.Before(*key.CompromisedAt) {
		r.Verdict, r.Reason = stamp.NotGenuine, stamp.ReasonKeyCompromised
		return r, nil
	}
	s.fill(r, code, batch, now)
	switch {
	case rv != nil && !rv.ByBatch:
		r.Verdict, r.Reason = stamp.Revoked, stamp.ReasonStampRevoked
		return r, nil
	case rv != nil || batch.RevokedAt != nil:
		r.Verdict, r.Reason = stamp.Revoked, stamp.ReasonBatchRevoked
		return r, nil
	}
	var cert *stamp.Certification
	if c := s.certs[code.Product]; c != nil {
		cert = c.certification()
	}
	if reason := certProblem(cert, stamp.DateOf(now)); reason != "" {
		r.Verdict, r.Reason = stamp.CertificationInvalid, reason
		return r, nil
	}
	if compromised {
		r.Verdict, r.Reason = stamp.CheckOnline, stamp.ReasonKeyCompromised
		return r, nil
	}
	r.Verdict = stamp.Genuine
	return r, nil
}

// holder returns the batch that holds code's stamp, and whether one does.
// A stamp listed as revoked is held by the batch the list names (nil when
// that batch is of another product or key). A stamp in the spans of several
// batches, none listing it, is in an unrevoked one (see listOverlaps): the
// first such; ok with a nil batch cannot happen then.
func (s *Snapshot) holder(code stamp.Code) (*snapBatch, bool) {
	keyID := code.KeyID.String()
	if rv := s.revoked[code.StampID]; rv != nil {
		for _, b := range s.batches[code.Product] {
			if b.ID == rv.BatchID && b.KeyID == keyID {
				return b, true
			}
		}
		return nil, true
	}
	var held *snapBatch
	id := code.StampID
	for _, b := range s.batches[code.Product] {
		if bytes.Compare(b.FirstStampID[:], id[:]) > 0 {
			break // sorted by first id: no later batch starts at or before id
		}
		if b.KeyID != keyID || bytes.Compare(id[:], b.LastStampID[:]) > 0 {
			continue
		}
		if held == nil || (held.RevokedAt != nil && b.RevokedAt == nil) {
			held = b
		}
	}
	return held, held != nil
}

// mintedAfter reports whether id is a UUIDv7 whose time is after t.
func mintedAfter(id uuid.UUID, t time.Time) bool {
	if id.Version() != 7 {
		return false
	}
	sec, nsec := id.Time().UnixTime()
	return time.Unix(sec, nsec).After(t)
}

// fill copies the snapshot's view of the stamp into r. The snapshot holds
// batches as spans of stamp ids with their first serial and count, not
// each stamp's serial (ids are random: a serial cannot be computed from
// one), so r.Stamp.Serial is known only for a batch of one label; for a
// larger batch SerialFirst and SerialLast give the span it lies in.
func (s *Snapshot) fill(r *Result, code stamp.Code, b *snapBatch, now time.Time) {
	r.Stamp = &StampInfo{ID: code.StampID.String(), BatchID: b.ID.String(), Lot: b.Lot, ProducedOn: b.ProducedOn.String(),
		BestBefore: b.BestBefore.String(), MintedAt: b.MintedAt, RevokedAt: utcPtr(b.RevokedAt), RevokeReason: b.RevokeReason}
	if b.Count == 1 {
		r.Stamp.Serial = stamp.FormatSerial(b.FirstSerial)
	} else if b.Count > 1 {
		r.Stamp.SerialFirst, r.Stamp.SerialLast = stamp.FormatSerial(b.FirstSerial), stamp.FormatSerial(b.FirstSerial+uint64(b.Count)-1)
	}
	if rv := s.revoked[code.StampID]; rv != nil {
		at := rv.RevokedAt
		r.Stamp.RevokedAt, r.Stamp.RevokeReason = &at, rv.Reason
	}
	if p := s.products[code.Product]; p != nil {
		r.Product = &ProductInfo{Number: p.Number, Name: p.Name, Group: p.Group, GTIN: p.GTIN}
	}
	if f := s.facilities[b.FacilityCode]; f != nil {
		r.Facility = &FacilityInfo{Code: f.Code, Name: f.Name, District: f.District, Commune: f.Commune, Address: f.Address, Phone: f.Phone}
	}
	if c := s.certs[code.Product]; c != nil {
		cert := c.certification()
		class := "ocop"
		if cert.Rank == stamp.RankParticipating {
			class = "participating"
		}
		r.Certification = &CertInfo{Rank: int(cert.Rank), Class: class, DecisionNumber: cert.DecisionNumber,
			DecisionDate: cert.DecisionDate.String(), ExpiresOn: cert.ExpiresOn.String(), Status: cert.StateOn(stamp.DateOf(now)),
			StatusReason: cert.StatusReason, ProcessConfirmed: cert.ProcessConfirmed, LabTestDate: cert.LabTestDate.String(),
			DeclarationDate: cert.DeclarationDate.String()}
	}
}

func (c *snapCert) certification() *stamp.Certification {
	return &stamp.Certification{ProductNumber: c.ProductNumber, Rank: c.Rank, DecisionNumber: c.DecisionNumber,
		DecisionDate: c.DecisionDate, ExpiresOn: c.ExpiresOn, Status: c.Status, StatusReason: c.StatusReason,
		ProcessConfirmed: c.ProcessConfirmed, LabTestDate: c.LabTestDate, DeclarationDate: c.DeclarationDate}
}
