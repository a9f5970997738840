package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func cmdCert(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("list [--product N] | add --product N --rank R --decision NUMBER --date DATE [...] |\n" +
		"  suspend ID --reason TEXT | withdraw ID --reason TEXT | restore ID [--reason TEXT] | rank ID RANK\n\n" +
		"Certifications (OCOP recognition decisions). Suspending or withdrawing one turns every lookup of its\n" +
		"product's stamps to \"certification_invalid\" (consumers see the reason) and stops minting for it.")
	product := fs.String("product", "", "product number (list, add)")
	rank := fs.String("rank", "", "3, 4, 5, or 0 / \"tham gia\" for participating (add, rank)")
	decision := fs.String("decision", "", "decision number, e.g. 2101/QĐ-UBND (add)")
	date := fs.String("date", "", "decision date, YYYY-MM-DD or DD/MM/YYYY (add)")
	expires := fs.String("expires", "", "expiry date (add; default 36 months after the decision)")
	process := fs.String("process", "", "who confirmed the production process, and how (add)")
	labTest := fs.String("lab-test", "", "latest laboratory test date (add)")
	declaration := fs.String("declaration", "", "latest quality declaration date (add)")
	reason := fs.String("reason", "", "why (suspend, withdraw: required; consumers see it)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("want list, add, suspend, withdraw, restore or rank")
	}
	sub, rest := pos[0], pos[1:]
	switch sub {
	case "list", "add", "suspend", "withdraw", "restore", "rank":
	default:
		return usagef("unknown cert command %q: want list, add, suspend, withdraw, restore or rank", sub)
	}
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	st, who := off.Store, e.Who()
	switch sub {
	case "list":
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		var cs []stamp.Certification
		if *product != "" {
			n, err := productNumber(*product)
			if err != nil {
				return err
			}
			cs, err = st.Certifications(ctx, n)
			if err != nil {
				return err
			}
		} else {
			ps, err := st.Products(ctx)
			if err != nil {
				return err
			}
			for _, p := range ps {
				c, err := st.CurrentCertification(ctx, p.Number)
				if stamp.ErrorCode(err) == stamp.ENotFound {
					continue
				}
				if err != nil {
					return err
				}
				cs = append(cs, *c)
			}
		}
		return printCerts(e, cs)
	case "add":
		if len(rest) > 0 {
			return usagef("unexpected argument %q", rest[0])
		}
		c, err := certFromFlags(*product, *rank, *decision, *date, *expires, *process, *labTest, *declaration)
		if err != nil {
			return err
		}
		got, err := off.AddCertification(ctx, who, c)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "added certification %d: product %d, %s, decision %s\n", got.ID, got.ProductNumber, got.Rank, got.DecisionNumber)
		return nil
	case "suspend", "withdraw", "restore":
		id, err := certID(rest, 1)
		if err != nil {
			return err
		}
		status := map[string]string{"suspend": stamp.CertSuspended, "withdraw": stamp.CertWithdrawn, "restore": stamp.CertValid}[sub]
		r := strings.TrimSpace(*reason)
		if r == "" && status != stamp.CertValid {
			return usagef("--reason is required to %s a certification (consumers see it)", sub)
		}
		c, err := off.SetCertificationStatus(ctx, who, id, status, r)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "certification %d (%s, product %d) is now %s\n", id, c.DecisionNumber, c.ProductNumber, c.Status)
		return nil
	case "rank":
		if len(rest) == 2 && *rank == "" {
			*rank, rest = rest[1], rest[:1]
		}
		id, err := certID(rest, 1)
		if err != nil {
			return err
		}
		r, ok := stamp.ParseRank(*rank)
		if !ok {
			return usagef("rank %q: want 3, 4, 5, or 0 / \"tham gia\" for participating", *rank)
		}
		if _, err := off.SetCertificationRank(ctx, who, id, r); err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "certification %d is now ranked %s\n", id, r)
		return nil
	}
	return usagef("unknown cert command %q", sub)
}

// certID reads the certification id, the only positional argument left.
func certID(rest []string, want int) (int64, error) {
	if len(rest) != want {
		return 0, usagef("want the certification id (see 'ocopstamp cert list')")
	}
	id, err := strconv.ParseInt(rest[0], 10, 64)
	if err != nil || id <= 0 {
		return 0, usagef("certification id %q: want a positive whole number", rest[0])
	}
	return id, nil
}

func productNumber(s string) (uint32, error) {
	n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
	if err != nil || n == 0 {
		return 0, usagef("product %q: want a registry number from 1 to 4294967295", s)
	}
	return uint32(n), nil
}

func certFromFlags(product, rank, decision, date, expires, process, labTest, declaration string) (stamp.Certification, error) {
	var c stamp.Certification
	if product == "" || rank == "" || decision == "" || date == "" {
		return c, usagef("--product, --rank, --decision and --date are required")
	}
	n, err := productNumber(product)
	if err != nil {
		return c, err
	}
	r, ok := stamp.ParseRank(rank)
	if !ok {
		return c, usagef("--rank %q: want 3, 4, 5, or 0 / \"tham gia\" for participating", rank)
	}
	c = stamp.Certification{ProductNumber: n, Rank: r, DecisionNumber: decision, ProcessConfirmed: process}
	for _, d := range []struct {
		flag, v string
		dst     *stamp.Date
	}{{"--date", date, &c.DecisionDate}, {"--expires", expires, &c.ExpiresOn}, {"--lab-test", labTest, &c.LabTestDate}, {"--declaration", declaration, &c.DeclarationDate}} {
		v, err := stamp.ParseDate(d.v)
		if err != nil {
			return c, usagef("%s: %s", d.flag, stamp.ErrorMessage(err))
		}
		*d.dst = v
	}
	return c, nil
}

func printCerts(e *Env, cs []stamp.Certification) error {
	today := stamp.DateOf(e.now())
	tw := tabwriter.NewWriter(termSafe(e.Out), 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPRODUCT\tRANK\tDECISION\tDATE\tEXPIRES\tSTATE\tREASON")
	for _, c := range cs {
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, c.ProductNumber, c.Rank, c.DecisionNumber,
			c.DecisionDate, c.ExpiresOn, c.StateOn(today), c.StatusReason)
	}
	return tw.Flush()
}
