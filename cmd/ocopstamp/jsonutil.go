package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// decodeJSON reads a JSON response body into v, failing on a non-2xx status.
func decodeJSON(resp *http.Response, v any) error {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("HTTP %d: %.200s", resp.StatusCode, body)
	}
	return json.Unmarshal(body, v)
}

// writeJSON writes v as indented JSON, for the commands' --json output.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
