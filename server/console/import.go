package console

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/stamp/registrycsv"
)

// maxCSV bounds an uploaded registry file.
const maxCSV = 4 << 20

// importData is the CSV import screen: the upload form, then either every
// problem found (nothing written) or a preview of what would be added with
// a button to write it.
type importData struct {
	Kind     string
	Kinds    []option
	FileName string
	Error    string
	Problems []office.ImportProblem
	Cols     []string
	Rows     [][]cell
	CSV      string // the checked file, sent back with the confirmation
	Done     int
}

func (c *Console) importKinds(t map[string]string) []option {
	return []option{{registrycsv.KindCommunes, t["communes"]}, {registrycsv.KindFacilities, t["facilities"]}, {registrycsv.KindProducts, t["products"]},
		{registrycsv.KindCertifications, t["certifications"]}, {registrycsv.KindPointsOfSale, t["pointsOfSale"]}}
}

func (c *Console) importForm(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	c.render(w, r, http.StatusOK, "import", s, t["importCSV"], importData{Kind: r.URL.Query().Get("kind"), Kinds: c.importKinds(t)})
}

// importUpload checks an uploaded file (nothing is written: every problem
// or a preview is shown), or, with confirm, writes the file checked before.
func (c *Console) importUpload(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	d := importData{Kinds: c.importKinds(t)}
	var text string
	if r.PostFormValue("confirm") == "1" {
		d.Kind, d.FileName, text = r.PostFormValue("kind"), r.PostFormValue("file_name"), r.PostFormValue("csv")
	} else {
		d.Kind = r.FormValue("kind")
		f, h, err := r.FormFile("file")
		if err != nil {
			d.Error = t["chooseFile"]
			c.render(w, r, http.StatusBadRequest, "import", s, t["importCSV"], d)
			return
		}
		defer f.Close()
		b, err := io.ReadAll(io.LimitReader(f, maxCSV+1))
		if err != nil {
			c.internal(w, r, s, err)
			return
		}
		if len(b) > maxCSV {
			d.Error = t["fileTooLarge"]
			c.render(w, r, http.StatusBadRequest, "import", s, t["importCSV"], d)
			return
		}
		d.FileName, text = h.Filename, string(b)
	}
	if _, _, err := registrycsv.Columns(d.Kind); err != nil {
		d.Error = t["chooseKind"]
		c.render(w, r, http.StatusBadRequest, "import", s, t["importCSV"], d)
		return
	}
	var res *office.ImportResult
	var err error
	if r.PostFormValue("confirm") == "1" {
		res, err = c.d.Office.Import(r.Context(), who(s), d.Kind, d.FileName, strings.NewReader(text))
	} else {
		res, err = c.d.Office.CheckImport(r.Context(), who(s), d.Kind, d.FileName, strings.NewReader(text))
	}
	if err != nil && stamp.ErrorCode(err) != stamp.EInvalid {
		c.failErr(w, r, s, err)
		return
	}
	if res != nil && len(res.Problems) > 0 {
		lang := c.lang(nil, r)
		for _, p := range res.Problems {
			p.Message = pair(lang, p.MessageVI, p.Message) // both languages, the page's first (template "msg")
			d.Problems = append(d.Problems, p)
		}
		c.render(w, r, http.StatusBadRequest, "import", s, t["importCSV"], d)
		return
	}
	if err != nil {
		d.Error = refusal(c.lang(nil, r), err)
		c.render(w, r, http.StatusBadRequest, "import", s, t["importCSV"], d)
		return
	}
	if r.PostFormValue("confirm") == "1" {
		back := Prefix + "/" + d.Kind
		if d.Kind == registrycsv.KindCommunes {
			back = Prefix + "/import"
		}
		http.Redirect(w, r, back+"?done=importedN&n="+strconv.Itoa(res.Count()), http.StatusSeeOther)
		return
	}
	d.CSV = text
	d.Cols, d.Rows = previewRows(t, res)
	c.render(w, r, http.StatusOK, "import", s, t["importCSV"], d)
}

// previewRows is what an import would add, as a table.
func previewRows(t map[string]string, res *office.ImportResult) ([]string, [][]cell) {
	var rows [][]cell
	switch {
	case res.Communes != nil:
		for _, c := range res.Communes {
			rows = append(rows, []cell{{Text: c.Code}, {Text: c.Kind + " " + c.Name}, {Text: c.FormerDistrict}})
		}
		return []string{t["code"], t["name"], t["district"]}, rows
	case res.Facilities != nil:
		for _, f := range res.Facilities {
			rows = append(rows, []cell{{Text: f.Code}, {Text: f.Name}, {Text: f.Kind}, {Text: f.Commune}, {Text: f.District}})
		}
		return []string{t["code"], t["name"], t["kind"], t["commune"], t["district"]}, rows
	case res.Products != nil:
		for _, p := range res.Products {
			rows = append(rows, []cell{{Text: strconv.FormatUint(uint64(p.Number), 10)}, {Text: p.Name}, {Text: p.Group}, {Text: p.FacilityCode}, {Text: p.GTIN}})
		}
		return []string{t["number"], t["name"], t["group"], t["facility"], t["gtin"]}, rows
	case res.Certifications != nil:
		for _, ct := range res.Certifications {
			rows = append(rows, []cell{{Text: strconv.FormatUint(uint64(ct.ProductNumber), 10)}, {Text: rankText(t, ct.Rank)},
				{Text: ct.DecisionNumber}, {Text: ct.DecisionDate.VN()}, {Text: ct.ExpiresOn.VN()}})
		}
		return []string{t["product"], t["rank"], t["decision"], t["decisionDate"], t["expires"]}, rows
	default:
		for _, p := range res.PointsOfSale {
			rows = append(rows, []cell{{Text: p.Name}, {Text: p.Commune}, {Text: p.District}, {Text: p.Address}})
		}
		return []string{t["name"], t["commune"], t["district"], t["address"]}, rows
	}
}
