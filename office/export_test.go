package office_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"image"
	"image/color"
	"strings"
	"testing"

	"github.com/makiuchi-d/gozxing"
	"github.com/makiuchi-d/gozxing/qrcode"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// readCodes re-imports a code export: it checks the byte order mark and the
// header and returns the rows by column name.
func readCodes(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	rest, ok := bytes.CutPrefix(data, []byte("\xEF\xBB\xBF"))
	if !ok {
		t.Fatalf("export does not start with a UTF-8 byte order mark: % x", data[:min(8, len(data))])
	}
	recs, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
	if err != nil {
		t.Fatalf("re-import: %v", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(print.CodeColumns, ",") {
		t.Fatalf("header %q, want %q", recs[0], print.CodeColumns)
	}
	var rows []map[string]string
	for _, r := range recs[1:] {
		m := map[string]string{}
		for i, c := range print.CodeColumns {
			m[c] = r[i]
		}
		rows = append(rows, m)
	}
	return rows
}

// qrImage draws modules bm at px pixels a module with a 4-module quiet zone.
func qrImage(bm [][]bool, px int) image.Image {
	n := len(bm) + 8
	img := image.NewGray(image.Rect(0, 0, n*px, n*px))
	for y := range img.Pix {
		img.Pix[y] = 255
	}
	for y, row := range bm {
		for x, dark := range row {
			if !dark {
				continue
			}
			for dy := range px {
				for dx := range px {
					img.SetGray((x+4)*px+dx, (y+4)*px+dy, color.Gray{})
				}
			}
		}
	}
	return img
}

// decodeQR reads the one QR code in img with gozxing, the decoder the print
// scan-back tests use.
func decodeQR(t *testing.T, img image.Image) string {
	t.Helper()
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		t.Fatal(err)
	}
	res, err := qrcode.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_PURE_BARCODE: true})
	if err != nil {
		t.Fatalf("decode QR: %v", err)
	}
	return res.GetText()
}

// TestExportCodesRoundTrip is issue 15 §3's done-when: a code export,
// re-imported, reproduces every code: each row's code text verifies with
// the verify package (offline and against the registry, as the stamp of
// that serial), the payload is that code's URL, and a sample of payloads,
// encoded with the labels' QR settings and decoded by gozxing, come back
// unchanged.
func TestExportCodesRoundTrip(t *testing.T) {
	ctx := context.Background()
	o, _, _ := guardOffice(t)
	b, err := o.Mint(ctx, clerk, stamp.MintRequest{ProductNumber: 7, Count: 60, Lot: "=LOT-2026/11"}, nil)
	must(t, err)
	first, last := b.FirstSerial+5, b.FirstSerial+44
	var sink memSink
	res, err := o.ExportCodes(ctx, clerk, office.ExportInput{Batch: b.ID, First: first, Last: last}, &sink)
	must(t, err)
	if !sink.kept || res.Stats.Labels != 40 || res.Stats.Bytes != int64(sink.Len()) {
		t.Fatalf("export kept=%v stats %+v for %d bytes", sink.kept, res.Stats, sink.Len())
	}
	rows := readCodes(t, sink.Bytes())
	if len(rows) != 40 {
		t.Fatalf("%d rows, want 40", len(rows))
	}
	online := &verify.Service{Keys: o.Keys, Views: o.Store, Store: o.Store}
	for i, r := range rows {
		serial := first + uint64(i)
		if r["serial"] != stamp.FormatSerial(serial) || r["product_number"] != "7" || r["product"] != "Kẹo" || r["lot"] != "'=LOT-2026/11" {
			t.Fatalf("row %d: %v", i, r)
		}
		off, err := verify.Offline(r["code_text"], o.Keys)
		if err != nil || off.Verdict != stamp.Genuine {
			t.Fatalf("row %d: offline verdict %v, %v", i, off, err)
		}
		code, err := stamp.ParseCode(r["code_text"])
		must(t, err)
		if want := code.URL(o.BaseURL); r["qr_payload"] != want {
			t.Fatalf("row %d: payload %q, want %q", i, r["qr_payload"], want)
		}
		got, err := online.Lookup(ctx, r["qr_payload"], verify.Client{Channel: stamp.ChannelAPI})
		must(t, err)
		if got.Verdict != stamp.Genuine {
			t.Fatalf("row %d: online verdict %s (%s)", i, got.Verdict, got.Reason)
		}
		st, err := o.Store.StampBySerial(ctx, serial)
		must(t, err)
		if st.ID != code.StampID {
			t.Fatalf("row %d: code names stamp %s, serial %s is stamp %s", i, code.StampID, r["serial"], st.ID)
		}
		if i%7 == 0 || i == len(rows)-1 {
			bm, err := print.Symbol(r["qr_payload"], o.BaseURL)
			must(t, err)
			if got := decodeQR(t, qrImage(bm, 4)); got != r["qr_payload"] {
				t.Fatalf("row %d: QR decodes to %q, want %q", i, got, r["qr_payload"])
			}
		}
	}
	got := printAudits(t, o)
	if len(got) != 1 || !strings.Contains(got[0], `"output":"codes.csv"`) || !strings.Contains(got[0], `"count":40`) {
		t.Errorf("export audited as %q", got)
	}
}

