package admin

// BodyLimit is a route of this package whose request bodies may be larger
// than the lookup server's default cap (see server.Server.AllowBody).
type BodyLimit struct {
	Method, Path string
	Max          int64
}

// BodyLimits lists the routes Register mounts that take larger bodies, each
// with its cap: the inspection upload. The caller passes them to
// server.Server.AllowBody. (The lookup server caps its own report form.)
func BodyLimits() []BodyLimit {
	return []BodyLimit{
		{"POST", Prefix + "/inspections", MaxInspectionBody},
	}
}
