package console

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// createToken issues a token and shows its text once.
func (c *Console) createToken(w http.ResponseWriter, r *http.Request, s *session) {
	t := c.words(r)
	f := formState{Values: map[string]string{}, Errors: map[string]string{}}
	for _, k := range []string{"name", "role", "days"} {
		f.Values[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	req := office.TokenRequest{Name: f.V("name"), Role: f.V("role")}
	if d := f.V("days"); d != "" {
		n, err := strconv.Atoi(d)
		if err != nil || n <= 0 || n > 3650 {
			f.Errors["days"] = t["badDays"]
		} else {
			exp := c.d.Now().Add(time.Duration(n) * 24 * time.Hour)
			req.ExpiresAt = &exp
		}
	}
	if f.V("name") == "" {
		f.Errors["name"] = t["fieldRequired"]
	}
	if len(f.Errors) > 0 {
		c.showTokens(w, r, s, http.StatusBadRequest, tokensData{Form: f})
		return
	}
	text, tok, err := c.d.Office.IssueToken(r.Context(), who(s), req)
	switch stamp.ErrorCode(err) {
	case "":
	case stamp.EInvalid, stamp.EConflict:
		msg, low := refusal(c.lang(nil, r), err), strings.ToLower(stamp.ErrorMessage(err))
		if strings.Contains(low, "role") {
			f.Errors["role"] = msg
		} else if strings.Contains(low, "expir") {
			f.Errors["days"] = msg
		} else {
			f.Errors["name"] = msg
		}
		c.showTokens(w, r, s, http.StatusBadRequest, tokensData{Form: f})
		return
	default:
		c.failErr(w, r, s, err)
		return
	}
	c.showTokens(w, r, s, http.StatusOK, tokensData{NewText: text, NewName: tok.Name})
}

// revokeToken revokes a token and ends its console sessions.
func (c *Console) revokeToken(w http.ResponseWriter, r *http.Request, s *session) {
	tok, err := c.d.Office.RevokeToken(r.Context(), who(s), r.PathValue("ref"))
	if err != nil {
		c.failErr(w, r, s, err)
		return
	}
	if _, err := c.d.Store.DeleteTokenSessions(r.Context(), tok.ID); err != nil {
		c.internal(w, r, s, err)
		return
	}
	done(w, r, Prefix+"/tokens", "tokenRevoked")
}
