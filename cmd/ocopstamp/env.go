package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"os/user"
	"path/filepath"
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
	lockWait time.Duration // mint: how long to wait for another write's SQLite lock (0: the usual 10 s)
	Command  string
	DB       string
	KeysDir  string
	RedisURL string
	BaseURL  string
	LogLevel string
	Now      func() time.Time
	// Create lets the command create a missing SQLite database (init and
	// quickstart); every other command refuses, saying where it looked.
	Create bool

	baseURLGiven bool              // --base-url or OCOPSTAMP_BASE_URL: it wins over the stored one
	settings     map[string]string // stored settings, once the store is open

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
	e.baseURLGiven = os.Getenv("OCOPSTAMP_BASE_URL") != ""
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "base-url" {
			e.baseURLGiven = true
		}
	})
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

// Store opens the configured database once. A missing SQLite file is an
// error naming where it looked unless e.Create. Opening reads the stored
// settings: the stored base URL replaces the default when neither
// --base-url nor OCOPSTAMP_BASE_URL is given.
func (e *Env) Store(ctx context.Context) (storage.Store, error) {
	if e.store != nil {
		return e.store, nil
	}
	if !e.Create && !isPostgres(e.DB) {
		if _, err := os.Stat(e.DB); errors.Is(err, os.ErrNotExist) {
			return nil, stamp.Errorf(stamp.ENotFound, "no database at %s (--db / OCOPSTAMP_DB): create it with 'ocopstamp init --base-url https://…', or point --db at the office's database", absPath(e.DB))
		}
	}
	s, err := openStore(ctx, e.DB)
	if err != nil {
		return nil, err
	}
	e.store = s
	e.onClose(func() { s.Close() })
	if e.settings, err = s.Settings(ctx); err != nil {
		return nil, err
	}
	if v := e.settings[storage.SettingBaseURL]; v != "" && !e.baseURLGiven {
		e.BaseURL = v
	}
	return s, nil
}

func isPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// absPath returns p made absolute, or p when that fails.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// DBName names the database for people: the SQLite file's absolute path,
// or the PostgreSQL URL without its password.
func (e *Env) DBName() string {
	if isPostgres(e.DB) {
		if u, err := url.Parse(e.DB); err == nil {
			return u.Redacted()
		}
		return "PostgreSQL"
	}
	return absPath(e.DB)
}

// labelURL returns the base URL labels will carry after checking that
// phones can open it (office.CheckLabelURL) unless allowTest, and writes
// office.QRWarning's warning, if any, to stderr. It opens the store to
// read the stored base URL.
func (e *Env) labelURL(ctx context.Context, allowTest bool) (string, error) {
	if _, err := e.Store(ctx); err != nil {
		return "", err
	}
	if !allowTest {
		if err := office.CheckLabelURL(e.BaseURL); err != nil {
			return "", err
		}
	}
	if w := office.QRWarning(e.BaseURL); w != "" {
		fmt.Fprintln(e.Err, w)
	}
	return e.BaseURL, nil
}

// openStore opens PostgreSQL for a postgres:// or postgresql:// URL and SQLite
// otherwise.
func openStore(ctx context.Context, dsn string) (storage.Store, error) {
	if isPostgres(dsn) {
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