// TestExportCodesGuards: an export refuses what a print refuses, and ranges
// holding revoked stamps, unless forced with a reason; a range outside the
// batch or backwards is EInvalid; a viewer may not export; nothing is
// written or audited when refused.
func TestExportCodesGuards(t *testing.T) {
	ctx := context.Background()
	o, _, b := guardOffice(t)
	export := func(who stamp.Actor, in office.ExportInput) error {
		var sink memSink
		_, err := o.ExportCodes(ctx, who, in, &sink)
		if err != nil && (sink.Len() > 0 || sink.kept) {
			t.Errorf("refused export wrote %d bytes", sink.Len())
		}
		return err
	}
	wantCode(t, "viewer exports", export(viewer, office.ExportInput{Batch: b.ID}), stamp.EForbidden)
	wantCode(t, "first after last", export(clerk, office.ExportInput{Batch: b.ID, First: b.FirstSerial + 2, Last: b.FirstSerial + 1}), stamp.EInvalid)
	wantCode(t, "past the batch", export(clerk, office.ExportInput{Batch: b.ID, Last: b.LastSerial() + 1}), stamp.EInvalid)
	b2, err := o.Mint(ctx, clerk, stamp.MintRequest{ProductNumber: 7, Count: 2}, nil)
	must(t, err)
	wantCode(t, "before the batch", export(clerk, office.ExportInput{Batch: b2.ID, First: b2.FirstSerial - 1}), stamp.EInvalid)
	wantCode(t, "unknown batch", export(clerk, office.ExportInput{Batch: [16]byte{1}}), stamp.ENotFound)
	_, err = (&office.Office{Store: o.Store}).ExportCodes(ctx, clerk, office.ExportInput{Batch: b.ID}, &memSink{})
	wantCode(t, "no base URL", err, stamp.EUnavailable)
	if got := printAudits(t, o); len(got) != 0 {
		t.Fatalf("refused exports audited: %q", got)
	}

	_, err = o.RevokeStamp(ctx, clerk, office.StampRef{Serial: b.FirstSerial + 1}, "mất")
	must(t, err)
	err = export(clerk, office.ExportInput{Batch: b.ID})
	wantCode(t, "range with a revoked stamp", err, stamp.EConflict)
	if !strings.Contains(stamp.ErrorMessage(err), "1 stamp(s)") {
		t.Errorf("revoked-stamp refusal says %q", stamp.ErrorMessage(err))
	}
	wantCode(t, "forced without a reason", export(clerk, office.ExportInput{Batch: b.ID, Force: true}), stamp.EInvalid)
	must(t, export(clerk, office.ExportInput{Batch: b.ID, First: b.FirstSerial + 2}))
	must(t, export(clerk, office.ExportInput{Batch: b.ID, Force: true, Reason: "in lại cho nhà in"}))
	_, err = o.RevokeBatch(ctx, clerk, b.ID, "lô hỏng")
	must(t, err)
	err = export(clerk, office.ExportInput{Batch: b.ID, First: b.FirstSerial + 2})
	wantCode(t, "revoked batch", err, stamp.EConflict)
	got := printAudits(t, o)
	if len(got) != 2 || strings.Contains(got[0], "forced") || !strings.Contains(got[1], `"forced":"in lại cho nhà in"`) {
		t.Errorf("exports audited as %q", got)
	}
	for _, a := range got {
		if !strings.Contains(a, `"output":"codes.csv"`) {
			t.Errorf("export audit %q lacks its output", a)
		}
	}
}
