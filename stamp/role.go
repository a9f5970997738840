package stamp

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Roles of the office's people (admin API tokens, the CLI and the web
// apps), from the most to the least powerful. Each role may do everything
// the roles below it may.
const (
	RoleOffice    = "office"    // registry writes, mint, print, revoke, tokens: everything
	RoleInspector = "inspector" // stamp detail with scans, inspections, consumer reports, snapshot
	RoleViewer    = "viewer"    // registry reads, batches, monthly reports, audit log
)

// Roles lists the roles, most powerful first.
var Roles = []string{RoleOffice, RoleInspector, RoleViewer}

// RoleRank orders roles: office 3, inspector 2, viewer 1, anything else 0.
func RoleRank(role string) int {
	switch role {
	case RoleOffice:
		return 3
	case RoleInspector:
		return 2
	case RoleViewer:
		return 1
	}
	return 0
}

// CheckRole returns an EInvalid *Error unless role is one of Roles.
func CheckRole(role string) error {
	if RoleRank(role) == 0 {
		return Refusef(EInvalid, "Quyền %q không hợp lệ; chỉ nhận office (văn phòng), inspector (thanh tra) hoặc viewer (xem)", "role %q: want office, inspector or viewer", role)
	}
	return nil
}

// Actor is the person a use case acts for: a token's name (or "cli:user"
// for the command line) and the role that token grants. Name is what the
// audit log records.
type Actor struct {
	Name string
	Role string
}

// Can reports whether the actor's role includes role (office includes
// inspector, which includes viewer).
func (a Actor) Can(role string) bool {
	return RoleRank(a.Role) >= RoleRank(role) && RoleRank(role) > 0
}

// MaxTokenName bounds a token's name, in characters.
const MaxTokenName = 64

// CheckTokenName returns an EInvalid *stamp.Error unless name is 1 to 64
// printable characters without ':' (CLI actors are "cli:user") or '/', without
// surrounding spaces, and not only digits (a number names a token id), nor
// with look-alike characters (see checkTokenLookalikes).
func CheckTokenName(name string) error {
	n := utf8.RuneCountInString(name)
	switch {
	case n == 0:
		return Refusef(EInvalid, "Chưa nhập tên người giữ mã truy cập", "token name is required")
	case n > MaxTokenName:
		return Refusef(EInvalid, "Tên mã truy cập dài %d ký tự; tối đa %d ký tự", "token name is %d characters; at most %d", n, MaxTokenName)
	case strings.TrimSpace(name) != name:
		return Refusef(EInvalid, "Tên mã truy cập %q có dấu cách ở đầu hoặc cuối", "token name %q has leading or trailing spaces", name)
	case strings.ContainsAny(name, ":/"):
		return Refusef(EInvalid, "Tên mã truy cập %q: không được dùng ':' và '/'", "token name %q: ':' and '/' are not allowed", name)
	case strings.Trim(name, "0123456789") == "":
		return Refusef(EInvalid, "Tên mã truy cập %q: tên không được chỉ gồm chữ số (số dùng để chỉ mã ID của mã truy cập)", "token name %q: a name may not be only digits (a number names a token id)", name)
	case !utf8.ValidString(name):
		return Refusef(EInvalid, "Tên mã truy cập không phải văn bản UTF-8 hợp lệ", "token name is not valid UTF-8")
	}
	for _, r := range name {
		if !unicode.IsPrint(r) {
			return Refusef(EInvalid, "Tên mã truy cập %q có ký tự không in được %U", "token name %q: unprintable character %U", name, r)
		}
	}
	return checkTokenLookalikes(name)
}
