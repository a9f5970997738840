package report

import (
	"encoding/json"
	"io"
)

// WriteJSON writes the report as indented JSON (the Report's fields). It
// fails with w's error.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}
