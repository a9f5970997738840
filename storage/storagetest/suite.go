package storagetest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Run runs the conformance suite against stores from open, a fresh, empty
// store per subtest (open registers its own cleanup). Subtests run in
// parallel, each on its own store.
func Run(t *testing.T, open func(t *testing.T) storage.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, storage.Store)
	}{
		{"Facilities", testFacilities},
		{"ImportFacilities", testImportFacilities},
		{"Products", testProducts},
		{"ImportProducts", testImportProducts},
		{"ProductGTIN", testProductGTIN},
		{"Certifications", testCertifications},
		{"ImportCertifications", testImportCertifications},
		{"PointsOfSale", testPointsOfSale},
		{"NFC", testNFC},
		{"CreateBatch", testCreateBatch},
		{"CreateBatchRollback", testCreateBatchRollback},
		{"BatchStamps", testBatchStamps},
		{"StampView", testStampView},
		{"Revocations", testRevocations},
		{"Scans", testScans},
		{"ScansOnce", testScansOnce},
		{"Audit", testAudit},
		{"RegistryVersion", testRegistryVersion},
		{"ChangeFeed", testChangeFeed},
		{"ConcurrentWrites", testConcurrentWrites},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := open(t)
			if err := s.Ping(context.Background()); err != nil {
				t.Fatalf("Ping: %v", err)
			}
			tc.fn(t, s)
		})
	}
}

const actor = "cán bộ kiểm thử"

// wantCode fails unless err is a *stamp.Error with code whose message
// contains every one of words.
func wantCode(t *testing.T, err error, code string, words ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want %s", code)
	}
	if got := stamp.ErrorCode(err); got != code {
		t.Fatalf("error %q: code %q, want %q", err, got, code)
	}
	for _, w := range words {
		if !strings.Contains(err.Error(), w) {
			t.Fatalf("error %q does not name %q", err, w)
		}
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// Sample registry entries (clearly sample data).

func sampleFacility(code, district string) stamp.Facility {
	return stamp.Facility{
		Code: code, Name: "HTX Mật ong Hương Khê (dữ liệu mẫu) " + code, Kind: "hợp tác xã",
		District: district, Commune: "Xã Hương Trà", Address: "Thôn 1", Phone: "0239 000 000",
		Representative: "Nguyễn Văn Mẫu",
	}
}

// sampleProduct's GTIN is a GTIN-13 of Vietnamese prefix 893 made from
// number (one per product, GTINs being unique), in its stored 14-digit form.
func sampleProduct(number uint32, facility string) stamp.Product {
	return stamp.Product{
		Number: number, FacilityCode: facility, Name: "Mật ong rừng (mẫu)", Group: "Thực phẩm",
		GTIN: "0" + SampleGTIN13(number), Description: "Sản phẩm mẫu để kiểm thử",
	}
}

// SampleGTIN13 returns an invented GTIN-13 "893" + number's last nine
// digits + check digit: distinct for product numbers below a billion.
func SampleGTIN13(number uint32) string {
	body := fmt.Sprintf("893%09d", number%1000000000)
	return body + string(stamp.GTINCheckDigit(body))
}

// today is the calendar day in Vietnam, as the Minter checks it.
func today() stamp.Date { return stamp.DateOf(time.Now()) }

func sampleCert(product uint32, decision string, decided stamp.Date) stamp.Certification {
	return stamp.Certification{
		ProductNumber: product, Rank: stamp.Rank4, DecisionNumber: decision, DecisionDate: decided,
		ProcessConfirmed: "UBND huyện Hương Khê xác nhận quy trình", LabTestDate: decided.AddDays(-10),
		DeclarationDate: decided.AddDays(-5),
	}
}

// seed stores a facility in district, product number of it and a current
// valid certification, and returns the certification id.
func seed(t testing.TB, s storage.Store, code, district string, number uint32) int64 {
	t.Helper()
	ctx := context.Background()
	must(t, s.CreateFacility(ctx, actor, sampleFacility(code, district)))
	must(t, s.CreateProduct(ctx, actor, sampleProduct(number, code)))
	id, err := s.AddCertification(ctx, actor, sampleCert(number, "QĐ-"+code, today().AddDays(-30)))
	must(t, err)
	return id
}

// Signer returns a fixed active test key made from seed (every byte of
// the Ed25519 seed) and the key set holding it: the one test signer of the
// packages above stamp.
func Signer(tb testing.TB, seed byte) (*stamp.Signer, *stamp.KeySet) {
	tb.Helper()
	priv := ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
	sg, err := stamp.NewSigner(priv)
	if err != nil {
		tb.Fatal(err)
	}
	ks, err := stamp.NewKeySet(stamp.PublicKey{ID: sg.KeyID(), Key: sg.Public(), State: stamp.KeyActive, CreatedAt: time.Unix(0, 0)})
	if err != nil {
		tb.Fatal(err)
	}
	return sg, ks
}

// testSigner is the suite's fixed test key.
func testSigner(t testing.TB) (*stamp.Signer, *stamp.KeySet) { return Signer(t, 7) }

// mint mints count stamps of product through stamp.Minter.
func mint(t *testing.T, s storage.Store, product uint32, count int) *stamp.Batch {
	t.Helper()
	sg, _ := testSigner(t)
	m := &stamp.Minter{Store: s, Signer: sg}
	b, err := m.Mint(context.Background(), stamp.MintRequest{
		ProductNumber: product, Count: count, Lot: "LÔ-01", MintedBy: actor,
		ProducedOn: today().AddDays(-1), BestBefore: today().AddMonths(12), Note: "mẫu",
	})
	if err != nil {
		t.Fatalf("mint %d stamps of product %d: %v", count, product, err)
	}
	return b
}
