package stamp_test

import (
	"strings"
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func validCert() stamp.Certification {
	return stamp.Certification{ProductNumber: 12, Rank: stamp.Rank4, DecisionNumber: "1234/QĐ-UBND",
		DecisionDate: stamp.NewDate(2024, time.February, 29)}
}

func TestCertificationValidateDefaults(t *testing.T) {
	c := validCert()
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	if stamp.DefaultValidityMonths != 36 {
		t.Fatalf("DefaultValidityMonths = %d, want 36", stamp.DefaultValidityMonths)
	}
	// 36 months after 29 Feb 2024: 29 Feb 2027 does not exist, so 1 March.
	if want := stamp.NewDate(2027, time.March, 1); c.ExpiresOn != want {
		t.Errorf("ExpiresOn = %s, want %s", c.ExpiresOn, want)
	}
	if c.Status != stamp.CertValid {
		t.Errorf("Status = %q, want %q", c.Status, stamp.CertValid)
	}
	c2 := validCert()
	c2.DecisionDate = stamp.NewDate(2023, time.June, 15)
	c2.Validate()
	if want := stamp.NewDate(2026, time.June, 15); c2.ExpiresOn != want {
		t.Errorf("ExpiresOn = %s, want %s", c2.ExpiresOn, want)
	}
	// Given values are kept.
	c3 := validCert()
	c3.ExpiresOn = stamp.NewDate(2025, time.January, 1)
	c3.Status = stamp.CertSuspended
	if err := c3.Validate(); err != nil || c3.ExpiresOn != stamp.NewDate(2025, time.January, 1) || c3.Status != stamp.CertSuspended {
		t.Errorf("Validate changed given values: %+v, %v", c3, err)
	}
}

func TestCertificationValidateRejects(t *testing.T) {
	for want, change := range map[string]func(*stamp.Certification){
		"product number":         func(c *stamp.Certification) { c.ProductNumber = 0 },
		"rank 2":                 func(c *stamp.Certification) { c.Rank = 2 },
		"rank 6":                 func(c *stamp.Certification) { c.Rank = 6 },
		"decision number":        func(c *stamp.Certification) { c.DecisionNumber = "" },
		"decision date":          func(c *stamp.Certification) { c.DecisionDate = stamp.Date{} },
		"not after the decision": func(c *stamp.Certification) { c.ExpiresOn = c.DecisionDate },
		`status "expired"`:       func(c *stamp.Certification) { c.Status = "expired" },
	} {
		c := validCert()
		change(&c)
		err := c.Validate()
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), want) {
			t.Errorf("Validate = %v, want EInvalid mentioning %q", err, want)
		}
	}
	for _, r := range []stamp.Rank{stamp.RankParticipating, stamp.Rank3, stamp.Rank4, stamp.Rank5} {
		c := validCert()
		c.Rank = r
		if err := c.Validate(); err != nil {
			t.Errorf("rank %v: %v", r, err)
		}
	}
}

func TestRankString(t *testing.T) {
	for r, want := range map[stamp.Rank]string{stamp.RankParticipating: "tham gia", stamp.Rank3: "3 sao", stamp.Rank5: "5 sao"} {
		if r.String() != want {
			t.Errorf("Rank(%d).String() = %q, want %q", r, r.String(), want)
		}
	}
}

func TestCertificationValidOn(t *testing.T) {
	c := validCert()
	c.Validate()
	for d, want := range map[stamp.Date]string{
		c.DecisionDate.AddDays(-1): stamp.CertValid, // StateOn does not judge "not yet"; ValidOn does
		c.DecisionDate:             stamp.CertValid,
		c.ExpiresOn:                stamp.CertValid,
		c.ExpiresOn.AddDays(1):     "expired",
	} {
		if got := c.StateOn(d); got != want {
			t.Errorf("StateOn(%s) = %q, want %q", d, got, want)
		}
	}
	if !c.ValidOn(c.DecisionDate) || !c.ValidOn(c.ExpiresOn) {
		t.Error("a certification is valid from its decision date to its expiry, both included")
	}
	if c.ValidOn(c.DecisionDate.AddDays(-1)) || c.ValidOn(c.ExpiresOn.AddDays(1)) {
		t.Error("valid outside its dates")
	}
	c.Status = stamp.CertWithdrawn
	if c.ValidOn(c.DecisionDate) || c.StateOn(c.DecisionDate) != stamp.CertWithdrawn {
		t.Error("a withdrawn certification is valid")
	}
}

func TestCheckMintable(t *testing.T) {
	p := &stamp.Product{Number: 12, Name: "Kẹo cu đơ"}
	c := validCert()
	c.Validate()
	today := c.DecisionDate.AddDays(100)
	if err := stamp.CheckMintable(p, &c, today); err != nil {
		t.Fatalf("CheckMintable of a valid certification: %v", err)
	}
	if err := stamp.CheckMintable(p, &c, c.ExpiresOn); err != nil {
		t.Errorf("CheckMintable on the expiry day: %v", err)
	}
	suspended := c
	suspended.Status = stamp.CertSuspended
	participating := c
	participating.Rank = stamp.RankParticipating
	if err := stamp.CheckMintable(p, &participating, today); err != nil {
		t.Errorf("a participating product may be stamped: %v", err)
	}
	for _, tt := range []struct {
		name string
		c    *stamp.Certification
		d    stamp.Date
		want string
	}{
		{"none", nil, today, "no OCOP certification"},
		{"expired", &c, c.ExpiresOn.AddDays(1), "is expired"},
		{"suspended", &suspended, today, "is suspended"},
		{"not yet", &c, c.DecisionDate.AddDays(-1), "not yet in force"},
	} {
		err := stamp.CheckMintable(p, tt.c, tt.d)
		if stamp.ErrorCode(err) != stamp.EInvalid || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "Kẹo cu đơ") {
			t.Errorf("%s: CheckMintable = %v, want EInvalid naming the product and %q", tt.name, err, tt.want)
		}
	}
}
