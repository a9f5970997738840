//go:build !linux

package spool

import (
	"errors"
	"os"
)

// allocate is not available here: Reserve fails and the spool works
// without a reserve.
func allocate(*os.File, int64, int64) error {
	return errors.New("allocating room ahead is supported on Linux only")
}
