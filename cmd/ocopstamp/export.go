package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/epcis"
	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/print"
)

// exportKinds are the things "export" writes.
var exportKinds = map[string]func(context.Context, *Env, []string) error{
	"codes": cmdExportCodes,
	"epcis": cmdExportEPCIS,
}

// cmdExport runs "export KIND": the kind is the first argument that names
// one, so that flags may come before it; without one it is a usage error.
func cmdExport(ctx context.Context, e *Env, args []string) error {
	for i, a := range args {
		if run, ok := exportKinds[a]; ok {
			e.Command = "export " + a
			return run(ctx, e, append(append([]string(nil), args[:i]...), args[i+1:]...))
		}
	}
	return usagef("want what to export: codes (a batch's codes as CSV for a print house) or epcis (EPCIS 2.0 events)")
}

// cmdExportCodes writes a batch's codes as CSV for a print house
// (office.ExportCodes), to -o FILE (written whole or not at all) or to
// standard output once the export is recorded in the audit log.
func cmdExportCodes(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("--batch ID [--first N --last M] [-o FILE.csv] [--force --reason TEXT]")
	batch := fs.String("batch", "", "batch id (UUID) whose codes to export (required)")
	first := fs.String("first", "", "first serial (printed form or number; default the batch's first)")
	last := fs.String("last", "", "last serial (default the batch's last)")
	var out string
	fs.StringVar(&out, "o", "", "CSV file to write (default: standard output)")
	fs.StringVar(&out, "out", "", "same as -o")
	force := fs.Bool("force", false, "export although the batch or a stamp in the range is revoked, or the product's certification is not valid today (needs --reason)")
	reason := fs.String("reason", "", "why the export is forced (recorded in the audit log)")
	allowTest := fs.Bool("allow-test-url", false, "export although the base URL is one phones cannot open (trials only)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *reason != "" && !*force {
		return usagef("--reason goes with --force")
	}
	if *batch == "" {
		return usagef("--batch is required")
	}
	in := office.ExportInput{Force: *force, Reason: *reason}
	if in.Batch, err = uuid.Parse(*batch); err != nil {
		return usagef("--batch %q is not a batch id (UUID)", *batch)
	}
	if in.First, err = serialFlag("--first", *first); err != nil {
		return err
	}
	if in.Last, err = serialFlag("--last", *last); err != nil {
		return err
	}
	if in.First != 0 && in.Last != 0 && in.First > in.Last {
		return usagef("--first %s is after --last %s", *first, *last)
	}
	if _, err := e.labelURL(ctx, *allowTest); err != nil {
		return err
	}
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	off.AllowTestURL = *allowTest
	var sink office.PrintSink = &fileSink{path: out}
	var mem memSink
	if out == "" {
		sink = &mem
	}
	res, err := off.ExportCodes(ctx, e.Who(), in, sink)
	if err != nil {
		return err
	}
	if out == "" {
		if _, err := e.Out.Write(mem.Bytes()); err != nil {
			return fmt.Errorf("write codes: %w", err)
		}
		out = "standard output"
	}
	fmt.Fprintf(e.Err, "wrote %s: %d codes, serials %d..%d of batch %s (recorded in the audit log as a print)\n",
		out, res.Stats.Labels, res.First, res.Last, res.Batch.ID)
	if spec, err := print.QRSpecFor(e.BaseURL); err == nil {
		fmt.Fprintf(e.Err, "QR codes: version %d, error correction %s, %s mode, quiet zone of at least %d modules (docs/print-house.md)\n",
			spec.Version, spec.Level, spec.Mode, spec.QuietModules)
	}
	if res.Forced != "" {
		fmt.Fprintf(e.Err, "forced: %s (recorded in the audit log)\n", res.Forced)
	}
	return nil
}

// memSink keeps an export in memory until it is recorded.
type memSink struct{ bytes.Buffer }

func (m *memSink) Open() (io.Writer, error) { return &m.Buffer, nil }
func (m *memSink) Keep() error              { return nil }
func (m *memSink) Discard()                 { m.Reset() }

// cmdExportEPCIS writes the EPCIS 2.0 events of a time window as one
// EPCISDocument (epcis.Build, page after page) to -o FILE (written whole
// or not at all) or to standard output.
func cmdExportEPCIS(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--since 7d|YYYY-MM-DD|RFC3339] [--until now|YYYY-MM-DD|RFC3339] [-o FILE.json]")
	sinceFlag := fs.String("since", "7d", "from when: a duration back from now (24h, 7d), a date (YYYY-MM-DD, Vietnam time) or an RFC 3339 time")
	untilFlag := fs.String("until", "now", "until when, exclusive: now, a duration back from now, a date (that day included) or an RFC 3339 time")
	var out string
	fs.StringVar(&out, "o", "", "JSON file to write (default: standard output)")
	fs.StringVar(&out, "out", "", "same as -o")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	now := e.now()
	since, err := office.ParseSince(*sinceFlag, now)
	if err != nil {
		return usageFrom(err)
	}
	until, err := office.ParseUntil(*untilFlag, now)
	if err != nil {
		return usageFrom(err)
	}
	if !since.Before(until) {
		return usagef("--since %s is not before --until %s", epcis.FormatTime(since), epcis.FormatTime(until))
	}
	st, err := e.Store(ctx) // first: it reads the stored base URL
	if err != nil {
		return err
	}
	names, err := epcis.NewNames(e.BaseURL)
	if err != nil {
		return err
	}
	var events []epcis.Event
	q := epcis.Query{Since: since, Until: until, Limit: epcis.MaxLimit}
	for {
		page, err := epcis.Build(ctx, st, names, q)
		if err != nil {
			return err
		}
		events = append(events, page.Events...)
		if page.Next == nil {
			break
		}
		q.After = &page.Next.After
	}
	var w io.Writer = e.Out
	sink := &fileSink{path: out}
	if out != "" {
		if w, err = sink.Open(); err != nil {
			return err
		}
	}
	if err := writeJSON(w, epcis.NewDocument(names, events, now)); err != nil {
		sink.Discard()
		return fmt.Errorf("write EPCIS document: %w", err)
	}
	if out != "" {
		if err := sink.Keep(); err != nil {
			sink.Discard()
			return err
		}
	} else {
		out = "standard output"
	}
	fmt.Fprintf(e.Err, "wrote %s: %d EPCIS events from %s to %s\n", out, len(events), epcis.FormatTime(since), epcis.FormatTime(until))
	return nil
}
