// Package storage defines the registry store that ocopstamp keeps its OCOP
// registry, batches, stamps, scans and audit log in. Implementations:
// storage/sqlite (the embedded default) and storage/postgres; both pass the
// conformance suite in storage/storagetest.
//
// Every write method records an audit entry in the same transaction, names
// its actor, and bumps the registry version that lookup caches watch.
// Errors are *stamp.Error values with a code (invalid, not_found, conflict)
// for the caller's mistakes and wrapped errors for everything else.
package storage

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Store is the registry store.
type Store interface {
	Registry
	Batches
	Scans
	Audit
	Admin     // tokens, inspections, consumer reports (admin.go)
	Reports   // monthly report aggregates (report.go)
	Snapshots // registry snapshot reads (snapshot.go)
	Settings
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Close releases the database.
	Close() error
}

// Registry holds facilities, products, certifications and points of sale.
type Registry interface {
	// ImportFacilities inserts all facilities or none. A code already present
	// (or repeated in the slice) is an EConflict error naming it.
	ImportFacilities(ctx context.Context, actor string, fs []stamp.Facility) error
	// ImportProducts inserts all products or none; an unknown facility code is
	// EInvalid, a duplicate number or GTIN EConflict. Products' GTINs are
	// stored in their 14-digit form (stamp.ParseGTIN) and are unique.
	ImportProducts(ctx context.Context, actor string, ps []stamp.Product) error
	// ImportCertifications inserts all certifications or none; an unknown
	// product is EInvalid. IDs are filled in.
	ImportCertifications(ctx context.Context, actor string, cs []stamp.Certification) error

	CreateFacility(ctx context.Context, actor string, f stamp.Facility) error
	UpdateFacility(ctx context.Context, actor string, f stamp.Facility) error
	Facility(ctx context.Context, code string) (*stamp.Facility, error)
	Facilities(ctx context.Context) ([]stamp.Facility, error)

	CreateProduct(ctx context.Context, actor string, p stamp.Product) error
	UpdateProduct(ctx context.Context, actor string, p stamp.Product) error
	Product(ctx context.Context, number uint32) (*stamp.Product, error)
	// ProductByGTIN returns the product with gtin (any GTIN form ParseGTIN
	// reads); ENotFound when none has it, EInvalid when gtin is no GTIN.
	ProductByGTIN(ctx context.Context, gtin string) (*stamp.Product, error)
	Products(ctx context.Context) ([]stamp.Product, error)

	// AddCertification stores c (validated) and returns its id.
	AddCertification(ctx context.Context, actor string, c stamp.Certification) (int64, error)
	// SetCertificationStatus changes the status (valid, suspended, withdrawn)
	// of certification id with a reason.
	SetCertificationStatus(ctx context.Context, actor string, id int64, status, reason string) error
	// SetCertificationRank re-ranks certification id.
	SetCertificationRank(ctx context.Context, actor string, id int64, rank stamp.Rank) error
	Certification(ctx context.Context, id int64) (*stamp.Certification, error)
	// CurrentCertification returns the product's certification with the
	// latest decision date (whatever its status), or ENotFound.
	CurrentCertification(ctx context.Context, product uint32) (*stamp.Certification, error)
	Certifications(ctx context.Context, product uint32) ([]stamp.Certification, error)

	// CreatePointOfSale stores p and returns its id.
	CreatePointOfSale(ctx context.Context, actor string, p stamp.PointOfSale) (int64, error)
	UpdatePointOfSale(ctx context.Context, actor string, p stamp.PointOfSale) error
	// PointsOfSale lists points of sale, in one district when district != "".
	PointsOfSale(ctx context.Context, district string) ([]stamp.PointOfSale, error)

	// ImportCommunes stores the official list of communes and wards: new
	// codes are inserted, known ones updated, all or none. A facility or
	// point of sale may only name a commune code stored here (EInvalid
	// otherwise); the store then fills its commune name and former district.
	ImportCommunes(ctx context.Context, actor string, cs []stamp.Commune) error
	// Communes lists the communes and wards by former district and name.
	Communes(ctx context.Context) ([]stamp.Commune, error)

	// RegistryVersion returns a number that grows with every write that can
	// change a lookup's answer (registry edits, revocations, status changes).
	RegistryVersion(ctx context.Context) (int64, error)
	// RegistryChanges returns the change feed after version after: what
	// each write since changed (RegistryChange), at most limit changes. The
	// feed keeps the last ChangeFeedVersions versions; older ones, and
	// writes made before the feed existed, make it incomplete. Lookup caches
	// poll it to invalidate only the views a write affects.
	RegistryChanges(ctx context.Context, after int64, limit int) (ChangeFeed, error)
}

// ChangeFeedVersions is how many registry versions the change feed keeps.
const ChangeFeedVersions = 10000

