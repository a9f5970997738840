package console

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// formState is a form as it was sent back: the values typed, an error next
// to each field that has one, and a message above the form.
type formState struct {
	Values  map[string]string
	Errors  map[string]string
	Message string
}

// V returns the value typed into field.
func (f formState) V(field string) string { return f.Values[field] }

// E returns the error of field, "" when none.
func (f formState) E(field string) string { return f.Errors[field] }

// fieldSpec is one labelled field of a form screen.
type fieldSpec struct {
	Name, Label, Kind string // Kind: text (default), number, date, select, textarea, file
	Value, Err, Hint  string
	Required          bool
	Readonly          bool
	Options           []option
	// Keys are words of the use cases' (English) error messages that name
	// this field: an error with one of them is shown next to it.
	Keys []string
}

// formPage is a form screen: fields, one submit button, and where to go
// back to.
type formPage struct {
	Heading, Intro string
	Action         string
	Multipart      bool
	Fields         []fieldSpec
	Submit         string
	Danger         bool // the submit button destroys (revoke)
	Message        string
	Back           string
	Hidden         map[string]string
}

// who is the session's person as the use cases take them.
func who(s *session) stamp.Actor { return stamp.Actor{Name: s.Name, Role: s.Role} }

// placeError puts err next to the field its message names (by the fields'
// Keys, first match), or above the form. It returns false when err is not
// the person's mistake (the caller answers it as a failure).
func placeError(lang string, p *formPage, err error) bool {
	switch stamp.ErrorCode(err) {
	case stamp.EInvalid, stamp.EConflict, stamp.ENotFound:
	default:
		return false
	}
	msg := refusal(lang, err)
	low := strings.ToLower(stamp.ErrorMessage(err)) // the English text names the field
	for i := range p.Fields {
		for _, k := range p.Fields[i].Keys {
			if strings.Contains(low, k) {
				p.Fields[i].Err = msg
				p.Message = ""
				return true
			}
		}
	}
	p.Message = msg
	return true
}

// refused answers a use case's error on form p: the person's mistake is
// shown on the form (400), anything else as a failure.
func (c *Console) refused(w http.ResponseWriter, r *http.Request, s *session, p *formPage, err error) {
	if placeError(c.lang(nil, r), p, err) {
		c.showForm(w, r, s, http.StatusBadRequest, p)
		return
	}
	c.failErr(w, r, s, err)
}

// fill copies the request's form values into the fields.
func fill(p *formPage, r *http.Request) {
	for i := range p.Fields {
		if p.Fields[i].Kind != "file" {
			p.Fields[i].Value = strings.TrimSpace(r.PostFormValue(p.Fields[i].Name))
		}
	}
}

// value returns field name's value in p.
func (p *formPage) value(name string) string {
	for _, f := range p.Fields {
		if f.Name == name {
			return f.Value
		}
	}
	return ""
}

// setErr puts msg next to field name.
func (p *formPage) setErr(name, msg string) {
	for i := range p.Fields {
		if p.Fields[i].Name == name {
			p.Fields[i].Err = msg
			return
		}
	}
	p.Message = msg
}

// hasErrors reports whether any field has an error.
func (p *formPage) hasErrors() bool {
	for _, f := range p.Fields {
		if f.Err != "" {
			return true
		}
	}
	return p.Message != ""
}

// required marks every empty required field.
func (p *formPage) required(t map[string]string) {
	for i := range p.Fields {
		if p.Fields[i].Required && p.Fields[i].Value == "" && p.Fields[i].Kind != "file" {
			p.Fields[i].Err = t["fieldRequired"]
		}
	}
}

// showForm renders a form screen.
func (c *Console) showForm(w http.ResponseWriter, r *http.Request, s *session, status int, p *formPage) {
	c.render(w, r, status, "form", s, p.Heading, p)
}

// done sends the browser to path with a confirmation to show.
func done(w http.ResponseWriter, r *http.Request, path, what string) {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	http.Redirect(w, r, path+sep+"done="+url.QueryEscape(what), http.StatusSeeOther)
}

// writeRoutes registers the screens that change things; each calls one use
// case of package office.
func (c *Console) writeRoutes() {
	c.registryRoutes()
	c.batchRoutes()
	c.handle("GET", "/revoke", roleOffice, c.revokeRangeForm)
	c.handle("POST", "/revoke", roleOffice, c.revokeRange)
	c.handle("POST", "/stamps/{id}/revoke", roleOffice, c.revokeStamp)
	c.handle("POST", "/inbox/{kind}/{id}", roleInspector, c.setInboxState)
	c.handle("POST", "/tokens", roleOffice, c.createToken)
	c.handle("POST", "/tokens/{ref}/revoke", roleOffice, c.revokeToken)
}
