package rediscache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// wireFormat is part of every view key and is bumped whenever the encoding
// below changes, so that replicas running different releases never read
// each other's entries.
const wireFormat = "4"

// A cached entry is a tag byte, the change-feed version its loader had seen
// (8 bytes, big-endian), then for a view (tag 'V') the view's record below;
// a stamp the registry does not hold is tag 'N' alone.
const (
	tagView    = 'V'
	tagMissing = 'N'
)

func encodeEntry(ver int64, v *storage.StampView) ([]byte, error) {
	head := binary.BigEndian.AppendUint64([]byte{tagView}, uint64(ver))
	return encodeView(head, v)
}

func encodeMissing(ver int64) []byte {
	return binary.BigEndian.AppendUint64([]byte{tagMissing}, uint64(ver))
}

// decodeEntry reads an entry: the version it was loaded at, and the view or
// missing true.
func decodeEntry(b string) (ver int64, v *storage.StampView, missing bool, err error) {
	if len(b) < 9 {
		return 0, nil, false, fmt.Errorf("decode cached entry: %d bytes", len(b))
	}
	ver = int64(binary.BigEndian.Uint64([]byte(b[1:9])))
	switch b[0] {
	case tagMissing:
		if len(b) != 9 {
			return 0, nil, false, fmt.Errorf("decode cached entry: %d trailing bytes", len(b)-9)
		}
		return ver, nil, true, nil
	case tagView:
		v, err = decodeView(b[9:])
		return ver, v, false, err
	}
	return 0, nil, false, fmt.Errorf("decode cached entry: tag %q", b[0])
}

// A cached view is a compact binary record: fields in a fixed order,
// unsigned and signed varints, strings and byte fields length-prefixed,
// times as (1, unix seconds, nanoseconds) or 0 for the zero time, dates as
// (1, days since 1970-01-01) or 0, optional sections behind a 0/1 byte.
// Decoding it costs a few microseconds where JSON cost tens: it is on the
// path of every cached lookup.

type enc struct{ b []byte }

func (e *enc) u(v uint64)   { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) i(v int64)    { e.b = binary.AppendVarint(e.b, v) }
func (e *enc) raw(p []byte) { e.b = append(e.b, p...) }
func (e *enc) str(s string) { e.u(uint64(len(s))); e.b = append(e.b, s...) }
func (e *enc) flag(ok bool) bool {
	if ok {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
	return ok
}
func (e *enc) time(t time.Time) {
	if e.flag(!t.IsZero()) {
		e.i(t.Unix())
		e.u(uint64(t.Nanosecond()))
	}
}
func (e *enc) optTime(t *time.Time) {
	if e.flag(t != nil) {
		e.time(*t)
	}
}
func (e *enc) date(d stamp.Date) {
	if e.flag(!d.IsZero()) {
		e.i(d.Time().Unix() / 86400)
	}
}

var errShort = errors.New("truncated")

// dec reads from s, a string copy of the whole record, so that decoded
// strings share its memory instead of allocating one by one.
type dec struct {
	s   string
	err error
}

func (d *dec) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.s = ""
}
func (d *dec) u() uint64 {
	var v uint64
	var shift uint
	for i := 0; i < len(d.s) && i < binary.MaxVarintLen64; i++ {
		c := d.s[i]
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			d.s = d.s[i+1:]
			return v
		}
		shift += 7
	}
	d.fail(errShort)
	return 0
}
func (d *dec) i() int64 {
	ux := d.u()
	x := int64(ux >> 1)
	if ux&1 != 0 {
		x = ^x
	}
	return x
}
func (d *dec) fixed(n int) string {
	if len(d.s) < n {
		d.fail(errShort)
		return ""
	}
	v := d.s[:n]
	d.s = d.s[n:]
	return v
}
func (d *dec) str() string {
	n := d.u()
	if n > uint64(len(d.s)) {
		d.fail(errShort)
		return ""
	}
	return d.fixed(int(n))
}
func (d *dec) flag() bool {
	switch d.fixed(1) {
	case "\x01":
		return true
	case "\x00", "":
		return false
	}
	d.fail(errors.New("bad flag"))
	return false
}
func (d *dec) time() time.Time {
	if !d.flag() {
		return time.Time{}
	}
	sec := d.i()
	return time.Unix(sec, int64(d.u())).UTC()
}
func (d *dec) optTime() *time.Time {
	if !d.flag() {
		return nil
	}
	t := d.time()
	return &t
}
func (d *dec) date() stamp.Date {
	if !d.flag() {
		return stamp.Date{}
	}
	return stamp.NewDate(1970, 1, 1+int(d.i()))
}
func (d *dec) uuid() (id uuid.UUID) { copy(id[:], d.fixed(16)); return id }
func (d *dec) keyID() (k stamp.KeyID) {
	copy(k[:], d.fixed(len(k)))
	return k
}

