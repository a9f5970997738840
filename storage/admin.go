package storage

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// Admin is what the office controls (the admin API and the CLI) keep beyond
// the registry: API tokens, console sessions, inspections and consumer reports. Both SQL stores
// implement it.
type Admin interface {
	Tokens
	Sessions // web console sign-ins (session.go)
	MintJobs // web console mints (session.go)
	Inbox    // the office's handling of reports and inspections (inbox.go)
	Inspections
	ConsumerReports
}

// Token is an admin API bearer token as the store keeps it: never the
// secret, only its SHA-256 hash and a lookup key derived from the hash.
type Token struct {
	ID   int64
	Name string // unique forever; the actor of the token's writes in the audit log
	Role string // stamp.RoleOffice, RoleInspector or RoleViewer
	// Lookup is the hex of the hash's first 8 bytes: the index the token is
	// found by before its whole hash is compared in constant time.
	Lookup     string
	Hash       [32]byte
	CreatedAt  time.Time
	CreatedBy  string
	ExpiresAt  *time.Time // nil: never
	RevokedAt  *time.Time
	RevokedBy  string
	LastUsedAt *time.Time
}

// State returns "active", "expired" or "revoked" at time now.
func (t Token) State(now time.Time) string {
	switch {
	case t.RevokedAt != nil:
		return "revoked"
	case t.ExpiresAt != nil && !now.Before(*t.ExpiresAt):
		return "expired"
	}
	return "active"
}

// Tokens keeps the admin API's tokens. Creating and revoking a token are
// audited (actions token.create, token.revoke) but do not bump the registry
// version: no lookup changes.
type Tokens interface {
	// CreateToken stores t (Name, Role, Lookup, Hash, ExpiresAt) and fills
	// its ID, CreatedAt and CreatedBy (= actor). A name already used, even by
	// a revoked token, or a lookup key already used is EConflict; a bad name
	// or role EInvalid.
	CreateToken(ctx context.Context, actor string, t *Token) error
	// TokenByLookup returns the token with the lookup key, or ENotFound.
	TokenByLookup(ctx context.Context, lookup string) (*Token, error)
	// Token returns the token with the name, or with the id when ref is a
	// decimal number (names never are), or ENotFound.
	Token(ctx context.Context, ref string) (*Token, error)
	// ListTokens lists every token, revoked and expired ones included, by id.
	ListTokens(ctx context.Context) ([]Token, error)
	// RevokeToken revokes the token ref names (as Token) and returns it. An
	// unknown token is ENotFound; revoking a revoked token changes nothing
	// and is not an error.
	RevokeToken(ctx context.Context, actor, ref string) (*Token, error)
	// TouchToken records that token id was used at time at. It is not
	// audited.
	TouchToken(ctx context.Context, id int64, at time.Time) error
}

// Inspection results.
const (
	InspectionGenuine     = "genuine"
	InspectionSuspect     = "suspect"
	InspectionCounterfeit = "counterfeit"
)

// Inspection is a market inspector's check of a stamped product.
type Inspection struct {
	ID        int64
	At        time.Time // when it was recorded
	Inspector string    // the inspector's token name (or CLI user)
	Place     string    // market, shop, address
	Result    string    // InspectionGenuine, InspectionSuspect or InspectionCounterfeit
	Notes     string
	// What was checked, all optional: the scanned code text, the stamp id
	// (from the code or the serial), the printed serial, the product number.
	Code          string
	StampID       uuid.UUID // uuid.Nil when not known
	Serial        uint64    // 0 when not given
	ProductNumber uint32    // 0 when not known
	// ClientID is the id the inspector's device made for the inspection
	// ("" when none): recording the same inspector's ClientID again stores
	// nothing and returns the first record, with Repeated set.
	ClientID string
	// Photo is an optional JPEG of at most MaxInspectionPhoto bytes. It is
	// written by RecordInspection and read by InspectionPhoto; listings
	// only set HasPhoto.
	Photo    []byte
	HasPhoto bool
	// Repeated is set by RecordInspection when ClientID was already
	// recorded: the fields are then those of the stored inspection.
	Repeated bool
}

// MaxInspectionPhoto is the largest inspection photo stored (a JPEG the
// inspector app shrinks to fit).
const MaxInspectionPhoto = 40 << 10

