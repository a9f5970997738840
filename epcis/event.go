package epcis

import (
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Vocabulary values of CBV 2.0 used by the events (bare words, as EPCIS
// 2.0 JSON-LD writes them).
const (
	ActionAdd     = "ADD"
	ActionDelete  = "DELETE"
	ActionObserve = "OBSERVE"

	StepCommissioning   = "commissioning"
	StepDecommissioning = "decommissioning"
	StepInspecting      = "inspecting"

	DispActive        = "active"
	DispInactive      = "inactive"
	DispConformant    = "conformant"
	DispNonConformant = "non_conformant"
	DispUnknown       = "unknown"
)

// ContextURL is the JSON-LD context of EPCIS 2.0.
const ContextURL = "https://ref.gs1.org/standards/epcis/2.0.0/epcis-context.jsonld"

// MaxEPCs is the most stamps one event names: a larger batch or
// revocation is several events of consecutive serials.
const MaxEPCs = 1000

// Event is one EPCIS 2.0 ObjectEvent as JSON-LD. Fields with the "ocop:"
// prefix are the office's own (Names.Vocabulary).
type Event struct {
	Type                string    `json:"type"`
	EventTime           string    `json:"eventTime"`
	EventTimeZoneOffset string    `json:"eventTimeZoneOffset"`
	EventID             string    `json:"eventID"`
	EPCList             []string  `json:"epcList"`
	Action              string    `json:"action"`
	BizStep             string    `json:"bizStep"`
	Disposition         string    `json:"disposition"`
	BizLocation         *Location `json:"bizLocation,omitempty"`
	ILMD                *ILMD     `json:"ilmd,omitempty"`

	Batch   string `json:"ocop:batch,omitempty"`   // the batch's id (UUID)
	Product uint32 `json:"ocop:product,omitempty"` // the registry's product number
	Reason  string `json:"ocop:reason,omitempty"`  // why stamps were revoked
	Result  string `json:"ocop:inspectionResult,omitempty"`
	Place   string `json:"ocop:place,omitempty"`      // where an inspection was made
	Inspect int64  `json:"ocop:inspection,omitempty"` // the inspection's id

	key Key
}

// Location is a readPoint or bizLocation.
type Location struct {
	ID string `json:"id"`
}

// ILMD is the instance/lot master data of a commissioning event.
type ILMD struct {
	LotNumber      string `json:"cbvmda:lotNumber,omitempty"`
	BestBeforeDate string `json:"cbvmda:bestBeforeDate,omitempty"`
	ProducedOn     string `json:"ocop:producedOn,omitempty"`
}

// Key returns the event's place in the export order.
func (e *Event) Key() Key { return e.key }

// TimeZoneOffset is the eventTimeZoneOffset of every event: Vietnam's time.
const TimeZoneOffset = "+07:00"

// timeFormat writes eventTime and creationDate in Vietnam time with
// milliseconds, e.g. 2026-11-20T09:30:00.123+07:00.
const timeFormat = "2006-01-02T15:04:05.000Z07:00"

// FormatTime writes t as the events do.
func FormatTime(t time.Time) string { return t.In(stamp.Vietnam).Format(timeFormat) }

// Document is an EPCISDocument (EPCIS 2.0, JSON-LD).
type Document struct {
	Context       []any  `json:"@context"`
	Type          string `json:"type"`
	SchemaVersion string `json:"schemaVersion"`
	CreationDate  string `json:"creationDate"`
	Body          Body   `json:"epcisBody"`
}

// Body holds the events of a Document.
type Body struct {
	EventList []Event `json:"eventList"`
}

// NewDocument wraps events in an EPCISDocument created at now, whose
// context declares the "ocop" prefix of n's vocabulary.
func NewDocument(n Names, events []Event, now time.Time) Document {
	if events == nil {
		events = []Event{}
	}
	return Document{
		Context:       []any{ContextURL, map[string]string{"ocop": n.Vocabulary()}},
		Type:          "EPCISDocument",
		SchemaVersion: "2.0",
		CreationDate:  FormatTime(now),
		Body:          Body{EventList: events},
	}
}