// encodeView appends v's record to b.
func encodeView(head []byte, v *storage.StampView) ([]byte, error) {
	e := &enc{b: append(make([]byte, 0, 1024), head...)}
	s, b, p, f := &v.Stamp, &v.Batch, &v.Product, &v.Facility
	e.raw(s.ID[:])
	e.raw(s.BatchID[:])
	e.u(uint64(s.ProductNumber))
	e.u(s.Serial)
	e.raw(s.KeyID[:])
	e.raw(s.Signature[:])
	e.time(s.MintedAt)
	e.optTime(s.RevokedAt)
	e.str(s.RevokeReason)

	e.raw(b.ID[:])
	e.u(uint64(b.ProductNumber))
	e.str(b.FacilityCode)
	e.i(int64(b.Count))
	e.raw(b.KeyID[:])
	e.u(b.FirstSerial)
	e.str(b.Lot)
	e.date(b.ProducedOn)
	e.date(b.BestBefore)
	e.str(b.Note)
	e.str(b.MintedBy)
	e.time(b.MintedAt)
	e.optTime(b.RevokedAt)
	e.str(b.RevokeReason)

	e.u(uint64(p.Number))
	for _, x := range []string{p.FacilityCode, p.Name, p.Group, p.GTIN, p.Description} {
		e.str(x)
	}
	e.time(p.CreatedAt)
	e.time(p.UpdatedAt)

	for _, x := range []string{f.Code, f.Name, f.Kind, f.District, f.Commune, f.Address, f.Phone, f.Representative, f.CommuneCode} {
		e.str(x)
	}
	e.time(f.CreatedAt)
	e.time(f.UpdatedAt)

	if c := v.Certification; e.flag(c != nil) {
		e.i(c.ID)
		e.u(uint64(c.ProductNumber))
		e.i(int64(c.Rank))
		e.str(c.DecisionNumber)
		e.date(c.DecisionDate)
		e.date(c.ExpiresOn)
		e.str(c.Status)
		e.str(c.StatusReason)
		e.str(c.ProcessConfirmed)
		e.date(c.LabTestDate)
		e.date(c.DeclarationDate)
		e.time(c.CreatedAt)
		e.time(c.UpdatedAt)
	}

	e.u(uint64(len(v.PointsOfSale)))
	for _, ps := range v.PointsOfSale {
		e.i(ps.ID)
		for _, x := range []string{ps.Name, ps.District, ps.Commune, ps.Address, ps.Phone, ps.CommuneCode} {
			e.str(x)
		}
		e.time(ps.CreatedAt)
		e.time(ps.UpdatedAt)
	}
	return e.b, nil
}

func decodeView(raw string) (*storage.StampView, error) {
	d := &dec{s: raw}
	v := &storage.StampView{}
	s, b, p, f := &v.Stamp, &v.Batch, &v.Product, &v.Facility
	s.ID = d.uuid()
	s.BatchID = d.uuid()
	s.ProductNumber = uint32(d.u())
	s.Serial = d.u()
	s.KeyID = d.keyID()
	copy(s.Signature[:], d.fixed(stamp.SignatureSize))
	s.MintedAt = d.time()
	s.RevokedAt = d.optTime()
	s.RevokeReason = d.str()

	b.ID = d.uuid()
	b.ProductNumber = uint32(d.u())
	b.FacilityCode = d.str()
	b.Count = int(d.i())
	b.KeyID = d.keyID()
	b.FirstSerial = d.u()
	b.Lot = d.str()
	b.ProducedOn = d.date()
	b.BestBefore = d.date()
	b.Note = d.str()
	b.MintedBy = d.str()
	b.MintedAt = d.time()
	b.RevokedAt = d.optTime()
	b.RevokeReason = d.str()

	p.Number = uint32(d.u())
	for _, x := range []*string{&p.FacilityCode, &p.Name, &p.Group, &p.GTIN, &p.Description} {
		*x = d.str()
	}
	p.CreatedAt = d.time()
	p.UpdatedAt = d.time()

	for _, x := range []*string{&f.Code, &f.Name, &f.Kind, &f.District, &f.Commune, &f.Address, &f.Phone, &f.Representative, &f.CommuneCode} {
		*x = d.str()
	}
	f.CreatedAt = d.time()
	f.UpdatedAt = d.time()

	if d.flag() {
		c := &stamp.Certification{}
		c.ID = d.i()
		c.ProductNumber = uint32(d.u())
		c.Rank = stamp.Rank(d.i())
		c.DecisionNumber = d.str()
		c.DecisionDate = d.date()
		c.ExpiresOn = d.date()
		c.Status = d.str()
		c.StatusReason = d.str()
		c.ProcessConfirmed = d.str()
		c.LabTestDate = d.date()
		c.DeclarationDate = d.date()
		c.CreatedAt = d.time()
		c.UpdatedAt = d.time()
		v.Certification = c
	}

	n := d.u()
	if n > uint64(len(d.s)) {
		d.fail(errShort)
	}
	for i := uint64(0); i < n && d.err == nil; i++ {
		var ps stamp.PointOfSale
		ps.ID = d.i()
		for _, x := range []*string{&ps.Name, &ps.District, &ps.Commune, &ps.Address, &ps.Phone, &ps.CommuneCode} {
			*x = d.str()
		}
		ps.CreatedAt = d.time()
		ps.UpdatedAt = d.time()
		v.PointsOfSale = append(v.PointsOfSale, ps)
	}
	if d.err == nil && len(d.s) != 0 {
		d.err = fmt.Errorf("%d trailing bytes", len(d.s))
	}
	if d.err != nil {
		return nil, fmt.Errorf("decode cached view: %w", d.err)
	}
	return v, nil
}
