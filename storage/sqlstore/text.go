package sqlstore

import (
	"golang.org/x/text/unicode/norm"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Vietnamese text arrives composed (NFC) or decomposed (NFD, from some
// keyboards and macOS files); stored text is always NFC so that equal names
// compare equal and print without stacked marks.

func nfc(s string) string { return norm.NFC.String(s) }

func nfcFacility(f stamp.Facility) stamp.Facility {
	f.Code, f.Name, f.Kind, f.District = nfc(f.Code), nfc(f.Name), nfc(f.Kind), nfc(f.District)
	f.Commune, f.Address, f.Phone, f.Representative = nfc(f.Commune), nfc(f.Address), nfc(f.Phone), nfc(f.Representative)
	f.CommuneCode = nfc(f.CommuneCode)
	return f
}

// nfcProduct also writes the GTIN in its 14-digit form (left as it is when
// it is no GTIN: Validate then refuses it).
func nfcProduct(p stamp.Product) stamp.Product {
	p.FacilityCode, p.Name, p.Group = nfc(p.FacilityCode), nfc(p.Name), nfc(p.Group)
	p.Description = nfc(p.Description)
	if g, err := stamp.CanonicalGTIN(p.GTIN); err == nil {
		p.GTIN = g
	}
	return p
}

func nfcCertification(c stamp.Certification) stamp.Certification {
	c.DecisionNumber, c.Status, c.StatusReason = nfc(c.DecisionNumber), nfc(c.Status), nfc(c.StatusReason)
	c.ProcessConfirmed = nfc(c.ProcessConfirmed)
	return c
}

func nfcPointOfSale(p stamp.PointOfSale) stamp.PointOfSale {
	p.Name, p.District, p.Commune = nfc(p.Name), nfc(p.District), nfc(p.Commune)
	p.Address, p.Phone, p.CommuneCode = nfc(p.Address), nfc(p.Phone), nfc(p.CommuneCode)
	return p
}

func nfcBatch(b *stamp.Batch) {
	b.FacilityCode, b.Lot, b.Note, b.MintedBy = nfc(b.FacilityCode), nfc(b.Lot), nfc(b.Note), nfc(b.MintedBy)
}

func nfcAudit(e stamp.AuditEntry) stamp.AuditEntry {
	e.Actor, e.Action, e.Subject = nfc(e.Actor), nfc(e.Action), nfc(e.Subject)
	e.Before, e.After = nfc(e.Before), nfc(e.After)
	return e
}
