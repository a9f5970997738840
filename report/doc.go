// Package report builds the office's monthly report to the Provincial
// People's Committee ("báo cáo tháng"): per district, then per producer and
// product, the stamps minted, printed and revoked, the scans and distinct
// scanners, the suspected counterfeits, products by rank and group,
// certifications expiring or expired without renewal and points of sale,
// each with the change from the previous month.
//
// Build asks a storage.Reports for SQL aggregates (it never loads scans one
// by one) and assembles a Report; Render writes it to an io.Writer as CSV
// (UTF-8 with a BOM, for Excel), JSON, HTML (one self-contained page), PDF
// (DejaVu fonts embedded, with bar charts) or a plain-text table. Renderers
// never read the database or choose file names, and their output depends
// only on the Report, so the same Report gives the same bytes.
package report
