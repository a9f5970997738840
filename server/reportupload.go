package server

import (
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/photo"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// reportInput is what a report form sent.
type reportInput struct {
	lang, what, where, contact string
	photo                      []byte
	photoSent                  bool // a file was chosen
	photoTooBig                bool // it was over photo.MaxBytes
	tooLong                    bool // a text field was over its byte bound
}

// maxFieldBytes bounds one text field of a multipart report: the longest
// field's characters at 4 bytes of UTF-8 each.
const maxFieldBytes = 4 * storage.MaxReportText

// readReport reads a report form: multipart/form-data (the page's form,
// with a photo) part by part, else a URL-encoded body of at most
// MaxReportFormBody bytes. The text fields come before the photo in the
// page's form, so a photo over photo.MaxBytes still leaves them read: the
// rest of the body is then read and dropped (within MaxReportUpload) so
// the browser gets the answer. The error is the body's: a read failure,
// a *http.MaxBytesError, or a malformed form.
func readReport(c *gin.Context) (reportInput, error) {
	r := c.Request
	var in reportInput
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "multipart/form-data" {
		r.Body = http.MaxBytesReader(c.Writer, r.Body, MaxReportFormBody)
		err := r.ParseForm()
		f := r.PostForm
		in.lang, in.what, in.where, in.contact = f.Get("lang"), f.Get("what"), f.Get("where"), f.Get("contact")
		return in, err
	}
	// A photo over a slow mobile link takes longer than the server's
	// read and write timeouts allow other requests (not supported by a
	// test recorder: then nothing changes).
	rc := http.NewResponseController(c.Writer)
	_ = rc.SetReadDeadline(time.Now().Add(reportUploadTime))
	_ = rc.SetWriteDeadline(time.Now().Add(reportUploadTime + 30*time.Second))
	mr, err := r.MultipartReader()
	if err != nil {
		return in, err
	}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			return in, nil
		}
		if err != nil {
			return in, err
		}
		name := part.FormName()
		if name == "photo" {
			data, err := io.ReadAll(io.LimitReader(part, photo.MaxBytes+1))
			if err != nil {
				return in, err
			}
			in.photoSent = in.photoSent || part.FileName() != "" || len(data) > 0
			if len(data) > photo.MaxBytes {
				in.photoTooBig = true
				_, _ = io.Copy(io.Discard, r.Body) // let the browser finish sending, then answer
				return in, nil
			}
			in.photo = data
			continue
		}
		field := map[string]*string{"lang": &in.lang, "what": &in.what, "where": &in.where, "contact": &in.contact}[name]
		if field == nil {
			if _, err := io.Copy(io.Discard, part); err != nil {
				return in, err
			}
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes+1))
		if err != nil {
			return in, err
		}
		if len(b) > maxFieldBytes {
			in.tooLong = true
			b = b[:maxFieldBytes]
		}
		*field = strings.ToValidUTF8(string(b), "")
	}
}
