package stamp

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
)

// KeyState is the life-cycle state of a signing key.
type KeyState string

const (
	// KeyActive signs new stamps; exactly one key is active at a time.
	KeyActive KeyState = "active"
	// KeyRetired verifies codes it signed but signs nothing new.
	KeyRetired KeyState = "retired"
	// KeyCompromised verifies a code only when the registry holds the stamp as
	// minted before CompromisedAt; offline such a code is "check online".
	KeyCompromised KeyState = "compromised"
)

// Valid reports whether s is one of the defined states.
func (s KeyState) Valid() bool {
	return s == KeyActive || s == KeyRetired || s == KeyCompromised
}

// PublicKey is a published verification key with its state and dates.
type PublicKey struct {
	ID            KeyID
	Key           ed25519.PublicKey
	State         KeyState
	CreatedAt     time.Time
	RetiredAt     *time.Time
	CompromisedAt *time.Time
}

// ComputeKeyID returns the key id of a raw Ed25519 public key.
func ComputeKeyID(pub ed25519.PublicKey) KeyID {
	sum := sha256.Sum256(pub)
	var id KeyID
	copy(id[:], sum[:4])
	return id
}

// ParseKeyID parses 8 hex digits.
func ParseKeyID(s string) (KeyID, error) {
	var id KeyID
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(id) {
		return id, Errorf(EInvalid, "key id %q: want 8 hex digits", s)
	}
	copy(id[:], b)
	return id, nil
}

// KeySet is the set of known public keys, looked up by key id. The zero value
// is empty; a KeySet is safe for concurrent reads.
type KeySet struct {
	keys map[KeyID]*PublicKey
}

// NewKeySet returns a set holding keys. It fails when two keys share an id,
// a key is not 32 bytes, its id does not match its bytes, or more than one key
// is active.
func NewKeySet(keys ...PublicKey) (*KeySet, error) {
	ks := &KeySet{keys: make(map[KeyID]*PublicKey, len(keys))}
	active := 0
	for i := range keys {
		k := keys[i]
		if len(k.Key) != ed25519.PublicKeySize {
			return nil, Errorf(EInvalid, "key %s: public key is %d bytes, want %d", k.ID, len(k.Key), ed25519.PublicKeySize)
		}
		if ComputeKeyID(k.Key) != k.ID {
			return nil, Errorf(EInvalid, "key %s: id does not match the public key (want %s)", k.ID, ComputeKeyID(k.Key))
		}
		if !k.State.Valid() {
			return nil, Errorf(EInvalid, "key %s: unknown state %q", k.ID, k.State)
		}
		if k.State == KeyCompromised && k.CompromisedAt == nil {
			return nil, Errorf(EInvalid, "key %s: compromised without a compromise time", k.ID)
		}
		if _, dup := ks.keys[k.ID]; dup {
			return nil, Errorf(EInvalid, "key %s listed twice", k.ID)
		}
		if k.State == KeyActive {
			active++
		}
		ks.keys[k.ID] = &k
	}
	if active > 1 {
		return nil, Errorf(EInvalid, "%d keys are active; at most one may be", active)
	}
	return ks, nil
}

// Lookup returns the key with the given id, or nil.
func (ks *KeySet) Lookup(id KeyID) *PublicKey {
	if ks == nil {
		return nil
	}
	return ks.keys[id]
}

// Active returns the active key, or nil when none is.
func (ks *KeySet) Active() *PublicKey {
	for _, k := range ks.All() {
		if k.State == KeyActive {
			return k
		}
	}
	return nil
}

// All returns the keys ordered by creation time, then id.
func (ks *KeySet) All() []*PublicKey {
	if ks == nil {
		return nil
	}
	out := make([]*PublicKey, 0, len(ks.keys))
	for _, k := range ks.keys {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].CreatedAt.Equal(out[j].CreatedAt) {
			return out[i].CreatedAt.Before(out[j].CreatedAt)
		}
		return out[i].ID.String() < out[j].ID.String()
	})
	return out
}

// Signer mints code signatures with one private key. It never reveals the
// key: every fmt verb prints only the key id, and the key is held only by a
// closure, so that even reflection-based printers of a struct holding a
// Signer show no key material.
type Signer struct {
	id   KeyID
	pub  ed25519.PublicKey
	priv func() ed25519.PrivateKey
}

// NewSigner returns a signer for priv. It fails with an EInvalid *Error when
// priv is not a 64-byte Ed25519 private key.
func NewSigner(priv ed25519.PrivateKey) (*Signer, error) {
	if len(priv) != ed25519.PrivateKeySize {
		return nil, Errorf(EInvalid, "private key is %d bytes, want %d", len(priv), ed25519.PrivateKeySize)
	}
	pub := priv.Public().(ed25519.PublicKey)
	return &Signer{id: ComputeKeyID(pub), pub: pub, priv: func() ed25519.PrivateKey { return priv }}, nil
}

// KeyID returns the id of the signer's public key.
func (s *Signer) KeyID() KeyID { return s.id }

// Public returns (a copy of) the signer's public key.
func (s *Signer) Public() ed25519.PublicKey { return append(ed25519.PublicKey(nil), s.pub...) }

// String describes the signer without its secret.
func (s Signer) String() string { return fmt.Sprintf("ed25519 signer %s", s.id) }

// GoString keeps %#v from printing the private key.
func (s Signer) GoString() string { return s.String() }

// Format prints String for every verb, so that no verb (%d, %x, ...) can
// print the private key.
func (s Signer) Format(f fmt.State, _ rune) { io.WriteString(f, s.String()) }

// Sign returns the signed code for a stamp of product under the signer's key.
func (s *Signer) Sign(product uint32, stampID [16]byte) Code {
	c := Code{Header: Header{KeyID: s.id, Product: product, StampID: stampID}}
	m := c.Header.signedMessage()
	copy(c.Signature[:], ed25519.Sign(s.priv(), m[:]))
	return c
}

// SignMessage signs prefix || msg, a domain-separated message other than a
// code (used for registry snapshots). It panics when prefix and
// SignaturePrefix are prefixes of one another (the empty prefix included):
// such a signature could pass for a code's.
func (s *Signer) SignMessage(prefix string, msg []byte) []byte {
	if strings.HasPrefix(prefix, SignaturePrefix) || strings.HasPrefix(SignaturePrefix, prefix) {
		panic(fmt.Sprintf("stamp: SignMessage prefix %q overlaps the code prefix %q", prefix, SignaturePrefix))
	}
	m := make([]byte, 0, len(prefix)+len(msg))
	m = append(append(m, prefix...), msg...)
	return ed25519.Sign(s.priv(), m)
}
