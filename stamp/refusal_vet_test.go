package stamp_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// refusalDirs are the packages whose refusals an office clerk can meet in
// the console: the use cases, the registry rules, the registry CSV rules and
// the store. Paths are relative to this package.
var refusalDirs = []string{"../office", ".", "./registrycsv", "../storage/sqlstore"}

// englishOnly lists the files whose person-facing refusals (EInvalid,
// ENotFound, EConflict, EForbidden, EUnauthorized) may still be made by
// Errorf without Vietnamese, with how many. They are reached from the CLI,
// the key files or as internal-consistency checks of the store, never from
// a console screen. The counts only go down: a new refusal uses Refusef.
var englishOnly = map[string]int{
	"office/inspection.go":          2, // code and photo checks of the inspector app's sync
	"stamp/digitallink.go":          8, // the public resolver's parser
	"stamp/key.go":                  8, // key sets
	"stamp/keyfile.go":              23,
	"stamp/serial.go":               1, // wraps a strconv error; reached only with 10 digits
	"storage/sqlstore/audit.go":     1, // internal: an audit entry without action
	"storage/sqlstore/batch.go":     7, // internal: ids, keys and stamp counts of a mint
	"storage/sqlstore/scans.go":     2, // internal: a scan without stamp id or time
	"storage/sqlstore/retention.go": 1, // the retention command's cut
	"storage/sqlstore/session.go":   4, // internal: session and mint-job bookkeeping
	"storage/sqlstore/settings.go":  1, // internal: a setting without name
	"storage/sqlstore/token.go":     1, // internal: a token without hash
}

// viArg is the index of the Vietnamese format among the arguments of each
// maker of a two-language refusal (the English one follows it): stamp's,
// registrycsv's problems of a row and of a file, and office's import
// conflicts.
var viArg = map[string]int{"Refusef": 1, "RefuseWith": 2, "errf": 1, "newErr": 3, "problemf": 2}

var personCodes = map[string]bool{"EInvalid": true, "ENotFound": true, "EConflict": true, "EForbidden": true, "EUnauthorized": true}

// TestRefusalsHaveVietnamese walks the source of refusalDirs: every
// person-facing refusal is made by Refusef or RefuseWith, whose Vietnamese
// and English formats are string literals that use the same arguments and
// differ, the Vietnamese one with Vietnamese letters; Errorf refusals are
// allowed only as counted in englishOnly.
func TestRefusalsHaveVietnamese(t *testing.T) {
	fset := token.NewFileSet()
	got := map[string]int{}
	refusals := 0
	for _, dir := range refusalDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, path := range files {
			if strings.HasSuffix(path, "_test.go") || filepath.Base(path) == "error.go" {
				continue
			}
			f, err := parser.ParseFile(fset, path, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimPrefix(filepath.ToSlash(filepath.Clean(filepath.Join("stamp", path))), "")
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.CompositeLit); ok {
					checkLiteral(t, fset, name, lit)
					return true
				}
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) == 0 {
					return true
				}
				fn := callName(call.Fun)
				pos := fset.Position(call.Pos())
				where := name + ":" + strconv.Itoa(pos.Line)
				switch fn {
				case "Errorf":
					if personCodes[callName(call.Args[0])] {
						got[name]++
					}
				case "Refusef", "RefuseWith", "errf", "newErr", "problemf":
					refusals++
					i := viArg[fn]
					if len(call.Args) < i+2 {
						t.Errorf("%s: %s without both texts", where, fn)
						return true
					}
					vi, okVI := literal(call.Args[i])
					en, okEN := literal(call.Args[i+1])
					if !okVI || !okEN {
						t.Errorf("%s: %s texts must be string literals (so that this test can read them)", where, fn)
						return true
					}
					nargs := len(call.Args) - i - 2
					checkPair(t, where, vi, en, nargs)
				}
				return true
			})
		}
	}
	if refusals < 100 {
		t.Errorf("found only %d Refusef calls: is the walk reading the right folders?", refusals)
	}
	var names []string
	for n := range got {
		names = append(names, n)
	}
	for n := range englishOnly {
		if _, ok := got[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		switch {
		case got[n] > englishOnly[n]:
			t.Errorf("%s: %d refusal(s) made by Errorf without Vietnamese (allowed %d): use stamp.Refusef(code, vi, en, args...)", n, got[n], englishOnly[n])
		case got[n] < englishOnly[n]:
			t.Errorf("%s: %d English-only refusal(s), fewer than the %d allowed: lower englishOnly to %d", n, got[n], englishOnly[n], got[n])
		}
	}
}

// checkLiteral fails a composite literal that sets an English text (Msg
// of a registrycsv.Error, Message of an office.ImportProblem) without its
// Vietnamese one (MsgVI, MessageVI).
func checkLiteral(t *testing.T, fset *token.FileSet, name string, lit *ast.CompositeLit) {
	t.Helper()
	keys := map[string]bool{}
	for _, el := range lit.Elts {
		if kv, ok := el.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				keys[id.Name] = true
			}
		}
	}
	for en, vi := range map[string]string{"Msg": "MsgVI", "Message": "MessageVI"} {
		if keys[en] && !keys[vi] && keys["Line"] {
			t.Errorf("%s:%d: a problem with %s but no %s", name, fset.Position(lit.Pos()).Line, en, vi)
		}
	}
}

