package main

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	monthly "github.com/ocop-hatinh/ocopstamp/report"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// cmdScans maintains the scans table: "prune --keep-months N".
func cmdScans(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("prune --keep-months N")
	keep := fs.Int("keep-months", 0, "keep the scans of the current month and the N-1 months before it; remove older ones (monthly reports keep their figures from the rollups)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 || pos[0] != "prune" {
		return usagef("usage: ocopstamp scans prune --keep-months N")
	}
	if *keep < 1 {
		return usagef("--keep-months must be at least 1 (the current month is always kept)")
	}
	st, err := e.Store(ctx)
	if err != nil {
		return err
	}
	cut := retentionCut(e.now(), *keep)
	n, err := pruneScans(ctx, st, e.Actor(), cut)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Out, "removed %d scans recorded before %s; monthly reports of those months keep their figures (rollups)\n",
		n, monthly.MonthOf(cut))
	return nil
}

// retentionCut returns the first instant of the month keep-1 months before
// the one holding now: keeping keep months means removing what is before it.
func retentionCut(now time.Time, keep int) time.Time {
	v := now.In(stamp.Vietnam)
	return time.Date(v.Year(), v.Month()-time.Month(keep-1), 1, 0, 0, 0, 0, stamp.Vietnam)
}

func pruneScans(ctx context.Context, st storage.Store, actor string, cut time.Time) (int64, error) {
	r, ok := st.(storage.ScanRetention)
	if !ok {
		return 0, fmt.Errorf("scan retention: the store %T cannot remove scans", st)
	}
	return r.DropScansBefore(ctx, actor, cut)
}

// startScanMaintenance runs, now and then every day until the returned
// stop is called: the creation of the coming months' scan partitions
// (PostgreSQL) and, when keep > 0, the removal of scans older than keep
// months. Failures are logged and tried again the next day.
func startScanMaintenance(st storage.Store, keep int, now func() time.Time) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	run := func() {
		if p, ok := st.(storage.ScanPartitions); ok {
			if err := p.EnsureScanPartitions(ctx, now()); err != nil && ctx.Err() == nil {
				slog.Error("scan partitions of the coming months", "err", err)
			}
		}
		if keep > 0 {
			cut := retentionCut(now(), keep)
			n, err := pruneScans(ctx, st, "serve (--scan-retention-months)", cut)
			switch {
			case err != nil && ctx.Err() == nil:
				slog.Error("scan retention", "before", monthly.MonthOf(cut).String(), "err", err)
			case n > 0:
				slog.Info("scan retention: removed old scans; their months' reports keep their figures", "scans", n, "before", monthly.MonthOf(cut).String())
			}
		}
	}
	go func() {
		defer close(done)
		run()
		tick := time.NewTicker(24 * time.Hour)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				run()
			}
		}
	}()
	return func() { cancel(); <-done }
}
