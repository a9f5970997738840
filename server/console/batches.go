package console

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	qrcode "github.com/skip2/go-qrcode"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

func (c *Console) batchRoutes() {
	c.handle("GET", "/batches/new", roleOffice, c.mintForm)
	c.handle("POST", "/batches/new", roleOffice, c.mint)
	c.handle("GET", "/minting/{key}", roleOffice, c.minting)
	c.handle("POST", "/batches/{id}/print", roleOffice, c.print)
	c.handle("GET", "/batches/{id}/preview.svg", roleOffice, c.preview)
	c.handle("POST", "/batches/{id}/revoke", roleOffice, c.revokeBatch)
}

// mintPage is the mint form. key is the random key that makes the form
// mint at most once however often it is sent.
func (c *Console) mintPage(r *http.Request, t map[string]string, key string) (*formPage, error) {
	ps, err := c.d.Store.Products(r.Context())
	if err != nil {
		return nil, err
	}
	popts := []option{{"", t["choose"]}}
	for _, p := range ps {
		n := strconv.FormatUint(uint64(p.Number), 10)
		popts = append(popts, option{n, n + " · " + p.Name})
	}
	return &formPage{Heading: t["mint"], Intro: t["mintIntro"], Action: Prefix + "/batches/new", Submit: t["mintButton"],
		Back: Prefix + "/batches", Hidden: map[string]string{"key": key},
		Fields: []fieldSpec{
			{Name: "product", Label: t["product"], Kind: "select", Required: true, Options: popts, Keys: []string{"product", "certif"}},
			{Name: "count", Label: t["count"], Kind: "number", Required: true, Hint: t["countHint"], Keys: []string{"count"}},
			{Name: "lot", Label: t["lot"], Required: true, Keys: []string{"lot"}},
			{Name: "produced", Label: t["produced"], Kind: "date", Keys: []string{"produc"}},
			{Name: "best_before", Label: t["bestBefore"], Kind: "date", Keys: []string{"best"}},
			{Name: "note", Label: t["note"], Kind: "textarea", Keys: []string{"note"}},
		}}, nil
}

func (c *Console) mintForm(w http.ResponseWriter, r *http.Request, s *session) {
	b, err := c.random(18)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	p, err := c.mintPage(r, c.words(r), base64.RawURLEncoding.EncodeToString(b))
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	p.Fields[0].Value = r.URL.Query().Get("product")
	c.showForm(w, r, s, http.StatusOK, p)
}

// mint checks the form, claims its key and mints in the background; the
// browser is sent to the progress page, which shows the batch once it is
// stored. A form sent again with the same key goes to the same progress
// page: it never mints twice.
func (c *Console) mint(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	key := r.PostFormValue("key")
	if len(key) < 16 || len(key) > 64 {
		c.fail(w, r, s, http.StatusBadRequest, t["badCSRF"])
		return
	}
	p, err := c.mintPage(r, t, key)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	fill(p, r)
	p.required(t)
	ds := dates(p, t, "produced", "best_before")
	n, err := strconv.ParseUint(p.value("product"), 10, 32)
	if err != nil && p.value("product") != "" {
		p.setErr("product", t["badNumber"])
	}
	count, err := strconv.Atoi(p.value("count"))
	if (err != nil || count <= 0) && p.value("count") != "" {
		p.setErr("count", t["badCount"])
	}
	if p.hasErrors() {
		c.showForm(w, r, s, http.StatusBadRequest, p)
		return
	}
	job, claimed, err := c.d.Store.ClaimMintJob(r.Context(), &storage.MintJob{Key: key, Actor: s.Name, Count: int64(count)})
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	if !claimed {
		http.Redirect(w, r, Prefix+"/minting/"+job.Key, http.StatusSeeOther)
		return
	}
	req := stamp.MintRequest{ProductNumber: uint32(n), Count: count, Lot: p.value("lot"), ProducedOn: ds["produced"],
		BestBefore: ds["best_before"], Note: p.value("note")}
	// Small batches are minted before answering, so that a mistake is shown
	// next to its field; large ones in the background with a progress page.
	if count <= syncMint {
		b, err := c.d.Office.Mint(r.Context(), who(s), req, nil)
		if err != nil {
			c.endMintJob(key, 0, uuid.Nil, err)
			c.refused(w, r, s, p, err)
			return
		}
		c.endMintJob(key, int64(count), b.ID, nil)
		done(w, r, Prefix+"/batches/"+b.ID.String(), "minted")
		return
	}
	go c.mintInBackground(context.WithoutCancel(r.Context()), who(s), key, req)
	http.Redirect(w, r, Prefix+"/minting/"+key, http.StatusSeeOther)
}

