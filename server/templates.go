package server

import (
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
)

//go:embed templates/*.html templates/style.css
var templateFS embed.FS

// parseTemplates parses the embedded pages once and returns them with the
// Content-Security-Policy that allows exactly the inlined style sheet (by
// hash) and nothing else: no scripts, no external assets.
func parseTemplates() (*template.Template, string, error) {
	css, err := templateFS.ReadFile("templates/style.css")
	if err != nil {
		return nil, "", fmt.Errorf("server: read style sheet: %w", err)
	}
	sum := sha256.Sum256(css)
	sheet := template.CSS(css) // converted once: a page render used to copy it
	funcs := template.FuncMap{
		// The style sheet is ours, embedded at build time.
		"css": func() template.CSS { return sheet },
		"tel": telHref,
	}
	t, err := template.New("pages").Funcs(funcs).ParseFS(templateFS, "templates/*.html")
	if err != nil {
		return nil, "", fmt.Errorf("server: parse templates: %w", err)
	}
	csp := "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; " +
		"img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
	return t, csp, nil
}
