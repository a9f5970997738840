package verify

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// SnapshotSource is what a snapshot reads from the registry store. Both SQL
// stores implement it.
type SnapshotSource interface {
	Facilities(ctx context.Context) ([]stamp.Facility, error)
	Products(ctx context.Context) ([]stamp.Product, error)
	BatchesOf(ctx context.Context, product uint32) ([]stamp.Batch, error)
	BatchStamps(ctx context.Context, batch uuid.UUID, from, to uint64, fn func(stamp.Stamp) error) error
	RegistryVersion(ctx context.Context) (int64, error)
	storage.Snapshots
}

// snapshotAttempts bounds the reads of a registry that keeps changing.
const snapshotAttempts = 4

// WriteSnapshot reads the registry from src and writes a snapshot signed by
// signer, generated at now, to w: an HTTP handler can serve it as is
// (Content-Type application/json). keys is the office's public key set,
// embedded so that inspectors learn of rotations and compromises; the
// signer's key must be in it and active.
//
// The reads are not one transaction: WriteSnapshot compares the registry
// version before and after and reads again when a write came in between.
// It fails with an EInvalid *stamp.Error when the signer cannot sign
// snapshots, an EConflict one when the registry changed during every
// attempt, and a wrapped error when reading or writing fails; nothing is
// written to w unless the whole snapshot was built.
func WriteSnapshot(ctx context.Context, w io.Writer, src SnapshotSource, signer *stamp.Signer, keys *stamp.KeySet, now time.Time) (SnapshotSummary, error) {
	data, sum, err := BuildSnapshot(ctx, src, signer, keys, now)
	if err != nil {
		return sum, err
	}
	if _, err := w.Write(data); err != nil {
		return sum, fmt.Errorf("write snapshot: %w", err)
	}
	return sum, nil
}

// BuildSnapshot is WriteSnapshot returning the file's bytes.
func BuildSnapshot(ctx context.Context, src SnapshotSource, signer *stamp.Signer, keys *stamp.KeySet, now time.Time) ([]byte, SnapshotSummary, error) {
	if err := checkSnapshotSigner(signer, keys); err != nil {
		return nil, SnapshotSummary{}, err
	}
	keysJSON, err := keys.MarshalJSON()
	if err != nil {
		return nil, SnapshotSummary{}, fmt.Errorf("snapshot: key set: %w", err)
	}
	for attempt := 1; ; attempt++ {
		before, err := src.RegistryVersion(ctx)
		if err != nil {
			return nil, SnapshotSummary{}, fmt.Errorf("snapshot: %w", err)
		}
		body, err := readSnapshotBody(ctx, src)
		if err != nil {
			return nil, SnapshotSummary{}, fmt.Errorf("snapshot: %w", err)
		}
		after, err := src.RegistryVersion(ctx)
		if err != nil {
			return nil, SnapshotSummary{}, fmt.Errorf("snapshot: %w", err)
		}
		if before != after {
			if attempt == snapshotAttempts {
				return nil, SnapshotSummary{}, stamp.Errorf(stamp.EConflict, "the registry changed during each of %d attempts to read it: try again later", attempt)
			}
			continue
		}
		body.Format, body.GeneratedAt, body.RegistryVersion, body.Keys = SnapshotFormat, now.UTC().Truncate(time.Microsecond), after, keysJSON
		return sealSnapshot(body, signer)
	}
}

// checkSnapshotSigner requires the signer's key in keys, active.
func checkSnapshotSigner(signer *stamp.Signer, keys *stamp.KeySet) error {
	if signer == nil {
		return stamp.Errorf(stamp.EInvalid, "no active signing key: run 'ocopstamp keygen'")
	}
	k := keys.Lookup(signer.KeyID())
	if k == nil || !bytes.Equal(k.Key, signer.Public()) {
		return stamp.Errorf(stamp.EInvalid, "signing key %s is not in the key set", signer.KeyID())
	}
	if k.State != stamp.KeyActive {
		return stamp.Errorf(stamp.EInvalid, "key %s is %s: snapshots are signed with the active key", k.ID, k.State)
	}
	return nil
}

