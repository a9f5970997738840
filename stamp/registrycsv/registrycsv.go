// Package registrycsv reads the office's registry spreadsheets: UTF-8 CSV
// files with a header row, one file per kind (facilities, products,
// certifications, points of sale). Columns are matched by header name in any
// order. Text is normalised to NFC. Every error names the file, line and
// column, so a clerk can find the cell in the spreadsheet.
package registrycsv

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Kinds of registry file, as named on the command line.
const (
	KindFacilities     = "facilities"
	KindProducts       = "products"
	KindCertifications = "certifications"
	KindPointsOfSale   = "points-of-sale"
	KindCommunes       = "communes"
)

// Columns lists each kind's columns; the required ones come first in
// required.
var (
	facilityCols = columns{required: []string{"code", "name"}, optional: []string{"commune_code", "district", "kind", "commune", "address", "phone", "representative"}, anyOf: placeCols}
	productCols  = columns{required: []string{"number", "facility_code", "name", "group"}, optional: []string{"gtin", "description"}}
	certCols     = columns{required: []string{"product_number", "rank", "decision_number", "decision_date"},
		optional: []string{"expires_on", "status", "status_reason", "process_confirmed", "lab_test_date", "declaration_date"}}
	posCols     = columns{required: []string{"name"}, optional: []string{"commune_code", "district", "commune", "address", "phone"}, anyOf: placeCols}
	communeCols = columns{required: []string{"code", "name", "type"}, optional: []string{"former_district"}}
)

// Columns returns the required and optional column names of a kind.
func Columns(kind string) (required, optional []string, err error) {
	c, err := colsOf(kind)
	if err != nil {
		return nil, nil, err
	}
	return c.required, c.optional, nil
}

func colsOf(kind string) (columns, error) {
	switch kind {
	case KindFacilities:
		return facilityCols, nil
	case KindProducts:
		return productCols, nil
	case KindCertifications:
		return certCols, nil
	case KindPointsOfSale:
		return posCols, nil
	case KindCommunes:
		return communeCols, nil
	}
	return columns{}, stamp.Refusef(stamp.EInvalid, "Loại dữ liệu %q không hợp lệ; chỉ nhận communes, facilities, products, certifications hoặc points-of-sale", "unknown registry kind %q: want communes, facilities, products, certifications or points-of-sale", kind)
}

// columns are a kind's header: every required column, any optional ones,
// and at least one of anyOf (which are optional too) when it is not empty.
type columns struct{ required, optional, anyOf []string }

// placeCols place a facility or point of sale: today's commune code, or for
// rows written before the 2025 reform the former district.
var placeCols = []string{"commune_code", "district"}

// Error locates a bad cell. Line and Column are 1-based (Column counts
// fields, as a spreadsheet does); Column is 0 when the error concerns a whole
// row or file.
type Error struct {
	File   string
	Line   int
	Column int
	Name   string // column name, if known
	Msg    string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d", e.Line)
	}
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d", e.Column)
		if e.Name != "" {
			fmt.Fprintf(&b, " (%s)", e.Name)
		}
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// MaxErrors is how many row problems a file reports before reading stops.
const MaxErrors = 100

// Errors is every problem found in the data rows of a file, in file order,
// at most MaxErrors: a row with the wrong number of columns, an empty
// required cell, a bad value. Its message joins them with "; ".
type Errors []*Error

