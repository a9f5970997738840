package print

import (
	"bytes"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// fpdf keeps every page's uncompressed content in memory until Output, about
// 6 KB a label: 100,000 labels would need over 600 MB. Render therefore draws
// the sheets in chunks, each a complete fpdf document, and the merger joins
// the chunks into one PDF as they come: it renumbers each chunk's objects,
// points its pages at one shared page tree and drops the chunk's own page
// tree, catalog and info. Memory stays at one chunk.
//
// The merger reads fpdf's own output only: a classic cross-reference table,
// objects written as "N 0 obj … endobj", streams after the dictionary.

// merger writes the joined PDF to w.
type merger struct {
	w      *countWriter
	offs   []int64 // offs[n]: offset of object n; 0: not written
	kids   []int   // page objects, in order
	next   int     // next free object number
	mediaW float64 // page size in points
	mediaH float64
}

// Object numbers the merger reserves.
const (
	objPages   = 1
	objCatalog = 2
	objInfo    = 3
	objFirst   = 4
)

func newMerger(w io.Writer, pageW, pageH float64) *merger {
	return &merger{w: &countWriter{w: w}, offs: make([]int64, objFirst), next: objFirst,
		mediaW: pageW / ptMM, mediaH: pageH / ptMM}
}

// countWriter counts the bytes written and keeps the first error.
type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}

var (
	refRE     = regexp.MustCompile(`\b(\d+) 0 R\b`)
	objHeadRE = regexp.MustCompile(`^(\d+) 0 obj\n`)
	rootRE    = regexp.MustCompile(`/Root (\d+) 0 R`)
	infoRE    = regexp.MustCompile(`/Info (\d+) 0 R`)
)

// add appends the pages of one complete fpdf document.
func (m *merger) add(doc []byte) error {
	offs, xref, trailer, err := parseXref(doc)
	if err != nil {
		return fmt.Errorf("merge PDF chunk: %w", err)
	}
	drop := map[int]bool{objPages: true}
	for _, re := range []*regexp.Regexp{rootRE, infoRE} {
		if s := re.FindSubmatch(trailer); s != nil {
			n, _ := strconv.Atoi(string(s[1]))
			drop[n] = true
		}
	}
	if m.w.n == 0 {
		first := int64(len(doc))
		for _, o := range offs[1:] {
			first = min(first, o)
		}
		m.write(doc[:first]) // "%PDF-1.x" and the binary marker line
	}
	// Local to global object numbers; fpdf's page tree becomes ours.
	num := make([]int, len(offs))
	num[objPages] = objPages
	for n := 1; n < len(offs); n++ {
		if !drop[n] {
			num[n] = m.next
			m.next++
		}
	}
	order := make([]int, 0, len(offs))
	for n := 1; n < len(offs); n++ {
		if !drop[n] {
			order = append(order, n)
		}
	}
	sort.Slice(order, func(i, j int) bool { return offs[order[i]] < offs[order[j]] })
	ends := sortedEnds(offs, xref)
	for _, n := range order {
		obj := doc[offs[n]:ends[offs[n]]]
		head := objHeadRE.FindSubmatch(obj)
		if head == nil || string(head[1]) != strconv.Itoa(n) {
			return fmt.Errorf("merge PDF chunk: object %d not found at offset %d", n, offs[n])
		}
		body := obj[len(head[0]):]
		dict, rest := body, []byte(nil)
		if i := bytes.Index(body, []byte("\nstream\n")); i >= 0 {
			dict, rest = body[:i], body[i:]
		}
		var bad error
		dict = refRE.ReplaceAllFunc(dict, func(ref []byte) []byte {
			r, _ := strconv.Atoi(string(ref[:bytes.IndexByte(ref, ' ')]))
			if r <= 0 || r >= len(num) || num[r] == 0 {
				bad = fmt.Errorf("merge PDF chunk: object %d refers to dropped or missing object %d", n, r)
				return ref
			}
			return []byte(strconv.Itoa(num[r]) + " 0 R")
		})
		if bad != nil {
			return bad
		}
		g := num[n]
		if bytes.Contains(dict, []byte("/Type /Page\n")) {
			m.kids = append(m.kids, g)
		}
		m.setOffset(g)
		m.write([]byte(strconv.Itoa(g) + " 0 obj\n"))
		m.write(dict)
		m.write(rest)
	}
	return m.w.err
}

