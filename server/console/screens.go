package console

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	monthly "github.com/ocop-hatinh/ocopstamp/report"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// overviewData is the overview screen.
type overviewData struct {
	Month     string
	Figures   storage.Activity
	Chart     chartData
	Expiring  [][]cell
	Reports   [][]cell
	Batches   [][]cell
	ReportCnt int
}

// overview shows this month's figures, scans and suspected fakes by
// commune or ward, certifications expiring within 90 days, recent consumer
// reports and recent batches.
func (c *Console) overview(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	t := c.words(r)
	now := c.d.Now()
	m := monthly.MonthOf(now)
	act, err := c.d.Store.ReportActivity(ctx, m.Start(), m.End())
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	facs, err := c.d.Store.Facilities(ctx)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	d := overviewData{Month: m.String(), Figures: act.Total, Chart: communeChart(t, facs, act)}
	reg, err := c.d.Store.ReportRegistry(ctx, stamp.DateOf(now))
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	today := stamp.DateOf(now)
	soon := today.AddDays(90)
	for _, p := range reg.Products {
		ct := p.Certification
		if ct == nil || ct.ExpiresOn.IsZero() || ct.ExpiresOn.Before(today) || soon.Before(ct.ExpiresOn) {
			continue
		}
		d.Expiring = append(d.Expiring, []cell{
			{Text: p.Name, Href: Prefix + "/certifications?q=" + url.QueryEscape(strconv.FormatUint(uint64(p.Number), 10))},
			{Text: ct.DecisionNumber}, {Text: ct.ExpiresOn.VN()}})
	}
	if s.Can(roleInspector) {
		reps, err := c.d.Store.ListConsumerReports(ctx, storage.ConsumerReportFilter{Since: now.AddDate(0, 0, -90), Limit: 500})
		if err != nil {
			c.internal(w, r, s, err)
			return
		}
		sts, err := c.d.Store.InboxStatesOf(ctx, storage.InboxConsumerReport)
		if err != nil {
			c.internal(w, r, s, err)
			return
		}
		reps = slices.DeleteFunc(reps, func(rp storage.ConsumerReport) bool { return sts[rp.ID].State == storage.InboxClosed })
		d.ReportCnt = len(reps)
		for _, rp := range reps[:min(5, len(reps))] {
			d.Reports = append(d.Reports, []cell{{Text: when(rp.At)},
				{Text: shorten(rp.What, 60), Href: Prefix + "/stamps/" + rp.StampID.String()}})
		}
	}
	bs, err := c.d.Store.BatchesOf(ctx, 0)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	for _, b := range bs[:min(5, len(bs))] {
		d.Batches = append(d.Batches, c.batchRow(t, b))
	}
	c.render(w, r, http.StatusOK, "overview", s, t["overview"], d)
}

func when(t time.Time) string { return t.In(stamp.Vietnam).Format("02/01/2006 15:04") }

// batchRow is a batch as the lists show it.
func (c *Console) batchRow(t map[string]string, b stamp.Batch) []cell {
	state := cell{Text: t["active"], Tone: "ok"}
	if b.RevokedAt != nil {
		state = cell{Text: t["revoked"], Tone: "bad"}
	}
	return []cell{
		{Text: b.Lot, Href: Prefix + "/batches/" + b.ID.String()},
		{Text: strconv.FormatUint(uint64(b.ProductNumber), 10)},
		{Text: groupDigits(strconv.Itoa(b.Count)), Num: true},
		{Text: stamp.FormatSerial(b.FirstSerial) + " – " + stamp.FormatSerial(b.FirstSerial+uint64(b.Count)-1)},
		{Text: when(b.MintedAt)},
		state,
	}
}