func (es Errors) Error() string {
	msgs := make([]string, len(es))
	for i, e := range es {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Row is one data row with its location, values looked up by column name.
type row struct {
	file   string
	line   int
	fields []string
	index  map[string]int
	pos    func(field int) (line, col int)
}

func (r row) get(name string) string {
	i, ok := r.index[name]
	if !ok {
		return ""
	}
	return r.fields[i]
}

func (r row) errf(name string, format string, args ...any) *Error {
	e := &Error{File: r.file, Line: r.line, Name: name, Msg: fmt.Sprintf(format, args...)}
	if i, ok := r.index[name]; ok {
		e.Line, _ = r.pos(i)
		e.Column = i + 1 // the spreadsheet column, not the byte offset
	}
	return e
}

// read parses a whole CSV and calls fn for each data row. It checks UTF-8,
// strips a byte-order mark, requires the header to hold every required column
// and no unknown or repeated one, and normalises every field to NFC. A
// problem of the file or its header is returned alone (*Error); problems of
// data rows are collected, up to MaxErrors, and returned as Errors (a row
// with a problem is not passed to fn, or its value is dropped). It returns
// the line each row fn accepted starts on, in file order, also beside
// Errors.
func read(file string, r io.Reader, cols columns, fn func(row) error) (lines []int, err error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, &Error{File: file, Msg: fmt.Sprintf("read: %v", err)}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidAt(data)], []byte("\n"))
		return nil, &Error{File: file, Line: line, Msg: "not UTF-8 text: save the spreadsheet as \"CSV UTF-8\""}
	}
	cr := csv.NewReader(bytes.NewReader(data))
	// Vietnamese Excel saves "CSV" with ';' (the decimal mark is ','): the
	// header line says which one the file uses.
	first, _, _ := bytes.Cut(data, []byte("\n"))
	if bytes.Count(first, []byte(";")) > bytes.Count(first, []byte(",")) {
		cr.Comma = ';'
	}
	cr.FieldsPerRecord = -1 // checked below, with the expected count in the message
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{File: file, Msg: "empty file: want a header row (" + strings.Join(cols.required, ",") + ")"}
	}
	if err != nil {
		return nil, csvErr(file, err)
	}
	index := map[string]int{}
	known := map[string]bool{}
	for _, c := range append(append([]string{}, cols.required...), cols.optional...) {
		known[c] = true
	}
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if !known[name] {
			return nil, &Error{File: file, Line: 1, Column: i + 1, Msg: fmt.Sprintf("unknown column %q: allowed are %s", h, strings.Join(append(append([]string{}, cols.required...), cols.optional...), ", "))}
		}
		if _, dup := index[name]; dup {
			return nil, &Error{File: file, Line: 1, Column: i + 1, Msg: fmt.Sprintf("column %q appears twice", name)}
		}
		index[name] = i
	}
	for _, c := range cols.required {
		if _, ok := index[c]; !ok {
			return nil, &Error{File: file, Line: 1, Msg: fmt.Sprintf("missing column %q", c)}
		}
	}
	if len(cols.anyOf) > 0 && !slices.ContainsFunc(cols.anyOf, func(c string) bool { _, ok := index[c]; return ok }) {
		return nil, &Error{File: file, Line: 1, Msg: fmt.Sprintf("missing column %q (or, for rows written before July 2025, %q)", cols.anyOf[0], cols.anyOf[1])}
	}
	rows := 0
	var errs Errors
	for len(errs) < MaxErrors {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var ce *Error
			if !errors.As(csvErr(file, err), &ce) {
				return nil, err
			}
			errs = append(errs, ce) // a broken quote: the rest of the file cannot be split into cells
			break
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // blank line
		}
		rows++
		if len(rec) != len(header) {
			errs = append(errs, &Error{File: file, Line: line, Msg: fmt.Sprintf("%d columns, but the header has %d (%s): check for a stray %q or a missing cell",
				len(rec), len(header), strings.Join(header, string(cr.Comma)), cr.Comma)})
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(norm.NFC.String(rec[i]))
		}
		rw := row{file: file, line: line, fields: rec, index: index, pos: cr.FieldPos}
		empty := false
		for _, c := range cols.required {
			if rw.get(c) == "" && len(errs) < MaxErrors {
				errs = append(errs, rw.errf(c, "%s is empty", c))
				empty = true
			}
		}
		if empty {
			continue
		}
		if err := fn(rw); err != nil {
			var ce *Error
			if !errors.As(err, &ce) {
				return nil, err
			}
			errs = append(errs, ce)
			continue
		}
		lines = append(lines, rw.line)
	}
	if len(errs) > 0 {
		return lines, errs
	}
	if rows == 0 {
		return nil, &Error{File: file, Msg: "no data rows after the header"}
	}
	return lines, nil
}

func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: file, Line: pe.Line, Column: pe.Column, Msg: pe.Err.Error()}
	}
	return &Error{File: file, Msg: err.Error()}
}

// ReadFacilities parses a facilities file. District must be one of
// stamp.Districts.
func ReadFacilities(file string, r io.Reader) ([]stamp.Facility, error) {
	out, _, err := readFacilities(file, r)
	return out, err
}

func readFacilities(file string, r io.Reader) ([]stamp.Facility, []int, error) {
	var out []stamp.Facility
	seen := map[string]int{}
	lines, err := read(file, r, facilityCols, func(rw row) error {
		f := stamp.Facility{Code: rw.get("code"), Name: rw.get("name"), Kind: rw.get("kind"),
			District: rw.get("district"), Commune: rw.get("commune"), CommuneCode: rw.get("commune_code"),
			Address: rw.get("address"), Phone: rw.get("phone"), Representative: rw.get("representative")}
		if prev, dup := seen[f.Code]; dup {
			return rw.errf("code", "facility code %q repeats line %d", f.Code, prev)
		}
		seen[f.Code] = rw.line
		if err := rw.place(&f.CommuneCode, &f.District); err != nil {
			return err
		}
		out = append(out, f)
		return nil
	})
	return out, lines, err
}

