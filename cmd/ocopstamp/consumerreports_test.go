package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/photo/phototest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// reportFixture mints a batch of 3 stamps of sample product 1006 and files
// two consumer reports: one on the second stamp (scanned genuine a minute
// before), one on a forged code. It returns their ids and the second
// stamp's printed serial.
func reportFixture(t *testing.T, c *cli) (real, forged int64, serial string) {
	t.Helper()
	c.ok("keygen")
	c.importSamples()
	batch := strings.TrimSpace(c.ok("mint", "--product", "1006", "--count", "3"))
	ctx := context.Background()
	st, err := openStore(ctx, c.db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	b, err := st.Batch(ctx, mustUUID(t, batch))
	if err != nil {
		t.Fatal(err)
	}
	var s stamp.Stamp
	if err := st.BatchStamps(ctx, b.ID, b.FirstSerial+1, b.FirstSerial+1, func(x stamp.Stamp) error { s = x; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := st.RecordScans(ctx, []stamp.ScanEvent{{StampID: s.ID, At: time.Now().Add(-time.Minute), Channel: "web",
		ClientHash: "c", Verdict: string(stamp.Genuine)}}); err != nil {
		t.Fatal(err)
	}
	o := &office.Office{Store: st}
	r1, err := o.ReceiveConsumerReport(ctx, s.Code(), storage.ConsumerReport{What: "Nhãn mờ,\nkhông đọc được hạn dùng",
		WhereBought: "Chợ Hà Tĩnh", Contact: "0912 345 678", Lang: "vi"})
	if err != nil {
		t.Fatal(err)
	}
	r2, err := o.ReceiveConsumerReport(ctx, stamp.Code{Header: stamp.Header{Product: 1006, StampID: uuid.New()}},
		storage.ConsumerReport{What: "Tem lạ", Lang: "vi", Photo: phototest.JPEG(t, phototest.Picture(40, 30), 1)})
	if err != nil {
		t.Fatal(err)
	}
	return r1.ID, r2.ID, stamp.FormatSerial(s.Serial)
}

// TestConsumerReportsCommand: list (not closed by default, by state, as
// JSON), show (the full report; marks it seen, once), close (a note is
// required; closing twice and unknown ids fail in one line) (issue 10 §4).
func TestConsumerReportsCommand(t *testing.T) {
	c := newCLI(t)
	real, forged, serial := reportFixture(t, c)
	id1, id2 := strconv.FormatInt(real, 10), strconv.FormatInt(forged, 10)

	list := c.ok("consumer-reports", "list")
	for _, want := range []string{"SỐ", "TÌNH TRẠNG", "NỘI DUNG", "mới", "Nhãn mờ, không đọc được hạn dùng", "Tem lạ"} {
		if !strings.Contains(list, want) {
			t.Errorf("list lacks %q:\n%s", want, list)
		}
	}
	if n := strings.Count(strings.TrimSpace(list), "\n"); n != 2 {
		t.Errorf("list has %d lines after the header, want 2:\n%s", n, list)
	}

	code, out, errs := c.run("consumer-reports", "show", id1)
	if code != 0 {
		t.Fatalf("show: exit %d, %s", code, errs)
	}
	for _, want := range []string{"Phản ánh số " + id1 + ": đã xem", serial, "(1006)", "Kết quả tra cứu", "TEM CHÍNH HÃNG",
		"Chợ Hà Tĩnh", "0912 345 678", "không đọc được hạn dùng", "Ảnh:             không có"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errs, "đã đánh dấu là đã xem") {
		t.Errorf("show does not say it marked the report seen: %q", errs)
	}
	if _, _, errs := c.run("consumer-reports", "show", id1); strings.Contains(errs, "đánh dấu") {
		t.Errorf("second show marks it seen again: %q", errs)
	}
	out = c.ok("consumer-reports", "show", id2, "--lang", "en")
	for _, want := range []string{"not in the registry (forged or unknown code)", "no lookup recorded before the report", "Contact:", "not given",
		"Photo:          attached (admin API GET /consumer-reports/" + id2 + "/photo"} {
		if !strings.Contains(out, want) {
			t.Errorf("show of the forged code lacks %q:\n%s", want, out)
		}
	}

	c.fails(2, "--note", "consumer-reports", "close", id1)
	c.fails(2, "--note", "consumer-reports", "close", id1, "--note", "   ")
	c.fails(1, "2000", "consumer-reports", "close", id1, "--note", strings.Repeat("x", storage.MaxReportText+1))
	out = c.ok("consumer-reports", "close", id1, "--note", "Đã gọi người mua: tem thật")
	if !strings.Contains(out, "đã đóng phản ánh số "+id1) {
		t.Errorf("close says %q", out)
	}
	c.fails(1, "already closed", "consumer-reports", "close", id1, "--note", "lần hai")
	c.fails(1, "consumer report 9999 not found", "consumer-reports", "close", "9999", "--note", "x")
	c.fails(1, "consumer report 9999 not found", "consumer-reports", "show", "9999")
	c.fails(2, "report id", "consumer-reports", "show", "abc")
	c.fails(2, "--state", "consumer-reports", "list", "--state", "lost")
	c.fails(2, "want list", "consumer-reports", "delete", id1)

	if list := c.ok("consumer-reports", "list"); strings.Contains(list, "Nhãn mờ") {
		t.Errorf("a closed report is listed by default:\n%s", list)
	}
	var js []office.ConsumerReportJSON
	if err := json.Unmarshal([]byte(c.ok("consumer-reports", "list", "--state", "closed", "--json")), &js); err != nil {
		t.Fatal(err)
	}
	if len(js) != 1 || js[0].ID != real || js[0].State.State != "closed" || js[0].State.Note != "Đã gọi người mua: tem thật" ||
		js[0].State.ChangedBy == "" || js[0].State.ChangedAt == nil || js[0].Contact != "0912 345 678" {
		t.Errorf("list --json of closed reports: %+v", js)
	}
	if out := c.ok("consumer-reports", "list", "--state", "all", "--limit", "1"); strings.Count(strings.TrimSpace(out), "\n") != 1 {
		t.Errorf("--limit 1 listed:\n%s", out)
	}
	if out := c.ok("audit", "--action", "inbox.state"); strings.Count(out, "inbox.state") != 3 {
		t.Errorf("audit of the inbox: want seen, seen, closed:\n%s", out)
	}
}
