package server

import (
	"fmt"
	"html/template"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// page is the data of every HTML page (templates/*.html). Everything is
// formatted for its language here, so the templates only lay it out.
type page struct {
	T         *wording.Page
	Title     string // <title>
	SwitchURL string // the same page in the other language
	Sample    bool
	Contact   Contact

	// The banner: tone is ok, warn, danger or info.
	Tone, Heading, Message, Advice string
	ShowContact                    bool
	Detail                         string // technical detail of an error

	Product   *productView
	Sections  []section
	Points    []pointView
	Technical []row
	CheckedAt string

	Serial      string // pre-fills the serial form
	ShowForm    bool
	ReportURL   string // the consumer's "report a suspected fake" form
	SerialError bool
}

type productView struct {
	Name, Group   string
	Stars         string // "★★★★☆", empty when not ranked
	RankText      string // "Sản phẩm OCOP đạt 4 sao" or "… (chưa xếp hạng)"
	Participating bool
	// Void: the certification is not valid today (expired, suspended,
	// withdrawn): the stars are greyed out and RankText says the rank no
	// longer applies.
	Void bool
}

type section struct {
	Title string
	Rows  []row
}

type row struct {
	Label, Value string
	Href         template.URL // tel: link for phones
	Warn         bool         // highlight the value
}

type pointView struct {
	Name, Address, Phone string
	Tel                  template.URL
}

// basePage fills what every page has.
func (s *Server) basePage(lang, path string, query url.Values) *page {
	t := wording.PageFor(lang)
	q := url.Values{}
	for _, k := range []string{"s"} {
		if v := query.Get(k); v != "" && len(v) < 64 {
			q.Set(k, v)
		}
	}
	q.Set("lang", t.OtherLang)
	if len(path) > 300 || !strings.HasPrefix(path, "/") {
		path = "/"
	}
	return &page{
		T:         t,
		Title:     t.SiteTitle,
		SwitchURL: (&url.URL{Path: path, RawQuery: q.Encode()}).String(),
		Sample:    s.cfg.SampleData,
		Contact:   s.cfg.Contact,
		ShowForm:  true,
	}
}

// resultPage lays out a lookup result.
func (s *Server) resultPage(p *page, r *verify.Result) {
	t, lang := p.T, p.T.Lang
	p.Tone = string(wording.ToneOf(r.Verdict))
	p.Heading = wording.Title(r.Verdict, lang)
	p.Title = p.Heading + " – " + t.SiteTitle
	p.Message = r.Message
	p.Advice = wording.Advice(r.Verdict, lang)
	p.ShowContact = r.Verdict != stamp.Genuine
	if r.Code.Text != "" {
		p.ReportURL = "/report/" + r.Code.Text + "?lang=" + lang
	}
	p.CheckedAt = formatClock(r.CheckedAt, lang)
	day := func(s string) string { return wording.FormatDate(s, lang) }

	if pr := r.Product; pr != nil {
		pv := &productView{Name: pr.Name, Group: pr.Group}
		if c := r.Certification; c != nil {
			pv.Stars, pv.RankText, pv.Participating = rankText(c, lang)
			if c.Status != stamp.CertValid {
				pv.Void = true
				pv.RankText = fmt.Sprintf(wording.PageFor(lang).VoidRankFmt, pv.RankText)
			}
		}
		p.Product = pv
	}
	if f := r.Facility; f != nil {
		sec := section{Title: t.Producer, Rows: []row{{Value: f.Name}}}
		sec.add(t.Address, joinAddress(lang, f.Address, f.Commune, f.District, f.CommuneCode != ""))
		if f.Phone != "" {
			sec.Rows = append(sec.Rows, row{Label: t.Phone, Value: f.Phone, Href: telHref(f.Phone)})
		}
		p.Sections = append(p.Sections, sec)
	}
	if c := r.Certification; c != nil {
		sec := section{Title: t.Certificate}
		sec.add(t.Decision, c.DecisionNumber)
		sec.add(t.DecisionDate, day(c.DecisionDate))
		sec.add(t.Expires, day(c.ExpiresOn))
		sec.Rows = append(sec.Rows, row{Label: t.Status, Value: t.StatusName(c.Status), Warn: c.Status != stamp.CertValid})
		if c.StatusReason != "" {
			sec.add(t.Detail, c.StatusReason)
		}
		sec.add(t.Process, c.ProcessConfirmed)
		sec.add(t.LabTest, day(c.LabTestDate))
		sec.add(t.Declaration, day(c.DeclarationDate))
		p.Sections = append(p.Sections, sec)
	}
	if st := r.Stamp; st != nil {
		sec := section{Title: t.StampBatch}
		sec.add(t.Serial, st.Serial)
		sec.add(t.Lot, st.Lot)
		sec.add(t.Produced, day(st.ProducedOn))
		sec.add(t.BestBefore, day(st.BestBefore))
		sec.add(t.MintedAt, wording.FormatDay(st.MintedAt, lang))
		if st.RevokedAt != nil {
			sec.Rows = append(sec.Rows, row{Label: t.RevokedAt, Value: wording.FormatDay(*st.RevokedAt, lang), Warn: true})
			if st.RevokeReason != "" {
				sec.Rows = append(sec.Rows, row{Label: t.RevokeReason, Value: st.RevokeReason, Warn: true})
			}
		}
		p.Sections = append(p.Sections, sec)
	}
	if sc := r.Scans; sc != nil {
		sec := section{Title: t.Scans}
		warn := r.Verdict == stamp.Suspicious
		sec.Rows = append(sec.Rows, row{Label: t.ScanCount, Value: itoa(sc.Count), Warn: warn})
		sec.Rows = append(sec.Rows, row{Label: t.Devices, Value: itoa(sc.DistinctClients), Warn: warn})
		if sc.FirstAt != nil {
			sec.Rows = append(sec.Rows, row{Label: t.FirstScan, Value: wording.FormatDay(*sc.FirstAt, lang), Warn: warn})
		}
		p.Sections = append(p.Sections, sec)
	}
	for _, ps := range r.PointsOfSale {
		p.Points = append(p.Points, pointView{
			Name: ps.Name, Address: joinAddress(lang, ps.Address, ps.Commune, ps.District, ps.CommuneCode != ""),
			Phone: ps.Phone, Tel: telHref(ps.Phone),
		})
	}
	if r.Code.Text != "" {
		p.Technical = append(p.Technical, row{Label: t.StampID, Value: r.Code.StampID}, row{Label: t.KeyID, Value: r.Code.KeyID})
	}
}

func (sec *section) add(label, value string) {
	if value != "" {
		sec.Rows = append(sec.Rows, row{Label: label, Value: value})
	}
}

// rankText returns the stars, the plain sentence on the product's class and
// whether it is only participating.
func rankText(c *verify.CertInfo, lang string) (stars, text string, participating bool) {
	t := wording.PageFor(lang)
	if c.Class != "ocop" || c.Rank < 1 {
		return "", t.Unranked, true
	}
	n := min(c.Rank, 5)
	stars = strings.Repeat("★", n) + strings.Repeat("☆", 5-n)
	return stars, fmt.Sprintf(t.RankedFmt, n), false
}

// joinAddress writes "thôn 5, xã Sơn Trường, huyện Hương Sơn" (or
// "…, Hương Sơn district" in English). An address placed in today's
// commune or ward (placed) has no district: the level is gone since July
// 2025.
func joinAddress(lang, address, commune, district string, placed bool) string {
	if placed {
		district = ""
	}
	var parts []string
	for _, s := range []string{address, commune} {
		if s = strings.TrimSpace(s); s != "" {
			parts = append(parts, s)
		}
	}
	if d := strings.TrimSpace(district); d != "" {
		low := strings.ToLower(d)
		switch {
		case strings.HasPrefix(low, "thành phố"), strings.HasPrefix(low, "thị xã"), strings.HasPrefix(low, "huyện"):
		default:
			d = fmt.Sprintf(wording.PageFor(lang).DistrictFmt, d)
		}
		parts = append(parts, d)
	}
	return strings.Join(parts, ", ")
}

// telHref returns a tel: URL for a phone number, or "" when it has no digits.
func telHref(phone string) template.URL {
	var b strings.Builder
	for _, r := range phone {
		if (r >= '0' && r <= '9') || (r == '+' && b.Len() == 0) {
			b.WriteRune(r)
		}
	}
	if b.Len() < 3 {
		return ""
	}
	return template.URL("tel:" + b.String()) // digits and '+' only: safe
}

// formatClock writes a time in Vietnam's time zone: "14:03 05/03/2026" or
// "14:03, 5 Mar 2026 (UTC+7)".
func formatClock(t time.Time, lang string) string {
	if t.IsZero() {
		return ""
	}
	vt := t.In(stamp.Vietnam)
	return fmt.Sprintf(wording.PageFor(lang).ClockFmt, vt.Format("15:04"), wording.FormatDay(t, lang))
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
