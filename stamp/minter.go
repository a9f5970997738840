package stamp

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// MintStore is what the Minter needs from the registry store.
type MintStore interface {
	Product(ctx context.Context, number uint32) (*Product, error)
	CurrentCertification(ctx context.Context, product uint32) (*Certification, error)
	CreateBatch(ctx context.Context, b *Batch, next StampChunks) error
}

// Minter mints batches: it checks the product may be stamped, signs stamp
// codes in parallel on all cores and streams them to the store, which writes
// the batch in one transaction.
type Minter struct {
	Store    MintStore
	Signer   *Signer
	Now      func() time.Time // defaults to time.Now
	Rand     io.Reader        // randomness for stamp ids, read from several goroutines: it must be safe for concurrent use; defaults to crypto/rand
	Workers  int              // signing goroutines; defaults to GOMAXPROCS
	Progress func(done int)   // called as chunks are signed, if set
}

// mintChunk is the number of stamps signed and handed to the store at once.
const mintChunk = 2048

// CheckMintable returns nil when product p with current certification c
// (nil: none) may receive stamps on day d, else an EInvalid *Error that says
// why.
func CheckMintable(p *Product, c *Certification, d Date) error {
	if c == nil {
		return Refusef(EInvalid, "Sản phẩm %d (%s) chưa có chứng nhận OCOP hay tình trạng tham gia OCOP: không phát hành được tem", "product %d (%s) has no OCOP certification or participation status: minting refused", p.Number, p.Name)
	}
	if !c.ValidOn(d) {
		state := c.StateOn(d)
		if d.Before(c.DecisionDate) {
			state = "not yet in force"
		}
		return Refusef(EInvalid, "Sản phẩm %d (%s): chứng nhận %s đang ở tình trạng %s (hết hạn %s): không phát hành được tem", "product %d (%s): certification %s is %s (expiry %s): minting refused",
			p.Number, p.Name, c.DecisionNumber, state, c.ExpiresOn)
	}
	return nil
}

// Mint creates one batch for req and returns it. Nothing is stored when it
// fails: an unknown product is ENotFound, a product that may not be stamped
// or a bad request is EInvalid.
func (m *Minter) Mint(ctx context.Context, req MintRequest) (*Batch, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	if m.Signer == nil {
		return nil, Refusef(EInvalid, "Chưa có khóa ký đang dùng: cần chạy lệnh 'ocopstamp keygen' trên máy chủ", "no active signing key: run 'ocopstamp keygen'")
	}
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	rnd := m.Rand
	if rnd == nil {
		rnd = rand.Reader
	}
	p, err := m.Store.Product(ctx, req.ProductNumber)
	if err != nil {
		return nil, err
	}
	c, err := m.Store.CurrentCertification(ctx, req.ProductNumber)
	if err != nil && ErrorCode(err) != ENotFound {
		return nil, err
	}
	if err := CheckMintable(p, c, DateOf(now())); err != nil {
		return nil, err
	}
	id, err := uuid.NewV7FromReader(rnd)
	if err != nil {
		return nil, fmt.Errorf("batch id: %w", err)
	}
	b := &Batch{
		ID: id, ProductNumber: p.Number, FacilityCode: p.FacilityCode, Count: req.Count,
		KeyID: m.Signer.KeyID(), Lot: req.Lot, ProducedOn: req.ProducedOn, BestBefore: req.BestBefore,
		Note: req.Note, MintedBy: req.MintedBy, MintedAt: now().UTC(),
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := m.sign(ctx, b, rnd)
	if err := m.Store.CreateBatch(ctx, b, next); err != nil {
		return nil, err
	}
	return b, nil
}

// sign starts the signing pipeline and returns the in-order chunk reader.
func (m *Minter) sign(ctx context.Context, b *Batch, rnd io.Reader) StampChunks {
	workers := m.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	type pending struct {
		out chan []Stamp
		err chan error
	}
	queue := make(chan pending, workers*2)
	sem := make(chan struct{}, workers)
	var done atomic.Int64
	go func() {
		defer close(queue)
		for start := 0; start < b.Count; start += mintChunk {
			n := min(mintChunk, b.Count-start)
			p := pending{out: make(chan []Stamp, 1), err: make(chan error, 1)}
			select {
			case queue <- p:
			case <-ctx.Done():
				return
			}
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			go func() {
				defer func() { <-sem }()
				chunk := make([]Stamp, n)
				for i := range chunk {
					id, err := uuid.NewV7FromReader(rnd)
					if err != nil {
						p.err <- fmt.Errorf("stamp id: %w", err)
						return
					}
					c := m.Signer.Sign(b.ProductNumber, id)
					chunk[i] = Stamp{ID: id, KeyID: c.KeyID, Signature: c.Signature, ProductNumber: b.ProductNumber, BatchID: b.ID}
				}
				if m.Progress != nil {
					m.Progress(int(done.Add(int64(n))))
				}
				p.out <- chunk
			}()
		}
	}()
	return func() ([]Stamp, error) {
		var p pending
		var ok bool
		select {
		case p, ok = <-queue:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if !ok {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, nil
		}
		select {
		case s := <-p.out:
			return s, nil
		case err := <-p.err:
			return nil, err
		case <-ctx.Done():
			return nil, errors.Join(ctx.Err())
		}
	}
}
