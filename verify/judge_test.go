package verify

import (
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

func TestJudge(t *testing.T) {
	kf := newKeyFixture(t)
	now := time.Date(2025, 9, 1, 10, 0, 0, 0, time.UTC)
	before := kf.compromisedAt.Add(-time.Hour)
	after := kf.compromisedAt.Add(time.Hour)
	past := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)
	first := time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)
	revoked := now.Add(-time.Hour)

	type tc struct {
		name    string
		signer  *stamp.Signer
		minted  time.Time
		edit    func(v *storage.StampView, c *stamp.Code)
		missing bool
		stats   *stamp.ScanStats
		verdict stamp.Verdict
		reason  string
	}
	cases := []tc{
		{name: "genuine", signer: kf.active, minted: past, verdict: stamp.Genuine},
		{name: "genuine retired key", signer: kf.retired, minted: past, verdict: stamp.Genuine},
		{name: "compromised key minted before", signer: kf.compromised, minted: before, verdict: stamp.Genuine},
		{name: "compromised key minted after", signer: kf.compromised, minted: after, verdict: stamp.NotGenuine, reason: stamp.ReasonKeyCompromised},
		{name: "compromised key not in registry", signer: kf.compromised, minted: before, missing: true, verdict: stamp.NotGenuine, reason: stamp.ReasonKeyCompromised},
		{name: "not in registry", signer: kf.active, minted: past, missing: true, verdict: stamp.Unknown, reason: stamp.ReasonNotInRegistry},
		{name: "product mismatch", signer: kf.active, minted: past, verdict: stamp.NotGenuine, reason: stamp.ReasonRegistryMismatch,
			edit: func(v *storage.StampView, c *stamp.Code) { *c = kf.active.Sign(43, c.StampID) }},
		{name: "key mismatch", signer: kf.active, minted: past, verdict: stamp.NotGenuine, reason: stamp.ReasonRegistryMismatch,
			edit: func(v *storage.StampView, c *stamp.Code) { *c = kf.retired.Sign(42, c.StampID) }},
		{name: "compromised key, other product", signer: kf.compromised, minted: before, verdict: stamp.NotGenuine, reason: stamp.ReasonKeyCompromised,
			edit: func(v *storage.StampView, c *stamp.Code) { *c = kf.compromised.Sign(43, c.StampID) }},
		{name: "stamp revoked", signer: kf.active, minted: past, verdict: stamp.Revoked, reason: stamp.ReasonStampRevoked,
			edit: func(v *storage.StampView, c *stamp.Code) {
				v.Stamp.RevokedAt, v.Stamp.RevokeReason = &revoked, "lost roll"
			}},
		{name: "batch revoked", signer: kf.active, minted: past, verdict: stamp.Revoked, reason: stamp.ReasonBatchRevoked,
			edit: func(v *storage.StampView, c *stamp.Code) {
				v.Batch.RevokedAt, v.Batch.RevokeReason = &revoked, "recall"
			}},
		{name: "revoked beats certification", signer: kf.active, minted: past, verdict: stamp.Revoked, reason: stamp.ReasonStampRevoked,
			edit: func(v *storage.StampView, c *stamp.Code) {
				v.Stamp.RevokedAt = &revoked
				v.Certification = nil
			}},
		{name: "no certification", signer: kf.active, minted: past, verdict: stamp.CertificationInvalid, reason: stamp.ReasonNoCertification,
			edit: func(v *storage.StampView, c *stamp.Code) { v.Certification = nil }},
		{name: "certification expired", signer: kf.active, minted: past, verdict: stamp.CertificationInvalid, reason: stamp.ReasonCertExpired,
			edit: func(v *storage.StampView, c *stamp.Code) { v.Certification.ExpiresOn = stamp.NewDate(2025, 8, 31) }},
		{name: "certification expires today is valid", signer: kf.active, minted: past, verdict: stamp.Genuine,
			edit: func(v *storage.StampView, c *stamp.Code) { v.Certification.ExpiresOn = stamp.NewDate(2025, 9, 1) }},
		{name: "certification suspended", signer: kf.active, minted: past, verdict: stamp.CertificationInvalid, reason: stamp.ReasonCertSuspended,
			edit: func(v *storage.StampView, c *stamp.Code) { v.Certification.Status = stamp.CertSuspended }},
		{name: "certification withdrawn", signer: kf.active, minted: past, verdict: stamp.CertificationInvalid, reason: stamp.ReasonCertWithdrawn,
			edit: func(v *storage.StampView, c *stamp.Code) { v.Certification.Status = stamp.CertWithdrawn }},
		{name: "suspicious", signer: kf.active, minted: past, verdict: stamp.Suspicious, reason: stamp.ReasonManyScanners,
			stats: &stamp.ScanStats{Count: 40, DistinctClients: 21, FirstAt: &first}},
		{name: "at threshold is genuine", signer: kf.active, minted: past, verdict: stamp.Genuine,
			stats: &stamp.ScanStats{Count: 40, DistinctClients: 20, FirstAt: &first}},
		{name: "certification beats suspicious", signer: kf.active, minted: past, verdict: stamp.CertificationInvalid, reason: stamp.ReasonCertSuspended,
			stats: &stamp.ScanStats{Count: 40, DistinctClients: 50, FirstAt: &first},
			edit:  func(v *storage.StampView, c *stamp.Code) { v.Certification.Status = stamp.CertSuspended }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v, code := testView(c.signer, c.minted)
			if c.edit != nil {
				c.edit(v, &code)
			}
			if c.missing {
				v = nil
			}
			key, err := code.Verify(kf.keys)
			if err != nil {
				t.Fatal(err)
			}
			r := judge(code, key, v, c.stats, now, 20, false)
			if r.Verdict != c.verdict || r.Reason != c.reason {
				t.Fatalf("verdict %s/%s, want %s/%s", r.Verdict, r.Reason, c.verdict, c.reason)
			}
			if !r.Code.SignatureValid || r.Code.Text != code.Text() || r.Code.KeyState != string(key.State) {
				t.Errorf("code info %+v", r.Code)
			}
			if !r.CheckedAt.Equal(now) {
				t.Errorf("checked at %v", r.CheckedAt)
			}
			showsRegistry := r.Verdict != stamp.NotGenuine && r.Verdict != stamp.Unknown
			if (r.Stamp != nil) != showsRegistry || (r.Product != nil) != showsRegistry || (r.Facility != nil) != showsRegistry {
				t.Errorf("sections stamp=%v product=%v facility=%v for %s", r.Stamp != nil, r.Product != nil, r.Facility != nil, r.Verdict)
			}
			if c.stats != nil && r.Verdict != stamp.Revoked {
				if r.Scans == nil || r.Scans.Count != c.stats.Count+1 || r.Scans.DistinctClients != c.stats.DistinctClients ||
					r.Scans.FirstAt == nil || !r.Scans.FirstAt.Equal(first) {
					t.Errorf("scans %+v", r.Scans)
				}
			}
		})
	}
}

