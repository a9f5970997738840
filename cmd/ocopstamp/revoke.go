package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func cmdRevoke(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("(--stamp ID | --batch ID | --serials FROM-TO) --reason TEXT")
	stampID := fs.String("stamp", "", "stamp id (UUID) or printed serial")
	batchID := fs.String("batch", "", "batch id (UUID)")
	serials := fs.String("serials", "", "printed serial range FROM-TO, e.g. 0000-00101-7:0000-00200-3 or 101-200")
	reason := fs.String("reason", "", "why (shown to consumers who scan the stamp; required)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	set := 0
	for _, v := range []string{*stampID, *batchID, *serials} {
		if v != "" {
			set++
		}
	}
	if set != 1 {
		return usagef("give exactly one of --stamp, --batch, --serials")
	}
	if strings.TrimSpace(*reason) == "" {
		return usagef("--reason is required: consumers who scan a revoked stamp see it")
	}
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	who := e.Who()
	switch {
	case *batchID != "":
		id, err := uuid.Parse(*batchID)
		if err != nil {
			return usagef("--batch %q is not a UUID", *batchID)
		}
		if _, err := off.RevokeBatch(ctx, who, id, *reason); err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "revoked batch %s\n", id)
	case *stampID != "":
		var ref office.StampRef
		if ref.ID, err = uuid.Parse(*stampID); err != nil {
			if ref.Serial, err = stamp.ParseSerial(*stampID); err != nil {
				return usagef("--stamp %q is neither a stamp id (UUID) nor a printed serial", *stampID)
			}
		}
		st, err := off.RevokeStamp(ctx, who, ref, *reason)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "revoked stamp %s\n", st.ID)
	default:
		from, to, err := parseSerialRange(*serials)
		if err != nil {
			return err
		}
		n, err := off.RevokeSerials(ctx, who, from, to, *reason)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "revoked %d stamps with serials %s to %s\n", n, stamp.FormatSerial(from), stamp.FormatSerial(to))
	}
	return nil
}

// parseSerialRange reads "FROM:TO" of printed serials, or "N-M" of plain
// serial numbers.
func parseSerialRange(s string) (uint64, uint64, error) {
	var a, b string
	if i := strings.IndexByte(s, ':'); i >= 0 {
		a, b = s[:i], s[i+1:]
		from, err := stamp.ParseSerial(a)
		if err != nil {
			return 0, 0, err
		}
		to, err := stamp.ParseSerial(b)
		if err != nil {
			return 0, 0, err
		}
		return orderRange(from, to)
	}
	var from, to uint64
	if _, err := fmt.Sscanf(s, "%d-%d", &from, &to); err != nil || strings.Count(s, "-") != 1 {
		return 0, 0, usagef("--serials %q: want FROM:TO printed serials or N-M serial numbers", s)
	}
	return orderRange(from, to)
}

func orderRange(from, to uint64) (uint64, uint64, error) {
	if from == 0 || to < from {
		return 0, 0, usagef("serial range %d..%d is empty", from, to)
	}
	return from, to, nil
}
