package storagetest

import "testing"

func TestSnapshotsSQLite(t *testing.T) {
	RunSnapshots(t, func(t *testing.T) SnapshotStore { return OpenSQLite(t) })
}

func TestSnapshotsPostgres(t *testing.T) {
	RunSnapshots(t, func(t *testing.T) SnapshotStore { return OpenPostgres(t) })
}
