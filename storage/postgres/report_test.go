package postgres_test

import (
	"testing"
	"time"

	"github.com/ocop-hatinh/ocopstamp/storage/storagetest"
)

func TestReports(t *testing.T) {
	storagetest.RunReports(t, func(t *testing.T, now func() time.Time) storagetest.ReportStore {
		s := storagetest.OpenPostgres(t)
		s.Now = now
		return s
	})
}
