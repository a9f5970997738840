package verify

import (
	"time"

	"github.com/ocop-hatinh/ocopstamp/wording"
)

// facts are the details of r that its verdict's message may name.
func facts(r *Result) wording.Facts {
	f := wording.Facts{Verdict: r.Verdict, Reason: r.Reason, Typed: r.Code.Text == "", ProductNumber: r.Code.ProductNumber}
	if c := r.Certification; c != nil {
		f.Cert, f.Decision, f.ExpiresOn = true, c.DecisionNumber, c.ExpiresOn
		if c.Class == "ocop" {
			f.CertRank = c.Rank
		}
	}
	if s := r.Scans; s != nil {
		f.Scans, f.Networks, f.FirstScan = s.Count, s.DistinctClients, s.FirstAt
	}
	if r.Stamp != nil {
		f.RevokeReason = r.Stamp.RevokeReason
	}
	return f
}

// Message returns the one-sentence explanation of r's verdict and reason in
// lang (Result.Message), in the words of package wording. It uses r's
// details when they are there: the certificate's expiry, the revocation
// reason, the scan counts.
func Message(r *Result, lang string) string { return wording.Message(facts(r), lang) }

// OfflineMessage returns the one-sentence explanation of an offline
// verdict in lang: of Offline's result when asOf is nil, of a snapshot's
// Check when asOf is the snapshot's time. It never says more than offline
// checking knows: without a snapshot a valid signature is "issued by the
// office, check online"; with one, "genuine as of" the snapshot's date.
func OfflineMessage(r *Result, asOf *time.Time, lang string) string {
	return wording.OfflineMessage(facts(r), asOf, lang)
}

// Localize sets r.Message to Message(r, lang).
func (r *Result) Localize(lang string) { r.Message = Message(r, lang) }
