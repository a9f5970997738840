package stamp

import "time"

// Rank is an OCOP star rank; RankParticipating marks a product admitted to the
// programme but not yet ranked.
type Rank int

const (
	RankParticipating Rank = 0
	Rank3             Rank = 3
	Rank4             Rank = 4
	Rank5             Rank = 5
)

// Valid reports whether r is participating or 3–5 stars.
func (r Rank) Valid() bool { return r == RankParticipating || (r >= Rank3 && r <= Rank5) }

// String returns "3 sao" … "5 sao" or "tham gia" (participating).
func (r Rank) String() string {
	if r == RankParticipating {
		return "tham gia"
	}
	return string(rune('0'+int(r))) + " sao"
}

// Certification statuses as recorded by the office. Expiry is not a stored
// status: it follows from ExpiresOn and the date of the check.
const (
	CertValid     = "valid"
	CertSuspended = "suspended"
	CertWithdrawn = "withdrawn"
)

// DefaultValidityMonths is the validity of a certification when its expiry is
// not given.
const DefaultValidityMonths = 36

// Certification is an OCOP recognition decision for a product (or its
// admission as participating), with the quality evidence a scan shows.
type Certification struct {
	ID               int64
	ProductNumber    uint32
	Rank             Rank
	DecisionNumber   string
	DecisionDate     Date
	ExpiresOn        Date
	Status           string // CertValid, CertSuspended, CertWithdrawn
	StatusReason     string
	ProcessConfirmed string // who confirmed the production process, and how
	LabTestDate      Date   // latest laboratory test ("kiểm nghiệm"), zero if none
	DeclarationDate  Date   // latest quality declaration ("công bố chất lượng")
	CreatedAt        time.Time
	UpdatedAt        time.Time
}

// Validate checks the certification's fields and fills ExpiresOn and Status
// defaults.
func (c *Certification) Validate() error {
	switch {
	case c.ProductNumber == 0:
		return Refusef(EInvalid, "Chứng nhận: chưa nhập số sản phẩm", "certification: product number is required")
	case !c.Rank.Valid():
		return Refusef(EInvalid, "Chứng nhận: hạng %d không hợp lệ; chỉ nhận 0 (tham gia OCOP), 3, 4 hoặc 5", "certification: rank %d is not 0 (participating), 3, 4 or 5", c.Rank)
	case c.DecisionNumber == "":
		return Refusef(EInvalid, "Chứng nhận: chưa nhập số quyết định công nhận", "certification: decision number is required")
	case c.DecisionDate.IsZero():
		return Refusef(EInvalid, "Chứng nhận %s: chưa nhập ngày quyết định", "certification %s: decision date is required", c.DecisionNumber)
	}
	if err := checkFields(field{"certification: decision number", c.DecisionNumber, MaxShortLen},
		field{"certification " + c.DecisionNumber + ": status reason", c.StatusReason, MaxLongLen},
		field{"certification " + c.DecisionNumber + ": process confirmation", c.ProcessConfirmed, MaxLongLen}); err != nil {
		return err
	}
	if c.ExpiresOn.IsZero() {
		c.ExpiresOn = c.DecisionDate.AddMonths(DefaultValidityMonths)
	}
	if !c.ExpiresOn.After(c.DecisionDate) {
		return Refusef(EInvalid, "Chứng nhận %s: ngày hết hạn %s phải sau ngày quyết định %s", "certification %s: expiry %s is not after the decision date %s", c.DecisionNumber, c.ExpiresOn, c.DecisionDate)
	}
	if c.Status == "" {
		c.Status = CertValid
	}
	if c.Status != CertValid && c.Status != CertSuspended && c.Status != CertWithdrawn {
		return Refusef(EInvalid, "Chứng nhận %s: tình trạng %q không hợp lệ; chỉ nhận valid (còn hiệu lực), suspended (tạm đình chỉ) hoặc withdrawn (thu hồi)", "certification %s: status %q is not valid, suspended or withdrawn", c.DecisionNumber, c.Status)
	}
	return nil
}

// ValidOn reports whether the certification allows stamping on day d: status
// valid and d not after its expiry.
func (c Certification) ValidOn(d Date) bool {
	return c.Status == CertValid && !d.After(c.ExpiresOn) && !d.Before(c.DecisionDate)
}

// StateOn returns the certification's effective state on day d: CertValid,
// CertSuspended, CertWithdrawn or "expired".
func (c Certification) StateOn(d Date) string {
	if c.Status != CertValid {
		return c.Status
	}
	if d.After(c.ExpiresOn) {
		return "expired"
	}
	return CertValid
}
