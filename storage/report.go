package storage

import (
	"context"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Reports computes the figures of the office's monthly reports to the
// Provincial People's Committee. Every figure is an SQL aggregate over
// indexed columns: no method loads scans one by one.
type Reports interface {
	// ReportActivity returns what happened in [from, to): stamps minted,
	// printed and revoked, scans by verdict and distinct scanners, per
	// product, per facility, per commune or ward, per former district and in
	// total. It fails only when
	// the database does; an empty period gives zeros.
	ReportActivity(ctx context.Context, from, to time.Time) (*ReportActivity, error)
	// ReportRegistry returns the registry as the report shows it on day
	// asOf: every facility, every product with its current certification
	// (the latest decision dated asOf or earlier; nil when none) and every
	// point of sale.
	ReportRegistry(ctx context.Context, asOf stamp.Date) (*ReportRegistry, error)
}

// Activity is what happened to stamps in a period, as counts.
type Activity struct {
	Batches int64 `json:"batches"` // batches minted
	Minted  int64 `json:"minted"`  // stamps minted
	Printed int64 `json:"printed"` // labels printed, reprints included
	Revoked int64 `json:"revoked"` // stamps revoked, alone or with their batch

	Scans    int64 `json:"scans"`    // lookups recorded
	Scanners int64 `json:"scanners"` // distinct clients among them

	// Scans by verdict (the rest were genuine).
	Suspicious  int64 `json:"suspicious"`
	NotGenuine  int64 `json:"not_genuine"`
	Unknown     int64 `json:"unknown"`
	RevokedScan int64 `json:"revoked_scans"`      // scans of revoked stamps
	CertInvalid int64 `json:"cert_invalid_scans"` // scans while the certification was not valid

	// ConsumerReports counts the reports consumers sent about stamps of
	// the product (the product the reported code names).
	ConsumerReports int64 `json:"consumer_reports"`
}

// Forged returns the scans of codes that are not the office's genuine
// stamps as the registry holds them: not genuine (a compromised key's code,
// or a signature over another product than the registry's) and unknown (a
// valid signature on a stamp the registry does not hold). They count for
// the product the code names. Lookups of codes whose signature does not
// verify are not recorded as scans (their header can name anything), so
// they are not here; /metrics counts them.
func (a Activity) Forged() int64 { return a.NotGenuine + a.Unknown }

// Suspected returns the scans that point to a counterfeit: suspicious, not
// genuine and unknown.
func (a Activity) Suspected() int64 { return a.Suspicious + a.NotGenuine + a.Unknown }

// Add adds b's counts to a. Scanners cannot be added (a client may scan
// stamps of both); Add leaves a.Scanners unchanged.
func (a *Activity) Add(b Activity) {
	a.Batches += b.Batches
	a.Minted += b.Minted
	a.Printed += b.Printed
	a.Revoked += b.Revoked
	a.Scans += b.Scans
	a.Suspicious += b.Suspicious
	a.NotGenuine += b.NotGenuine
	a.Unknown += b.Unknown
	a.RevokedScan += b.RevokedScan
	a.CertInvalid += b.CertInvalid
	a.ConsumerReports += b.ConsumerReports
}

// ReportActivity is the activity of one period at every level of the report.
// Maps hold only keys with some activity. Districts are keyed by their
// canonical names (stamp.Districts) when the name a facility stores is a
// known form of one ("huyện Hương Khê"), else as stored.
type ReportActivity struct {
	From, To   time.Time
	Products   map[uint32]Activity
	Facilities map[string]Activity
	Districts  map[string]Activity
	// Communes is keyed by the facilities' commune codes; "" gathers the
	// facilities not yet placed in a commune or ward.
	Communes map[string]Activity
	// Unattributed counts the scans of stamps the registry does not hold
	// whose product is not known either.
	Unattributed Activity
	// Total is every scan and stamp of the period, unattributed ones
	// included.
	Total Activity
}

// ReportRegistry is the registry as a report shows it.
type ReportRegistry struct {
	AsOf         stamp.Date
	Facilities   []stamp.Facility    // by district, then code
	Products     []ReportProduct     // by facility code, then number
	PointsOfSale []stamp.PointOfSale // by district, then name
	Communes     []stamp.Commune     // the official list, by former district and name
}

// ReportProduct is a product with its facility's district and its current
// certification on the report's day.
type ReportProduct struct {
	stamp.Product
	District      string
	Certification *stamp.Certification // nil when the product has none yet
}
