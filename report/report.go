package report

import (
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Report is one month's report, ready to render. Rows are in the order the
// report shows them: districts in stamp.Districts order, then producers by
// code, products by number.
type Report struct {
	Month       Month      `json:"month"`
	District    string     `json:"district,omitempty"` // "" for the whole province
	From        time.Time  `json:"from"`               // the month is [From, To)
	To          time.Time  `json:"to"`
	AsOf        stamp.Date `json:"as_of"` // the month's last day: certifications are judged on it
	GeneratedAt time.Time  `json:"generated_at"`
	InProgress  bool       `json:"in_progress"` // the month has not ended yet

	Total        Total          `json:"total"`
	Communes     []CommuneRow   `json:"communes"`  // today's local government level
	Districts    []DistrictRow  `json:"districts"` // roll-up by former district, for comparisons
	Producers    []ProducerRow  `json:"producers"`
	Products     []ProductRow   `json:"products"`
	Unattributed *Change        `json:"unattributed,omitempty"` // province report only
	Ranks        []RankRow      `json:"ranks"`
	RankTotal    RankRow        `json:"rank_total"`
	Expiring     []CertRow      `json:"certifications"`
	PointsOfSale []PointsOfSale `json:"points_of_sale"`
	// DistrictsWithoutPOS lists the districts with no point of sale (the
	// letter asks for at least one in each).
	DistrictsWithoutPOS []string `json:"districts_without_point_of_sale"`
	Notes               []Note   `json:"notes"`
}

// Figures are one row's counts for one month.
type Figures struct {
	Batches     int64 `json:"batches"`
	Minted      int64 `json:"minted"`
	Printed     int64 `json:"printed"`
	Revoked     int64 `json:"revoked"`
	Scans       int64 `json:"scans"`
	Scanners    int64 `json:"scanners"`
	Suspicious  int64 `json:"suspicious"`
	NotGenuine  int64 `json:"not_genuine"`
	Unknown     int64 `json:"unknown"`
	Suspected   int64 `json:"suspected"` // suspicious + not genuine + unknown
	RevokedScan int64 `json:"revoked_scans"`
	CertInvalid int64 `json:"cert_invalid_scans"`
	// Forged counts the scans of forged codes: not genuine + unknown
	// (storage.Activity.Forged says how they are attributed).
	Forged          int64 `json:"forged_scans"`
	ConsumerReports int64 `json:"consumer_reports"`
}

func figuresOf(a storage.Activity) Figures {
	return Figures{Batches: a.Batches, Minted: a.Minted, Printed: a.Printed, Revoked: a.Revoked, Scans: a.Scans,
		Scanners: a.Scanners, Suspicious: a.Suspicious, NotGenuine: a.NotGenuine, Unknown: a.Unknown,
		Suspected: a.Suspected(), RevokedScan: a.RevokedScan, CertInvalid: a.CertInvalid,
		Forged: a.Forged(), ConsumerReports: a.ConsumerReports}
}

// Change is a row's figures this month and the month before.
type Change struct {
	This Figures `json:"this"`
	Prev Figures `json:"prev"`
}

// Total is the report's totals row.
type Total struct {
	Change
	Facilities   int `json:"facilities"`
	Products     int `json:"products"`
	PointsOfSale int `json:"points_of_sale"`
}

// DistrictRow is one district's totals.
type DistrictRow struct {
	District string `json:"district"`
	Change
	Facilities   int `json:"facilities"`
	Products     int `json:"products"`
	PointsOfSale int `json:"points_of_sale"`
}

// ProducerRow is one producer's (facility's) totals.
type ProducerRow struct {
	District string `json:"district"`
	Code     string `json:"code"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	Products int    `json:"products"`
	Change
}

// ProductRow is one product's figures and certification on the month's last
// day.
type ProductRow struct {
	District     string `json:"district"`
	FacilityCode string `json:"facility_code"`
	FacilityName string `json:"facility_name"`
	Number       uint32 `json:"number"`
	Name         string `json:"name"`
	Group        string `json:"group"`
	Rank         string `json:"rank"`       // "3 sao", "tham gia", "" without a certification
	CertState    string `json:"cert_state"` // valid, expired, suspended, withdrawn, none
	Change
}

// RankRow counts a product group's products by the rank of a certification
// in force on the month's last day.
type RankRow struct {
	Group         string `json:"group"`
	Participating int    `json:"participating"`
	Star3         int    `json:"star3"`
	Star4         int    `json:"star4"`
	Star5         int    `json:"star5"`
	NotInForce    int    `json:"not_in_force"` // expired, suspended or withdrawn
	None          int    `json:"none"`         // never certified
	Total         int    `json:"total"`
}

// Certification states of the report.
const (
	CertExpiring = "expiring"
	CertExpired  = "expired"
	CertNone     = "none"
)

// CertRow is a product whose current certification expires within
// ExpiryWindowDays of the month's last day or has expired with no newer
// decision.
type CertRow struct {
	District       string     `json:"district"`
	FacilityCode   string     `json:"facility_code"`
	FacilityName   string     `json:"facility_name"`
	ProductNumber  uint32     `json:"product_number"`
	ProductName    string     `json:"product_name"`
	Rank           string     `json:"rank"`
	DecisionNumber string     `json:"decision_number"`
	DecisionDate   stamp.Date `json:"decision_date"`
	ExpiresOn      stamp.Date `json:"expires_on"`
	Status         string     `json:"status"` // as recorded: valid, suspended, withdrawn
	State          string     `json:"state"`  // CertExpiring or CertExpired
	DaysLeft       int        `json:"days_left"`
}

// PointsOfSale lists a district's points of sale.
type PointsOfSale struct {
	District string   `json:"district"`
	Count    int      `json:"count"`
	Names    []string `json:"names"`
}

// Note is an explanation printed with the report, in Vietnamese and English.
type Note struct {
	VI string `json:"vi"`
	EN string `json:"en"`
}
