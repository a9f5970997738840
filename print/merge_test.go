package print

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
)

func TestMergeRejectsOtherPDFs(t *testing.T) {
	for _, doc := range []string{
		"",
		"%PDF-1.4\nno cross-reference table\n%%EOF\n",
		"%PDF-1.4\nstartxref\n99999\n%%EOF\n",
		"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nxref\n0 2\n0000000000 65535 f \n0000000009 00000 n \nstartxref\n37\n%%EOF\n",
	} {
		m := newMerger(&bytes.Buffer{}, A4W, A4H)
		if err := m.add([]byte(doc)); err == nil {
			t.Errorf("merged %q", doc)
		}
	}
	if err := newMerger(&bytes.Buffer{}, A4W, A4H).finish(docInfo{}); err == nil {
		t.Error("finished a document without pages")
	}
}

func TestPDFText(t *testing.T) {
	for in, want := range map[string]string{
		"ocopstamp (a) \\": `(ocopstamp \(a\) \\)`,
		"Tờ":               "<FEFF00541EDD>",
		"":                 "()",
	} {
		if got := pdfText(in); got != want {
			t.Errorf("pdfText(%q) = %s, want %s", in, got, want)
		}
	}
	if d := pdfDate(testPrintedAt); d != "D:20261129093000+07'00'" {
		t.Errorf("pdfDate = %s", d)
	}
}

func TestMergedStructure(t *testing.T) {
	defer func(n int) { chunkLabels = n }(chunkLabels)
	chunkLabels = 14
	signer, _ := testKeys(t)
	b, stamps := fabricate(signer, 30, 1)
	tm, _ := TemplateByName("a4-14")
	pdf := mustRender(t, testJob(tm, b, stamps))
	offs, _, trailer, err := parseXref(pdf)
	if err != nil {
		t.Fatal(err)
	}
	for n := 1; n < len(offs); n++ {
		if !bytes.HasPrefix(pdf[offs[n]:], []byte(strconv.Itoa(n)+" 0 obj\n")) {
			t.Errorf("xref entry %d points at %q", n, pdf[offs[n]:offs[n]+12])
		}
	}
	for _, want := range []string{"/Root 2 0 R", "/Info 3 0 R"} {
		if !strings.Contains(string(trailer), want) {
			t.Errorf("trailer lacks %s", want)
		}
	}
	if c := bytes.Count(pdf, []byte("/Type /Catalog")); c != 1 {
		t.Errorf("%d catalogs", c)
	}
	if !bytes.Contains(pdf, []byte("/Count 3\n")) || !bytes.Contains(pdf, []byte("/PrintScaling /None")) {
		t.Error("page tree or viewer preferences missing")
	}
	popplerText(t, pdf, 0)
}
