package stamp_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

var keyTime = time.Date(2025, 5, 1, 9, 30, 0, 0, time.FixedZone("ICT", 7*3600))

// seedReader returns an endless deterministic byte stream for KeyDir.Rand.
func seedReader(s string) *bytes.Reader {
	var b []byte
	for i := 0; i < 64; i++ {
		sum := sha256.Sum256([]byte(fmt.Sprintf("%s/%d", s, i)))
		b = append(b, sum[:]...)
	}
	return bytes.NewReader(b)
}

func newKeyDir(t *testing.T) stamp.KeyDir {
	return stamp.KeyDir{Path: filepath.Join(t.TempDir(), "keys"), Now: func() time.Time { return keyTime }}
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

// secrets returns every rendering of the private key of id that must never
// appear in an error or log: PEM body lines, hex of the seed and key, base64
// of the seed.
func secrets(t *testing.T, d stamp.KeyDir, id stamp.KeyID) []string {
	t.Helper()
	data, err := os.ReadFile(d.PrivateKeyPath(id))
	if err != nil {
		t.Fatal(err)
	}
	block, _ := pem.Decode(data)
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	priv := parsed.(ed25519.PrivateKey)
	out := []string{hex.EncodeToString(priv.Seed()), hex.EncodeToString(priv), base64.StdEncoding.EncodeToString(priv.Seed()),
		base64.StdEncoding.EncodeToString(block.Bytes), hex.EncodeToString(block.Bytes)}
	for _, line := range strings.Split(string(data), "\n") {
		if len(line) >= 16 && !strings.HasPrefix(line, "-----") {
			out = append(out, line)
		}
	}
	return out
}

func assertNoSecret(t *testing.T, what, text string, secrets []string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(strings.ToLower(text), strings.ToLower(s)) {
			t.Errorf("%s contains private key material: %s", what, text)
		}
	}
}

func TestKeyDirGenerate(t *testing.T) {
	d := newKeyDir(t)
	if _, err := d.Keys(); stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), "keygen") {
		t.Fatalf("Keys() of an empty folder = %v, want EInvalid saying to run keygen", err)
	}
	if _, err := d.Signer(); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Fatalf("Signer() of an empty folder = %v", err)
	}
	k, err := d.Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	if k.State != stamp.KeyActive || !k.CreatedAt.Equal(keyTime) || k.CreatedAt.Location() != time.UTC {
		t.Errorf("new key %+v: want active, created at %v in UTC", k, keyTime)
	}
	if m := mode(t, d.PrivateKeyPath(k.ID)); m != 0o600 {
		t.Errorf("private key mode %04o, want 0600", m)
	}
	if m := mode(t, filepath.Join(d.Path, stamp.KeySetFile)); m != 0o644 {
		t.Errorf("keys.json mode %04o, want 0644", m)
	}
	if m := mode(t, d.Path); m&0o077 != 0 {
		t.Errorf("key folder mode %04o, want 0700", m)
	}
	s, err := d.Signer()
	if err != nil {
		t.Fatal(err)
	}
	if s.KeyID() != k.ID || !bytes.Equal(s.Public(), k.Key) {
		t.Fatalf("Signer %s does not match the generated key %s", s.KeyID(), k.ID)
	}
	pub, _ := os.ReadFile(filepath.Join(d.Path, stamp.KeySetFile))
	assertNoSecret(t, "keys.json", string(pub), secrets(t, d, k.ID))

	// A second key without --rotate is refused and changes nothing.
	before, _ := os.ReadDir(d.Path)
	_, err = d.Generate(false)
	if stamp.ErrorCode(err) != stamp.EConflict || !strings.Contains(err.Error(), "--rotate") {
		t.Fatalf("Generate without rotate = %v, want EConflict mentioning --rotate", err)
	}
	after, _ := os.ReadDir(d.Path)
	if len(after) != len(before) {
		t.Fatalf("a refused Generate left files: %v", after)
	}
	if ks, _ := d.Keys(); ks.Active() == nil || ks.Active().ID != k.ID {
		t.Fatal("a refused Generate changed the active key")
	}
}

