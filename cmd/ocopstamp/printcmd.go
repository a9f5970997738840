package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/print"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// defaultTemplate is the label preset used when --template is not given.
const defaultTemplate = print.DefaultTemplate

type printOptions struct {
	batch            uuid.UUID
	out              string
	template         string
	grid             string
	first, last      uint64
	offsetX, offsetY float64
	calibration      bool
}

func cmdPrint(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("--batch ID --out FILE.pdf [--template NAME | --grid SPEC] [--first N --last M] [--offset-x MM --offset-y MM] [--calibration] | --list-templates")
	batch := fs.String("batch", "", "batch id (UUID) to print (required)")
	out := fs.String("out", "", "PDF file to write (required)")
	tmpl := fs.String("template", defaultTemplate, "label preset (see --list-templates)")
	grid := fs.String("grid", "", "custom grid instead of a preset, e.g. 'label=38.1x21.2 grid=5x13 page=a4 margin=4.75x10.7 gap=2.5x0' (mm), or @FILE holding it")
	first := fs.String("first", "", "first serial to print (printed form or number; default the batch's first)")
	last := fs.String("last", "", "last serial to print (default the batch's last)")
	offX := fs.Float64("offset-x", 0, "shift everything right by MM (printer alignment; negative: left)")
	offY := fs.Float64("offset-y", 0, "shift everything down by MM (negative: up)")
	calib := fs.Bool("calibration", false, "print an empty grid to align the printer instead of stamps")
	list := fs.Bool("list-templates", false, "list the label presets and exit")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *list {
		for _, t := range print.Templates() {
			fmt.Fprintf(e.Out, "%-10s %s\n", t.Name, t.Description)
		}
		return nil
	}
	o := printOptions{out: *out, template: *tmpl, grid: *grid, offsetX: *offX, offsetY: *offY, calibration: *calib}
	if o.out == "" {
		return usagef("--out is required")
	}
	if !o.calibration {
		if *batch == "" {
			return usagef("--batch is required")
		}
		if o.batch, err = uuid.Parse(*batch); err != nil {
			return usagef("--batch %q is not a batch id (UUID)", *batch)
		}
	}
	if o.first, err = serialFlag("--first", *first); err != nil {
		return err
	}
	if o.last, err = serialFlag("--last", *last); err != nil {
		return err
	}
	return printToFile(ctx, e, o)
}

func serialFlag(name, v string) (uint64, error) {
	if v == "" {
		return 0, nil
	}
	if n, err := stamp.ParseSerial(v); err == nil {
		return n, nil
	}
	var n uint64
	if _, err := fmt.Sscanf(v, "%d", &n); err != nil || n == 0 || fmt.Sprint(n) != v {
		return 0, usagef("%s %q: want a printed serial (NNNN-NNNNN-C) or a serial number", name, v)
	}
	return n, nil
}

// printToFile renders the sheets into a temporary file beside o.out and
// renames it into place, so a failure leaves no partial file; it records the
// print in the audit log only after the file is complete.
func printToFile(ctx context.Context, e *Env, o printOptions) error {
	t, err := chooseTemplate(o)
	if err != nil {
		return err
	}
	job := print.Job{Template: t, BaseURL: e.BaseURL, OffsetX: o.offsetX, OffsetY: o.offsetY,
		PrintedAt: e.now(), Calibration: o.calibration}
	var st interface {
		RecordPrint(ctx context.Context, actor string, batch uuid.UUID, from, to uint64) error
	}
	if !o.calibration {
		s, err := e.Store(ctx)
		if err != nil {
			return err
		}
		st = s
		b, err := s.Batch(ctx, o.batch)
		if err != nil {
			return err
		}
		from, to := b.FirstSerial, b.LastSerial()
		if o.first != 0 {
			from = o.first
		}
		if o.last != 0 {
			to = o.last
		}
		if from < b.FirstSerial || to > b.LastSerial() || from > to {
			return stamp.Errorf(stamp.EInvalid, "serials %s..%s are outside batch %s (%s..%s)",
				stamp.FormatSerial(from), stamp.FormatSerial(to), b.ID, stamp.FormatSerial(b.FirstSerial), stamp.FormatSerial(b.LastSerial()))
		}
		p, err := s.Product(ctx, b.ProductNumber)
		if err != nil {
			return err
		}
		f, err := s.Facility(ctx, b.FacilityCode)
		if err != nil {
			return err
		}
		rank := stamp.RankParticipating
		if c, err := s.CurrentCertification(ctx, b.ProductNumber); err == nil {
			rank = c.Rank
		}
		job.Batch, job.ProductName, job.FacilityName, job.Rank = *b, p.Name, f.Name, rank
		job.Stamps = make([]stamp.Stamp, 0, to-from+1)
		err = s.BatchStamps(ctx, b.ID, from, to, func(x stamp.Stamp) error {
			job.Stamps = append(job.Stamps, x)
			return nil
		})
		if err != nil {
			return err
		}
		o.first, o.last = from, to
	}
	if err := t.Validate(e.BaseURL); err != nil {
		return err
	}
	dir := filepath.Dir(o.out)
	tmp, err := os.CreateTemp(dir, ".ocopstamp-print-*.pdf")
	if err != nil {
		return stamp.Errorf(stamp.EInvalid, "cannot write %s: %v", o.out, unwrapPathErr(err))
	}
	defer os.Remove(tmp.Name())
	stats, err := print.Render(tmp, job)
	if err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", o.out, err)
	}
	if err := os.Rename(tmp.Name(), o.out); err != nil {
		return stamp.Errorf(stamp.EInvalid, "cannot write %s: %v", o.out, err)
	}
	if st != nil {
		if err := st.RecordPrint(ctx, e.Actor(), o.batch, o.first, o.last); err != nil {
			os.Remove(o.out) // unrecorded prints must not exist
			return err
		}
	}
	fmt.Fprintf(e.Err, "wrote %s: %d labels, %d page(s), %d bytes\n", o.out, stats.Labels, stats.Pages, stats.Bytes)
	return nil
}

func chooseTemplate(o printOptions) (print.Template, error) {
	if o.grid != "" {
		spec := o.grid
		if strings.HasPrefix(spec, "@") { // the spec kept in a small file
			b, err := os.ReadFile(spec[1:])
			if err != nil {
				return print.Template{}, usagef("--grid: %v", unwrapPathErr(err))
			}
			spec = string(b)
		}
		return print.ParseGrid(spec)
	}
	return print.TemplateByName(o.template)
}