// syncMint is the largest batch minted while the browser waits.
const syncMint = 5000

// staleMint is how long a background mint may run before its progress
// page takes it for interrupted (100,000 stamps take about a minute).
const staleMint = time.Hour

func (c *Console) mintInBackground(ctx context.Context, who stamp.Actor, key string, req stamp.MintRequest) {
	var last int
	progress := func(done int) {
		if done-last >= 5000 || done == req.Count {
			last = done
			if err := c.d.Store.UpdateMintJob(ctx, key, int64(done), uuid.Nil, ""); err != nil {
				c.log.Warn("console: cannot record mint progress", "err", err)
			}
		}
	}
	b, err := c.d.Office.Mint(ctx, who, req, progress)
	if err != nil {
		c.log.Warn("console: mint failed", "actor", who.Name, "err", err)
		c.endMintJob(key, 0, uuid.Nil, err)
		return
	}
	c.endMintJob(key, int64(req.Count), b.ID, nil)
}

// endMintJob records how a mint ended; a failure frees the key.
func (c *Console) endMintJob(key string, done int64, batch uuid.UUID, err error) {
	msg := ""
	if err != nil {
		msg = pair("vi", stamp.ErrorMessageVI(err), stamp.ErrorMessage(err)) // shown in the reader's order by mintStatus
	}
	if uerr := c.d.Store.UpdateMintJob(context.Background(), key, done, batch, msg); uerr != nil {
		c.log.Error("console: cannot record the end of a mint", "err", uerr)
	}
}

// mintingData is the progress page of a background mint.
type mintingData struct {
	Job     *storage.MintJob
	Percent int64
}

// minting shows a mint's progress, refreshing itself (no script needed),
// and sends the browser to the batch once it is stored.
func (c *Console) minting(w http.ResponseWriter, r *http.Request, s *session) {
	j, err := c.d.Store.MintJob(r.Context(), r.PathValue("key"))
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	if j.BatchID != uuid.Nil {
		done(w, r, Prefix+"/batches/"+j.BatchID.String(), "minted")
		return
	}
	if j.Error == "" && c.d.Now().Sub(j.StartedAt) > staleMint {
		// The server minting it stopped (a restart): say so and free the
		// key, so that the form can be sent again.
		stop := &stamp.Error{Code: stamp.EUnavailable, Message: wordsEN["mintInterrupted"], MessageVI: wordsVI["mintInterrupted"]}
		j.Error = pair("vi", stop.MessageVI, stop.Message)
		c.endMintJob(j.Key, j.Done, uuid.Nil, stop)
	}
	j.Error = reorder(c.lang(nil, r), j.Error)
	d := mintingData{Job: j}
	if j.Count > 0 {
		d.Percent = j.Done * 100 / j.Count
	}
	if j.Error == "" {
		w.Header().Set("Refresh", "2")
	}
	c.render(w, r, http.StatusOK, "minting", s, c.words(r)["minting"], d)
}

// batchExtras fills what the batch screen offers the office: the print
// templates and the preview of the first sheet.
func (c *Console) batchExtras(d *batchData) {
	for _, t := range print.Templates() {
		d.Templates = append(d.Templates, t.Name)
	}
	d.CanPrint = c.d.BaseURL != ""
}

// printTemplate reads the form's template (default a4-40 for the
// console), or an EInvalid error.
func printTemplate(name string) (print.Template, error) {
	if name == "" {
		name = "a4-40"
	}
	return print.TemplateByName(name)
}

// pdfSink keeps a print in memory until the use case says it may go out.
type pdfSink struct{ buf bytes.Buffer }

func (p *pdfSink) Open() (io.Writer, error) { return &p.buf, nil }
func (p *pdfSink) Keep() error              { return nil }
func (p *pdfSink) Discard()                 { p.buf.Reset() }

