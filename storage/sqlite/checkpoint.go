package sqlite

import (
	"context"
	"database/sql"
	"log/slog"
	"sync"
	"time"
)

// checkpointEvery is how often the checkpointer copies the WAL into the
// database file.
const checkpointEvery = time.Second

// checkpointer copies committed WAL frames into the database file from its
// own connection, off the writer's path. SQLite's automatic checkpoint runs
// inside the COMMIT that crosses 1,000 pages and fsyncs the database file
// there: it made a 20,000-stamp batch's commit take 10–190 ms instead of
// 8–20 ms, time in which no signing overlaps. With synchronous=NORMAL the
// WAL is fsynced only by checkpoints, so checkpointing every second also
// bounds what a power cut can lose to about the last second of commits.
type checkpointer struct {
	db     *sql.DB
	cancel context.CancelFunc
	done   sync.WaitGroup
}

func startCheckpointer(db *sql.DB) *checkpointer {
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpointer{db: db, cancel: cancel}
	c.done.Add(1)
	go func() {
		defer c.done.Done()
		tick := time.NewTicker(checkpointEvery)
		defer tick.Stop()
		failing := false
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			// PASSIVE: never waits for readers or the writer; what it
			// cannot copy now it copies next time.
			var busy, frames, copied int
			err := db.QueryRowContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &copied)
			// One line when checkpoints start failing (a full disk fails
			// them every second) and one when they work again.
			switch {
			case ctx.Err() != nil:
			case err != nil && !failing:
				slog.Warn("sqlite checkpoint failed; the WAL grows until it works again", "err", err)
				failing = true
			case err == nil && failing:
				slog.Info("sqlite checkpoint works again")
				failing = false
			}
		}
	}()
	return c
}

// stop ends the checkpointer and closes its connection; the last connection
// to close checkpoints whatever remains.
func (c *checkpointer) stop() error {
	c.cancel()
	c.done.Wait()
	return c.db.Close()
}
