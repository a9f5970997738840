package sqlite

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
)

// privateMode is the mode of a new database file, and so of its -wal and
// -shm files (SQLite creates them with the database file's permissions).
const privateMode = 0o600

// ensurePrivate creates the database file at path with privateMode when it
// does not exist yet, and warns when an existing database file, or its
// -wal or -shm file, is readable or writable by others than its owner.
func ensurePrivate(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, privateMode)
	if err == nil {
		// umask cannot widen 0600; Chmod in case it would narrow it oddly.
		return errors.Join(f.Chmod(privateMode), f.Close())
	}
	if !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("create the database file: %w", err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		fi, err := os.Stat(p)
		if err != nil || !fi.Mode().IsRegular() {
			continue
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			slog.Warn("the database file is accessible to other users; it holds consumer contacts and token hashes",
				"file", p, "mode", fmt.Sprintf("%04o", perm), "fix", fmt.Sprintf("chmod 600 %s*", path))
		}
	}
	return nil
}