// ReadProducts parses a products file.
func ReadProducts(file string, r io.Reader) ([]stamp.Product, error) {
	out, _, err := readProducts(file, r)
	return out, err
}

func readProducts(file string, r io.Reader) ([]stamp.Product, []int, error) {
	var out []stamp.Product
	seen := map[uint32]int{}
	gtins := map[string]int{}
	lines, err := read(file, r, productCols, func(rw row) error {
		n, err := strconv.ParseUint(rw.get("number"), 10, 32)
		if err != nil || n == 0 {
			return rw.errf("number", "product number %q is not a whole number from 1 to %d", rw.get("number"), uint32(1<<32-1))
		}
		p := stamp.Product{Number: uint32(n), FacilityCode: rw.get("facility_code"), Name: rw.get("name"),
			Group: rw.get("group"), GTIN: rw.get("gtin"), Description: rw.get("description")}
		if prev, dup := seen[p.Number]; dup {
			return rw.errf("number", "product number %d repeats line %d", p.Number, prev)
		}
		seen[p.Number] = rw.line
		if g, ok := stamp.CanonicalGroup(p.Group); ok {
			p.Group = g
		} else {
			return rw.errf("group", "unknown product group %q: want one of %s", p.Group, strings.Join(stamp.ProductGroups, "; "))
		}
		g, err := stamp.CanonicalGTIN(p.GTIN)
		if err != nil {
			return rw.errf("gtin", "%s", stamp.ErrorMessage(err))
		}
		if prev, dup := gtins[g]; dup && g != "" {
			return rw.errf("gtin", "GTIN %s repeats line %d: a GTIN names one product", g, prev)
		}
		gtins[g], p.GTIN = rw.line, g
		out = append(out, p)
		return nil
	})
	return out, lines, err
}

// ReadCertifications parses a certifications file. rank is 3, 4, 5 or 0 /
// "tham gia" / "participating"; dates are YYYY-MM-DD or DD/MM/YYYY; expires_on
// defaults to 36 months after the decision date.
func ReadCertifications(file string, r io.Reader) ([]stamp.Certification, error) {
	out, _, err := readCertifications(file, r)
	return out, err
}

func readCertifications(file string, r io.Reader) ([]stamp.Certification, []int, error) {
	var out []stamp.Certification
	lines, err := read(file, r, certCols, func(rw row) error {
		n, err := strconv.ParseUint(rw.get("product_number"), 10, 32)
		if err != nil || n == 0 {
			return rw.errf("product_number", "product number %q is not a whole number from 1 to %d", rw.get("product_number"), uint32(1<<32-1))
		}
		c := stamp.Certification{ProductNumber: uint32(n), DecisionNumber: rw.get("decision_number"),
			Status: strings.ToLower(rw.get("status")), StatusReason: rw.get("status_reason"),
			ProcessConfirmed: rw.get("process_confirmed")}
		rank, ok := stamp.ParseRank(rw.get("rank"))
		if !ok {
			return rw.errf("rank", "rank %q: want 3, 4, 5 or \"tham gia\" (participating)", rw.get("rank"))
		}
		c.Rank = rank
		for _, d := range []struct {
			col string
			dst *stamp.Date
		}{{"decision_date", &c.DecisionDate}, {"expires_on", &c.ExpiresOn}, {"lab_test_date", &c.LabTestDate}, {"declaration_date", &c.DeclarationDate}} {
			v, err := stamp.ParseDate(rw.get(d.col))
			if err != nil {
				return rw.errf(d.col, "%s", stamp.ErrorMessage(err))
			}
			*d.dst = v
		}
		if err := c.Validate(); err != nil {
			return rw.errf("", "%s", stamp.ErrorMessage(err))
		}
		out = append(out, c)
		return nil
	})
	return out, lines, err
}

// ReadPointsOfSale parses a points-of-sale file.
func ReadPointsOfSale(file string, r io.Reader) ([]stamp.PointOfSale, error) {
	out, _, err := readPointsOfSale(file, r)
	return out, err
}

