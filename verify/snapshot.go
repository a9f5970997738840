package verify

import (
	"encoding/json"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// A registry snapshot is what an inspector without a network needs besides
// the public keys: the registry's products, producers, current
// certifications, batches (with the span of their stamp ids) and revoked
// stamps at one moment, signed by the office. docs/inspector.md specifies
// the format; WriteSnapshot makes one and OpenSnapshot checks and reads it.

// SnapshotFormat names the snapshot format, in the envelope and the body.
const SnapshotFormat = "ocop-snapshot/1"

// SnapshotPrefix is prepended to the body bytes to form the signed message:
// it keeps a snapshot signature from passing for a code's (whose prefix is
// stamp.SignaturePrefix) and the other way round.
const SnapshotPrefix = "OCOP-SNAPSHOT/1"

// MaxSnapshotSize bounds the snapshot files OpenSnapshot reads.
const MaxSnapshotSize = 512 << 20

// snapshotEnvelope is the file: the body's bytes in base64 with their
// signature.
type snapshotEnvelope struct {
	Format    string       `json:"format"`
	KeyID     string       `json:"key_id"`
	Body      strictBase64 `json:"body"`      // standard base64 with padding, as encoding/json writes []byte
	Signature strictBase64 `json:"signature"` // 64 bytes, standard base64
}

// snapshotBody is the signed content. Its members are written in this
// order, without white space, lists sorted as the doc comments say.
type snapshotBody struct {
	Format          string          `json:"format"`
	GeneratedAt     time.Time       `json:"generated_at"`
	RegistryVersion int64           `json:"registry_version"`
	Keys            json.RawMessage `json:"keys"`           // the public key set, format ocop-stamp-keys/1
	Facilities      []snapFacility  `json:"facilities"`     // by code
	Products        []snapProduct   `json:"products"`       // by number
	Certifications  []snapCert      `json:"certifications"` // current one per product, by product number
	Batches         []snapBatch     `json:"batches"`        // by product number, first stamp id, id
	RevokedStamps   []snapRevoked   `json:"revoked_stamps"` // by id
}

type snapFacility struct {
	Code     string `json:"code"`
	Name     string `json:"name"`
	Kind     string `json:"kind"`
	District string `json:"district"`
	Commune  string `json:"commune"`
	Address  string `json:"address"`
	Phone    string `json:"phone"`
}

type snapProduct struct {
	Number       uint32 `json:"number"`
	FacilityCode string `json:"facility_code"`
	Name         string `json:"name"`
	Group        string `json:"group"`
	GTIN         string `json:"gtin"`
}

type snapCert struct {
	ProductNumber    uint32     `json:"product_number"`
	Rank             stamp.Rank `json:"rank"`
	DecisionNumber   string     `json:"decision_number"`
	DecisionDate     stamp.Date `json:"decision_date"`
	ExpiresOn        stamp.Date `json:"expires_on"`
	Status           string     `json:"status"`
	StatusReason     string     `json:"status_reason"`
	ProcessConfirmed string     `json:"process_confirmed"`
	LabTestDate      stamp.Date `json:"lab_test_date"`
	DeclarationDate  stamp.Date `json:"declaration_date"`
}

type snapBatch struct {
	ID            uuid.UUID  `json:"id"`
	ProductNumber uint32     `json:"product_number"`
	FacilityCode  string     `json:"facility_code"` // the producer the batch was issued to
	KeyID         string     `json:"key_id"`
	Count         int        `json:"count"`
	FirstSerial   uint64     `json:"first_serial"`
	FirstStampID  uuid.UUID  `json:"first_stamp_id"` // smallest stamp id of the batch (byte order)
	LastStampID   uuid.UUID  `json:"last_stamp_id"`  // largest
	Lot           string     `json:"lot"`
	ProducedOn    stamp.Date `json:"produced_on"`
	BestBefore    stamp.Date `json:"best_before"`
	MintedAt      time.Time  `json:"minted_at"`
	RevokedAt     *time.Time `json:"revoked_at"`
	RevokeReason  string     `json:"revoke_reason"`
}

// snapRevoked is a revoked stamp. ByBatch marks a stamp listed only because
// its batch is revoked and its id lies where its batch's span overlaps an
// unrevoked batch's of the same product and key (see WriteSnapshot).
type snapRevoked struct {
	ID        uuid.UUID `json:"id"`
	BatchID   uuid.UUID `json:"batch_id"`
	RevokedAt time.Time `json:"revoked_at"`
	Reason    string    `json:"reason"`
	ByBatch   bool      `json:"by_batch"`
}

// SnapshotSummary describes a snapshot in a few numbers.
type SnapshotSummary struct {
	Format          string    `json:"format"`
	GeneratedAt     time.Time `json:"generated_at"`
	RegistryVersion int64     `json:"registry_version"`
	SignedBy        string    `json:"signed_by"` // key id
	Facilities      int       `json:"facilities"`
	Products        int       `json:"products"`
	Certifications  int       `json:"certifications"`
	Batches         int       `json:"batches"`
	RevokedBatches  int       `json:"revoked_batches"`
	RevokedStamps   int       `json:"revoked_stamps"`
	Bytes           int       `json:"bytes"`
}
