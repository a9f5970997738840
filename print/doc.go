// Package print lays a batch's stamps out on PDF label sheets.
//
// A Template describes the label stock (page, margins, grid, label size, gaps,
// all in millimetres); Render writes a Job (template, stamps, product text) to
// an io.Writer as one PDF. Each label carries the stamp's QR code drawn as one
// vector path, its printed serial, the product name and the OCOP rank; each
// sheet carries crop marks and, where the margins leave room, a header and a
// footer naming the batch, the sheet and its serial range.
//
// Renderers never read the database, choose file names or use the network.
// Output is deterministic: the same Job gives the same bytes.
package print
