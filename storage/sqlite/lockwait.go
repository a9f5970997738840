package sqlite

import (
	"context"
	"fmt"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage/errkind"
)

// defaultBusy is the writer's usual wait for a lock (the busy_timeout of
// pragmas).
const defaultBusy = 10 * time.Second

// WaitForWrites makes the writer wait up to wait (at least the usual 10 s)
// for another connection's or process's write lock, for the writes that
// follow. When another write holds the lock now, it calls busy once (to
// say so) and waits for the lock here: still held after wait is
// EUnavailable "another write is running".
func (s *Store) WaitForWrites(ctx context.Context, wait time.Duration, busy func()) error {
	wait = max(wait, defaultBusy)
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite %s: %w", s.Path, err)
	}
	defer conn.Close()
	setBusy := func(d time.Duration) error {
		_, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA busy_timeout = %d", d.Milliseconds()))
		return err
	}
	try := func() error {
		if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
			return err
		}
		_, err := conn.ExecContext(ctx, "ROLLBACK")
		return err
	}
	if err := setBusy(0); err != nil {
		return fmt.Errorf("sqlite %s: %w", s.Path, err)
	}
	err = try()
	if err != nil && errkind.Of(err) == stamp.EUnavailable {
		busy()
		if err = setBusy(wait); err == nil {
			if err = try(); err != nil && errkind.Of(err) == stamp.EUnavailable {
				err = stamp.Errorf(stamp.EUnavailable, "another write is still running on %s after %s; try again later", s.Path, wait)
			}
		}
	}
	if serr := setBusy(wait); err == nil && serr != nil {
		err = fmt.Errorf("sqlite %s: %w", s.Path, serr)
	}
	return err
}
