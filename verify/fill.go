package verify

import (
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// codeInfo describes a decoded code; key is nil when the key is unknown.
func codeInfo(c stamp.Code, key *stamp.PublicKey, valid bool) CodeInfo {
	ci := CodeInfo{
		Text:           c.Text(),
		KeyID:          c.KeyID.String(),
		SignatureValid: valid,
		ProductNumber:  c.Product,
		StampID:        c.StampID.String(),
	}
	if key != nil {
		ci.KeyState = string(key.State)
	}
	return ci
}

// fill copies the registry's view into r's sections.
func fill(r *Result, v *storage.StampView, now time.Time) {
	st, b := v.Stamp, v.Batch
	r.Stamp = &StampInfo{
		ID:           st.ID.String(),
		Serial:       stamp.FormatSerial(st.Serial),
		BatchID:      b.ID.String(),
		Lot:          b.Lot,
		ProducedOn:   b.ProducedOn.String(),
		BestBefore:   b.BestBefore.String(),
		MintedAt:     st.MintedAt.UTC(),
		RevokedAt:    utcPtr(st.RevokedAt),
		RevokeReason: st.RevokeReason,
	}
	if st.RevokedAt == nil && b.RevokedAt != nil {
		r.Stamp.RevokedAt = utcPtr(b.RevokedAt)
		r.Stamp.RevokeReason = b.RevokeReason
	}
	r.Product, r.Facility, r.Certification = ProductFacts(v.Product, v.Facility, v.Certification, now)
	f := v.Facility
	for _, p := range v.PointsOfSale {
		r.PointsOfSale = append(r.PointsOfSale, PointOfSale{Name: p.Name, District: p.District, Commune: p.Commune,
			CommuneCode: p.CommuneCode, SameCommune: p.CommuneCode != "" && p.CommuneCode == f.CommuneCode,
			Address: p.Address, Phone: p.Phone})
	}
}

// ProductFacts returns what a lookup says of a product, its producer and
// its current certification (nil when c is nil), the certification's
// status as of now. The GS1 resolver's product and batch pages show the
// same facts as a stamp's page.
func ProductFacts(p stamp.Product, f stamp.Facility, c *stamp.Certification, now time.Time) (*ProductInfo, *FacilityInfo, *CertInfo) {
	pi := &ProductInfo{Number: p.Number, Name: p.Name, Group: p.Group, GTIN: p.GTIN}
	fi := &FacilityInfo{Code: f.Code, Name: f.Name, District: f.District, Commune: f.Commune, CommuneCode: f.CommuneCode,
		Address: f.Address, Phone: f.Phone}
	if c == nil {
		return pi, fi, nil
	}
	class := "ocop"
	if c.Rank == stamp.RankParticipating {
		class = "participating"
	}
	return pi, fi, &CertInfo{
		Rank:             int(c.Rank),
		Class:            class,
		DecisionNumber:   c.DecisionNumber,
		DecisionDate:     c.DecisionDate.String(),
		ExpiresOn:        c.ExpiresOn.String(),
		Status:           c.StateOn(stamp.DateOf(now)),
		StatusReason:     c.StatusReason,
		ProcessConfirmed: c.ProcessConfirmed,
		LabTestDate:      c.LabTestDate.String(),
		DeclarationDate:  c.DeclarationDate.String(),
	}
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
