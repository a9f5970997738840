package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func cmdToken(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("create --name NAME --role office|inspector|viewer [--expires 90d|DATE|never] | list [--json] | revoke NAME|ID\n\n" +
		"Admin API tokens. The token text is printed once, by create; the database keeps only its SHA-256.\n" +
		"Roles: office (everything), inspector (stamp detail, scans, inspections, consumer reports, snapshot),\n" +
		"viewer (registry, batches, monthly reports, audit log: read only).")
	name := fs.String("name", "", "token name: who uses it; the actor of its writes in the audit log (create)")
	role := fs.String("role", "", "office, inspector or viewer (create)")
	expires := fs.String("expires", "never", "when it expires: a duration (720h, 90d), a date YYYY-MM-DD or never (create)")
	asJSON := fs.Bool("json", false, "list as JSON")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("want create, list or revoke")
	}
	switch pos[0] {
	case "create":
		if len(pos) > 1 {
			return usagef("unexpected argument %q (give the name with --name)", pos[1])
		}
		return tokenCreate(ctx, e, *name, *role, *expires)
	case "list":
		if len(pos) > 1 {
			return usagef("unexpected argument %q", pos[1])
		}
		return tokenList(ctx, e, *asJSON)
	case "revoke":
		if len(pos) != 2 {
			return usagef("want the name or id of the token to revoke")
		}
		off, err := e.Office(ctx)
		if err != nil {
			return err
		}
		t, err := off.RevokeToken(ctx, e.Who(), pos[1])
		if err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "revoked token %q (id %d, role %s) at %s\n", t.Name, t.ID, t.Role, t.RevokedAt.In(stamp.Vietnam).Format(time.DateTime))
		return nil
	}
	return usagef("unknown token command %q: want create, list or revoke", pos[0])
}

func tokenCreate(ctx context.Context, e *Env, name, role, expires string) error {
	if name == "" || role == "" {
		return usagef("--name and --role are required")
	}
	role = strings.ToLower(strings.TrimSpace(role))
	if stamp.RoleRank(role) == 0 {
		return usagef("--role %q: want office, inspector or viewer", role)
	}
	now := e.now()
	exp, err := office.ParseExpiry(expires, now)
	if err != nil {
		return usageFrom(err)
	}
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	secret, t, err := off.IssueToken(ctx, e.Who(), office.TokenRequest{Name: name, Role: role, ExpiresAt: exp})
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Out, secret)
	until := "never expires"
	if t.ExpiresAt != nil {
		until = "expires " + t.ExpiresAt.In(stamp.Vietnam).Format(time.DateTime) + " (UTC+7)"
	}
	fmt.Fprintf(e.Err, "created token %q (id %d, role %s, %s).\nStore it now: it is shown only once. Send it as 'Authorization: Bearer <token>'.\n",
		t.Name, t.ID, t.Role, until)
	return nil
}

func tokenList(ctx context.Context, e *Env, asJSON bool) error {
	st, err := e.Store(ctx)
	if err != nil {
		return err
	}
	ts, err := st.ListTokens(ctx)
	if err != nil {
		return err
	}
	now := e.now()
	if asJSON {
		type tokenOut struct {
			ID         int64      `json:"id"`
			Name       string     `json:"name"`
			Role       string     `json:"role"`
			State      string     `json:"state"`
			CreatedAt  time.Time  `json:"created_at"`
			CreatedBy  string     `json:"created_by"`
			ExpiresAt  *time.Time `json:"expires_at"`
			RevokedAt  *time.Time `json:"revoked_at"`
			LastUsedAt *time.Time `json:"last_used_at"`
		}
		out := make([]tokenOut, 0, len(ts))
		for _, t := range ts {
			out = append(out, tokenOut{t.ID, t.Name, t.Role, t.State(now), t.CreatedAt, t.CreatedBy, t.ExpiresAt, t.RevokedAt, t.LastUsedAt})
		}
		enc := json.NewEncoder(e.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(e.Out, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tROLE\tSTATE\tCREATED\tBY\tLAST USED\tEXPIRES")
	for _, t := range ts {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, t.State(now),
			vnTime(&t.CreatedAt), t.CreatedBy, orDash(vnTime(t.LastUsedAt), "never"), orDash(vnTime(t.ExpiresAt), "never"))
	}
	return tw.Flush()
}

// vnTime writes t in Vietnam time, "" for nil.
func vnTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.In(stamp.Vietnam).Format("2006-01-02 15:04")
}

func orDash(s, dash string) string {
	if s == "" {
		return dash
	}
	return s
}
