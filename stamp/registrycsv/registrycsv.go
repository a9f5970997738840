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
	Msg    string // English, as the CLI prints it
	MsgVI  string // the same in Vietnamese, as the office console shows it
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

// errf is the problem of column name in row r, in Vietnamese (vi) and
// English (en) formatted with the same args.
func (r row) errf(name string, vi, en string, args ...any) *Error {
	return r.problem(name, fmt.Sprintf(en, args...), fmt.Sprintf(vi, args...))
}

// errOf is the problem of column name that err (a registry rule's
// *stamp.Error) states, in both languages.
func (r row) errOf(name string, err error) *Error {
	return r.problem(name, stamp.ErrorMessage(err), viText(err))
}

// problem is the problem of column name in row r with its English and
// Vietnamese texts.
func (r row) problem(name, en, vi string) *Error {
	e := &Error{File: r.file, Line: r.line, Name: name, Msg: en, MsgVI: vi}
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
		return nil, newErr(file, 0, 0, "Không đọc được tệp: %v", "read: %v", err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:invalidAt(data)], []byte("\n"))
		return nil, newErr(file, line, 0, "Tệp không phải văn bản UTF-8: hãy lưu bảng tính dạng \"CSV UTF-8\"", "not UTF-8 text: save the spreadsheet as \"CSV UTF-8\"")
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
		return nil, newErr(file, 0, 0, "Tệp trống: cần có dòng tiêu đề (%s)", "empty file: want a header row (%s)", strings.Join(cols.required, ","))
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
			return nil, newErr(file, 1, i+1, "Cột %q không có trong mẫu; các cột được dùng: %s", "unknown column %q: allowed are %s", h, strings.Join(append(append([]string{}, cols.required...), cols.optional...), ", "))
		}
		if _, dup := index[name]; dup {
			return nil, newErr(file, 1, i+1, "Cột %q xuất hiện hai lần", "column %q appears twice", name)
		}
		index[name] = i
	}
	for _, c := range cols.required {
		if _, ok := index[c]; !ok {
			return nil, newErr(file, 1, 0, "Thiếu cột %q", "missing column %q", c)
		}
	}
	if len(cols.anyOf) > 0 && !slices.ContainsFunc(cols.anyOf, func(c string) bool { _, ok := index[c]; return ok }) {
		return nil, newErr(file, 1, 0, "Thiếu cột %q (hoặc cột %q với dữ liệu lập trước tháng 7/2025)", "missing column %q (or, for rows written before July 2025, %q)", cols.anyOf[0], cols.anyOf[1])
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
			errs = append(errs, newErr(file, line, 0, "Dòng có %d cột, nhưng dòng tiêu đề có %d cột (%s): kiểm tra xem có thừa dấu %q hay thiếu ô nào không",
				"%d columns, but the header has %d (%s): check for a stray %q or a missing cell",
				len(rec), len(header), strings.Join(header, string(cr.Comma)), cr.Comma))
			continue
		}
		for i := range rec {
			rec[i] = strings.TrimSpace(norm.NFC.String(rec[i]))
		}
		rw := row{file: file, line: line, fields: rec, index: index, pos: cr.FieldPos}
		empty := false
		for _, c := range cols.required {
			if rw.get(c) == "" && len(errs) < MaxErrors {
				errs = append(errs, rw.errf(c, "Cột %s đang để trống", "%s is empty", c))
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
		return nil, newErr(file, 0, 0, "Không có dòng dữ liệu nào sau dòng tiêu đề", "no data rows after the header")
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
		return newErr(file, pe.Line, pe.Column, "Tệp CSV sai định dạng (%v)", "%v", pe.Err)
	}
	return newErr(file, 0, 0, "Tệp CSV sai định dạng (%v)", "%v", err)
}

