package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	monthly "github.com/ocop-hatinh/ocopstamp/report"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// cmdReport writes the monthly report for the Provincial People's Committee.
func cmdReport(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--month YYYY-MM] [--district NAME] [--format text|csv|json|html|pdf] [--out FILE]")
	month := fs.String("month", "", "month to report, YYYY-MM (default: the previous month)")
	district := fs.String("district", "", `only this district, e.g. "Hương Khê" or "huyện Hương Khê" (default: the whole province)`)
	format := fs.String("format", "", "text, csv, json, html or pdf (default: from --out's extension, else text)")
	out := fs.String("out", "", "write to FILE (atomically) instead of standard output")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	now := e.now()
	if *month == "" {
		*month = monthly.MonthOf(now).Prev().String()
	}
	q, err := monthly.ParseQuery(*month, *district, now)
	if err != nil {
		return usageFrom(err)
	}
	f, err := reportFormat(*format, *out)
	if err != nil {
		return err
	}
	if *out == "" && f == monthly.PDF && isTerminal(e.Out) {
		return usagef("a PDF is not for a terminal: add --out FILE or redirect the output")
	}
	st, err := e.Store(ctx)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := monthly.Write(ctx, &buf, st, q, f); err != nil {
		return err
	}
	if *out == "" {
		_, err := buf.WriteTo(e.Out)
		return err
	}
	if err := writeFileAtomic(*out, buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(e.Err, "wrote %s (%s, %d bytes)\n", *out, f, buf.Len())
	return nil
}

// usageFrom turns a user mistake (*stamp.Error) into a usage error (exit
// status 2) and leaves other errors alone.
func usageFrom(err error) error {
	var se *stamp.Error
	if errors.As(err, &se) {
		return usagef("%s", se.Message)
	}
	return err
}

// reportFormat returns the --format given, or the one --out's extension
// names, or text.
func reportFormat(name, out string) (monthly.Format, error) {
	if name == "" && out != "" {
		name = strings.TrimPrefix(strings.ToLower(filepath.Ext(out)), ".")
		if name == "htm" {
			name = "html"
		}
		if _, err := monthly.ParseFormat(name); err != nil {
			return "", usagef("--out %q: cannot tell the format from its extension: add --format csv, json, html, pdf or text", out)
		}
	}
	if name == "" {
		return monthly.Text, nil
	}
	f, err := monthly.ParseFormat(name)
	if err != nil {
		return "", usageFrom(err)
	}
	return f, nil
}

// writeFileAtomic writes b to path through a temporary file in the same
// folder renamed over it, so that a reader never sees half a report and a
// failure leaves any old file as it was.
func writeFileAtomic(path string, b []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(b); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