// print answers the batch's label sheets as a PDF download (audited
// batch.print by the use case).
func (c *Console) print(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		c.fail(w, r, s, http.StatusNotFound, t["notFound"])
		return
	}
	f := formState{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range []string{"template", "first", "last", "print_reason"} {
		f.Values[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	tmpl, err := printTemplate(f.V("template"))
	if err != nil {
		f.Errors["template"] = refusal(c.lang(nil, r), err)
	}
	var first, last uint64
	for _, k := range []string{"first", "last"} {
		if f.V(k) == "" {
			continue
		}
		n, err := stamp.ParseSerial(f.V(k))
		if err != nil {
			f.Errors[k] = t["badSerial"]
		}
		if k == "first" {
			first = n
		} else {
			last = n
		}
	}
	if len(f.Errors) > 0 {
		c.showBatch(w, r, s, http.StatusBadRequest, f)
		return
	}
	var sink pdfSink
	// A reason given forces a print the office refuses (revoked batch,
	// certification not valid); the use case audits it.
	res, err := c.d.Office.Print(r.Context(), who(s), office.PrintInput{Batch: id, First: first, Last: last, Template: tmpl,
		Force: f.V("print_reason") != "", Reason: f.V("print_reason")}, &sink)
	if err != nil {
		if code := stamp.ErrorCode(err); code == stamp.EInvalid || code == stamp.EConflict {
			f.Message = refusal(c.lang(nil, r), err)
			status := http.StatusBadRequest
			if code == stamp.EConflict {
				status = http.StatusConflict
			}
			c.showBatch(w, r, s, status, f)
		} else {
			c.failErr(w, r, s, err)
		}
		return
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="tem-%s-%s-%s.pdf"`, tmpl.Name,
		stamp.FormatSerial(res.First), stamp.FormatSerial(res.Last)))
	w.Write(sink.buf.Bytes())
}

// preview draws the batch's first sheet on template ?template= as SVG: the
// page, every label cell and the first labels' QR codes and serials, so
// that the office sees what the stock will get before printing.
func (c *Console) preview(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		c.fail(w, r, s, http.StatusNotFound, t["notFound"])
		return
	}
	tmpl, err := printTemplate(r.URL.Query().Get("template"))
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	b, err := c.d.Store.Batch(r.Context(), id)
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	var stamps []stamp.Stamp
	last := b.FirstSerial + uint64(min(b.Count, tmpl.Cols*tmpl.Rows)) - 1
	err = c.d.Store.BatchStamps(r.Context(), id, b.FirstSerial, last, func(x stamp.Stamp) error {
		stamps = append(stamps, x)
		return nil
	})
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	svg, err := sheetSVG(tmpl, stamps, c.d.BaseURL)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	w.Header().Set("Content-Type", "image/svg+xml")
	w.Write([]byte(svg))
}

// sheetSVG draws one sheet of tmpl (millimetres as SVG units) with the
// stamps' QR codes in its cells.
func sheetSVG(tmpl print.Template, stamps []stamp.Stamp, baseURL string) (string, error) {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %g %g" width="%gmm" height="%gmm">`, tmpl.PageW, tmpl.PageH, tmpl.PageW, tmpl.PageH)
	fmt.Fprintf(&b, `<rect width="%g" height="%g" fill="#fff" stroke="#555" stroke-width="0.4"/>`, tmpl.PageW, tmpl.PageH)
	i := 0
	for row := 0; row < tmpl.Rows; row++ {
		for col := 0; col < tmpl.Cols; col++ {
			x := tmpl.MarginLeft + float64(col)*(tmpl.LabelW+tmpl.GapX)
			y := tmpl.MarginTop + float64(row)*(tmpl.LabelH+tmpl.GapY)
			fmt.Fprintf(&b, `<rect x="%.2f" y="%.2f" width="%g" height="%g" fill="none" stroke="#9aa" stroke-width="0.3" rx="1"/>`, x, y, tmpl.LabelW, tmpl.LabelH)
			if i >= len(stamps) {
				continue
			}
			st := stamps[i]
			i++
			side := min(tmpl.LabelH, tmpl.LabelW) - 4
			if err := qrPath(&b, st.Code().URL(baseURL), x+2, y+2, side); err != nil {
				return "", err
			}
			fmt.Fprintf(&b, `<text x="%.2f" y="%.2f" font-family="sans-serif" font-size="3">%s</text>`,
				x+side+4, y+tmpl.LabelH/2, template.HTMLEscapeString(stamp.FormatSerial(st.Serial)))
		}
	}
	b.WriteString(`</svg>`)
	return b.String(), nil
}

// qrPath draws text's QR code as one path of dark runs in a side×side
// square at (x, y).
func qrPath(b *strings.Builder, text string, x, y, side float64) error {
	q, err := qrcode.New(text, qrcode.Medium)
	if err != nil {
		return fmt.Errorf("preview QR: %w", err)
	}
	q.DisableBorder = true
	bm := q.Bitmap()
	m := side / float64(len(bm))
	fmt.Fprintf(b, `<path fill="#000" transform="translate(%.2f %.2f) scale(%.4f)" d="`, x, y, m)
	for r, line := range bm {
		for c := 0; c < len(line); {
			if !line[c] {
				c++
				continue
			}
			start := c
			for c < len(line) && line[c] {
				c++
			}
			fmt.Fprintf(b, "M%d %dh%dv1h-%dz", start, r, c-start, c-start)
		}
	}
	b.WriteString(`"/>`)
	return nil
}

// revokeBatch revokes the whole batch with the form's reason.
func (c *Console) revokeBatch(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		c.fail(w, r, s, http.StatusNotFound, t["notFound"])
		return
	}
	_, err = c.d.Office.RevokeBatch(r.Context(), who(s), id, r.PostFormValue("reason"))
	if stamp.ErrorCode(err) == stamp.EInvalid {
		c.showBatch(w, r, s, http.StatusBadRequest, formState{Errors: map[string]string{"reason": refusal(c.lang(nil, r), err)}})
		return
	}
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	done(w, r, Prefix+"/batches/"+id.String(), "revoked")
}

// revokeStamp revokes one stamp with the form's reason.
func (c *Console) revokeStamp(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		c.fail(w, r, s, http.StatusNotFound, t["notFound"])
		return
	}
	_, err = c.d.Office.RevokeStamp(r.Context(), who(s), office.StampRef{ID: id}, r.PostFormValue("reason"))
	if stamp.ErrorCode(err) == stamp.EInvalid {
		c.fail(w, r, s, http.StatusBadRequest, refusal(c.lang(nil, r), err))
		return
	}
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	done(w, r, Prefix+"/stamps/"+id.String(), "revoked")
}

