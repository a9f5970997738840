package admin

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/ocop-hatinh/ocopstamp/office"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// listTokens answers GET /tokens (office): every token with its state and
// last use, never a secret or hash.
func (h *handler) listTokens(c *gin.Context) {
	ts, err := h.d.Store.ListTokens(c.Request.Context())
	if err != nil {
		h.fail(c, err)
		return
	}
	now := h.now()
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"tokens": mapSlice(ts, func(t *storage.Token) tokenJSON { return tokenView(t, now) })})
}

type tokenInput struct {
	Name      *string `json:"name"`
	Role      *string `json:"role"`
	ExpiresIn string  `json:"expires_in"` // "720h", "90d"; "" or "never": never
}

type createdTokenJSON struct {
	tokenJSON
	Token string `json:"token"`
	Note  string `json:"note"`
}

// createToken answers POST /tokens (office) with 201 and the new token's
// text, shown this once.
func (h *handler) createToken(c *gin.Context) {
	var in tokenInput
	if !decode(c, &in) {
		return
	}
	if in.Name == nil || in.Role == nil {
		invalid(c, "name and role (office, inspector or viewer) are required")
		return
	}
	now := h.now()
	exp, err := office.ParseExpiry(in.ExpiresIn, now)
	if err != nil {
		h.fail(c, err)
		return
	}
	secret, t, err := h.off.IssueToken(c.Request.Context(), who(c),
		office.TokenRequest{Name: *in.Name, Role: strings.ToLower(strings.TrimSpace(*in.Role)), ExpiresAt: exp})
	if err != nil {
		h.fail(c, err)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusCreated, createdTokenJSON{tokenJSON: tokenView(t, now), Token: secret,
		Note: "store this token now: it is shown only once; the server keeps only its hash"})
}

// revokeToken answers POST /tokens/{name or id}/revoke (office).
func (h *handler) revokeToken(c *gin.Context) {
	t, err := h.off.RevokeToken(c.Request.Context(), who(c), c.Param("ref"))
	if err != nil {
		h.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, tokenView(t, h.now()))
}