// facilities lists facilities with search and paging.
func (c *Console) facilities(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	fs, err := c.d.Store.Facilities(r.Context())
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	q := r.URL.Query().Get("q")
	fs = slices.DeleteFunc(fs, func(f stamp.Facility) bool {
		return !matches(q, f.Code, f.Name, f.Kind, f.District, f.Commune, f.Address, f.Representative)
	})
	rows, pg := pageOf(r, fs)
	d := listData{Heading: t["facilities"], Query: q, Pager: pg,
		Cols: []string{t["code"], t["name"], t["kind"], t["commune"], t["district"], t["phone"]}}
	for _, f := range rows {
		code := cell{Text: f.Code}
		if s.Can(roleOffice) {
			code.Href = Prefix + "/facilities/" + url.PathEscape(f.Code) + "/edit"
		}
		d.Rows = append(d.Rows, []cell{code, {Text: f.Name}, {Text: f.Kind}, {Text: f.Commune}, {Text: f.District}, {Text: f.Phone}})
	}
	if s.Can(roleOffice) {
		d.Actions = []link{{t["addFacility"], Prefix + "/facilities/new"}, {t["importCSV"], Prefix + "/import"}}
	}
	c.render(w, r, http.StatusOK, "list", s, t["facilities"], d)
}

// products lists products with search and paging.
func (c *Console) products(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	ps, err := c.d.Store.Products(r.Context())
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	q := r.URL.Query().Get("q")
	ps = slices.DeleteFunc(ps, func(p stamp.Product) bool {
		return !matches(q, strconv.FormatUint(uint64(p.Number), 10), p.Name, p.FacilityCode, p.Group, p.GTIN)
	})
	rows, pg := pageOf(r, ps)
	d := listData{Heading: t["products"], Query: q, Pager: pg,
		Cols: []string{t["number"], t["name"], t["group"], t["facility"], t["gtin"]}}
	for _, p := range rows {
		num := cell{Text: strconv.FormatUint(uint64(p.Number), 10)}
		if s.Can(roleOffice) {
			num.Href = Prefix + "/products/" + num.Text + "/edit"
		}
		d.Rows = append(d.Rows, []cell{num, {Text: p.Name, Href: Prefix + "/batches?q=" + num.Text},
			{Text: p.Group}, {Text: p.FacilityCode, Href: Prefix + "/facilities?q=" + url.QueryEscape(p.FacilityCode)}, {Text: p.GTIN}})
	}
	if s.Can(roleOffice) {
		d.Actions = []link{{t["addProduct"], Prefix + "/products/new"}, {t["importCSV"], Prefix + "/import"}}
	}
	c.render(w, r, http.StatusOK, "list", s, t["products"], d)
}

// certifications lists every product's current certification.
func (c *Console) certifications(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	now := c.d.Now()
	reg, err := c.d.Store.ReportRegistry(r.Context(), stamp.DateOf(now))
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	q := r.URL.Query().Get("q")
	ps := slices.DeleteFunc(reg.Products, func(p storage.ReportProduct) bool {
		dec := ""
		if p.Certification != nil {
			dec = p.Certification.DecisionNumber
		}
		return !matches(q, strconv.FormatUint(uint64(p.Number), 10), p.Name, p.District, dec)
	})
	rows, pg := pageOf(r, ps)
	d := listData{Heading: t["certifications"], Query: q, Pager: pg,
		Cols: []string{t["number"], t["product"], t["rank"], t["decision"], t["expires"], t["status"]}}
	today := stamp.DateOf(now)
	for _, p := range rows {
		row := []cell{{Text: strconv.FormatUint(uint64(p.Number), 10)}, {Text: p.Name}}
		ct := p.Certification
		if ct == nil {
			row = append(row, cell{Text: t["noCert"]}, cell{}, cell{}, cell{})
		} else {
			st := cell{Text: t["cert."+ct.Status], Tone: "ok"}
			if ct.Status != stamp.CertValid {
				st.Tone = "bad"
			} else if !ct.ExpiresOn.IsZero() && ct.ExpiresOn.Before(today) {
				st = cell{Text: t["cert.expired"], Tone: "bad"}
			}
			dec := cell{Text: ct.DecisionNumber}
			if s.Can(roleOffice) {
				dec.Href = Prefix + "/certifications/" + strconv.FormatInt(ct.ID, 10) + "/edit"
			}
			row = append(row, cell{Text: rankText(t, ct.Rank)}, dec, cell{Text: ct.ExpiresOn.VN()}, st)
		}
		d.Rows = append(d.Rows, row)
	}
	if s.Can(roleOffice) {
		d.Actions = []link{{t["addCertification"], Prefix + "/certifications/new"}, {t["importCSV"], Prefix + "/import"}}
	}
	c.render(w, r, http.StatusOK, "list", s, t["certifications"], d)
}