// Batches holds minted batches and their stamps.
type Batches interface {
	// CreateBatch stores b and exactly b.Count stamps from next in one
	// transaction: all or none. It allocates b.FirstSerial and sets b.MintedAt
	// and b.FacilityCode. An unknown product is ENotFound.
	CreateBatch(ctx context.Context, b *stamp.Batch, next stamp.StampChunks) error
	Batch(ctx context.Context, id uuid.UUID) (*stamp.Batch, error)
	// BatchesOf lists a product's batches, newest first (all when product is 0).
	BatchesOf(ctx context.Context, product uint32) ([]stamp.Batch, error)
	// BatchStamps calls fn for the batch's stamps with serial in [from, to]
	// (inclusive; 0 means the batch's first/last), in serial order, streaming.
	BatchStamps(ctx context.Context, batch uuid.UUID, from, to uint64, fn func(stamp.Stamp) error) error

	// StampView returns everything a lookup shows about one stamp, or
	// ENotFound when the registry does not hold it.
	StampView(ctx context.Context, id uuid.UUID) (*StampView, error)
	// StampBySerial returns the stamp with a serial, or ENotFound.
	StampBySerial(ctx context.Context, serial uint64) (*stamp.Stamp, error)
	// StampsRevokedBetween calls fn for the stamps revoked one by one (or by
	// serial range) at or after since and before until, in the order of
	// their revocation time, then serial, streaming. A batch's revocation
	// is the batch's RevokedAt: its stamps are not listed for it.
	StampsRevokedBetween(ctx context.Context, since, until time.Time, fn func(stamp.Stamp) error) error

	// RevokeStamp, RevokeBatch and RevokeSerials mark stamps revoked with a
	// reason. They return how many stamps (or batches) changed; revoking an
	// already revoked one is not an error.
	RevokeStamp(ctx context.Context, actor string, id uuid.UUID, reason string) error
	RevokeBatch(ctx context.Context, actor string, id uuid.UUID, reason string) error
	RevokeSerials(ctx context.Context, actor string, from, to uint64, reason string) (int64, error)
	// RecordPrint writes the audit entry of a (re)print of serials [from, to];
	// forced, when not empty, is why a print the office refuses (revoked
	// batch, certification not valid) was forced.
	RecordPrint(ctx context.Context, actor string, batch uuid.UUID, from, to uint64, forced, output string) error
}

// StampView is the registry's whole answer about one stamp.
type StampView struct {
	Stamp         stamp.Stamp
	Batch         stamp.Batch
	Product       stamp.Product
	Facility      stamp.Facility
	Certification *stamp.Certification // current one; nil when none
	// PointsOfSale are the province's points of sale nearest the facility:
	// its commune or ward first, then its former district, then the rest,
	// at most MaxPointsOfSale.
	PointsOfSale []stamp.PointOfSale
}

// MaxPointsOfSale is how many points of sale a stamp view lists.
const MaxPointsOfSale = 8

// Scans records lookups.
type Scans interface {
	// RecordScans stores events durably in one transaction.
	RecordScans(ctx context.Context, events []stamp.ScanEvent) error
	// ScanStats summarises a stamp's scans.
	ScanStats(ctx context.Context, id uuid.UUID) (stamp.ScanStats, error)
	// StampScans lists a stamp's most recent scans, newest first.
	StampScans(ctx context.Context, id uuid.UUID, limit int) ([]stamp.ScanEvent, error)
}

// ScanRetention removes old scans. Both stores implement it; the scan
// rollups, and so the monthly reports, stay.
type ScanRetention interface {
	// DropScansBefore removes, as actor (audited), the scans recorded
	// before before, which must be the first instant of a Vietnam month
	// (else EInvalid), and returns how many.
	DropScansBefore(ctx context.Context, actor string, before time.Time) (int64, error)
}

// ScanPartitions is a store whose scans are partitioned by month
// (PostgreSQL): EnsureScanPartitions creates the partitions of the month
// holding now and the next few, before their scans arrive.
type ScanPartitions interface {
	EnsureScanPartitions(ctx context.Context, now time.Time) error
}

// Audit reads the append-only audit log.
type Audit interface {
	// AuditLog lists entries at or after since, oldest first, at most limit.
	AuditLog(ctx context.Context, since time.Time, limit int) ([]stamp.AuditEntry, error)
	// AppendAudit records an entry for work the store does not do itself
	// (for example a print written by the CLI).
	AppendAudit(ctx context.Context, e stamp.AuditEntry) error
}

// Settings are the office's stored settings ('ocopstamp init'): names
// below, values as text.
type Settings interface {
	// Settings returns every stored setting by name (empty when none).
	Settings(ctx context.Context) (map[string]string, error)
	// SetSettings stores kv, replacing the names it holds, with an audit
	// entry.
	SetSettings(ctx context.Context, actor string, kv map[string]string) error
}

// Names of the stored settings.
const (
	SettingBaseURL     = "base_url"     // public base URL printed in QR codes
	SettingOfficeName  = "office_name"  // office contact shown to consumers
	SettingOfficePhone = "office_phone" //
	SettingOfficeEmail = "office_email" //
)
