package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/wording"
)

// cmdConsumerReports lists, shows and closes consumers' reports of
// suspected fakes: the inbox the web console shows, from the command line.
func cmdConsumerReports(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("list [--state STATES] [--limit N] [--before ID] [--json] | show ID [--json] | close ID --note TEXT\n\n" +
		"Consumers' reports of suspected fakes and how the office handles them. A report is new until\n" +
		"someone shows it (show marks it seen), then seen, in_progress (set in the web console's inbox)\n" +
		"or closed (close, with a note saying how it was handled; recorded with who and when).")
	state := fs.String("state", "", "list: states to show, comma separated: new, seen, in_progress, closed, or all (default: every state but closed)")
	limit := fs.Int("limit", 100, "list: at most this many reports, newest first")
	before := fs.Int64("before", 0, "list: the next page: only reports older than report ID (the last one listed)")
	note := fs.String("note", "", "close: how the report was handled (required)")
	asJSON := fs.Bool("json", false, "write JSON for machines")
	lang := fs.String("lang", getenv("OCOPSTAMP_LANG", wording.LangVI), "language of the table and words: vi or en (OCOPSTAMP_LANG)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("want list, show ID or close ID --note TEXT")
	}
	w := reportWords(wording.NormalizeLang(*lang))
	switch pos[0] {
	case "list":
		if len(pos) > 1 {
			return usagef("unexpected argument %q", pos[1])
		}
		states, err := parseStates(*state)
		if err != nil {
			return err
		}
		if *limit < 1 || *limit > 10_000 {
			return usagef("--limit %d: want 1 to 10000", *limit)
		}
		if *before < 0 {
			return usagef("--before %d: want a report id", *before)
		}
		return listReports(ctx, e, w, storage.ConsumerReportFilter{States: states, Limit: *limit, Before: *before}, *asJSON)
	case "show":
		id, err := reportID(pos)
		if err != nil {
			return err
		}
		return showReport(ctx, e, w, id, *asJSON)
	case "close":
		id, err := reportID(pos)
		if err != nil {
			return err
		}
		if strings.TrimSpace(*note) == "" {
			return usagef("close needs --note TEXT: how the report was handled (kept with the report and in the audit log)")
		}
		off, err := e.Office(ctx)
		if err != nil {
			return err
		}
		st, err := off.CloseConsumerReport(ctx, e.Who(), id, *note)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.Out, office.InboxStateView(*st))
		}
		fmt.Fprintf(e.Out, w.closedLine+"\n", id, st.ChangedBy, vnTime(&st.ChangedAt))
		return nil
	}
	return usagef("unknown consumer-reports command %q: want list, show or close", pos[0])
}

// reportID reads the one report id after show or close.
func reportID(pos []string) (int64, error) {
	if len(pos) != 2 {
		return 0, usagef("%s wants one report id (see 'ocopstamp consumer-reports list')", pos[0])
	}
	id, err := strconv.ParseInt(pos[1], 10, 64)
	if err != nil || id < 1 {
		return 0, usagef("report id %q: want a number from 'ocopstamp consumer-reports list'", pos[1])
	}
	return id, nil
}

// parseStates reads --state: empty is every state but closed.
func parseStates(s string) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return storage.InboxOpenStates, nil
	}
	states, err := office.ParseInboxStates(s)
	if err != nil {
		return nil, usagef("--state: %s", stamp.ErrorMessage(err))
	}
	return states, nil
}