func TestKeyDirRotate(t *testing.T) {
	d := newKeyDir(t)
	old, err := d.Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	oldSigner, _ := d.Signer()
	oldCode := oldSigner.Sign(1234, testStampID)

	d.Now = func() time.Time { return keyTime.Add(24 * time.Hour) }
	nk, err := d.Generate(true)
	if err != nil {
		t.Fatal(err)
	}
	if nk.ID == old.ID {
		t.Fatal("rotation produced the same key")
	}
	ks, err := d.Keys()
	if err != nil {
		t.Fatal(err)
	}
	o := ks.Lookup(old.ID)
	if o.State != stamp.KeyRetired || o.RetiredAt == nil || !o.RetiredAt.Equal(keyTime.Add(24*time.Hour)) {
		t.Errorf("old key after rotation: %+v, want retired at the rotation time", o)
	}
	if ks.Active() == nil || ks.Active().ID != nk.ID {
		t.Errorf("active key after rotation: %v, want %s", ks.Active(), nk.ID)
	}
	// Old codes keep verifying; new codes use the new key.
	if _, k, err := stamp.DecodeAndVerify(oldCode.Text(), ks); err != nil || k.ID != old.ID {
		t.Errorf("old code after rotation: %v", err)
	}
	s, err := d.Signer()
	if err != nil || s.KeyID() != nk.ID {
		t.Fatalf("Signer after rotation = %v, %v", s, err)
	}
	if _, _, err := stamp.DecodeAndVerify(s.Sign(1, testStampID).Text(), ks); err != nil {
		t.Errorf("new code: %v", err)
	}
	if len(ks.All()) != 2 {
		t.Errorf("key set has %d keys, want 2", len(ks.All()))
	}
}

// TestKeyDirNeverOverwrites: a key file already on disk is never replaced,
// even by a rotation that would generate the same key.
func TestKeyDirNeverOverwrites(t *testing.T) {
	d := newKeyDir(t)
	d.Rand = seedReader("same")
	k, err := d.Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(d.PrivateKeyPath(k.ID))
	d.Rand = seedReader("same")
	if _, err := d.Generate(true); stamp.ErrorCode(err) != stamp.EConflict {
		t.Fatalf("Generate over an existing key file = %v, want EConflict", err)
	}
	after, _ := os.ReadFile(d.PrivateKeyPath(k.ID))
	if !bytes.Equal(before, after) {
		t.Fatal("the key file was overwritten")
	}
	if ks, _ := d.Keys(); ks.Active() == nil || ks.Active().ID != k.ID {
		t.Fatal("a refused rotation retired the active key")
	}
	// A broken keys.json is never overwritten either.
	setPath := filepath.Join(d.Path, stamp.KeySetFile)
	os.WriteFile(setPath, []byte("{broken"), 0o644)
	if _, err := d.Generate(true); err == nil {
		t.Fatal("Generate over a broken keys.json succeeded")
	}
	if b, _ := os.ReadFile(setPath); string(b) != "{broken" {
		t.Fatal("a broken keys.json was overwritten")
	}
}

func TestKeyDirDeterministicRand(t *testing.T) {
	d1, d2 := newKeyDir(t), newKeyDir(t)
	d1.Rand, d2.Rand = seedReader("r"), seedReader("r")
	k1, err1 := d1.Generate(false)
	k2, err2 := d2.Generate(false)
	if err1 != nil || err2 != nil || k1.ID != k2.ID {
		t.Fatalf("the same Rand gave keys %v and %v (%v, %v)", k1, k2, err1, err2)
	}
}

