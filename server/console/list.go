package console

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// perPage is how many rows a list screen shows.
const perPage = 25

// cell is one table cell: text, optionally a link, right-aligned when Num,
// coloured by Tone ("ok", "warn", "bad").
type cell struct {
	Text string
	Href string
	Num  bool
	Tone string
}

// link is a button-like link above a list (add, upload).
type link struct{ Text, Href string }

// listData is a list screen: a search box, a table and a pager.
type listData struct {
	Heading string
	Intro   string
	Query   string // the search text
	Cols    []string
	Rows    [][]cell
	Pager   pager
	Actions []link
	Extra   map[string]string // more hidden search fields, kept across pages
}

// pager is a list's position: page Page of Pages, Total rows in all.
type pager struct {
	Page, Pages, Total int
	Prev, Next         string // links, "" at the ends
}

// pageOf returns the rows of the request's page (?page=N) and the pager.
func pageOf[T any](r *http.Request, rows []T) ([]T, pager) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	pages := max(1, (len(rows)+perPage-1)/perPage)
	n = min(max(n, 1), pages)
	p := pager{Page: n, Pages: pages, Total: len(rows)}
	at := func(k int) string {
		q := r.URL.Query()
		q.Set("page", strconv.Itoa(k))
		return (&url.URL{Path: r.URL.Path, RawQuery: q.Encode()}).String()
	}
	if n > 1 {
		p.Prev = at(n - 1)
	}
	if n < pages {
		p.Next = at(n + 1)
	}
	lo := (n - 1) * perPage
	hi := min(lo+perPage, len(rows))
	return rows[lo:hi], p
}

// fold is s for searching: NFC, lower case, no Vietnamese diacritics, so
// that "huong khe" finds "Hương Khê".
func fold(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case r >= 0x300 && r <= 0x36f: // combining marks
		case r == 'đ':
			b.WriteRune('d')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// matches reports whether every word of query occurs in one of fields,
// ignoring case and diacritics.
func matches(query string, fields ...string) bool {
	words := strings.Fields(fold(query))
	if len(words) == 0 {
		return true
	}
	hay := fold(strings.Join(fields, " \x00 "))
	for _, w := range words {
		if !strings.Contains(hay, w) {
			return false
		}
	}
	return true
}