// parseXref returns the object offsets (index = object number) and the
// offset of the cross-reference table and the trailer dictionary of a PDF
// with a classic cross-reference table.
func parseXref(doc []byte) (offs []int64, xref int64, trailer []byte, err error) {
	fail := func(format string, args ...any) ([]int64, int64, []byte, error) {
		return nil, 0, nil, fmt.Errorf(format, args...)
	}
	i := bytes.LastIndex(doc, []byte("startxref\n"))
	if i < 0 {
		return fail("no startxref")
	}
	f := strings.Fields(string(doc[i+len("startxref\n"):]))
	if len(f) == 0 {
		return fail("no xref offset")
	}
	x, err := strconv.Atoi(f[0])
	if err != nil || x <= 0 || x >= len(doc) || !bytes.HasPrefix(doc[x:], []byte("xref\n0 ")) {
		return fail("bad xref offset %q", f[0])
	}
	p := doc[x+len("xref\n0 "):]
	nl := bytes.IndexByte(p, '\n')
	count, err := strconv.Atoi(string(p[:max(nl, 0)]))
	if nl < 0 || err != nil || count < 2 || len(p) < nl+1+20*count {
		return fail("bad xref header")
	}
	p = p[nl+1:]
	offs = make([]int64, count)
	for n := 1; n < count; n++ {
		e := p[20*n : 20*n+20]
		o, err := strconv.ParseInt(string(e[:10]), 10, 64)
		if err != nil || e[17] != 'n' || o <= 0 || o >= int64(x) {
			return fail("bad xref entry %d %q", n, e)
		}
		offs[n] = o
	}
	trailer = p[20*count:]
	if !bytes.HasPrefix(trailer, []byte("trailer\n")) {
		return fail("no trailer after xref")
	}
	return offs, int64(x), trailer, nil
}

// sortedEnds maps each object offset to the offset where the next object (or
// the xref table) begins.
func sortedEnds(offs []int64, xref int64) map[int64]int64 {
	s := append([]int64(nil), offs[1:]...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	ends := make(map[int64]int64, len(s))
	for i, o := range s {
		if i+1 < len(s) {
			ends[o] = s[i+1]
		}
	}
	if len(s) > 0 {
		ends[s[len(s)-1]] = xref
	}
	return ends
}

func (m *merger) setOffset(n int) {
	for len(m.offs) <= n {
		m.offs = append(m.offs, 0)
	}
	m.offs[n] = m.w.n
}

func (m *merger) write(b []byte) { _, _ = m.w.Write(b) }

// docInfo is written into the merged document's info dictionary.
type docInfo struct {
	Title, Subject string
	Date           time.Time
}

// finish writes the page tree, catalog, info, cross-reference table and
// trailer. The catalog asks viewers to print at 100 %: scaling a label
// sheet to fit the paper misplaces every label.
func (m *merger) finish(info docInfo) error {
	if len(m.kids) == 0 {
		return fmt.Errorf("merge PDF: no pages")
	}
	var b bytes.Buffer
	m.setOffset(objPages)
	fmt.Fprintf(&b, "%d 0 obj\n<</Type /Pages\n/Kids [", objPages)
	for i, k := range m.kids {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d 0 R", k)
	}
	fmt.Fprintf(&b, "]\n/Count %d\n/MediaBox [0 0 %.2f %.2f]\n>>\nendobj\n", len(m.kids), m.mediaW, m.mediaH)
	m.write(b.Bytes())
	b.Reset()

	m.setOffset(objCatalog)
	fmt.Fprintf(&b, "%d 0 obj\n<</Type /Catalog\n/Pages %d 0 R\n/PageLayout /SinglePage\n/ViewerPreferences <</PrintScaling /None>>\n>>\nendobj\n",
		objCatalog, objPages)
	m.write(b.Bytes())
	b.Reset()

	m.setOffset(objInfo)
	date := pdfDate(info.Date)
	fmt.Fprintf(&b, "%d 0 obj\n<</Producer %s\n/Creator %s\n/Title %s\n/Subject %s\n/CreationDate %s\n/ModDate %s\n>>\nendobj\n",
		objInfo, pdfText("ocopstamp (codeberg.org/go-pdf/fpdf)"), pdfText("ocopstamp print"),
		pdfText(info.Title), pdfText(info.Subject), pdfText(date), pdfText(date))
	m.write(b.Bytes())
	b.Reset()

	xref := m.w.n
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(m.offs))
	for n := 1; n < len(m.offs); n++ {
		if m.offs[n] == 0 {
			return fmt.Errorf("merge PDF: object %d was never written", n)
		}
		fmt.Fprintf(&b, "%010d 00000 n \n", m.offs[n])
	}
	fmt.Fprintf(&b, "trailer\n<<\n/Size %d\n/Root %d 0 R\n/Info %d 0 R\n>>\nstartxref\n%d\n%%%%EOF\n",
		len(m.offs), objCatalog, objInfo, xref)
	m.write(b.Bytes())
	return m.w.err
}

// pdfDate formats t as a PDF date in Vietnam's time zone.
func pdfDate(t time.Time) string {
	return t.In(stamp.Vietnam).Format("D:20060102150405+07'00'")
}

// pdfText returns s as a PDF text string: literal when it is printable
// ASCII, else UTF-16BE with a byte-order mark, in hex.
func pdfText(s string) string {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
		return "(" + r.Replace(s) + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}
