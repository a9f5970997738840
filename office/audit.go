package office

import (
	"encoding/json"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

type auditJSON struct {
	ID      int64           `json:"id"`
	At      time.Time       `json:"at"`
	Actor   string          `json:"actor"`
	Action  string          `json:"action"`
	Subject string          `json:"subject"`
	Before  json.RawMessage `json:"before"`
	After   json.RawMessage `json:"after"`
}

// AuditView returns an audit entry as every front end writes it (the admin
// API and "ocopstamp audit --json"): before and after as JSON values (null when empty, a string when
// the entry holds text that is not JSON).
func AuditView(e stamp.AuditEntry) any {
	return auditJSON{ID: e.ID, At: e.At, Actor: e.Actor, Action: e.Action, Subject: e.Subject,
		Before: rawJSON(e.Before), After: rawJSON(e.After)}
}

func rawJSON(s string) json.RawMessage {
	if s == "" {
		return json.RawMessage("null")
	}
	if json.Valid([]byte(s)) {
		return json.RawMessage(s)
	}
	b, _ := json.Marshal(s)
	return b
}
