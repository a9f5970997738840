// Command ocopstamp mints signed OCOP traceability stamps, prints them as PDF
// label sheets and answers every scan. Run "ocopstamp help" for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], &IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}

// IO holds a command's standard streams, so tests can run commands in-process.
type IO struct {
	In  io.Reader
	Out io.Writer
	Err io.Writer
}

// command is one subcommand.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, env *Env, args []string) error
}

func commands() []command {
	return []command{
		{"init", "create the database and store the public base URL and office contact (first step)", cmdInit},
		{"contact", "show or change the office contact shown to consumers (name, phone, e-mail)", cmdContact},
		{"quickstart", "seed sample data, mint and print a batch, serve the lookup (try this first)", cmdQuickstart},
		{"keygen", "create the office's signing key (--rotate to replace the active one)", cmdKeygen},
		{"key", "list keys, or mark one retired or compromised", cmdKey},
		{"import", "import communes|facilities|products|certifications|points-of-sale from a CSV file", cmdImport},
		{"mint", "mint a batch of signed stamps for a product", cmdMint},
		{"print", "print a batch as PDF label sheets", cmdPrint},
		{"export", "export codes (a batch's codes as CSV for a print house) or epcis (EPCIS 2.0 events)", cmdExport},
		{"serve", "serve the lookup pages and API", cmdServe},
		{"verify", "verify stamp codes offline with the public keys", cmdVerify},
		{"snapshot", "export the signed registry snapshot for offline inspectors", cmdSnapshot},
		{"revoke", "revoke a stamp, a batch or a serial range", cmdRevoke},
		{"batches", "list minted batches", cmdBatches},
		{"report", "monthly report per district, producer and product", cmdReport},
		{"facility", "add, edit or list producers (facilities) one at a time", cmdFacility},
		{"product", "add, edit or list products one at a time", cmdProduct},
		{"pos", "add, edit or list points of sale", cmdPointOfSale},
		{"cert", "certifications: list, add, suspend, withdraw, restore, re-rank", cmdCert},
		{"token", "admin API tokens: create (shown once), list, revoke", cmdToken},
		{"audit", "print the audit log (who did what, when)", cmdAudit},
		{"scans", "scan records: prune --keep-months N removes old ones (reports keep their figures)", cmdScans},
		{"consumer-reports", "consumers' reports of suspected fakes: list, show (marks seen), close with a note", cmdConsumerReports},
	}
}

// usageError marks a command-line mistake: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// exitError carries a specific exit status (verify uses 1 for "not genuine").
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

func run(ctx context.Context, args []string, stdio *IO) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		printUsage(stdio.Out)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	name := args[0]
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		env := &Env{IO: stdio, Command: name}
		start := time.Now()
		err := c.run(ctx, env, args[1:])
		if err == nil {
			env.sayWrote(ctx, start)
		}
		env.close()
		return report(stdio.Err, name, err)
	}
	fmt.Fprintf(stdio.Err, "ocopstamp: unknown command %q (run 'ocopstamp help')\n", name)
	return 2
}

// report prints err as one line and returns the exit status.
func report(w io.Writer, name string, err error) int {
	if err == nil {
		return 0
	}
	var ee exitError
	if errors.As(err, &ee) {
		return ee.code
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(w, "ocopstamp %s: %s\n", name, ue.msg)
		return 2
	}
	msg := err.Error()
	if stamp.ErrorCode(err) == stamp.EInternal {
		slog.Debug("internal error", "command", name, "err", err)
	}
	fmt.Fprintf(w, "ocopstamp %s: %s\n", name, strings.ReplaceAll(msg, "\n", "; "))
	return 1
}

func printUsage(w io.Writer) {
	fmt.Fprint(w, `ocopstamp: signed QR traceability stamps for OCOP products

Usage: ocopstamp <command> [flags]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-16s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Global flags (every command; environment variable in brackets):
  --db URL        SQLite file or postgres:// URL  [OCOPSTAMP_DB, default ocopstamp.db]
  --keys DIR      key folder                      [OCOPSTAMP_KEYS, default ./keys]
  --redis URL     Redis cache, empty for none     [OCOPSTAMP_REDIS]
  --base-url URL  public URL printed in QR codes  [OCOPSTAMP_BASE_URL]

Run 'ocopstamp <command> -h' for a command's flags.
`)
}

// sayWrote names the database on stderr, in one line, when the command
// wrote to it: when the audit log, which every write adds to, has an entry
// by this command's actor from start on (entries by others, such as a
// running serve's admin API or console, do not count).
func (e *Env) sayWrote(ctx context.Context, start time.Time) {
	if e.store == nil {
		return
	}
	entries, err := e.store.AuditLog(ctx, start.Add(-time.Millisecond), 200)
	if err != nil {
		return
	}
	actor := e.Actor()
	for _, en := range entries {
		if en.Actor == actor {
			fmt.Fprintf(e.Err, "ocopstamp %s: wrote to database %s\n", e.Command, e.DBName())
			return
		}
	}
}
