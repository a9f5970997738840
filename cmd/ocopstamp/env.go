package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/user"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
	"github.com/ocop-hatinh/ocopstamp/storage/postgres"
	"github.com/ocop-hatinh/ocopstamp/storage/sqlite"
)

// Defaults of the global settings.
const (
	defaultDB      = "ocopstamp.db"
	defaultKeys    = "keys"
	defaultBaseURL = "http://127.0.0.1:8080"
)

// Env is what a command runs with: the global settings, its streams, and
// lazily opened resources that run closes afterwards.
type Env struct {
	*IO
	Command  string
	DB       string
	KeysDir  string
	RedisURL string
	BaseURL  string
	LogLevel string
	Now      func() time.Time

	store   storage.Store
	closers []func()
}

func getenv(name, def string) string {
	if v, ok := os.LookupEnv(name); ok && v != "" {
		return v
	}
	return def
}

// flags returns a flag set for the command with the global flags registered.
func (e *Env) flags(usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("ocopstamp "+e.Command, flag.ContinueOnError)
	fs.SetOutput(e.Err)
	fs.StringVar(&e.DB, "db", getenv("OCOPSTAMP_DB", defaultDB), "SQLite file or postgres:// URL (OCOPSTAMP_DB)")
	fs.StringVar(&e.KeysDir, "keys", getenv("OCOPSTAMP_KEYS", defaultKeys), "key folder (OCOPSTAMP_KEYS)")
	fs.StringVar(&e.RedisURL, "redis", getenv("OCOPSTAMP_REDIS", ""), "Redis URL for the lookup cache; empty for none (OCOPSTAMP_REDIS)")
	fs.StringVar(&e.BaseURL, "base-url", getenv("OCOPSTAMP_BASE_URL", defaultBaseURL), "public base URL printed in QR codes (OCOPSTAMP_BASE_URL)")
	fs.StringVar(&e.LogLevel, "log-level", getenv("OCOPSTAMP_LOG_LEVEL", "info"), "debug, info, warn or error (OCOPSTAMP_LOG_LEVEL)")
	fs.Usage = func() {
		fmt.Fprintf(e.Err, "Usage: ocopstamp %s %s\n\nFlags:\n", e.Command, usage)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and sets up logging; it returns positional arguments.
func (e *Env) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, usageError{err.Error()}
	}
	// Allow flags after positional arguments: "import products f.csv --db x".
	rest := fs.Args()
	var pos []string
	for len(rest) > 0 {
		if strings.HasPrefix(rest[0], "-") && rest[0] != "-" {
			if err := fs.Parse(rest); err != nil {
				return nil, usageError{err.Error()}
			}
			rest = fs.Args()
			continue
		}
		pos = append(pos, rest[0])
		rest = rest[1:]
	}
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(e.LogLevel)); err != nil {
		return nil, usagef("--log-level %q: want debug, info, warn or error", e.LogLevel)
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(e.Err, &slog.HandlerOptions{Level: lvl})))
	if _, err := normaliseBaseURL(e.BaseURL); err != nil {
		return nil, err
	}
	return pos, nil
}

func normaliseBaseURL(s string) (string, error) {
	l := strings.ToLower(s)
	if !strings.HasPrefix(l, "http://") && !strings.HasPrefix(l, "https://") {
		return "", usagef("--base-url %q: want an http:// or https:// URL", s)
	}
	if strings.ContainsAny(s, "?# ") {
		return "", usagef("--base-url %q: no query, fragment or spaces allowed", s)
	}
	return strings.TrimRight(s, "/"), nil
}

func (e *Env) now() time.Time {
	if e.Now != nil {
		return e.Now()
	}
	return time.Now()
}

// Store opens the configured database once.
func (e *Env) Store(ctx context.Context) (storage.Store, error) {
	if e.store != nil {
		return e.store, nil
	}
	s, err := openStore(ctx, e.DB)
	if err != nil {
		return nil, err
	}
	e.store = s
	e.onClose(func() { s.Close() })
	return s, nil
}

// openStore opens PostgreSQL for a postgres:// or postgresql:// URL and SQLite
// otherwise.
func openStore(ctx context.Context, dsn string) (storage.Store, error) {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		s, err := postgres.Open(ctx, dsn)
		if err != nil {
			return nil, fmt.Errorf("open PostgreSQL: %w", err)
		}
		return s, nil
	}
	s, err := sqlite.Open(ctx, dsn)
	if err != nil {
		return nil, fmt.Errorf("open SQLite %s: %w", dsn, err)
	}
	return s, nil
}

// Office returns the office's use cases over the configured store, with
// the base URL and clock of the command line. The signing key is loaded
// only by the commands that need it (mint, snapshot).
func (e *Env) Office(ctx context.Context) (*office.Office, error) {
	st, err := e.Store(ctx)
	if err != nil {
		return nil, err
	}
	return &office.Office{Store: st, BaseURL: e.BaseURL, Now: e.Now}, nil
}

// Who is the person the command line acts for: Actor, with the office
// role (whoever runs the CLI holds the database and the keys).
func (e *Env) Who() stamp.Actor { return stamp.Actor{Name: e.Actor(), Role: stamp.RoleOffice} }

// Keys returns the key folder.
func (e *Env) Keys() stamp.KeyDir { return stamp.KeyDir{Path: e.KeysDir, Now: e.Now} }

// Actor names who does a write from the CLI: $OCOPSTAMP_ACTOR or the OS user.
func (e *Env) Actor() string {
	if a := os.Getenv("OCOPSTAMP_ACTOR"); a != "" {
		return a
	}
	if u, err := user.Current(); err == nil && u.Username != "" {
		return "cli:" + u.Username
	}
	return "cli"
}

func (e *Env) onClose(f func()) { e.closers = append(e.closers, f) }

func (e *Env) close() {
	for i := len(e.closers) - 1; i >= 0; i-- {
		e.closers[i]()
	}
	e.closers = nil
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