// checkPair checks one refusal's two formats.
func checkPair(t *testing.T, where, vi, en string, nargs int) {
	t.Helper()
	if vi == en {
		t.Errorf("%s: the Vietnamese text is the English one: %q", where, en)
	}
	vietnamese := false
	for _, r := range vi {
		if r >= utf8.RuneSelf {
			vietnamese = true
			break
		}
	}
	if !vietnamese {
		t.Errorf("%s: %q has no Vietnamese letter", where, vi)
	}
	// Each format uses only the arguments there are; one that leaves some
	// out must use explicit indexes (else fmt appends %!(EXTRA …)); between
	// them the two use every argument.
	all := make([]int, nargs)
	for i := range all {
		all[i] = i
	}
	union := map[int]bool{}
	for _, f := range []string{vi, en} {
		used := argsUsed(f)
		for _, n := range used {
			if n < 0 || n >= nargs {
				t.Errorf("%s: %q uses argument %d of %d", where, f, n+1, nargs)
			}
			union[n] = true
		}
		if !equalInts(used, all) && !strings.Contains(f, "%[") {
			t.Errorf("%s: %q uses arguments %v of %d without explicit indexes", where, f, used, nargs)
		}
	}
	if len(union) != nargs {
		t.Errorf("%s: %d argument(s), but the two formats use only %d of them", where, nargs, len(union))
	}
}

func callName(e ast.Expr) string {
	switch x := e.(type) {
	case *ast.Ident:
		return x.Name
	case *ast.SelectorExpr:
		return x.Sel.Name
	}
	return ""
}

func literal(e ast.Expr) (string, bool) {
	lit, ok := e.(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// argsUsed returns the sorted, distinct argument indexes a fmt format
// uses, following explicit indexes ("%[2]s") and '*' widths.
func argsUsed(format string) []int {
	used := map[int]bool{}
	arg := 0
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		for i < len(format) {
			c := format[i]
			switch {
			case c == '[':
				j := strings.IndexByte(format[i:], ']')
				if j < 0 {
					return nil
				}
				n, _ := strconv.Atoi(format[i+1 : i+j])
				arg = n - 1
				i += j + 1
				continue
			case c == '*':
				used[arg] = true
				arg++
				i++
				continue
			case c >= '0' && c <= '9' || c == '.':
				i++
				continue
			}
			break
		}
		if i >= len(format) {
			break
		}
		if format[i] == '%' {
			continue
		}
		used[arg] = true
		arg++
	}
	out := make([]int, 0, len(used))
	for n := range used {
		out = append(out, n)
	}
	sort.Ints(out)
	return out
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestArgsUsed(t *testing.T) {
	for f, want := range map[string][]int{
		"plain":            {},
		"%d%%":             {0},
		"%s %q %U":         {0, 1, 2},
		"%[2]s then %[1]d": {0, 1},
		"%*d and %-8.3f":   {0, 1, 2},
		"%[3]s":            {2},
		"a %04o b %c":      {0, 1},
	} {
		if got := argsUsed(f); !equalInts(got, want) {
			t.Errorf("argsUsed(%q) = %v, want %v", f, got, want)
		}
	}
}

// TestFieldNamesInVietnamese: the text-limit refusals name their field in
// Vietnamese, after the thing it belongs to.
func TestFieldNamesInVietnamese(t *testing.T) {
	long := strings.Repeat("x", stamp.MaxShortLen+1)
	f := stamp.Facility{Code: "HT-CS-1", Name: "HTX", District: "Hương Khê", Phone: long}
	if got, want := stamp.ErrorMessageVI(f.Validate()), "Cơ sở HT-CS-1: điện thoại dài 101 ký tự; tối đa 100 ký tự"; got != want {
		t.Errorf("facility phone: %q, want %q", got, want)
	}
	if got, want := stamp.ErrorMessage(f.Validate()), "facility HT-CS-1: phone is 101 characters long; at most 100"; got != want {
		t.Errorf("facility phone (English): %q, want %q", got, want)
	}
	if got, want := stamp.ErrorMessageVI(stamp.CheckFreeText("print reason", "a\u202eb", 50)), "Lý do in: không được dùng ký tự U+202E (ký tự điều khiển, ký tự ẩn hoặc chưa được gán)"; got != want {
		t.Errorf("print reason: %q, want %q", got, want)
	}
	if got, want := stamp.ErrorMessageVI(stamp.CheckFreeText("inspection place", long, 10)), "Địa điểm kiểm tra dài 101 ký tự; tối đa 10 ký tự"; got != want {
		t.Errorf("inspection place: %q, want %q", got, want)
	}
}