func readPointsOfSale(file string, r io.Reader) ([]stamp.PointOfSale, []int, error) {
	var out []stamp.PointOfSale
	lines, err := read(file, r, posCols, func(rw row) error {
		p := stamp.PointOfSale{Name: rw.get("name"), District: rw.get("district"), Commune: rw.get("commune"),
			CommuneCode: rw.get("commune_code"), Address: rw.get("address"), Phone: rw.get("phone")}
		if err := rw.place(&p.CommuneCode, &p.District); err != nil {
			return err
		}
		out = append(out, p)
		return nil
	})
	return out, lines, err
}

// place checks where a facility or point of sale is: a five-digit commune
// code (the store fills the former district from the commune list), a known
// former district, or both; one of them is required.
func (r row) place(code, district *string) error {
	if *code == "" && *district == "" {
		return r.errf("commune_code", "commune_code is empty: give the commune's or ward's administrative unit code (or, for old rows, the former district)")
	}
	if *code != "" && !stamp.ValidCommuneCode(*code) {
		return r.errf("commune_code", "commune code %q: want the five-digit administrative unit code (mã đơn vị hành chính)", *code)
	}
	if *district == "" {
		return nil
	}
	d, ok := stamp.CanonicalDistrict(*district)
	if !ok {
		return r.errf("district", "unknown district %q: want one of %s", *district, strings.Join(stamp.Districts, ", "))
	}
	*district = d
	return nil
}

// ReadCommunes parses the official list of communes and wards: code (the
// five-digit administrative unit code), name, type ("xã" or "phường";
// "commune" and "ward" are accepted) and former_district (one of
// stamp.Districts, "huyện X" accepted; may be empty).
func ReadCommunes(file string, r io.Reader) ([]stamp.Commune, error) {
	out, _, err := readCommunes(file, r)
	return out, err
}

func readCommunes(file string, r io.Reader) ([]stamp.Commune, []int, error) {
	var out []stamp.Commune
	seen := map[string]int{}
	lines, err := read(file, r, communeCols, func(rw row) error {
		c := stamp.Commune{Code: rw.get("code"), Name: rw.get("name"), FormerDistrict: rw.get("former_district")}
		if !stamp.ValidCommuneCode(c.Code) {
			return rw.errf("code", "commune code %q: want the five-digit administrative unit code (mã đơn vị hành chính)", c.Code)
		}
		if prev, dup := seen[c.Code]; dup {
			return rw.errf("code", "commune code %s repeats line %d", c.Code, prev)
		}
		seen[c.Code] = rw.line
		kind, ok := stamp.ParseCommuneKind(rw.get("type"))
		if !ok {
			return rw.errf("type", "type %q: want \"xã\" or \"phường\"", rw.get("type"))
		}
		c.Kind = kind
		if low := strings.ToLower(c.Name); strings.HasPrefix(low, kind+" ") {
			c.Name = strings.TrimSpace(c.Name[len(kind)+1:])
		}
		if c.FormerDistrict != "" {
			d, ok := stamp.CanonicalDistrict(c.FormerDistrict)
			if !ok {
				return rw.errf("former_district", "unknown former district %q: want one of %s", c.FormerDistrict, strings.Join(stamp.Districts, ", "))
			}
			c.FormerDistrict = d
		}
		out = append(out, c)
		return nil
	})
	return out, lines, err
}

// File is what a registry CSV file holds: the entries of its kind that
// parsed (the slice of the kind), and Lines[i], the line the i-th entry's
// row starts on.
type File struct {
	Kind           string
	Communes       []stamp.Commune
	Facilities     []stamp.Facility
	Products       []stamp.Product
	Certifications []stamp.Certification
	PointsOfSale   []stamp.PointOfSale
	Lines          []int
}

// Read reads a registry file of kind (Kind…) as the Read… function of the
// kind does. The File holds every row that parsed, also when err is Errors
// (the other rows' problems), so that they can be checked against the
// registry in the same run; on a problem of the file or its header
// (*Error) it holds none. An unknown kind is an EInvalid *stamp.Error and
// a nil File.
func Read(kind, file string, r io.Reader) (*File, error) {
	if _, err := colsOf(kind); err != nil {
		return nil, err
	}
	f := &File{Kind: kind}
	var err error
	switch kind {
	case KindCommunes:
		f.Communes, f.Lines, err = readCommunes(file, r)
	case KindFacilities:
		f.Facilities, f.Lines, err = readFacilities(file, r)
	case KindProducts:
		f.Products, f.Lines, err = readProducts(file, r)
	case KindCertifications:
		f.Certifications, f.Lines, err = readCertifications(file, r)
	default:
		f.PointsOfSale, f.Lines, err = readPointsOfSale(file, r)
	}
	return f, err
}
