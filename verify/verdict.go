// Package verify turns a scanned stamp code into a verdict: decode, check the
// signature against the office's public keys, then (online) the registry's
// view of the stamp, its certification and scan history.
//
// Forged codes stop at the signature check: they never reach the cache or the
// database.
package verify

// Verdict is the single answer of a lookup, most serious first.
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
	// Suspicious: scanned by more distinct clients than the threshold.
	Suspicious Verdict = "suspicious"
	// Genuine: none of the above.
	Genuine Verdict = "genuine"
	// CheckOnline: offline only: the signature is valid under a compromised key,
	// so only the registry can tell.
	CheckOnline Verdict = "check_online"
)

// Severity orders verdicts: higher is more serious.
func (v Verdict) Severity() int {
	switch v {
	case NotGenuine:
		return 6
	case Unknown:
		return 5
	case Revoked:
		return 4
	case CertificationInvalid:
		return 3
	case Suspicious:
		return 2
	case CheckOnline:
		return 1
	}
	return 0
}

// Reasons refine a verdict for machines (Result.Reason).
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
	// ReasonRegistryMismatch: the signature is valid but the registry holds
	// the stamp id under another product number, key or signature.
	ReasonRegistryMismatch = "registry_mismatch"
)