// newErr is a problem of the file at line and column (0: unknown), in
// Vietnamese (vi) and English (en) formatted with the same args.
func newErr(file string, line, column int, vi, en string, args ...any) *Error {
	return &Error{File: file, Line: line, Column: column, Msg: fmt.Sprintf(en, args...), MsgVI: fmt.Sprintf(vi, args...)}
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
			return rw.errf("code", "Mã cơ sở %q trùng với dòng %d", "facility code %q repeats line %d", f.Code, prev)
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
			return rw.errf("number", "Số sản phẩm %q phải là số nguyên từ 1 đến %d", "product number %q is not a whole number from 1 to %d", rw.get("number"), uint32(1<<32-1))
		}
		p := stamp.Product{Number: uint32(n), FacilityCode: rw.get("facility_code"), Name: rw.get("name"),
			Group: rw.get("group"), GTIN: rw.get("gtin"), Description: rw.get("description")}
		if prev, dup := seen[p.Number]; dup {
			return rw.errf("number", "Số sản phẩm %d trùng với dòng %d", "product number %d repeats line %d", p.Number, prev)
		}
		seen[p.Number] = rw.line
		if g, ok := stamp.CanonicalGroup(p.Group); ok {
			p.Group = g
		} else {
			return rw.errf("group", "Nhóm sản phẩm %q không có trong danh mục; chọn một trong các nhóm: %s", "unknown product group %q: want one of %s", p.Group, strings.Join(stamp.ProductGroups, "; "))
		}
		g, err := stamp.CanonicalGTIN(p.GTIN)
		if err != nil {
			return rw.errOf("gtin", err)
		}
		if prev, dup := gtins[g]; dup && g != "" {
			return rw.errf("gtin", "GTIN %s trùng với dòng %d: mỗi GTIN chỉ dùng cho một sản phẩm", "GTIN %s repeats line %d: a GTIN names one product", g, prev)
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
			return rw.errf("product_number", "Số sản phẩm %q phải là số nguyên từ 1 đến %d", "product number %q is not a whole number from 1 to %d", rw.get("product_number"), uint32(1<<32-1))
		}
		c := stamp.Certification{ProductNumber: uint32(n), DecisionNumber: rw.get("decision_number"),
			Status: strings.ToLower(rw.get("status")), StatusReason: rw.get("status_reason"),
			ProcessConfirmed: rw.get("process_confirmed")}
		rank, ok := stamp.ParseRank(rw.get("rank"))
		if !ok {
			return rw.errf("rank", "Hạng %q không hợp lệ; chỉ nhận 3, 4, 5 hoặc \"tham gia\"", "rank %q: want 3, 4, 5 or \"tham gia\" (participating)", rw.get("rank"))
		}
		c.Rank = rank
		for _, d := range []struct {
			col string
			dst *stamp.Date
		}{{"decision_date", &c.DecisionDate}, {"expires_on", &c.ExpiresOn}, {"lab_test_date", &c.LabTestDate}, {"declaration_date", &c.DeclarationDate}} {
			v, err := stamp.ParseDate(rw.get(d.col))
			if err != nil {
				return rw.errOf(d.col, err)
			}
			*d.dst = v
		}
		if err := c.Validate(); err != nil {
			return rw.errOf("", err)
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
		return r.errf("commune_code", "Cột commune_code đang để trống: ghi mã đơn vị hành chính của xã, phường (hoặc, với dữ liệu cũ, huyện cũ)", "commune_code is empty: give the commune's or ward's administrative unit code (or, for old rows, the former district)")
	}
	if *code != "" && !stamp.ValidCommuneCode(*code) {
		return r.errf("commune_code", "Mã xã, phường %q không hợp lệ; cần mã đơn vị hành chính gồm năm chữ số", "commune code %q: want the five-digit administrative unit code (mã đơn vị hành chính)", *code)
	}
	if *district == "" {
		return nil
	}
	d, ok := stamp.CanonicalDistrict(*district)
	if !ok {
		return r.errf("district", "Huyện %q không có trong danh mục; chọn một trong: %s", "unknown district %q: want one of %s", *district, strings.Join(stamp.Districts, ", "))
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
			return rw.errf("code", "Mã xã, phường %q không hợp lệ; cần mã đơn vị hành chính gồm năm chữ số", "commune code %q: want the five-digit administrative unit code (mã đơn vị hành chính)", c.Code)
		}
		if prev, dup := seen[c.Code]; dup {
			return rw.errf("code", "Mã xã, phường %s trùng với dòng %d", "commune code %s repeats line %d", c.Code, prev)
		}
		seen[c.Code] = rw.line
		kind, ok := stamp.ParseCommuneKind(rw.get("type"))
		if !ok {
			return rw.errf("type", "Loại %q không hợp lệ; chỉ nhận \"xã\" hoặc \"phường\"", "type %q: want \"xã\" or \"phường\"", rw.get("type"))
		}
		c.Kind = kind
		if low := strings.ToLower(c.Name); strings.HasPrefix(low, kind+" ") {
			c.Name = strings.TrimSpace(c.Name[len(kind)+1:])
		}
		if c.FormerDistrict != "" {
			d, ok := stamp.CanonicalDistrict(c.FormerDistrict)
			if !ok {
				return rw.errf("former_district", "Huyện cũ %q không có trong danh mục; chọn một trong: %s", "unknown former district %q: want one of %s", c.FormerDistrict, strings.Join(stamp.Districts, ", "))
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

// viText is err's Vietnamese text, or its English one where it has none.
func viText(err error) string {
	if vi := stamp.ErrorMessageVI(err); vi != "" {
		return vi
	}
	return stamp.ErrorMessage(err)
}
