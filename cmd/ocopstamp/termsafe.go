package main

import (
	"fmt"
	"io"
	"unicode"
	"unicode/utf8"
)

// termSafe wraps a terminal-bound writer so that registry text and audit
// details never reach the terminal raw: control characters other than the
// line break (ESC starts terminal escape sequences, BEL rings, CR rewrites
// a line) and invisible format characters (bidi overrides such as U+202E
// reorder what follows) are written as \u{…} escapes. Data stored before
// the registry's field limits may hold them.
func termSafe(w io.Writer) io.Writer { return termWriter{w} }

type termWriter struct{ w io.Writer }

func (t termWriter) Write(p []byte) (int, error) {
	n := len(p)
	out := make([]byte, 0, len(p)+16)
	for len(p) > 0 {
		r, size := utf8.DecodeRune(p)
		if size == 1 && r == utf8.RuneError || !unsafeRune(r) {
			out = append(out, p[:size]...) // invalid bytes pass as they are
		} else {
			out = fmt.Appendf(out, `\u{%X}`, r)
		}
		p = p[size:]
	}
	if _, err := t.w.Write(out); err != nil {
		return 0, err
	}
	return n, nil
}

// unsafeRune reports whether r must not reach a terminal raw.
func unsafeRune(r rune) bool {
	return r != '\n' && (unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r))
}