func listReports(ctx context.Context, e *Env, w words, f storage.ConsumerReportFilter, asJSON bool) error {
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	rs, err := off.ConsumerReports(ctx, e.Who(), f)
	if err != nil {
		return err
	}
	if asJSON {
		out := make([]office.ConsumerReportJSON, 0, len(rs))
		for i := range rs {
			out = append(out, office.ConsumerReportView(&rs[i]))
		}
		return writeJSON(e.Out, out)
	}
	ps, err := off.Store.Products(ctx)
	if err != nil {
		return err
	}
	names := map[uint32]string{}
	for _, p := range ps {
		names[p.Number] = p.Name
	}
	tw := tabwriter.NewWriter(termSafe(e.Out), 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, w.listHeader)
	for _, r := range rs {
		product := strconv.FormatUint(uint64(r.ProductNumber), 10)
		if n, ok := names[r.ProductNumber]; ok {
			product = n + " (" + product + ")"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", r.ID, vnTime(&r.At), w.state(r.State.State), oneLine(product, 40), oneLine(r.What, 60))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(rs) == 0 {
		fmt.Fprintln(e.Err, w.none)
	} else if len(rs) == f.Limit {
		fmt.Fprintf(e.Err, w.more+"\n", rs[len(rs)-1].ID)
	}
	return nil
}

func showReport(ctx context.Context, e *Env, w words, id int64, asJSON bool) error {
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	d, err := off.OpenConsumerReport(ctx, e.Who(), id)
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e.Out, d.DetailView())
	}
	out := termSafe(e.Out)
	line := func(label, value string) { fmt.Fprintf(out, "  %-*s %s\n", w.labelWidth, label+":", value) }
	fmt.Fprintf(out, w.title+"\n", d.ID, w.state(d.State.State))
	line(w.sent, vnTime(&d.At)+" (UTC+7)")
	product := strconv.FormatUint(uint64(d.ProductNumber), 10)
	if d.Product != nil {
		product = d.Product.Name + " (" + product + ")"
	} else {
		product += " — " + w.noProduct
	}
	line(w.product, product)
	line(w.serial, orDash(d.Serial, w.noSerial))
	line(w.stampID, d.StampID.String())
	verdict := w.noVerdict
	if d.Verdict != "" {
		verdict = wording.Title(d.Verdict, w.lang) + " (" + string(d.Verdict) + ", " + vnTime(d.VerdictAt) + ")"
	}
	line(w.verdict, verdict)
	line(w.what, indentLines(d.What, w.labelWidth+3))
	line(w.where, orDash(d.WhereBought, "—"))
	line(w.contact, orDash(d.Contact, w.noContact))
	photo := w.noPhoto
	if d.HasPhoto {
		photo = fmt.Sprintf(w.hasPhoto, d.ID)
	}
	line(w.photo, photo)
	if d.State.ChangedBy != "" {
		line(w.handled, w.state(d.State.State)+", "+d.State.ChangedBy+", "+vnTime(&d.State.ChangedAt))
	}
	if d.State.Note != "" {
		line(w.note, indentLines(d.State.Note, w.labelWidth+3))
	}
	if d.MarkedSeen {
		fmt.Fprintln(e.Err, w.markedSeen)
	}
	return nil
}

// oneLine shows s on one table line: line breaks as spaces, at most max
// characters.
func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

// indentLines indents every line of s after the first by n spaces.
func indentLines(s string, n int) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\n"+strings.Repeat(" ", n))
}

// words are the consumer-reports command's words in one language.
type words struct {
	lang                                                  string
	listHeader, none, more, title, closedLine, markedSeen string
	sent, product, serial, stampID, verdict, what, where  string
	contact, handled, note, photo, hasPhoto, noPhoto      string
	noProduct, noSerial, noVerdict, noContact             string
	states                                                map[string]string
	labelWidth                                            int
}

func (w words) state(s string) string {
	if t, ok := w.states[s]; ok {
		return t
	}
	return s
}

func reportWords(lang string) words {
	if lang == wording.LangEN {
		return words{lang: lang,
			listHeader: "ID\tSENT (UTC+7)\tSTATE\tPRODUCT\tWHAT", none: "no consumer reports in these states",
			more:  "more: add --before %d for the next page",
			title: "Consumer report %d: %s", closedLine: "closed consumer report %d (%s, %s UTC+7)",
			markedSeen: "marked seen (it was new)",
			sent:       "Sent", product: "Product", serial: "Printed serial", stampID: "Stamp id", verdict: "Verdict then",
			what: "What", where: "Where bought", contact: "Contact", handled: "State", note: "Office note",
			photo: "Photo", hasPhoto: "attached (admin API GET /consumer-reports/%d/photo, or the web console's inbox)", noPhoto: "none",
			noProduct: "not in the registry", noSerial: "not in the registry (forged or unknown code)",
			noVerdict: "no lookup recorded before the report", noContact: "not given",
			states:     map[string]string{storage.InboxNew: "new", storage.InboxSeen: "seen", storage.InboxInProgress: "in progress", storage.InboxClosed: "closed"},
			labelWidth: 15}
	}
	return words{lang: wording.LangVI,
		listHeader: "SỐ\tNGÀY GỬI (UTC+7)\tTÌNH TRẠNG\tSẢN PHẨM\tNỘI DUNG", none: "không có phản ánh nào ở tình trạng này",
		more:  "còn nữa: thêm --before %d để xem trang sau",
		title: "Phản ánh số %d: %s", closedLine: "đã đóng phản ánh số %d (%s, %s UTC+7)",
		markedSeen: "đã đánh dấu là đã xem (trước đó là mới)",
		sent:       "Ngày gửi", product: "Sản phẩm", serial: "Số sê-ri", stampID: "Mã tem", verdict: "Kết quả tra cứu",
		what: "Nội dung", where: "Nơi mua", contact: "Liên hệ", handled: "Tình trạng", note: "Ghi chú",
		photo: "Ảnh", hasPhoto: "có ảnh đính kèm (xem ở hộp thư của trang quản lý, hoặc admin API GET /consumer-reports/%d/photo)", noPhoto: "không có",
		noProduct: "không có trong sổ đăng ký", noSerial: "không có trong sổ đăng ký (mã giả hoặc không rõ)",
		noVerdict: "không có lượt tra cứu nào trước phản ánh", noContact: "không để lại",
		states:     map[string]string{storage.InboxNew: "mới", storage.InboxSeen: "đã xem", storage.InboxInProgress: "đang xử lý", storage.InboxClosed: "đã xong"},
		labelWidth: 16}
}
