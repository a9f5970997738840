package console_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/photo/phototest"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// TestInboxPhoto: a consumer report's photo shows in the inbox and opens
// with its content type, for inspectors; viewers may not open it; a report
// without a photo has none to open.
func TestInboxPhoto(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	ctx := context.Background()
	code := stamp.Code{Header: stamp.Header{Product: e.batch.ProductNumber, StampID: e.batch.ID}}
	off := &office.Office{Store: e.store}
	with, err := off.ReceiveConsumerReport(ctx, code, storage.ConsumerReport{What: "Tem có ảnh (mẫu)",
		Photo: phototest.JPEG(t, phototest.Picture(32, 24), 1)})
	must(t, err)
	without, err := off.ReceiveConsumerReport(ctx, code, storage.ConsumerReport{What: "Tem không ảnh (mẫu)"})
	must(t, err)
	c := e.client()
	c.signIn("inspector")
	src := fmt.Sprintf("/office/inbox/consumer_report/%d/photo", with.ID)
	r := c.get("/office/inbox")
	if !strings.Contains(r.body, `<img class="thumb" src="`+src+`"`) || strings.Contains(r.body, fmt.Sprintf("consumer_report/%d/photo", without.ID)) {
		t.Fatalf("inbox photo links:\n%s", r.body)
	}
	if r := c.get(src); r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/jpeg" || r.body != string(with.Photo) {
		t.Fatalf("photo: %d %q, %d bytes", r.StatusCode, r.Header.Get("Content-Type"), len(r.body))
	}
	if r := c.get(fmt.Sprintf("/office/inbox/consumer_report/%d/photo", without.ID)); r.StatusCode != http.StatusNotFound {
		t.Errorf("report without photo: %d", r.StatusCode)
	}
	v := e.client()
	v.signIn("viewer")
	if r := v.get(src); r.StatusCode != http.StatusForbidden {
		t.Errorf("viewer: %d", r.StatusCode)
	}
}