// rankText is a rank as the office says it.
func rankText(t map[string]string, r stamp.Rank) string {
	if r == stamp.RankParticipating {
		return t["participating"]
	}
	return fmt.Sprintf(t["stars"], int(r))
}

// pointsOfSale lists points of sale.
func (c *Console) pointsOfSale(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	ps, err := c.d.Store.PointsOfSale(r.Context(), "")
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	q := r.URL.Query().Get("q")
	ps = slices.DeleteFunc(ps, func(p stamp.PointOfSale) bool {
		return !matches(q, p.Name, p.District, p.Commune, p.Address, p.Phone)
	})
	rows, pg := pageOf(r, ps)
	d := listData{Heading: t["pointsOfSale"], Query: q, Pager: pg,
		Cols: []string{t["name"], t["commune"], t["district"], t["address"], t["phone"]}}
	for _, p := range rows {
		name := cell{Text: p.Name}
		if s.Can(roleOffice) {
			name.Href = Prefix + "/points-of-sale/" + strconv.FormatInt(p.ID, 10) + "/edit"
		}
		d.Rows = append(d.Rows, []cell{name, {Text: p.Commune}, {Text: p.District}, {Text: p.Address}, {Text: p.Phone}})
	}
	if s.Can(roleOffice) {
		d.Actions = []link{{t["addPointOfSale"], Prefix + "/points-of-sale/new"}, {t["importCSV"], Prefix + "/import"}}
	}
	c.render(w, r, http.StatusOK, "list", s, t["pointsOfSale"], d)
}

// batches lists batches, newest first; ?q= searches lot, product and note.
func (c *Console) batches(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	bs, err := c.d.Store.BatchesOf(r.Context(), 0)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	q := r.URL.Query().Get("q")
	bs = slices.DeleteFunc(bs, func(b stamp.Batch) bool {
		return !matches(q, b.Lot, strconv.FormatUint(uint64(b.ProductNumber), 10), b.FacilityCode, b.Note, b.MintedBy)
	})
	rows, pg := pageOf(r, bs)
	d := listData{Heading: t["batches"], Query: q, Pager: pg,
		Cols: []string{t["lot"], t["product"], t["count"], t["serials"], t["mintedAt"], t["status"]}}
	for _, b := range rows {
		d.Rows = append(d.Rows, c.batchRow(t, b))
	}
	if s.Can(roleOffice) {
		d.Actions = []link{{t["mint"], Prefix + "/batches/new"}, {t["revokeSerials"], Prefix + "/revoke"}}
	}
	c.render(w, r, http.StatusOK, "list", s, t["batches"], d)
}

// batchData is the batch screen.
type batchData struct {
	Batch     stamp.Batch
	Product   *stamp.Product
	Last      uint64
	Stamps    [][]cell
	Templates []string
	CanPrint  bool
	Preview   string // the template the preview shows
	Form      formState
}

// batch shows one batch, its first stamps and, to the roleOffice, the print
// and revoke forms.
func (c *Console) batch(w http.ResponseWriter, r *http.Request, s *session) {
	c.showBatch(w, r, s, http.StatusOK, formState{})
}

