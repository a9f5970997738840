package server

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/wording"
)

// format is the representation of a response.
type format int

const (
	formatHTML format = iota
	formatJSON
)

// negotiate picks HTML or JSON from the request's Accept header, honouring
// q-values and the most specific matching range (RFC 9110 §12.5.1). def wins
// a tie and answers when neither type is acceptable: the server never
// answers 406. It adds Vary: Accept.
func negotiate(c *gin.Context, def format) format {
	c.Writer.Header().Add("Vary", "Accept")
	return pickFormat(c.GetHeader("Accept"), def)
}

// pickFormat is negotiate on a header value.
func pickFormat(accept string, def format) format {
	if accept == "" {
		return def
	}
	// For each type: the q of the most specific range that matches it.
	qHTML, specHTML := 0.0, 0
	qJSON, specJSON := 0.0, 0
	for part := range strings.SplitSeq(accept, ",") {
		rng, q, ok := parseRange(part)
		if !ok {
			continue
		}
		sp := specificity(rng, "text", "html")
		if specificity(rng, "application", "xhtml+xml") == 3 {
			sp = 3
		}
		if sp > specHTML || (sp == specHTML && sp > 0 && q > qHTML) {
			qHTML, specHTML = q, sp
		}
		sp = specificity(rng, "application", "json")
		if sp > specJSON || (sp == specJSON && sp > 0 && q > qJSON) {
			qJSON, specJSON = q, sp
		}
	}
	switch {
	case qJSON > qHTML:
		return formatJSON
	case qHTML > qJSON:
		return formatHTML
	}
	return def
}

// specificity says how a media range matches type/sub: 3 exactly, 2 by
// type/*, 1 by */*, 0 not at all.
func specificity(rng, typ, sub string) int {
	t, s, ok := strings.Cut(rng, "/")
	if !ok {
		return 0
	}
	switch {
	case t == typ && s == sub:
		return 3
	case t == typ && s == "*":
		return 2
	case t == "*" && s == "*":
		return 1
	}
	return 0
}

// parseRange splits one element of an Accept or Accept-Language header into
// its lower-cased value and q (default 1). ok is false for an empty element
// or an invalid q.
func parseRange(part string) (value string, q float64, ok bool) {
	value, params, _ := strings.Cut(part, ";")
	value = strings.ToLower(strings.TrimSpace(value))
	if value == "" {
		return "", 0, false
	}
	q = 1
	for p := range strings.SplitSeq(params, ";") {
		k, v, found := strings.Cut(p, "=")
		if !found || !strings.EqualFold(strings.TrimSpace(k), "q") {
			continue
		}
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		if err != nil || f < 0 || f > 1 {
			return "", 0, false
		}
		q = f
	}
	return value, q, true
}

// PickLang returns the page language of every consumer page (the lookup
// pages and the report form): ?lang=vi|en first, then the request's
// Accept-Language (q-values honoured), Vietnamese by default. A browser that
// asks for neither Vietnamese nor English (a visitor's phone in Korean, say)
// gets English. It adds Vary: Accept-Language when the header decided.
func PickLang(c *gin.Context) string {
	switch strings.ToLower(c.Query("lang")) {
	case wording.LangVI:
		return wording.LangVI
	case wording.LangEN:
		return wording.LangEN
	}
	c.Writer.Header().Add("Vary", "Accept-Language")
	return langFromHeader(c.GetHeader("Accept-Language"))
}

// langFromHeader is PickLang on an Accept-Language value.
func langFromHeader(h string) string {
	if h == "" {
		return wording.LangVI
	}
	qVI, qEN, other := -1.0, -1.0, false
	for part := range strings.SplitSeq(h, ",") {
		tag, q, ok := parseRange(part)
		if !ok {
			continue
		}
		base, _, _ := strings.Cut(strings.ReplaceAll(tag, "_", "-"), "-")
		switch {
		case base == "vi":
			qVI = max(qVI, q)
		case base == "en":
			qEN = max(qEN, q)
		case base == "*":
			qVI, qEN = max(qVI, q), max(qEN, q)
		case q > 0:
			other = true
		}
	}
	switch {
	case qVI > 0 && qVI >= qEN:
		return wording.LangVI
	case qEN > 0:
		return wording.LangEN
	case qVI < 0 && other:
		return wording.LangEN
	}
	return wording.LangVI
}
