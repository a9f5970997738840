package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/office"
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
	force            bool
	reason           string
	allowTestURL     bool // print under a base URL phones cannot open (office.CheckLabelURL)
}

func cmdPrint(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("--batch ID --out FILE.pdf [--template NAME | --grid SPEC] [--first N --last M] [--offset-x MM --offset-y MM] [--calibration] [--force --reason TEXT] | --list-templates")
	batch := fs.String("batch", "", "batch id (UUID) to print (required)")
	out := fs.String("out", "", "PDF file to write (required)")
	tmpl := fs.String("template", defaultTemplate, "label preset (see --list-templates)")
	grid := fs.String("grid", "", "custom grid instead of a preset, e.g. 'label=38.1x21.2 grid=5x13 page=a4 margin=4.75x10.7 gap=2.5x0' (mm), or @FILE holding it")
	first := fs.String("first", "", "first serial to print (printed form or number; default the batch's first)")
	last := fs.String("last", "", "last serial to print (default the batch's last)")
	offX := fs.Float64("offset-x", 0, "shift everything right by MM (printer alignment; negative: left)")
	offY := fs.Float64("offset-y", 0, "shift everything down by MM (negative: up)")
	calib := fs.Bool("calibration", false, "print an empty grid to align the printer instead of stamps")
	force := fs.Bool("force", false, "print although the batch is revoked or the product's certification is not valid today (needs --reason)")
	reason := fs.String("reason", "", "why the print is forced (recorded in the audit log)")
	list := fs.Bool("list-templates", false, "list the label presets and exit")
	allowTest := fs.Bool("allow-test-url", false, "print although the base URL is one phones cannot open (trials only)")
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
	o := printOptions{out: *out, template: *tmpl, grid: *grid, offsetX: *offX, offsetY: *offY, calibration: *calib,
		force: *force, reason: *reason, allowTestURL: *allowTest}
	if o.out == "" {
		return usagef("--out is required")
	}
	if *reason != "" && !*force {
		return usagef("--reason goes with --force")
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
// renames it into place, so a failure leaves no partial file; office.Print
// records the print in the audit log only after the file is complete, and
// removes it when the print could not be recorded.
func printToFile(ctx context.Context, e *Env, o printOptions) error {
	t, err := chooseTemplate(o)
	if err != nil {
		return err
	}
	in := office.PrintInput{Batch: o.batch, First: o.first, Last: o.last, Template: t,
		OffsetX: o.offsetX, OffsetY: o.offsetY, Calibration: o.calibration, Force: o.force, Reason: o.reason}
	var off *office.Office
	if o.calibration {
		off = &office.Office{BaseURL: e.BaseURL, Now: e.Now} // no database: nothing to record
	} else if off, err = e.Office(ctx); err != nil {
		return err
	} else if w := office.QRWarning(e.BaseURL); w != "" {
		fmt.Fprintln(e.Err, w)
	}
	off.AllowTestURL = o.allowTestURL
	res, err := off.Print(ctx, e.Who(), in, &fileSink{path: o.out})
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Err, "wrote %s: %d labels, %d page(s), %d bytes\n", o.out, res.Stats.Labels, res.Stats.Pages, res.Stats.Bytes)
	if res.Forced != "" {
		fmt.Fprintf(e.Err, "forced: %s (recorded in the audit log)\n", res.Forced)
	}
	return nil
}

// fileSink writes a print to a temporary file beside path, renamed into
// place by Keep; Discard removes whichever exists.
type fileSink struct {
	path string
	tmp  *os.File
	kept bool
}

func (f *fileSink) Open() (io.Writer, error) {
	tmp, err := os.CreateTemp(filepath.Dir(f.path), ".ocopstamp-print-*.pdf")
	if err != nil {
		return nil, stamp.Errorf(stamp.EInvalid, "cannot write %s: %v", f.path, unwrapPathErr(err))
	}
	f.tmp = tmp
	return tmp, nil
}

func (f *fileSink) Keep() error {
	if err := f.tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	if err := os.Rename(f.tmp.Name(), f.path); err != nil {
		return stamp.Errorf(stamp.EInvalid, "cannot write %s: %v", f.path, err)
	}
	f.kept = true
	return nil
}

func (f *fileSink) Discard() {
	if f.tmp == nil {
		return
	}
	f.tmp.Close()
	if f.kept {
		os.Remove(f.path) // unrecorded prints must not exist
		return
	}
	os.Remove(f.tmp.Name())
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