func (c *Console) showBatch(w http.ResponseWriter, r *http.Request, s *session, status int, f formState) {
	ctx := r.Context()
	t := c.words(r)
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		c.fail(w, r, s, http.StatusNotFound, t["notFound"])
		return
	}
	b, err := c.d.Store.Batch(ctx, id)
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	d := batchData{Batch: *b, Last: b.FirstSerial + uint64(b.Count) - 1, Form: f, Preview: r.URL.Query().Get("template")}
	if d.Form.Values == nil {
		d.Form.Values = map[string]string{"template": d.Preview}
	}
	if p, err := c.d.Store.Product(ctx, b.ProductNumber); err == nil {
		d.Product = p
	}
	to := b.FirstSerial + 9
	err = c.d.Store.BatchStamps(ctx, b.ID, 0, to, func(x stamp.Stamp) error {
		d.Stamps = append(d.Stamps, []cell{{Text: stamp.FormatSerial(x.Serial), Href: Prefix + "/stamps/" + x.ID.String()}, {Text: x.ID.String()}})
		return nil
	})
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	c.batchExtras(&d)
	c.render(w, r, status, "batch", s, t["batch"]+" "+b.Lot, d)
}

// stampsData is the stamp search and detail screen.
type stampsData struct {
	Query   string
	Error   string
	View    *storage.StampView
	Stats   stamp.ScanStats
	Scans   [][]cell
	Inspect [][]cell
	Reports [][]cell
}

// stamps finds a stamp by serial, id or code and sends the browser to its
// detail; without a query it shows the search form.
func (c *Console) stamps(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		c.render(w, r, http.StatusOK, "stamps", s, t["stamps"], stampsData{})
		return
	}
	id, err := c.findStamp(r, q)
	if err != nil {
		status := http.StatusNotFound
		msg := t["stampNotFound"]
		if stamp.ErrorCode(err) == stamp.EInvalid {
			status, msg = http.StatusBadRequest, t["stampBadQuery"]
		} else if stamp.ErrorCode(err) != stamp.ENotFound {
			c.internal(w, r, s, err)
			return
		}
		c.render(w, r, status, "stamps", s, t["stamps"], stampsData{Query: q, Error: msg})
		return
	}
	http.Redirect(w, r, Prefix+"/stamps/"+id.String(), http.StatusSeeOther)
}

// findStamp reads a stamp id (UUID), a printed serial or a code (or its
// whole QR URL) and returns the stamp id; an unknown serial is ENotFound,
// anything unreadable EInvalid.
func (c *Console) findStamp(r *http.Request, q string) (uuid.UUID, error) {
	if id, err := uuid.Parse(q); err == nil {
		return id, nil
	}
	if n, err := stamp.ParseSerial(q); err == nil {
		st, err := c.d.Store.StampBySerial(r.Context(), n)
		if err != nil {
			return uuid.Nil, err
		}
		return st.ID, nil
	}
	code, err := stamp.ParseCode(q)
	if err != nil {
		return uuid.Nil, stamp.Errorf(stamp.EInvalid, "not a stamp id, serial or code")
	}
	return code.StampID, nil
}

// stampDetail shows one stamp: product, batch, state, scans, inspections
// and consumer reports.
func (c *Console) stampDetail(w http.ResponseWriter, r *http.Request, s *session) {
	ctx := r.Context()
	t := c.words(r)
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		c.fail(w, r, s, http.StatusNotFound, t["stampNotFound"])
		return
	}
	d := stampsData{Query: id.String()}
	v, err := c.d.Store.StampView(ctx, id)
	switch {
	case stamp.ErrorCode(err) == stamp.ENotFound:
		d.Error = t["stampUnknown"]
	case err != nil:
		c.internal(w, r, s, err)
		return
	default:
		d.View = v
	}
	if d.Stats, err = c.d.Store.ScanStats(ctx, id); err != nil {
		c.internal(w, r, s, err)
		return
	}
	scans, err := c.d.Store.StampScans(ctx, id, 50)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	for _, e := range scans {
		d.Scans = append(d.Scans, []cell{{Text: when(e.At)}, {Text: wordOr(t, "verdict."+e.Verdict, e.Verdict), Tone: verdictTone(stamp.Verdict(e.Verdict))},
			{Text: wordOr(t, "channel."+e.Channel, e.Channel)}})
	}
	ins, err := c.d.Store.ListInspections(ctx, storage.InspectionFilter{Stamp: id, Limit: 50})
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	for _, in := range ins {
		d.Inspect = append(d.Inspect, inspectionRow(t, in))
	}
	reps, err := c.d.Store.ListConsumerReports(ctx, storage.ConsumerReportFilter{Stamp: id, Limit: 50})
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	for _, rp := range reps {
		d.Reports = append(d.Reports, reportRow(rp))
	}
	c.render(w, r, http.StatusOK, "stamp", s, t["stamp"], d)
}