// InspectionFilter selects inspections; zero fields select everything.
type InspectionFilter struct {
	Stamp uuid.UUID // only this stamp's
	Since time.Time // at or after
	Limit int       // at most (default 1000)
}

// Inspections keeps inspection records. Recording one is audited (action
// inspection.create); it does not bump the registry version.
type Inspections interface {
	// RecordInspection validates and stores in and fills its ID and At.
	// Missing place, a result other than genuine, suspect or counterfeit,
	// or over-long text is EInvalid.
	// A ClientID the same actor recorded before stores nothing: in is filled
	// from the stored record and Repeated is set (so a device may resend
	// until it gets an answer). A ClientID that is not 1 to 64 letters,
	// digits, '-' or '_', or a photo that is not a JPEG of at most
	// MaxInspectionPhoto bytes, is EInvalid.
	RecordInspection(ctx context.Context, actor string, in *Inspection) error
	// ListInspections lists inspections, newest first.
	ListInspections(ctx context.Context, f InspectionFilter) ([]Inspection, error)
	// InspectionPhoto returns inspection id's photo; ENotFound when there
	// is no such inspection or it has no photo.
	InspectionPhoto(ctx context.Context, id int64) ([]byte, error)
}

// ConsumerReport is a consumer's report of a suspected fake, sent from the
// consumer page of the code they scanned.
type ConsumerReport struct {
	ID            int64
	At            time.Time
	StampID       uuid.UUID // from the code's header
	Code          string    // the code text as reported (canonical upper case)
	ProductNumber uint32    // from the code's header
	What          string    // what looked wrong
	WhereBought   string
	Contact       string // optional; shown to the office and inspectors only
	Lang          string // the page language: vi or en
	// Photo is an optional photo the consumer attached, cleaned by package
	// photo (no EXIF): a JPEG or PNG of at most MaxReportPhoto bytes, of
	// type PhotoType (image/jpeg or image/png). It is written by
	// AddConsumerReport and read by ConsumerReportPhoto; listings only set
	// HasPhoto.
	Photo     []byte
	PhotoType string
	HasPhoto  bool
	// State is the office's handling of the report (the inbox): State new,
	// with no ChangedBy, when nobody has opened it. Read only: the store
	// fills it; AddConsumerReport ignores it.
	State InboxState
}

// MaxReportPhoto is the largest consumer report photo stored: the 5 MiB a
// consumer may upload, with room for a PNG that grew when encoded anew.
const MaxReportPhoto = 8 << 20

// ConsumerReportFilter selects consumer reports; zero fields select
// everything.
type ConsumerReportFilter struct {
	Stamp  uuid.UUID
	Since  time.Time
	States []string // inbox states (InboxStates); empty: any
	// Before pages: only reports listed after report Before (older, or as
	// old with a smaller id); 0 starts at the newest. A Before that is not
	// a report gives an empty list.
	Before int64
	Limit  int // default 1000
}

// Text bounds of reports and inspections, in characters.
const (
	MaxReportText  = 2000 // What, Notes
	MaxReportField = 300  // WhereBought, Contact, Place
)

// ConsumerReports keeps consumer reports. They are not audited (the audit log
// records the office's writes) and do not bump the registry version.
type ConsumerReports interface {
	// AddConsumerReport validates and stores r and fills its ID and At. A
	// missing stamp id or description, over-long text, or a photo that is
	// not a JPEG or PNG of its PhotoType within MaxReportPhoto bytes, is
	// EInvalid.
	AddConsumerReport(ctx context.Context, r *ConsumerReport) error
	// ListConsumerReports lists reports with their inbox state, newest
	// first. An unknown state in f.States is EInvalid.
	ListConsumerReports(ctx context.Context, f ConsumerReportFilter) ([]ConsumerReport, error)
	// ConsumerReport returns report id with its inbox state, or ENotFound.
	ConsumerReport(ctx context.Context, id int64) (*ConsumerReport, error)
	// ConsumerReportCount returns how many reports name stamp id.
	ConsumerReportCount(ctx context.Context, id uuid.UUID) (int64, error)
	// ConsumerReportPhoto returns report id's photo and its content type;
	// ENotFound when there is no such report or it has no photo.
	ConsumerReportPhoto(ctx context.Context, id int64) ([]byte, string, error)
}
