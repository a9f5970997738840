package print

import (
	"fmt"
	"io"
	"strconv"

	"github.com/ocop-hatinh/ocopstamp/internal/csvsafe"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// CodeColumns are the header of the code export (WriteCodes), in order:
// the QR payload (exactly what a label's QR code encodes), the code text
// (the 143-character stamp code, the payload's part after "/S/"), the
// printed serial ("0000-01234-5"), the product number and name, and the
// batch's lot.
var CodeColumns = []string{"qr_payload", "code_text", "serial", "product_number", "product", "lot"}

// utf8BOM starts every code export so that spreadsheets read it as UTF-8.
const utf8BOM = "\uFEFF"

// payload returns what the QR code of s encodes under baseURL: the labels
// (Render) and the code export (WriteCodes) both take it from here.
func payload(s stamp.Stamp, baseURL string) string { return s.Code().URL(baseURL) }

// WriteCodes writes the codes of job's stamps as CSV for a print house:
// UTF-8 with a byte order mark, CRLF line ends, a header of CodeColumns,
// one row per stamp in job order, every cell neutralised against formula
// injection (internal/csvsafe). Only BaseURL, Batch, ProductName and Stamps
// are read. A base URL that does not fit a QR code, no stamps, stamps out of
// serial order or from another batch is an EInvalid *stamp.Error returned
// before any byte is written; a failing writer is returned wrapped.
func WriteCodes(w io.Writer, job Job) (Stats, error) {
	if _, err := qrVersions(job.BaseURL); err != nil {
		return Stats{}, err
	}
	if cleanText(job.ProductName) == "" {
		return Stats{}, stamp.Errorf(stamp.EInvalid, "product name is required")
	}
	if err := job.checkStamps(); err != nil {
		return Stats{}, err
	}
	cw := &countWriter{w: w}
	if _, err := io.WriteString(cw, utf8BOM); err != nil {
		return Stats{}, fmt.Errorf("write code export: %w", err)
	}
	out := csvsafe.NewWriter(cw)
	if err := out.Write(CodeColumns); err != nil {
		return Stats{}, fmt.Errorf("write code export: %w", err)
	}
	product := strconv.FormatUint(uint64(job.Batch.ProductNumber), 10)
	name := cleanText(job.ProductName)
	for _, s := range job.Stamps {
		c := s.Code()
		if err := out.Write([]string{payload(s, job.BaseURL), c.Text(), stamp.FormatSerial(s.Serial), product, name, job.Batch.Lot}); err != nil {
			return Stats{}, fmt.Errorf("write code export: %w", err)
		}
	}
	out.Flush()
	if err := out.Error(); err != nil {
		return Stats{}, fmt.Errorf("write code export: %w", err)
	}
	return Stats{Labels: len(job.Stamps), Bytes: cw.n}, nil
}