// wordOr returns the word for key, or fallback when there is none.
func wordOr(t map[string]string, key, fallback string) string {
	if w, ok := t[key]; ok {
		return w
	}
	return fallback
}

// verdictTone colours a scan's verdict with the consumer page's tone
// (wording.ToneOf): the console's "bad" is the page's danger.
func verdictTone(v stamp.Verdict) string {
	if t := wording.ToneOf(v); t != wording.ToneDanger {
		return string(t)
	}
	return "bad"
}

func inspectionRow(t map[string]string, in storage.Inspection) []cell {
	tone := map[string]string{storage.InspectionGenuine: "ok", storage.InspectionSuspect: "warn", storage.InspectionCounterfeit: "bad"}[in.Result]
	st := cell{Text: in.Code}
	if in.StampID != uuid.Nil {
		st = cell{Text: shorten(in.StampID.String(), 13), Href: Prefix + "/stamps/" + in.StampID.String()}
	}
	return []cell{{Text: when(in.At)}, {Text: in.Inspector}, {Text: in.Place}, {Text: t["result."+in.Result], Tone: tone}, st, {Text: in.Notes}}
}

func reportRow(rp storage.ConsumerReport) []cell {
	return []cell{{Text: when(rp.At)}, {Text: shorten(rp.StampID.String(), 13), Href: Prefix + "/stamps/" + rp.StampID.String()},
		{Text: rp.What}, {Text: rp.WhereBought}, {Text: rp.Contact}}
}

// inboxItem is one consumer report or inspection with the office's
// handling of it.
type inboxItem struct {
	Kind  string
	ID    int64
	At    string
	Stamp string // the stamp's id, "" when not known
	Title string // what / the inspection's result
	Tone  string
	Lines []string // where bought, contact / inspector, place, notes
	Photo string   // URL of the report's photo, "" when none
	State storage.InboxState
	Err   string
}

// inboxData is the inbox screen.
type inboxData struct {
	Filter      string
	Filters     []option
	States      []option
	Reports     []inboxItem
	Inspections []inboxItem
}

// inbox lists consumer reports and inspections of the last 90 days, newest
// first, with their states (?state=: open and in progress by default).
func (c *Console) inbox(w http.ResponseWriter, r *http.Request, s *session) {
	c.showInbox(w, r, s, http.StatusOK, nil)
}

