// Package admin is the office's authenticated admin API, mounted on the
// lookup server's Gin engine with Register. (The consumers' report form is
// the lookup server's: server.ReportFormPath.)
//
// Every /api/v1/admin/ route needs a bearer token ("Authorization: Bearer
// ocop_…") of a role allowed to use it: viewer < inspector < office, each
// role allowed everything the roles below it are. Tokens are issued by
// office.IssueToken (the CLI's "ocopstamp token create" or POST
// /api/v1/admin/tokens); the store keeps only their SHA-256 hashes. Every
// write is a use case of package office (the CLI's too): the handlers here
// parse the request, call it as the token's person and render the answer;
// the store writes each in one transaction with its audit entry, whose
// actor is the token's name. docs/admin-api.md documents every route.
package admin

import (
	"crypto/rand"
	"errors"
	"io"
	"log/slog"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/internal/clientlimit"
	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// Deps are what the admin API works with. Store is required; every other
// zero field gets the default its comment names.
type Deps struct {
	Store storage.Store
	// Signer is the office's active signing key. Nil: minting and the
	// snapshot answer 503 "server has no signing key".
	Signer *stamp.Signer
	// Keys is the public key set: the snapshot embeds it and the stamp
	// detail checks codes with it. Nil: codes are not checked and the
	// snapshot answers 503.
	Keys *stamp.KeySet
	// BaseURL is the public base URL printed in QR codes. Empty: print
	// answers 503; one phones cannot open (office.CheckLabelURL): 409
	// unless AllowTestURL.
	BaseURL      string
	AllowTestURL bool
	// Logger receives failed authentications and internal errors (default
	// slog.Default()).
	Logger *slog.Logger
	// Now is the clock (default time.Now); Rand the randomness of token
	// secrets (default crypto/rand).
	Now  func() time.Time
	Rand io.Reader

	// A client may fail authentication AuthFailureBurst times (default 10),
	// then once every AuthFailureEvery (default 30s); past that its admin
	// requests get 429 until the bucket refills.
	AuthFailureBurst int
	AuthFailureEvery time.Duration
	// MaxMint bounds the stamps of one mint request (default 100,000: larger
	// batches take longer than a request may; mint them with the CLI).
	// MaxPrint bounds the labels of one print request (default 5,000).
	MaxMint  int
	MaxPrint int
}

func (d *Deps) defaults() {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Rand == nil {
		d.Rand = rand.Reader
	}
	if d.AuthFailureBurst <= 0 {
		d.AuthFailureBurst = 10
	}
	if d.AuthFailureEvery <= 0 {
		d.AuthFailureEvery = 30 * time.Second
	}
	if d.MaxMint <= 0 {
		d.MaxMint = 100_000
	}
	if d.MaxPrint <= 0 {
		d.MaxPrint = 5_000
	}
}

// Paths.
const (
	// Prefix starts every admin API route.
	Prefix = "/api/v1/admin"
	// SnapshotPath serves the signed registry snapshot (inspector and up).
	SnapshotPath = "/api/v1/snapshot"
)

// handler holds the admin API's state.
type handler struct {
	d        Deps
	off      *office.Office
	log      *slog.Logger
	authFail *clientlimit.Limiter
}

// route is one admin API route and the least role that may use it.
type route struct {
	method, path, role string
	handle             gin.HandlerFunc
}

// Register mounts the admin API under /api/v1/admin/ and the snapshot at
// /api/v1/snapshot on r. It fails when d.Store is nil; nothing is mounted
// then.
func Register(r gin.IRouter, d Deps) error {
	if d.Store == nil {
		return errors.New("admin: Deps.Store is required")
	}
	d.defaults()
	h := &handler{
		d: d, log: d.Logger,
		off: &office.Office{Store: d.Store, Signer: d.Signer, Keys: d.Keys, BaseURL: d.BaseURL, AllowTestURL: d.AllowTestURL,
			Now: d.Now, Rand: d.Rand, MaxMint: d.MaxMint, MaxPrint: d.MaxPrint},
		authFail: clientlimit.New(d.AuthFailureEvery, d.AuthFailureBurst, d.Now),
	}
	for _, rt := range h.routes() {
		r.Handle(rt.method, rt.path, h.auth(rt.role), rt.handle)
	}
	return nil
}

// routes lists every authenticated route with its least role.
func (h *handler) routes() []route {
	const (
		office    = stamp.RoleOffice
		inspector = stamp.RoleInspector
		viewer    = stamp.RoleViewer
	)
	p := Prefix
	return []route{
		{"GET", p + "/me", viewer, h.me},

		{"GET", p + "/facilities", viewer, h.listFacilities},
		{"GET", p + "/facilities/:code", viewer, h.getFacility},
		{"POST", p + "/facilities", office, h.createFacility},
		{"PATCH", p + "/facilities/:code", office, h.updateFacility},

		{"GET", p + "/products", viewer, h.listProducts},
		{"GET", p + "/products/:number", viewer, h.getProduct},
		{"POST", p + "/products", office, h.createProduct},
		{"PATCH", p + "/products/:number", office, h.updateProduct},

		{"GET", p + "/certifications", viewer, h.listCertifications},
		{"GET", p + "/certifications/:id", viewer, h.getCertification},
		{"POST", p + "/certifications", office, h.createCertification},
		{"POST", p + "/certifications/:id/suspend", office, h.certStatus(stamp.CertSuspended)},
		{"POST", p + "/certifications/:id/withdraw", office, h.certStatus(stamp.CertWithdrawn)},
		{"POST", p + "/certifications/:id/restore", office, h.certStatus(stamp.CertValid)},
		{"POST", p + "/certifications/:id/rank", office, h.certRank},

		{"GET", p + "/points-of-sale", viewer, h.listPointsOfSale},
		{"GET", p + "/points-of-sale/:id", viewer, h.getPointOfSale},
		{"POST", p + "/points-of-sale", office, h.createPointOfSale},
		{"PATCH", p + "/points-of-sale/:id", office, h.updatePointOfSale},

		{"GET", p + "/batches", viewer, h.listBatches},
		{"GET", p + "/batches/:id", viewer, h.getBatch},
		{"POST", p + "/batches", office, h.mint},
		{"POST", p + "/batches/:id/print", office, h.print},
		{"POST", p + "/batches/:id/export-codes", office, h.exportCodes},
		{"POST", p + "/batches/:id/revoke", office, h.revokeBatch},
		{"POST", p + "/stamps/:ref/revoke", office, h.revokeStamp},
		{"POST", p + "/serials/revoke", office, h.revokeSerials},

		{"GET", p + "/stamps/:ref", inspector, h.stampDetail},
		{"GET", p + "/inspections", inspector, h.listInspections},
		{"POST", p + "/inspections", inspector, h.recordInspection},
		{"GET", p + "/inspections/:id/photo", inspector, h.inspectionPhoto},
		{"GET", p + "/consumer-reports", inspector, h.listConsumerReports},
		{"GET", p + "/consumer-reports/:id/photo", inspector, h.consumerReportPhoto},
		{"GET", p + "/consumer-reports/:id", inspector, h.getConsumerReport},
		{"PATCH", p + "/consumer-reports/:id", inspector, h.patchConsumerReport},
		{"POST", p + "/consumer-reports/:id/close", inspector, h.closeConsumerReport},
		{"GET", SnapshotPath, inspector, h.snapshot},

		{"GET", p + "/audit", viewer, h.audit},
		{"GET", p + "/epcis/events", viewer, h.epcisEvents},
		{"GET", p + "/reports", viewer, h.report},

		{"GET", p + "/tokens", office, h.listTokens},
		{"POST", p + "/tokens", office, h.createToken},
		{"POST", p + "/tokens/:ref/revoke", office, h.revokeToken},
	}
}

func (h *handler) now() time.Time { return h.d.Now() }
