package verify

import (
	"bytes"
	"crypto/ed25519"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Snapshot is a registry snapshot whose signature checked, ready to judge
// codes offline (Check). It is safe for concurrent use.
type Snapshot struct {
	summary    SnapshotSummary
	keys       *stamp.KeySet
	facilities map[string]*snapFacility
	products   map[uint32]*snapProduct
	certs      map[uint32]*snapCert
	batches    map[uint32][]*snapBatch // by product, sorted by first stamp id
	revoked    map[uuid.UUID]*snapRevoked
}

// LoadSnapshot reads and opens the snapshot file at path (see
// OpenSnapshot).
func LoadSnapshot(path string, trusted *stamp.KeySet) (*Snapshot, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, stamp.Errorf(stamp.EInvalid, "registry snapshot: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxSnapshotSize+1))
	if err != nil {
		return nil, stamp.Errorf(stamp.EInvalid, "registry snapshot %s: %v", path, err)
	}
	s, err := OpenSnapshot(data, trusted)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return s, nil
}

// OpenSnapshot checks a snapshot file against the trusted public keys (the
// inspector's keys.json) and reads it. It refuses, with an EInvalid
// *stamp.Error whose one-line message says why, a file that is not a
// snapshot of this format, whose signing key is not in trusted, whose
// signature does not verify over the body, that was signed by a key
// compromised at any time (a compromised key can sign any date) or by a key
// after it was retired, whose body is malformed, or whose parts do not fit
// together. The snapshot's own key set (newer or older than trusted) is
// merged into trusted: the result, from Keys, is what codes are checked
// against.
func OpenSnapshot(data []byte, trusted *stamp.KeySet) (*Snapshot, error) {
	bad := func(format string, args ...any) (*Snapshot, error) {
		return nil, stamp.Errorf(stamp.EInvalid, "registry snapshot: "+format, args...)
	}
	if len(data) > MaxSnapshotSize {
		return bad("larger than %d MiB", MaxSnapshotSize>>20)
	}
	var env snapshotEnvelope
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		return bad("not a registry snapshot file (%v)", err)
	}
	if env.Format != SnapshotFormat {
		return bad("format %q, want %q", env.Format, SnapshotFormat)
	}
	id, err := stamp.ParseKeyID(env.KeyID)
	if err != nil {
		return bad("key id %q is not 8 hex digits", env.KeyID)
	}
	key := trusted.Lookup(id)
	if key == nil {
		return bad("signed by key %s, which is not among the trusted public keys: get the office's current keys.json", id)
	}
	if len(env.Signature) != ed25519.SignatureSize {
		return bad("signature is %d bytes, want %d", len(env.Signature), ed25519.SignatureSize)
	}
	msg := append([]byte(SnapshotPrefix), env.Body...)
	if !ed25519.Verify(key.Key, msg, env.Signature) {
		return bad("signature does not verify with key %s: the file was altered or was not made by the office", id)
	}
	var body snapshotBody
	dec = json.NewDecoder(bytes.NewReader(env.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		return bad("signed body does not parse (%v)", err)
	}
	if body.Format != SnapshotFormat {
		return bad("body format %q, want %q", body.Format, SnapshotFormat)
	}
	own, err := stamp.ParseKeySet(body.Keys)
	if err != nil {
		return bad("%s", stamp.ErrorMessage(err))
	}
	keys, err := mergeKeys(trusted, own)
	if err != nil {
		return bad("%v", err)
	}
	// The signing key's state as either key set knows it.
	switch k := keys.Lookup(id); {
	case k.State == stamp.KeyCompromised:
		return bad("signed by key %s, compromised since %s: get a new snapshot signed with the office's current key",
			id, k.CompromisedAt.UTC().Format(time.RFC3339))
	case k.RetiredAt != nil && body.GeneratedAt.After(*k.RetiredAt):
		return bad("dated %s but signed by key %s, retired at %s: the office signs snapshots with its active key",
			body.GeneratedAt.UTC().Format(time.RFC3339), id, k.RetiredAt.UTC().Format(time.RFC3339))
	}
	s, err := index(&body, keys)
	if err != nil {
		return bad("%v", err)
	}
	s.summary = body.summary(id.String())
	s.summary.Bytes = len(data)
	return s, nil
}

// index checks that the body's parts fit together and builds the lookups.
func index(b *snapshotBody, keys *stamp.KeySet) (*Snapshot, error) {
	s := &Snapshot{keys: keys, facilities: map[string]*snapFacility{}, products: map[uint32]*snapProduct{},
		certs: map[uint32]*snapCert{}, batches: map[uint32][]*snapBatch{}, revoked: map[uuid.UUID]*snapRevoked{}}
	for i := range b.Facilities {
		f := &b.Facilities[i]
		if s.facilities[f.Code] != nil {
			return nil, fmt.Errorf("facility %s listed twice", f.Code)
		}
		s.facilities[f.Code] = f
	}
	for i := range b.Products {
		p := &b.Products[i]
		if s.products[p.Number] != nil {
			return nil, fmt.Errorf("product %d listed twice", p.Number)
		}
		if s.facilities[p.FacilityCode] == nil {
			return nil, fmt.Errorf("product %d: facility %s is not in the snapshot", p.Number, p.FacilityCode)
		}
		s.products[p.Number] = p
	}
	for i := range b.Certifications {
		c := &b.Certifications[i]
		if s.products[c.ProductNumber] == nil || s.certs[c.ProductNumber] != nil {
			return nil, fmt.Errorf("certification %s: product %d is not in the snapshot or has two", c.DecisionNumber, c.ProductNumber)
		}
		s.certs[c.ProductNumber] = c
	}
	byID := map[uuid.UUID]*snapBatch{}
	for i := range b.Batches {
		bt := &b.Batches[i]
		if _, err := stamp.ParseKeyID(bt.KeyID); err != nil {
			return nil, fmt.Errorf("batch %s: key id %q", bt.ID, bt.KeyID)
		}
		switch {
		case byID[bt.ID] != nil:
			return nil, fmt.Errorf("batch %s listed twice", bt.ID)
		case s.products[bt.ProductNumber] == nil || s.facilities[bt.FacilityCode] == nil:
			return nil, fmt.Errorf("batch %s: product %d or facility %s is not in the snapshot", bt.ID, bt.ProductNumber, bt.FacilityCode)
		case bytes.Compare(bt.FirstStampID[:], bt.LastStampID[:]) > 0:
			return nil, fmt.Errorf("batch %s: first stamp id after the last", bt.ID)
		}
		byID[bt.ID] = bt
		s.batches[bt.ProductNumber] = append(s.batches[bt.ProductNumber], bt)
	}
	for _, list := range s.batches {
		sort.Slice(list, func(i, j int) bool { return bytes.Compare(list[i].FirstStampID[:], list[j].FirstStampID[:]) < 0 })
	}
	for i := range b.RevokedStamps {
		r := &b.RevokedStamps[i]
		if byID[r.BatchID] == nil {
			return nil, fmt.Errorf("revoked stamp %s: batch %s is not in the snapshot", r.ID, r.BatchID)
		}
		if s.revoked[r.ID] != nil {
			return nil, fmt.Errorf("revoked stamp %s listed twice", r.ID)
		}
		s.revoked[r.ID] = r
	}
	return s, nil
}

// mergeKeys joins the trusted key set and the snapshot's. A key in both
// must be the same key; it takes the more serious state (compromised, then
// retired) with the earlier time. Of several keys left active, the newest
// stays active and the others count as retired from its creation.
func mergeKeys(trusted, own *stamp.KeySet) (*stamp.KeySet, error) {
	merged := map[stamp.KeyID]stamp.PublicKey{}
	for _, ks := range []*stamp.KeySet{trusted, own} {
		for _, k := range ks.All() {
			m, ok := merged[k.ID]
			if !ok {
				merged[k.ID] = *k
				continue
			}
			if !bytes.Equal(m.Key, k.Key) {
				return nil, fmt.Errorf("key %s differs between the trusted keys and the snapshot's", k.ID)
			}
			merged[k.ID] = moreSerious(m, *k)
		}
	}
	var newest *stamp.PublicKey
	for id, k := range merged {
		if k.State == stamp.KeyActive && (newest == nil || k.CreatedAt.After(newest.CreatedAt)) {
			kk := merged[id]
			newest = &kk
		}
	}
	var keys []stamp.PublicKey
	for _, k := range merged {
		if k.State == stamp.KeyActive && newest != nil && k.ID != newest.ID {
			at := newest.CreatedAt
			k.State, k.RetiredAt = stamp.KeyRetired, &at
		}
		keys = append(keys, k)
	}
	return stamp.NewKeySet(keys...)
}

func moreSerious(a, b stamp.PublicKey) stamp.PublicKey {
	rank := map[stamp.KeyState]int{stamp.KeyActive: 0, stamp.KeyRetired: 1, stamp.KeyCompromised: 2}
	out := a
	if rank[b.State] > rank[a.State] {
		out = b
	}
	out.RetiredAt = earlier(a.RetiredAt, b.RetiredAt)
	out.CompromisedAt = earlier(a.CompromisedAt, b.CompromisedAt)
	return out
}

func earlier(a, b *time.Time) *time.Time {
	switch {
	case a == nil:
		return b
	case b == nil || a.Before(*b):
		return a
	}
	return b
}

// Keys returns the key set codes are checked against: the trusted keys
// merged with the snapshot's.
func (s *Snapshot) Keys() *stamp.KeySet { return s.keys }

// Summary describes the snapshot.
func (s *Snapshot) Summary() SnapshotSummary { return s.summary }