func (c *Console) showInbox(w http.ResponseWriter, r *http.Request, s *session, status int, bad *inboxItem) {
	ctx := r.Context()
	t := c.words(r)
	since := c.d.Now().AddDate(0, 0, -90)
	reps, err := c.d.Store.ListConsumerReports(ctx, storage.ConsumerReportFilter{Since: since, Limit: 500})
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	ins, err := c.d.Store.ListInspections(ctx, storage.InspectionFilter{Since: since, Limit: 500})
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	rst, err := c.d.Store.InboxStatesOf(ctx, storage.InboxConsumerReport)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	ist, err := c.d.Store.InboxStatesOf(ctx, storage.InboxInspection)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	d := inboxData{Filter: r.URL.Query().Get("state")}
	d.Filters = []option{{"", t["inbox.notClosed"]}, {"all", t["inbox.all"]}}
	for _, st := range storage.InboxStates {
		d.Filters = append(d.Filters, option{st, t["inbox."+st]})
		d.States = append(d.States, option{st, t["inbox."+st]})
	}
	keep := func(st string) bool {
		switch d.Filter {
		case "":
			return st != storage.InboxClosed
		case "all":
			return true
		}
		return st == d.Filter
	}
	stateOf := func(m map[int64]storage.InboxState, kind string, id int64) storage.InboxState {
		if st, ok := m[id]; ok {
			return st
		}
		return storage.InboxState{Kind: kind, ItemID: id, State: storage.InboxNew}
	}
	for _, rp := range reps {
		it := inboxItem{Kind: storage.InboxConsumerReport, ID: rp.ID, At: when(rp.At), Stamp: rp.StampID.String(), Title: rp.What,
			State: stateOf(rst, storage.InboxConsumerReport, rp.ID)}
		if rp.WhereBought != "" {
			it.Lines = append(it.Lines, t["whereBought"]+": "+rp.WhereBought)
		}
		if rp.Contact != "" {
			it.Lines = append(it.Lines, t["contact"]+": "+rp.Contact)
		}
		if rp.HasPhoto {
			it.Photo = fmt.Sprintf("%s/inbox/%s/%d/photo", Prefix, storage.InboxConsumerReport, rp.ID)
		}
		if bad != nil && bad.Kind == it.Kind && bad.ID == it.ID {
			it.State, it.Err = bad.State, bad.Err
		}
		if keep(it.State.State) {
			d.Reports = append(d.Reports, it)
		}
	}
	for _, in := range ins {
		it := inboxItem{Kind: storage.InboxInspection, ID: in.ID, At: when(in.At), Title: t["result."+in.Result],
			Tone:  map[string]string{storage.InspectionGenuine: "ok", storage.InspectionSuspect: "warn", storage.InspectionCounterfeit: "bad"}[in.Result],
			Lines: []string{t["inspector"] + ": " + in.Inspector, t["place"] + ": " + in.Place},
			State: stateOf(ist, storage.InboxInspection, in.ID)}
		if in.StampID != uuid.Nil {
			it.Stamp = in.StampID.String()
		}
		if in.Notes != "" {
			it.Lines = append(it.Lines, t["notes"]+": "+in.Notes)
		}
		if bad != nil && bad.Kind == it.Kind && bad.ID == it.ID {
			it.State, it.Err = bad.State, bad.Err
		}
		if keep(it.State.State) {
			d.Inspections = append(d.Inspections, it)
		}
	}
	c.render(w, r, status, "inbox", s, t["inbox"], d)
}

// auditData is the audit log screen.
type auditData struct {
	Actor, Action, Subject, Since string
	Rows                          [][]cell
	Pager                         pager
}

// audit lists audit entries, newest first, filtered by actor, action,
// subject (each a substring) and a first day (default 30 days ago).
func (c *Console) audit(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	qv := r.URL.Query()
	d := auditData{Actor: qv.Get("actor"), Action: qv.Get("action"), Subject: qv.Get("subject"), Since: qv.Get("since")}
	since := c.d.Now().AddDate(0, 0, -30)
	if d.Since != "" {
		day, err := stamp.ParseDate(d.Since)
		if err != nil {
			c.fail(w, r, s, http.StatusBadRequest, fmt.Sprintf(t["badDate"], d.Since))
			return
		}
		since = time.Date(day.Time().Year(), day.Time().Month(), day.Time().Day(), 0, 0, 0, 0, stamp.Vietnam)
	} else {
		d.Since = stamp.DateOf(since).String()
	}
	es, err := c.d.Store.AuditLog(r.Context(), since, 20000)
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	es = slices.DeleteFunc(es, func(e stamp.AuditEntry) bool {
		return !strings.Contains(fold(e.Actor), fold(d.Actor)) || !strings.Contains(fold(e.Action), fold(d.Action)) ||
			!strings.Contains(fold(e.Subject), fold(d.Subject))
	})
	slices.Reverse(es)
	rows, pg := pageOf(r, es)
	d.Pager = pg
	for _, e := range rows {
		d.Rows = append(d.Rows, []cell{{Text: when(e.At)}, {Text: e.Actor}, {Text: e.Action}, {Text: e.Subject},
			{Text: shorten(cmp.Or(e.After, e.Before), 120)}})
	}
	c.render(w, r, http.StatusOK, "audit", s, t["audit"], d)
}

