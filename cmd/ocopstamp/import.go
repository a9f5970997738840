package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/examples"
	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/stamp/registrycsv"
)

func cmdImport(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("communes|facilities|products|certifications|points-of-sale FILE.csv")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 {
		return usagef("want a kind (communes, facilities, products, certifications, points-of-sale) and one CSV file")
	}
	n, err := importFile(ctx, e, pos[0], pos[1])
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Out, "imported %d %s from %s\n", n, pos[0], pos[1])
	return nil
}

// importFile reads one registry CSV file and stores it all or nothing.
func importFile(ctx context.Context, e *Env, kind, path string) (int, error) {
	if _, _, err := registrycsv.Columns(kind); err != nil {
		return 0, usageError{stamp.ErrorMessage(err)}
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, fmt.Errorf("open %s: %w", path, unwrapPathErr(err))
	}
	defer f.Close()
	return importCSV(ctx, e, kind, path, f)
}

// importSample imports the embedded sample file of a kind.
func importSample(ctx context.Context, e *Env, kind string) (int, error) {
	f, err := examples.FS.Open(kind + ".csv")
	if err != nil {
		return 0, fmt.Errorf("sample %s: %w", kind, err)
	}
	defer f.Close()
	return importCSV(ctx, e, kind, "examples/"+kind+".csv", f)
}

// importCSV checks r as a registry file of kind and stores it all or
// nothing (office.Import); every problem found is in the one-line error.
func importCSV(ctx context.Context, e *Env, kind, path string, f io.Reader) (int, error) {
	o, err := e.Office(ctx)
	if err != nil {
		return 0, err
	}
	res, err := o.Import(ctx, e.Who(), kind, path, f)
	if err != nil {
		return 0, wrapFile(path, err)
	}
	if len(res.Problems) > 0 {
		return 0, importProblems(path, res.Problems)
	}
	return res.Count(), nil
}

// importProblems is one EInvalid error naming every problem of a file.
func importProblems(path string, ps []office.ImportProblem) error {
	msgs := make([]string, len(ps))
	for i, p := range ps {
		msgs[i] = p.Error(path)
	}
	return stamp.Errorf(stamp.EInvalid, "%s", strings.Join(msgs, "; "))
}

func wrapFile(path string, err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%s: %w", path, err)
}

// unwrapPathErr drops the operation and path that *fs.PathError repeats.
func unwrapPathErr(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
