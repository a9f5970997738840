package server

import (
	"html"
	"html/template"
	"strings"
)

// The detail cards of a result page (producer, certificate, stamp, scans,
// points of sale, technical details) are many small rows. html/template
// evaluates each action by reflection, which made these rows two thirds of
// the page's rendering time, so they are written here instead: every value
// goes through html.EscapeString (text and quoted attribute values), and
// the only URLs are tel: links built from digits by telHref.

// Details returns the HTML of p's detail cards.
func (p *page) Details() template.HTML {
	var b strings.Builder
	b.Grow(4096)
	for _, sec := range p.Sections {
		b.WriteString("<section class=\"card\">\n<h2>")
		b.WriteString(html.EscapeString(sec.Title))
		b.WriteString("</h2>\n<dl>\n")
		writeRows(&b, sec.Rows)
		b.WriteString("</dl>\n</section>\n")
	}
	if len(p.Points) > 0 {
		b.WriteString("<section class=\"card\">\n<h2>")
		b.WriteString(html.EscapeString(p.T.WhereToBuy))
		b.WriteString("</h2>\n<ul class=\"pos\">\n")
		for _, ps := range p.Points {
			b.WriteString("<li><b>")
			b.WriteString(html.EscapeString(ps.Name))
			b.WriteString("</b>")
			if ps.Address != "" {
				b.WriteString("<br>")
				b.WriteString(html.EscapeString(ps.Address))
			}
			if ps.Phone != "" {
				b.WriteString("<br>")
				writeLink(&b, ps.Tel, ps.Phone)
			}
			b.WriteString("</li>\n")
		}
		b.WriteString("</ul>\n</section>\n")
	}
	return template.HTML(b.String())
}

// TechnicalHTML returns the collapsed technical details card, or "".
func (p *page) TechnicalHTML() template.HTML {
	if len(p.Technical) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<details class=\"card tech\">\n<summary>")
	b.WriteString(html.EscapeString(p.T.Technical))
	b.WriteString("</summary>\n<dl>\n")
	writeRows(&b, p.Technical)
	b.WriteString("</dl>\n</details>\n")
	return template.HTML(b.String())
}

func writeRows(b *strings.Builder, rows []row) {
	for _, r := range rows {
		b.WriteString("<div>")
		if r.Label != "" {
			b.WriteString("<dt>")
			b.WriteString(html.EscapeString(r.Label))
			b.WriteString("</dt>")
		}
		switch {
		case r.Warn:
			b.WriteString("<dd class=\"bad\">")
		case r.Label == "":
			b.WriteString("<dd class=\"strong\">")
		default:
			b.WriteString("<dd>")
		}
		if r.Href != "" {
			writeLink(b, r.Href, r.Value)
		} else {
			b.WriteString(html.EscapeString(r.Value))
		}
		b.WriteString("</dd></div>\n")
	}
}

// writeLink writes <a href="href">text</a>; href must be a tel: URL from
// telHref (anything else is dropped).
func writeLink(b *strings.Builder, href template.URL, text string) {
	if !strings.HasPrefix(string(href), "tel:") || strings.ContainsAny(string(href), "\"'<>& ") {
		b.WriteString(html.EscapeString(text))
		return
	}
	b.WriteString("<a href=\"")
	b.WriteString(string(href))
	b.WriteString("\">")
	b.WriteString(html.EscapeString(text))
	b.WriteString("</a>")
}

// icons are the inline SVG verdict icons by tone; the SVG is ours.
var icons = map[string]template.HTML{
	"ok":     `<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11.5" fill="#fff"/><path d="M6.6 12.4l3.7 3.7 7.3-7.9" fill="none" stroke="currentColor" stroke-width="2.6" stroke-linecap="round" stroke-linejoin="round"/></svg>`,
	"warn":   `<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 1.8L.8 21.6h22.4z" fill="#fff" stroke="#fff" stroke-width="1.2" stroke-linejoin="round"/><path d="M12 8.6v6" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/><circle cx="12" cy="18.2" r="1.6" fill="currentColor"/></svg>`,
	"danger": `<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11.5" fill="#fff"/><path d="M7.8 7.8l8.4 8.4M16.2 7.8l-8.4 8.4" stroke="currentColor" stroke-width="2.8" stroke-linecap="round"/></svg>`,
	"info":   `<svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="11.5" fill="#fff"/><path d="M12 10.5v7" stroke="currentColor" stroke-width="2.6" stroke-linecap="round"/><circle cx="12" cy="6.8" r="1.6" fill="currentColor"/></svg>`,
}

// Icon returns the banner icon of p's tone.
func (p *page) Icon() template.HTML {
	if i, ok := icons[p.Tone]; ok {
		return i
	}
	return icons["info"]
}