// reportsData is the monthly report screen.
type reportsData struct {
	Month, District string
	Districts       []string
	Report          *monthly.Report
	CSV, PDF        string
}

// reports shows a month's report (default: the previous month) and links
// to its CSV and PDF.
func (c *Console) reports(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	q, ok := c.reportQuery(w, r, s)
	if !ok {
		return
	}
	rep, err := monthly.Build(r.Context(), c.d.Store, q)
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	v := url.Values{"month": {q.Month.String()}}
	if q.District != "" {
		v.Set("district", q.District)
	}
	d := reportsData{Month: q.Month.String(), District: q.District, Districts: stamp.Districts, Report: rep}
	v.Set("format", "csv")
	d.CSV = Prefix + "/reports/download?" + v.Encode()
	v.Set("format", "pdf")
	d.PDF = Prefix + "/reports/download?" + v.Encode()
	c.render(w, r, http.StatusOK, "reports", s, t["reports"], d)
}

// reportQuery reads ?month= (default the previous month) and ?district=.
func (c *Console) reportQuery(w http.ResponseWriter, r *http.Request, s *session) (monthly.Query, bool) {
	now := c.d.Now()
	month := r.URL.Query().Get("month")
	if month == "" {
		month = monthly.MonthOf(now).Prev().String()
	}
	q, err := monthly.ParseQuery(month, r.URL.Query().Get("district"), now)
	if err != nil {
		c.failErr(w, r, s, err)
		return q, false
	}
	return q, true
}

// reportDownload answers the month's report as CSV or PDF.
func (c *Console) reportDownload(w http.ResponseWriter, r *http.Request, s *session) {
	q, ok := c.reportQuery(w, r, s)
	if !ok {
		return
	}
	f, err := monthly.ParseFormat(r.URL.Query().Get("format"))
	if err != nil || (f != monthly.CSV && f != monthly.PDF) {
		c.fail(w, r, s, http.StatusBadRequest, c.words(r)["badFormat"])
		return
	}
	rep, err := monthly.Build(r.Context(), c.d.Store, q)
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	var buf strings.Builder
	if err := rep.Render(&buf, f); err != nil {
		c.internal(w, r, s, fmt.Errorf("render %s report: %w", f, err))
		return
	}
	w.Header().Set("Content-Type", f.ContentType())
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, rep.FileName(f)))
	w.Write([]byte(buf.String()))
}

// tokensData is the tokens screen.
type tokensData struct {
	Rows    []storage.Token
	Now     time.Time
	NewText string // a token just created, shown once
	NewName string
	Form    formState
	Roles   []option
}

// tokens lists the admin tokens (office only).
func (c *Console) tokens(w http.ResponseWriter, r *http.Request, s *session) {
	c.showTokens(w, r, s, http.StatusOK, tokensData{})
}

func (c *Console) showTokens(w http.ResponseWriter, r *http.Request, s *session, status int, d tokensData) {
	ts, err := c.d.Store.ListTokens(r.Context())
	if err != nil {
		c.internal(w, r, s, err)
		return
	}
	d.Rows, d.Now = ts, c.d.Now()
	t := c.words(r)
	for _, role := range stamp.Roles {
		d.Roles = append(d.Roles, option{role, roleName(t, role)})
	}
	if d.Form.Values == nil {
		d.Form = formState{Values: map[string]string{}, Errors: map[string]string{}}
	}
	c.render(w, r, status, "tokens", s, c.words(r)["tokens"], d)
}
