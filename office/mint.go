package office

import (
	"context"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// NoSignerMessage is why Mint and Snapshot fail on an Office without a
// signing key.
const NoSignerMessage = "server has no signing key: mint with 'ocopstamp mint' where the key is, or start the server with the key folder"

// Mint mints a batch with the active signing key (stamp.Minter; audited
// batch.mint with who as MintedBy) and returns it. progress, when not nil,
// is called as chunks are signed. A count over MaxMint or a bad request is
// EInvalid; no signing key is EUnavailable. Office role.
func (o *Office) Mint(ctx context.Context, who stamp.Actor, req stamp.MintRequest, progress func(done int)) (*stamp.Batch, error) {
	if err := allow(who, stamp.RoleOffice, "minting"); err != nil {
		return nil, err
	}
	if o.MaxMint > 0 && req.Count > o.MaxMint {
		return nil, stamp.Refusef(stamp.EInvalid, "Số tem %d vượt mức tối đa %d tem cho một lần phát hành tại đây; lô lớn hơn cần phát hành bằng lệnh 'ocopstamp mint'", "count %d is over this API's limit of %d stamps a request; mint larger batches with 'ocopstamp mint'", req.Count, o.MaxMint)
	}
	if o.Signer == nil {
		return nil, stamp.Errorf(stamp.EUnavailable, "%s", NoSignerMessage)
	}
	req.MintedBy = who.Name
	m := &stamp.Minter{Store: o.Store, Signer: o.Signer, Now: o.Now, Rand: o.Rand, Progress: progress}
	return m.Mint(ctx, req)
}
