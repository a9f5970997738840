package stamp

import (
	"bytes"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"
)

// KeySetFormat names the JSON format of a public key set file.
const KeySetFormat = "ocop-stamp-keys/1"

// KeySetFile is the file name of the public key set inside a key folder.
const KeySetFile = "keys.json"

// keyJSON is one key in keys.json and /.well-known/ocop-stamp-keys.json.
type keyJSON struct {
	KeyID         string     `json:"key_id"`
	Algorithm     string     `json:"algorithm"`
	PublicKey     string     `json:"public_key"`
	State         KeyState   `json:"state"`
	CreatedAt     time.Time  `json:"created_at"`
	RetiredAt     *time.Time `json:"retired_at,omitempty"`
	CompromisedAt *time.Time `json:"compromised_at,omitempty"`
}

type keySetJSON struct {
	Format string    `json:"format"`
	Keys   []keyJSON `json:"keys"`
}

// MarshalJSON writes the public key set in the published format. It holds no
// private material.
func (ks *KeySet) MarshalJSON() ([]byte, error) {
	out := keySetJSON{Format: KeySetFormat, Keys: []keyJSON{}}
	for _, k := range ks.All() {
		out.Keys = append(out.Keys, keyJSON{
			KeyID: k.ID.String(), Algorithm: "Ed25519", PublicKey: hex.EncodeToString(k.Key),
			State: k.State, CreatedAt: k.CreatedAt, RetiredAt: k.RetiredAt, CompromisedAt: k.CompromisedAt,
		})
	}
	return json.MarshalIndent(out, "", "  ")
}

// ParseKeySet reads a public key set in the published JSON format. It fails
// with an EInvalid *Error naming the bad key when the content does not hold.
func ParseKeySet(data []byte) (*KeySet, error) {
	var in keySetJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return nil, Errorf(EInvalid, "key set: %v", err)
	}
	if in.Format != KeySetFormat {
		return nil, Errorf(EInvalid, "key set: format %q, want %q", in.Format, KeySetFormat)
	}
	keys := make([]PublicKey, 0, len(in.Keys))
	for i, k := range in.Keys {
		if k.Algorithm != "Ed25519" {
			return nil, Errorf(EInvalid, "key set: key %d: algorithm %q, want Ed25519", i+1, k.Algorithm)
		}
		pub, err := hex.DecodeString(k.PublicKey)
		if err != nil {
			return nil, Errorf(EInvalid, "key set: key %d: public_key is not hex", i+1)
		}
		id, err := ParseKeyID(k.KeyID)
		if err != nil {
			return nil, Errorf(EInvalid, "key set: key %d: %v", i+1, err)
		}
		keys = append(keys, PublicKey{ID: id, Key: pub, State: k.State, CreatedAt: k.CreatedAt,
			RetiredAt: k.RetiredAt, CompromisedAt: k.CompromisedAt})
	}
	return NewKeySet(keys...)
}

// LoadKeySet reads a public key set file (keys.json).
func LoadKeySet(path string) (*KeySet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Errorf(EInvalid, "read key set: %v", err)
	}
	ks, err := ParseKeySet(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return ks, nil
}

// KeyDir is a folder holding keys.json and one private key file per key
// (<key id>.key, PEM PKCS#8, mode 0600).
type KeyDir struct {
	Path string
	Now  func() time.Time // defaults to time.Now
	Rand io.Reader        // defaults to crypto/rand
}

func (d KeyDir) now() time.Time {
	if d.Now != nil {
		return d.Now().UTC()
	}
	return time.Now().UTC()
}

func (d KeyDir) setPath() string { return filepath.Join(d.Path, KeySetFile) }

// PrivateKeyPath returns the file that holds the private key with id.
func (d KeyDir) PrivateKeyPath(id KeyID) string { return filepath.Join(d.Path, id.String()+".key") }

// Keys loads the public key set. A missing folder or file is an EInvalid
// error that says to run keygen.
func (d KeyDir) Keys() (*KeySet, error) {
	if _, err := os.Stat(d.setPath()); errors.Is(err, fs.ErrNotExist) {
		return nil, Errorf(EInvalid, "no key set at %s: run 'ocopstamp keygen' first", d.setPath())
	}
	return LoadKeySet(d.setPath())
}

// Signer loads the private key of the active key. It fails when there is no
// active key, the key file is readable by group or others, is not a PEM
// Ed25519 private key, or does not match the published public key. Errors
// never include key material.
func (d KeyDir) Signer() (*Signer, error) {
	ks, err := d.Keys()
	if err != nil {
		return nil, err
	}
	active := ks.Active()
	if active == nil {
		return nil, Errorf(EInvalid, "%s has no active key: run 'ocopstamp keygen --rotate'", d.setPath())
	}
	return d.loadPrivate(active)
}

