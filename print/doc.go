// Package print lays a batch's stamps out on PDF label sheets that scan back
// exactly.
//
// A Template describes the label stock (page, margins, grid, label size and
// gaps, in millimetres): Templates lists presets for common A4 stock,
// ParseGrid reads a custom grid, and Validate refuses a template whose labels
// do not fit the page or whose QR modules would be smaller than MinModule.
// Render writes a Job (template, base URL, stamps, product text, printer
// offsets, print time) to an io.Writer as one PDF; it never reads the
// database, chooses file names or uses the network.
//
// Each label carries the stamp's QR code (stamp.Code.URL, upper case, so the
// whole payload is alphanumeric: version 7 at level M for a base URL of up to
// 30 characters, with a quiet zone of at least QuietModules inside the label),
// the printed serial, the product name (NFC, shortened with "…" when it does
// not fit) and the rank ("OCOP ★★★★", "OCOP 4 sao" or "Tham gia OCOP").
// Each sheet carries crop marks at the label corners and, where the top and
// bottom margins leave room (not on stock printed edge to edge), a header and
// a footer with the product, facility, batch, "Tờ i/n", the sheet's serial
// range and the print time. Job.Calibration prints an alignment sheet instead.
//
// How it is built:
//
//   - A code is drawn as one path, one rectangle per horizontal run of dark
//     modules, filled once: no images, no seams between rectangles.
//   - skip2/go-qrcode encodes the codes on all cores (one QRCode per code);
//     the sheets are drawn in order on one goroutine. After encoding, the
//     printer re-masks a code whose data area holds a finder-like pattern,
//     which stops ZXing-family readers (qrmask.go).
//   - fpdf holds every page uncompressed until it writes the document, so
//     Render draws a few thousand labels per fpdf document and joins the
//     documents into one PDF as it goes (merge.go): memory stays flat (about
//     220 MB peak for 100,000 labels).
//   - Text is set in DejaVu Sans Condensed, embedded and subset.
//   - The output is deterministic: the same Job gives the same bytes.
package print
