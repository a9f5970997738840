package main

import (
	"context"
	"fmt"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

func cmdKeygen(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--rotate]")
	rotate := fs.Bool("rotate", false, "retire the active key and make a new active one (old stamps keep verifying)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	kd := e.Keys()
	k, err := kd.Generate(*rotate)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.Out, "created active key %s\n  private key: %s (mode 0600: keep it secret, back it up offline)\n  public keys: %s/%s (publish this file)\n",
		k.ID, kd.PrivateKeyPath(k.ID), kd.Path, stamp.KeySetFile)
	return nil
}

func cmdKey(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("list | retire KEYID | compromise KEYID [--at RFC3339]")
	at := fs.String("at", "", "compromise time (RFC 3339); default now")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("want list, retire KEYID or compromise KEYID")
	}
	kd := e.Keys()
	switch pos[0] {
	case "list":
		ks, err := kd.Keys()
		if err != nil {
			return err
		}
		for _, k := range ks.All() {
			line := fmt.Sprintf("%s  %-11s created %s", k.ID, k.State, k.CreatedAt.Format(time.RFC3339))
			if k.RetiredAt != nil {
				line += "  retired " + k.RetiredAt.Format(time.RFC3339)
			}
			if k.CompromisedAt != nil {
				line += "  compromised " + k.CompromisedAt.Format(time.RFC3339)
			}
			fmt.Fprintln(e.Out, line)
		}
		return nil
	case "retire", "compromise":
		if len(pos) != 2 {
			return usagef("%s needs one key id", pos[0])
		}
		id, err := stamp.ParseKeyID(pos[1])
		if err != nil {
			return err
		}
		when := e.now()
		if *at != "" {
			when, err = time.Parse(time.RFC3339, *at)
			if err != nil {
				return usagef("--at %q: want RFC 3339, e.g. 2026-11-29T08:00:00+07:00", *at)
			}
		}
		state := stamp.KeyRetired
		if pos[0] == "compromise" {
			state = stamp.KeyCompromised
		}
		if err := kd.SetState(id, state, when); err != nil {
			return err
		}
		fmt.Fprintf(e.Out, "key %s is now %s\n", id, state)
		return nil
	}
	return usagef("unknown key action %q: want list, retire or compromise", pos[0])
}