func TestJudgeFillsSections(t *testing.T) {
	kf := newKeyFixture(t)
	now := time.Date(2025, 9, 1, 10, 0, 0, 0, time.UTC)
	v, code := testView(kf.active, time.Date(2025, 1, 3, 4, 5, 6, 0, time.UTC))
	key, _ := code.Verify(kf.keys)
	r := judge(code, key, v, &stamp.ScanStats{}, now, 20, false)
	if r.Verdict != stamp.Genuine {
		t.Fatalf("verdict %s", r.Verdict)
	}
	if r.Stamp.Serial != stamp.FormatSerial(105) || r.Stamp.BatchID != v.Batch.ID.String() || r.Stamp.Lot != "L1" ||
		r.Stamp.ProducedOn != "2025-01-02" || !r.Stamp.MintedAt.Equal(v.Stamp.MintedAt) || r.Stamp.ID != code.StampID.String() {
		t.Errorf("stamp %+v", r.Stamp)
	}
	if r.Product.Name != "Kẹo cu đơ" || r.Product.Number != 42 || r.Facility.Name != "HTX Cu Đơ" {
		t.Errorf("product %+v facility %+v", r.Product, r.Facility)
	}
	c := r.Certification
	if c.Rank != 4 || c.Class != "ocop" || c.Status != "valid" || c.ExpiresOn != "2027-03-01" || c.DecisionNumber != "123/QĐ-UBND" {
		t.Errorf("certification %+v", c)
	}
	if len(r.PointsOfSale) != 1 || r.PointsOfSale[0].Name != "Điểm OCOP Hà Tĩnh" {
		t.Errorf("points of sale %+v", r.PointsOfSale)
	}
	if r.Scans == nil || r.Scans.Count != 1 || r.Scans.DistinctClients != 1 || !r.Scans.FirstAt.Equal(now) {
		t.Errorf("first scan %+v", r.Scans)
	}
}
