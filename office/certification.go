package office

import (
	"context"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// AddCertification stores a recognition decision (audited
// certification.create; the store validates it and fills the default
// expiry) and returns it as stored. Office role.
func (o *Office) AddCertification(ctx context.Context, who stamp.Actor, c stamp.Certification) (*stamp.Certification, error) {
	if err := allow(who, stamp.RoleOffice, "adding a certification"); err != nil {
		return nil, err
	}
	id, err := o.Store.AddCertification(ctx, who.Name, c)
	if err != nil {
		return nil, err
	}
	return o.Store.Certification(ctx, id)
}

// SetCertificationStatus suspends (stamp.CertSuspended), withdraws
// (CertWithdrawn) or restores (CertValid) certification id, audited. A
// reason is required to suspend or withdraw: consumers who scan the
// product's stamps see it (EInvalid without). Office role.
func (o *Office) SetCertificationStatus(ctx context.Context, who stamp.Actor, id int64, status, reason string) (*stamp.Certification, error) {
	if err := allow(who, stamp.RoleOffice, "changing a certification"); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if reason == "" && status != stamp.CertValid {
		return nil, stamp.Refusef(stamp.EInvalid, "Cần nêu lý do khi chuyển chứng nhận sang trạng thái %s (người tiêu dùng sẽ thấy lý do này)", "reason is required to set a certification %s (consumers see it)", status)
	}
	if err := o.Store.SetCertificationStatus(ctx, who.Name, id, status, reason); err != nil {
		return nil, err
	}
	return o.Store.Certification(ctx, id)
}

// SetCertificationRank changes certification id's rank, audited. Office
// role.
func (o *Office) SetCertificationRank(ctx context.Context, who stamp.Actor, id int64, rank stamp.Rank) (*stamp.Certification, error) {
	if err := allow(who, stamp.RoleOffice, "changing a certification"); err != nil {
		return nil, err
	}
	if err := o.Store.SetCertificationRank(ctx, who.Name, id, rank); err != nil {
		return nil, err
	}
	return o.Store.Certification(ctx, id)
}