func (d KeyDir) loadPrivate(k *PublicKey) (*Signer, error) {
	path := d.PrivateKeyPath(k.ID)
	st, err := os.Stat(path)
	if err != nil {
		return nil, Errorf(EInvalid, "private key %s: %v", path, errors.Unwrap(err))
	}
	if st.Mode().Perm()&0o077 != 0 {
		return nil, Errorf(EInvalid, "private key %s has mode %04o: it must be 0600 (chmod 600 %s)", path, st.Mode().Perm(), path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, Errorf(EInvalid, "private key %s: %v", path, errors.Unwrap(err))
	}
	block, rest := pem.Decode(data)
	if block == nil || block.Type != "PRIVATE KEY" {
		return nil, Errorf(EInvalid, "private key %s: not a PEM \"PRIVATE KEY\" block", path)
	}
	// One key a file, nothing around it: pem.Decode skips text before the
	// block and leaves what follows it (a second block, say) unread.
	if len(bytes.TrimSpace(rest)) != 0 || len(bytes.TrimSpace(data[:bytes.Index(data, []byte("-----BEGIN"))])) != 0 {
		return nil, Errorf(EInvalid, "private key %s: not a single PEM \"PRIVATE KEY\" block (text or another block around it)", path)
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, Errorf(EInvalid, "private key %s: not a PKCS#8 key", path)
	}
	priv, ok := parsed.(ed25519.PrivateKey)
	if !ok {
		return nil, Errorf(EInvalid, "private key %s: not an Ed25519 key", path)
	}
	s, err := NewSigner(priv)
	if err != nil {
		return nil, err
	}
	if s.KeyID() != k.ID || !bytes.Equal(s.Public(), k.Key) {
		return nil, Errorf(EInvalid, "private key %s does not match public key %s in %s", path, k.ID, d.setPath())
	}
	return s, nil
}

// Generate creates a new active key. When an active key exists it fails
// unless rotate is set, in which case that key becomes retired. It never
// overwrites an existing file. It returns the new key's public half.
func (d KeyDir) Generate(rotate bool) (*PublicKey, error) {
	var keys []PublicKey
	if ks, err := d.Keys(); err == nil {
		for _, k := range ks.All() {
			keys = append(keys, *k)
		}
	} else if _, statErr := os.Stat(d.setPath()); statErr == nil {
		return nil, err // present but broken: never overwrite
	}
	now := d.now()
	for i := range keys {
		if keys[i].State == KeyActive {
			if !rotate {
				return nil, Errorf(EConflict, "%s already has active key %s: use --rotate to replace it (old stamps keep verifying)", d.setPath(), keys[i].ID)
			}
			keys[i].State = KeyRetired
			keys[i].RetiredAt = &now
		}
	}
	rnd := d.Rand
	pub, priv, err := ed25519.GenerateKey(rnd)
	if err != nil {
		return nil, fmt.Errorf("generate key: %w", err)
	}
	nk := PublicKey{ID: ComputeKeyID(pub), Key: pub, State: KeyActive, CreatedAt: now}
	if err := os.MkdirAll(d.Path, 0o700); err != nil {
		return nil, Errorf(EInvalid, "key folder: %v", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return nil, fmt.Errorf("encode private key: %w", err)
	}
	f, err := os.OpenFile(d.PrivateKeyPath(nk.ID), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, Errorf(EConflict, "refusing to overwrite: %v", err)
	}
	if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		f.Close()
		return nil, fmt.Errorf("write private key: %w", err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("write private key: %w", err)
	}
	keys = append(keys, nk)
	if err := d.write(keys); err != nil {
		os.Remove(d.PrivateKeyPath(nk.ID))
		return nil, err
	}
	return &nk, nil
}

// SetState marks key id retired or compromised (at the given time). Marking
// the active key leaves no active key until the next rotation.
func (d KeyDir) SetState(id KeyID, state KeyState, at time.Time) error {
	ks, err := d.Keys()
	if err != nil {
		return err
	}
	if ks.Lookup(id) == nil {
		return Errorf(ENotFound, "no key %s in %s", id, d.setPath())
	}
	var keys []PublicKey
	for _, k := range ks.All() {
		kk := *k
		if kk.ID == id {
			at := at.UTC()
			switch state {
			case KeyRetired:
				if kk.State == KeyCompromised {
					return Errorf(EConflict, "key %s is compromised; it cannot be retired", id)
				}
				kk.RetiredAt = &at
			case KeyCompromised:
				kk.CompromisedAt = &at
			default:
				return Errorf(EInvalid, "cannot set key state to %q", state)
			}
			kk.State = state
		}
		keys = append(keys, kk)
	}
	return d.write(keys)
}

// write replaces keys.json atomically.
func (d KeyDir) write(keys []PublicKey) error {
	ks, err := NewKeySet(keys...)
	if err != nil {
		return err
	}
	data, err := ks.MarshalJSON()
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(d.Path, ".keys-*.json")
	if err != nil {
		return Errorf(EInvalid, "write key set: %v", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(append(data, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("write key set: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write key set: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write key set: %w", err)
	}
	return os.Rename(tmp.Name(), d.setPath())
}
