package main

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
)

func cmdMint(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("--product N --count K [--lot L] [--produced DATE] [--best-before DATE] [--note TEXT] [--lock-wait 2m]")
	product := fs.String("product", "", "registry number of the product (required)")
	count := fs.Int("count", 0, "number of stamps, 1..1000000 (required)")
	lot := fs.String("lot", "", "production lot")
	produced := fs.String("produced", "", "production date, YYYY-MM-DD")
	bestBefore := fs.String("best-before", "", "best-before date, YYYY-MM-DD")
	note := fs.String("note", "", "free note kept with the batch")
	lockWait := fs.Duration("lock-wait", 2*time.Minute, "with SQLite, how long to wait while another write holds the database")
	allowTest := fs.Bool("allow-test-url", false, "mint although the base URL is one phones cannot open (trials only)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if _, err := e.labelURL(ctx, *allowTest); err != nil {
		return err
	}
	req, err := mintRequest(*product, *count, *lot, *produced, *bestBefore, *note, e.Actor())
	if err != nil {
		return err
	}
	if *lockWait < 0 {
		return usagef("--lock-wait %s: want a duration such as 2m", *lockWait)
	}
	e.lockWait = *lockWait
	b, err := mint(ctx, e, req)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Out, b.ID)
	return nil
}

func mintRequest(product string, count int, lot, produced, bestBefore, note, actor string) (stamp.MintRequest, error) {
	var req stamp.MintRequest
	if product == "" {
		return req, usagef("--product is required")
	}
	n, err := strconv.ParseUint(product, 10, 32)
	if err != nil || n == 0 {
		return req, usagef("--product %q: want a registry number from 1 to 4294967295", product)
	}
	if count == 0 {
		return req, usagef("--count is required (1..%d)", stamp.MaxBatchSize)
	}
	pd, err := stamp.ParseDate(produced)
	if err != nil {
		return req, usagef("--produced: %s", stamp.ErrorMessage(err))
	}
	bb, err := stamp.ParseDate(bestBefore)
	if err != nil {
		return req, usagef("--best-before: %s", stamp.ErrorMessage(err))
	}
	req = stamp.MintRequest{ProductNumber: uint32(n), Count: count, Lot: lot, ProducedOn: pd, BestBefore: bb, Note: note, MintedBy: actor}
	return req, req.Validate()
}

// mint mints one batch with the active key, showing progress on a terminal.
func mint(ctx context.Context, e *Env, req stamp.MintRequest) (*stamp.Batch, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	signer, err := e.Keys().Signer()
	if err != nil {
		return nil, err
	}
	o, err := e.Office(ctx)
	if err != nil {
		return nil, err
	}
	o.Signer = signer
	if db, ok := o.Store.(*sqlite.Store); ok && e.lockWait > 0 {
		err := db.WaitForWrites(ctx, e.lockWait, func() {
			fmt.Fprintf(e.Err, "another write is running on %s; waiting up to %s (--lock-wait)\n", db.Path, e.lockWait)
		})
		if err != nil {
			return nil, err
		}
	}
	var progress func(int)
	if isTerminal(e.Err) && req.Count >= 10000 {
		bar := progressbar.NewOptions(req.Count, progressbar.OptionSetWriter(e.Err),
			progressbar.OptionSetDescription("signing"), progressbar.OptionShowCount(), progressbar.OptionThrottle(100e6))
		progress = func(done int) { bar.Set(done) }
		defer bar.Finish()
	}
	return o.Mint(ctx, e.Who(), req, progress)
}