// sealSnapshot encodes body canonically, signs it and wraps it.
func sealSnapshot(body *snapshotBody, signer *stamp.Signer) ([]byte, SnapshotSummary, error) {
	raw, err := canonicalJSON(body)
	if err != nil {
		return nil, SnapshotSummary{}, fmt.Errorf("snapshot: encode: %w", err)
	}
	env := snapshotEnvelope{Format: SnapshotFormat, KeyID: signer.KeyID().String(), Body: raw,
		Signature: signer.SignMessage(SnapshotPrefix, raw)}
	out, err := json.MarshalIndent(env, "", "  ")
	if err != nil {
		return nil, SnapshotSummary{}, fmt.Errorf("snapshot: encode: %w", err)
	}
	out = append(out, '\n')
	sum := body.summary(env.KeyID)
	sum.Bytes = len(out)
	return out, sum, nil
}

// canonicalJSON writes v without white space or HTML escaping.
func canonicalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (b *snapshotBody) summary(keyID string) SnapshotSummary {
	s := SnapshotSummary{Format: b.Format, GeneratedAt: b.GeneratedAt, RegistryVersion: b.RegistryVersion, SignedBy: keyID,
		Facilities: len(b.Facilities), Products: len(b.Products), Certifications: len(b.Certifications),
		Batches: len(b.Batches), RevokedStamps: len(b.RevokedStamps)}
	for _, bt := range b.Batches {
		if bt.RevokedAt != nil {
			s.RevokedBatches++
		}
	}
	return s
}

// readSnapshotBody reads the registry's part of a snapshot.
func readSnapshotBody(ctx context.Context, src SnapshotSource) (*snapshotBody, error) {
	body := &snapshotBody{Facilities: []snapFacility{}, Products: []snapProduct{}, Certifications: []snapCert{},
		Batches: []snapBatch{}, RevokedStamps: []snapRevoked{}}
	fs, err := src.Facilities(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range fs {
		body.Facilities = append(body.Facilities, snapFacility{Code: f.Code, Name: f.Name, Kind: f.Kind, District: f.District,
			Commune: f.Commune, Address: f.Address, Phone: f.Phone})
	}
	sort.Slice(body.Facilities, func(i, j int) bool { return body.Facilities[i].Code < body.Facilities[j].Code })
	ps, err := src.Products(ctx)
	if err != nil {
		return nil, err
	}
	for _, p := range ps {
		body.Products = append(body.Products, snapProduct{Number: p.Number, FacilityCode: p.FacilityCode, Name: p.Name, Group: p.Group, GTIN: p.GTIN})
	}
	sort.Slice(body.Products, func(i, j int) bool { return body.Products[i].Number < body.Products[j].Number })
	cs, err := src.CurrentCertifications(ctx)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		body.Certifications = append(body.Certifications, snapCert{ProductNumber: c.ProductNumber, Rank: c.Rank,
			DecisionNumber: c.DecisionNumber, DecisionDate: c.DecisionDate, ExpiresOn: c.ExpiresOn, Status: c.Status,
			StatusReason: c.StatusReason, ProcessConfirmed: c.ProcessConfirmed, LabTestDate: c.LabTestDate, DeclarationDate: c.DeclarationDate})
	}
	sort.Slice(body.Certifications, func(i, j int) bool {
		return body.Certifications[i].ProductNumber < body.Certifications[j].ProductNumber
	})
	if err := readSnapshotBatches(ctx, src, body); err != nil {
		return nil, err
	}
	return body, nil
}

