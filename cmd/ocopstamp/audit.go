package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// cmdAudit prints the audit log. It only reads: no command changes or
// deletes entries, and the database refuses to.
func cmdAudit(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--since 7d|24h|YYYY-MM-DD|RFC3339] [--action PREFIX] [--actor NAME] [--limit N] [--json]")
	since := fs.String("since", "7d", "from when: a duration back from now (24h, 7d), a date (YYYY-MM-DD, Vietnam time) or an RFC 3339 time")
	action := fs.String("action", "", "only actions starting with this, e.g. batch. or token.revoke")
	actorName := fs.String("actor", "", "only this actor (a token name or cli:user)")
	limit := fs.Int("limit", 10_000, "at most this many entries (oldest first)")
	asJSON := fs.Bool("json", false, "write JSON (an array of entries with before/after as JSON)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	from, err := office.ParseSince(*since, e.now())
	if err != nil {
		return usageFrom(err)
	}
	if *limit < 1 {
		return usagef("--limit must be at least 1")
	}
	st, err := e.Store(ctx)
	if err != nil {
		return err
	}
	es, err := st.AuditLog(ctx, from, *limit)
	if err != nil {
		return err
	}
	kept := es[:0]
	for _, x := range es {
		if strings.HasPrefix(x.Action, *action) && (*actorName == "" || x.Actor == *actorName) {
			kept = append(kept, x)
		}
	}
	if *asJSON {
		out := make([]any, 0, len(kept))
		for _, x := range kept {
			out = append(out, office.AuditView(x))
		}
		enc := json.NewEncoder(e.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(termSafe(e.Out), 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME (UTC+7)\tACTOR\tACTION\tSUBJECT\tDETAIL")
	for _, x := range kept {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", x.At.In(stamp.Vietnam).Format("2006-01-02 15:04:05"), x.Actor, x.Action, x.Subject,
			shortDetail(x.After))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(es) == *limit {
		fmt.Fprintf(e.Err, "(stopped at --limit %d entries; narrow --since or raise --limit)\n", *limit)
	}
	return nil
}

// shortDetail is the start of an entry's "after" JSON, on one line.
func shortDetail(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		return string(r[:79]) + "…"
	}
	return s
}
