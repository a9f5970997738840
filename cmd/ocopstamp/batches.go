package main

import (
	"context"
	"fmt"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func cmdBatches(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--product N]")
	product := fs.String("product", "", "only this product's batches")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	var pn uint64
	if *product != "" {
		if pn, err = strconv.ParseUint(*product, 10, 32); err != nil {
			return usagef("--product %q: want a registry number", *product)
		}
	}
	st, err := e.Store(ctx)
	if err != nil {
		return err
	}
	bs, err := st.BatchesOf(ctx, uint32(pn))
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(termSafe(e.Out), 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "BATCH\tPRODUCT\tCOUNT\tSERIALS\tLOT\tMINTED\tBY\tSTATE")
	for _, b := range bs {
		state := "active"
		if b.RevokedAt != nil {
			state = "revoked: " + b.RevokeReason
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s..%s\t%s\t%s\t%s\t%s\n", b.ID, b.ProductNumber, b.Count,
			stamp.FormatSerial(b.FirstSerial), stamp.FormatSerial(b.LastSerial()), b.Lot,
			b.MintedAt.In(stamp.Vietnam).Format(time.DateTime), b.MintedBy, state)
	}
	return tw.Flush()
}