func (c *Console) revokeRangePage(t map[string]string) *formPage {
	return &formPage{Heading: t["revokeSerials"], Intro: t["revokeSerialsIntro"], Action: Prefix + "/revoke", Submit: t["revokeButton"],
		Danger: true, Back: Prefix + "/batches",
		Fields: []fieldSpec{
			{Name: "first", Label: t["firstSerial"], Required: true, Hint: t["serialHint"], Keys: []string{"first", "from"}},
			{Name: "last", Label: t["lastSerial"], Required: true, Hint: t["serialHint"], Keys: []string{"last", " to "}},
			{Name: "reason", Label: t["reason"], Kind: "textarea", Required: true, Hint: t["reasonHint"], Keys: []string{"reason"}},
		}}
}

func (c *Console) revokeRangeForm(w http.ResponseWriter, r *http.Request, s *session) {
	c.showForm(w, r, s, http.StatusOK, c.revokeRangePage(c.words(r)))
}

// revokeRange revokes every stamp of a serial range.
func (c *Console) revokeRange(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	p := c.revokeRangePage(t)
	fill(p, r)
	p.required(t)
	var ns [2]uint64
	for i, k := range []string{"first", "last"} {
		if v := p.value(k); v != "" {
			n, err := stamp.ParseSerial(v)
			if err != nil {
				p.setErr(k, t["badSerial"])
			}
			ns[i] = n
		}
	}
	if !p.hasErrors() && ns[0] > ns[1] {
		p.setErr("last", t["lastBeforeFirst"])
	}
	if p.hasErrors() {
		c.showForm(w, r, s, http.StatusBadRequest, p)
		return
	}
	n, err := c.d.Office.RevokeSerials(r.Context(), who(s), ns[0], ns[1], p.value("reason"))
	if err != nil {
		c.refused(w, r, s, p, err)
		return
	}
	http.Redirect(w, r, Prefix+"/batches?done=revokedN&n="+strconv.FormatInt(n, 10), http.StatusSeeOther)
}
