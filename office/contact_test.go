package office_test

import (
	"context"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

// TestContact: only the office sets the contact; what consumers could not
// use is refused and stores nothing; it is read back trimmed.
func TestContact(t *testing.T) {
	ctx := context.Background()
	o := &office.Office{Store: storagetest.OpenSQLite(t)}
	good := office.Contact{Name: " Văn phòng ", Phone: "+84 239 3855 000", Email: "vpdp@hatinh.gov.vn"}
	_, err := o.SetContact(ctx, inspector, good)
	wantCode(t, "inspector sets the contact", err, stamp.EForbidden)
	for _, bad := range []office.Contact{{Phone: "0239-ABC"}, {Phone: "123"}, {Phone: "0239 3855 000 0239 3855 000 0239"},
		{Email: "a@b"}, {Email: "a b@c.vn"}, {Email: "@c.vn"}, {Name: "x\ny"}} {
		_, err := o.SetContact(ctx, clerk, bad)
		wantCode(t, "bad contact "+bad.Phone+bad.Email+bad.Name, err, stamp.EInvalid)
	}
	if c, err := o.Contact(ctx); err != nil || c != (office.Contact{}) {
		t.Fatalf("refused contacts stored %+v %v", c, err)
	}
	if _, err := o.SetContact(ctx, clerk, good); err != nil {
		t.Fatal(err)
	}
	if c, err := o.Contact(ctx); err != nil || c.Name != "Văn phòng" || c.Phone != good.Phone || c.Email != good.Email {
		t.Fatalf("contact back: %+v %v", c, err)
	}
}
