package stamp

// Verdict is the single answer of a lookup, most serious first. The values
// are stored in scans.verdict and reported by the API; the consumer wording
// of each lives with the other consumer texts (package wording).
type Verdict string

const (
	// NotGenuine: bad signature, unknown key, or a compromised key's code that
	// the registry does not hold as minted before the compromise.
	NotGenuine Verdict = "not_genuine"
	// Unknown: valid signature but no such stamp in the registry.
	Unknown Verdict = "unknown"
	// Revoked: the stamp or its batch was revoked.
	Revoked Verdict = "revoked"
	// CertificationInvalid: the product's certificate expired, was suspended or
	// withdrawn.
	CertificationInvalid Verdict = "certification_invalid"
	// Suspicious: scanned from more distinct networks than the threshold,
	// over at least a day (verify/scanner.go).
	Suspicious Verdict = "suspicious"
	// SerialFound: a typed serial (not a scanned code) that the registry
	// holds, for a stamp that is neither revoked nor of an invalid
	// certification. Serials are sequential and printed in clear, so a
	// counterfeiter can copy a real one: this is never Genuine, only "this
	// serial exists, for this product, in this batch"; scanning the QR code
	// gives the full check.
	SerialFound Verdict = "serial_found"
	// Genuine: none of the above.
	Genuine Verdict = "genuine"
	// CheckOnline: offline only: the signature is valid under a compromised key,
	// so only the registry can tell.
	CheckOnline Verdict = "check_online"
)

// Verdicts lists every verdict, most serious first.
var Verdicts = []Verdict{NotGenuine, Unknown, Revoked, CertificationInvalid, Suspicious, SerialFound, CheckOnline, Genuine}

// Severity orders verdicts: higher is more serious; Genuine and anything
// unknown are 0.
func (v Verdict) Severity() int {
	for i, w := range Verdicts {
		if w == v {
			return len(Verdicts) - 1 - i
		}
	}
	return 0
}

// Reasons refine a verdict for machines (verify.Result.Reason).
const (
	ReasonBadSignature    = "bad_signature"
	ReasonUnknownKey      = "unknown_key"
	ReasonKeyCompromised  = "key_compromised"
	ReasonNotInRegistry   = "not_in_registry"
	ReasonStampRevoked    = "stamp_revoked"
	ReasonBatchRevoked    = "batch_revoked"
	ReasonCertExpired     = "certification_expired"
	ReasonCertSuspended   = "certification_suspended"
	ReasonCertWithdrawn   = "certification_withdrawn"
	ReasonNoCertification = "no_certification"
	ReasonManyScanners    = "many_distinct_scanners"
	// ReasonTypedSerial: verdict serial_found; the serial was typed, so
	// only its existence was checked, not the printed label.
	ReasonTypedSerial = "typed_serial"
	// ReasonRegistryMismatch: the signature is valid but the registry holds
	// the stamp id under another product number, key or signature.
	ReasonRegistryMismatch = "registry_mismatch"
	// ReasonNotInSnapshot: offline, valid signature, but no batch of the
	// snapshot holds the stamp although its id dates from before the
	// snapshot (verdict unknown: an incident to report).
	ReasonNotInSnapshot = "not_in_snapshot"
	// ReasonNewerThanSnapshot: offline, valid signature, and the stamp id
	// dates from after the snapshot (verdict check_online).
	ReasonNewerThanSnapshot = "newer_than_snapshot"
)
