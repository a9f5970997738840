package sqlstore

import "github.com/ocop-hatinh/ocopstamp/stamp"

// checkImport prepares the rows of an import before its transaction: prep
// normalises and validates a row (its error becomes EInvalid naming the
// row), and key, when not nil, names what must not repeat within the rows
// (a repeat is EConflict naming both rows).
func checkImport[T any](in []T, prep func(T) (T, error), key func(T) string) ([]T, error) {
	out := make([]T, len(in))
	seen := make(map[string]int, len(in))
	for i, r := range in {
		r, err := prep(r)
		if err != nil {
			return nil, stamp.RefuseWith(stamp.EInvalid, err, "Dòng %d", "row %d", i+1)
		}
		if key != nil {
			k := key(r)
			if j, ok := seen[k]; ok {
				return nil, stamp.Refusef(stamp.EConflict, "Dòng %d: %s trùng với dòng %d", "row %d: %s repeats row %d", i+1, k, j+1)
			}
			seen[k] = i
		}
		out[i] = r
	}
	return out, nil
}