// readSnapshotBatches fills the batches with their stamp id spans and the
// revoked stamps.
func readSnapshotBatches(ctx context.Context, src SnapshotSource, body *snapshotBody) error {
	bs, err := src.BatchesOf(ctx, 0)
	if err != nil {
		return err
	}
	ranges, err := src.StampIDRanges(ctx)
	if err != nil {
		return err
	}
	span := make(map[uuid.UUID]storage.StampIDRange, len(ranges))
	for _, r := range ranges {
		span[r.Batch] = r
	}
	for _, b := range bs {
		r, ok := span[b.ID]
		if !ok {
			continue // minted after the ranges were read: the version check reads again
		}
		body.Batches = append(body.Batches, snapBatch{ID: b.ID, ProductNumber: b.ProductNumber, FacilityCode: b.FacilityCode,
			KeyID: b.KeyID.String(), Count: b.Count, FirstSerial: b.FirstSerial, FirstStampID: r.First, LastStampID: r.Last,
			Lot: b.Lot, ProducedOn: b.ProducedOn, BestBefore: b.BestBefore, MintedAt: b.MintedAt.UTC(),
			RevokedAt: utcPtr(b.RevokedAt), RevokeReason: b.RevokeReason})
	}
	sort.Slice(body.Batches, func(i, j int) bool {
		a, b := &body.Batches[i], &body.Batches[j]
		if a.ProductNumber != b.ProductNumber {
			return a.ProductNumber < b.ProductNumber
		}
		if c := bytes.Compare(a.FirstStampID[:], b.FirstStampID[:]); c != 0 {
			return c < 0
		}
		return bytes.Compare(a.ID[:], b.ID[:]) < 0
	})
	seen := map[uuid.UUID]bool{}
	err = src.RevokedStamps(ctx, func(st stamp.Stamp) error {
		seen[st.ID] = true
		body.RevokedStamps = append(body.RevokedStamps, snapRevoked{ID: st.ID, BatchID: st.BatchID, RevokedAt: st.RevokedAt.UTC(), Reason: st.RevokeReason})
		return nil
	})
	if err != nil {
		return err
	}
	if err := listOverlaps(ctx, src, body, seen); err != nil {
		return err
	}
	sort.Slice(body.RevokedStamps, func(i, j int) bool {
		return bytes.Compare(body.RevokedStamps[i].ID[:], body.RevokedStamps[j].ID[:]) < 0
	})
	return nil
}

// listOverlaps keeps batch revocations exact when stamp id spans overlap.
// The minter issues time-ordered ids, so the spans of the batches of one
// product and key are disjoint unless two batches were minted at the same
// time. A stamp id inside two spans could belong to either batch; so for
// each revoked batch whose span overlaps another's, its stamps inside the
// overlap are listed one by one (by_batch). A verifier then calls a stamp
// batch-revoked only when it is listed or every span holding it is a
// revoked batch's.
func listOverlaps(ctx context.Context, src SnapshotSource, body *snapshotBody, listed map[uuid.UUID]bool) error {
	type interval struct{ lo, hi uuid.UUID }
	need := map[int][]interval{} // index in body.Batches -> overlaps to list
	bs := body.Batches
	for i := range bs {
		for j := i + 1; j < len(bs) && bs[j].ProductNumber == bs[i].ProductNumber; j++ {
			a, b := &bs[i], &bs[j]
			if bytes.Compare(b.FirstStampID[:], a.LastStampID[:]) > 0 {
				break // b, and every later batch (sorted by first id), starts after a ends
			}
			if a.KeyID != b.KeyID || (a.RevokedAt == nil && b.RevokedAt == nil) {
				continue
			}
			hi := a.LastStampID
			if bytes.Compare(b.LastStampID[:], hi[:]) < 0 {
				hi = b.LastStampID
			}
			iv := interval{b.FirstStampID, hi}
			if a.RevokedAt != nil {
				need[i] = append(need[i], iv)
			}
			if b.RevokedAt != nil {
				need[j] = append(need[j], iv)
			}
		}
	}
	for i, ivs := range need {
		b := &bs[i]
		err := src.BatchStamps(ctx, b.ID, 0, 0, func(st stamp.Stamp) error {
			if listed[st.ID] {
				return nil
			}
			for _, iv := range ivs {
				if bytes.Compare(st.ID[:], iv.lo[:]) >= 0 && bytes.Compare(st.ID[:], iv.hi[:]) <= 0 {
					listed[st.ID] = true
					body.RevokedStamps = append(body.RevokedStamps, snapRevoked{ID: st.ID, BatchID: b.ID,
						RevokedAt: *b.RevokedAt, Reason: b.RevokeReason, ByBatch: true})
					return nil
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
