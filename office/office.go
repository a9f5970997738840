// Package office holds the office's use cases: registry writes with their
// checks, certification changes, minting, printing, revocations, the signed
// snapshot, tokens, inspections and consumer reports. Each is one method of
// Office that takes the acting person (stamp.Actor: a token's name and
// role, or the command line's "cli:user" as office), checks the request and
// the role, writes through the store (which audits the write in the same
// transaction) and returns the stored result.
//
// Errors are stamp's one error vocabulary: a *stamp.Error whose code is
// EInvalid (a mistake in the request), EForbidden (the role may not),
// ENotFound, EConflict or EUnavailable (no signing key or base URL, or a
// dependency down); anything else is a failure of the store, which
// storage/errkind classifies. The front ends (the CLI in cmd/ocopstamp,
// the admin API in server/admin, the web console and the inspector app)
// parse their input, call one method and render the answer: none of them
// repeats a rule.
package office

import (
	"crypto/rand"
	"io"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Office runs the use cases over one store. Store is required; the other
// fields may be zero as their comments say. An Office is safe for
// concurrent use once its fields are set.
type Office struct {
	Store storage.Store
	// Signer is the active signing key. Nil: Mint and Snapshot are
	// EUnavailable "no signing key".
	Signer *stamp.Signer
	// Keys is the public key set the snapshot embeds. Nil: Snapshot is
	// EUnavailable.
	Keys *stamp.KeySet
	// BaseURL is the public base URL printed in QR codes. Empty: Print is
	// EUnavailable; one that phones cannot open (CheckLabelURL): Print is
	// EConflict unless AllowTestURL.
	BaseURL string
	// AllowTestURL lets Print put a BaseURL that phones cannot open
	// (localhost, a private address, plain http) on labels: for trials
	// ("--allow-test-url" of print, serve and quickstart).
	AllowTestURL bool
	// Now is the clock (default time.Now); Rand the randomness of token
	// secrets and stamp ids (default crypto/rand; safe for concurrent use).
	Now  func() time.Time
	Rand io.Reader
	// MaxMint and MaxPrint bound the stamps of one Mint and the labels of
	// one Print; 0 is no bound (the CLI). The admin API sets them, since a
	// request may not take as long as a command.
	MaxMint, MaxPrint int

	snap snapshotCache
}

func (o *Office) now() time.Time {
	if o.Now != nil {
		return o.Now()
	}
	return time.Now()
}

func (o *Office) rand() io.Reader {
	if o.Rand != nil {
		return o.Rand
	}
	return rand.Reader
}

// allow returns an EForbidden *stamp.Error unless who's role includes role.
func allow(who stamp.Actor, role, what string) error {
	if who.Name == "" {
		return stamp.Refusef(stamp.EUnauthorized, "%s: không xác định được người thực hiện", "%s: who is acting is not known", what)
	}
	if !who.Can(role) {
		return stamp.Refusef(stamp.EForbidden, "%s cần quyền %s; tài khoản %q chỉ có quyền %s", "%s needs the %s role; %q is %s", what, role, who.Name, who.Role)
	}
	return nil
}