func TestKeyDirSetState(t *testing.T) {
	d := newKeyDir(t)
	a, _ := d.Generate(false)
	sa, _ := d.Signer()
	code := sa.Sign(77, testStampID)
	b, _ := d.Generate(true)

	if err := d.SetState(stamp.KeyID{1, 2, 3, 4}, stamp.KeyCompromised, keyTime); stamp.ErrorCode(err) != stamp.ENotFound {
		t.Errorf("SetState of an unknown key = %v, want ENotFound", err)
	}
	if err := d.SetState(a.ID, stamp.KeyActive, keyTime); stamp.ErrorCode(err) != stamp.EInvalid {
		t.Errorf("SetState active = %v, want EInvalid", err)
	}
	at := keyTime.Add(48 * time.Hour)
	if err := d.SetState(a.ID, stamp.KeyCompromised, at); err != nil {
		t.Fatal(err)
	}
	ks, _ := d.Keys()
	k := ks.Lookup(a.ID)
	if k.State != stamp.KeyCompromised || k.CompromisedAt == nil || !k.CompromisedAt.Equal(at) || k.CompromisedAt.Location() != time.UTC {
		t.Fatalf("compromised key: %+v", k)
	}
	// The signature still verifies; the key's state tells the caller that
	// only the registry can vouch for the code.
	_, vk, err := stamp.DecodeAndVerify(code.Text(), ks)
	if err != nil || vk.State != stamp.KeyCompromised {
		t.Errorf("code under a compromised key: %v, %v", vk, err)
	}
	if err := d.SetState(a.ID, stamp.KeyRetired, at); stamp.ErrorCode(err) != stamp.EConflict {
		t.Errorf("retiring a compromised key = %v, want EConflict", err)
	}
	// Compromising the active key leaves none: Signer refuses until a rotation.
	if err := d.SetState(b.ID, stamp.KeyCompromised, at); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Signer(); stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), "no active key") {
		t.Errorf("Signer with no active key = %v", err)
	}
	c, err := d.Generate(false)
	if err != nil {
		t.Fatalf("Generate after compromise: %v", err)
	}
	if s, err := d.Signer(); err != nil || s.KeyID() != c.ID {
		t.Errorf("Signer after the new key = %v, %v", s, err)
	}
}

func TestKeyDirSignerRefuses(t *testing.T) {
	d := newKeyDir(t)
	k, err := d.Generate(false)
	if err != nil {
		t.Fatal(err)
	}
	path := d.PrivateKeyPath(k.ID)
	good, _ := os.ReadFile(path)
	secret := secrets(t, d, k.ID)

	otherDER, _ := x509.MarshalPKCS8PrivateKey(seedKey("another key"))
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ecDER, _ := x509.MarshalPKCS8PrivateKey(ec)
	block, _ := pem.Decode(good)
	corrupt := append([]byte(nil), block.Bytes...)
	corrupt[len(corrupt)/2] ^= 0xff
	corrupt = corrupt[:len(corrupt)-3]

	tests := []struct {
		name    string
		content []byte
		mode    os.FileMode
		want    string
	}{
		{"mode 0644", good, 0o644, "mode 0644"},
		{"mode 0640", good, 0o640, "chmod 600"},
		{"garbage", []byte("this is not a key\n"), 0o600, "not a PEM"},
		{"empty", nil, 0o600, "not a PEM"},
		{"raw hex seed", []byte(secret[0]), 0o600, "not a PEM"},
		{"wrong PEM type", pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: block.Bytes}), 0o600, "not a PEM"},
		{"corrupt PKCS#8", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: corrupt}), 0o600, "not a PKCS#8 key"},
		{"ECDSA key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: ecDER}), 0o600, "not an Ed25519 key"},
		{"text after the block", append(append([]byte(nil), good...), "trailing note\n"...), 0o600, "not a single PEM"},
		{"two blocks", append(append([]byte(nil), good...), pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: otherDER})...), 0o600, "not a single PEM"},
		{"text before the block", append([]byte("key of 2026\n"), good...), 0o600, "not a single PEM"},
		{"another Ed25519 key", pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: otherDER}), 0o600, "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := os.WriteFile(path, tt.content, 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tt.mode); err != nil {
				t.Fatal(err)
			}
			s, err := d.Signer()
			if err == nil {
				t.Fatalf("Signer loaded %v", s)
			}
			if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Signer() = %v, want EInvalid mentioning %q", err, tt.want)
			}
			assertNoSecret(t, "error", err.Error(), secret)
			assertNoSecret(t, "error %+v", fmt.Sprintf("%+v %#v", err, err), secret)
		})
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	_, err = d.Signer()
	if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), "no such file") {
		t.Errorf("Signer with the key file missing = %v", err)
	}

	// Restored, it loads again, and the loaded signer prints no secret.
	os.WriteFile(path, good, 0o600)
	os.Chmod(path, 0o600)
	s, err := d.Signer()
	if err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%x", "%d"} {
		assertNoSecret(t, "Signer "+verb, fmt.Sprintf(verb, s)+fmt.Sprintf(verb, *s), secret)
	}
}
