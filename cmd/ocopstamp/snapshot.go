package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

func cmdSnapshot(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("--out FILE\n\nWrites the registry snapshot that 'ocopstamp verify --registry FILE' reads offline,\n" +
		"signed with the office's active key. --out - writes it to standard output.")
	out := fs.String("out", "", "file to write (- for standard output)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *out == "" {
		return usagef("--out is required (a file name, or - for standard output)")
	}
	kd := e.Keys()
	signer, err := kd.Signer()
	if err != nil {
		return err
	}
	keys, err := kd.Keys()
	if err != nil {
		return err
	}
	off, err := e.Office(ctx)
	if err != nil {
		return err
	}
	off.Signer, off.Keys = signer, keys
	var sum verify.SnapshotSummary
	written := false
	err = off.Snapshot(ctx, e.Who(), func(data []byte, s verify.SnapshotSummary) error {
		sum = s
		if *out == "-" {
			if _, err := e.Out.Write(data); err != nil {
				return fmt.Errorf("write snapshot: %w", err)
			}
		} else if err := writeSnapshotFile(*out, data); err != nil {
			return err
		}
		written = true
		return nil
	})
	if err != nil && written {
		return fmt.Errorf("snapshot written but not audited: %w", err)
	}
	if err != nil {
		return err
	}
	report := e.Out
	if *out == "-" {
		report = e.Err
	}
	fmt.Fprintf(report, "wrote %s (%d bytes): registry version %d at %s, signed by key %s\n  %d facilities, %d products, %d certifications, %d batches (%d revoked), %d revoked stamps\n",
		*out, sum.Bytes, sum.RegistryVersion, sum.GeneratedAt.Format("2006-01-02 15:04:05Z"), sum.SignedBy,
		sum.Facilities, sum.Products, sum.Certifications, sum.Batches, sum.RevokedBatches, sum.RevokedStamps)
	return nil
}

// writeSnapshotFile writes data to path through a temporary file in the same
// folder, so that a reader never sees half a snapshot.
func writeSnapshotFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".snapshot-*.json")
	if err != nil {
		return stamp.Errorf(stamp.EInvalid, "write snapshot: %v", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write snapshot: %w", err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return fmt.Errorf("write snapshot: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write snapshot: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return stamp.Errorf(stamp.EInvalid, "write snapshot: %v", err)
	}
	return nil
}
