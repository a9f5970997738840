package office

import (
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// ConsumerReportJSON is a consumer report as every front end writes it
// (the admin API and "ocopstamp consumer-reports --json"). The fields after
// State are those of ConsumerReportDetail, empty in lists.
type ConsumerReportJSON struct {
	ID            int64     `json:"id"`
	At            time.Time `json:"at"`
	StampID       uuid.UUID `json:"stamp_id"`
	Code          string    `json:"code"`
	ProductNumber uint32    `json:"product_number"`
	What          string    `json:"what"`
	WhereBought   string    `json:"where_bought"`
	Contact       string    `json:"contact"`
	Lang          string    `json:"lang"`
	HasPhoto      bool      `json:"has_photo"` // GET /consumer-reports/{id}/photo
	State         StateJSON `json:"state"`

	ProductName string        `json:"product_name,omitempty"`
	Serial      string        `json:"serial,omitempty"`
	Verdict     stamp.Verdict `json:"verdict,omitempty"`    // of the latest lookup at or before the report
	VerdictAt   *time.Time    `json:"verdict_at,omitempty"` // when that lookup was
	MarkedSeen  bool          `json:"marked_seen,omitempty"`
}

// StateJSON is the office's handling of a report: state new, seen,
// in_progress or closed; who set it and when (null while new), the note.
type StateJSON struct {
	State     string     `json:"state"`
	Note      string     `json:"note"`
	ChangedBy string     `json:"changed_by"`
	ChangedAt *time.Time `json:"changed_at"`
}

// ConsumerReportView returns r as ConsumerReportJSON.
func ConsumerReportView(r *storage.ConsumerReport) ConsumerReportJSON {
	return ConsumerReportJSON{ID: r.ID, At: r.At, StampID: r.StampID, Code: r.Code, ProductNumber: r.ProductNumber,
		What: r.What, WhereBought: r.WhereBought, Contact: r.Contact, Lang: r.Lang, HasPhoto: r.HasPhoto || len(r.Photo) > 0,
		State: InboxStateView(r.State)}
}

// InboxStateView returns s as StateJSON.
func InboxStateView(s storage.InboxState) StateJSON {
	v := StateJSON{State: s.State, Note: s.Note, ChangedBy: s.ChangedBy}
	if !s.ChangedAt.IsZero() {
		at := s.ChangedAt
		v.ChangedAt = &at
	}
	return v
}

// DetailView returns d as ConsumerReportJSON with the registry's view of
// its stamp.
func (d *ConsumerReportDetail) DetailView() ConsumerReportJSON {
	v := ConsumerReportView(&d.ConsumerReport)
	if d.Product != nil {
		v.ProductName = d.Product.Name
	}
	v.Serial, v.Verdict, v.VerdictAt, v.MarkedSeen = d.Serial, d.Verdict, d.VerdictAt, d.MarkedSeen
	return v
}
