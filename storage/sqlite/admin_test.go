package sqlite_test

import (
	"testing"

	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

func TestAdmin(t *testing.T) {
	storagetest.RunAdmin(t, func(t *testing.T) storagetest.AdminStore { return storagetest.OpenSQLite(t) })
}
