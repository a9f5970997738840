package main

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/verify"
)

// offlineCheck is one verified input for printing.
type offlineCheck struct {
	Input  string         `json:"input"`
	Error  string         `json:"error,omitempty"`
	Result *verify.Result `json:"result,omitempty"`
}

func cmdVerify(ctx context.Context, e *Env, args []string) error {
	fs := e.flags("[--keys-file keys.json] [--json] CODE|URL...")
	keysFile := fs.String("keys-file", "", "public key set file (default: keys.json in the key folder)")
	asJSON := fs.Bool("json", false, "print JSON for machines")
	pos, err := e.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("give one or more codes or URLs to verify")
	}
	path := *keysFile
	if path == "" {
		path = filepath.Join(e.KeysDir, stamp.KeySetFile)
	}
	keys, err := stamp.LoadKeySet(path)
	if err != nil {
		return usageError{err.Error()}
	}
	var checks []offlineCheck
	allGenuine := true
	for _, in := range pos {
		c := offlineCheck{Input: in}
		r, err := verify.Offline(in, keys)
		if err != nil {
			c.Error = stamp.ErrorMessage(err)
			allGenuine = false
		} else {
			c.Result = r
			if r.Verdict != verify.Genuine {
				allGenuine = false
			}
		}
		checks = append(checks, c)
	}
	if *asJSON {
		enc := json.NewEncoder(e.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(checks); err != nil {
			return err
		}
	} else {
		for _, c := range checks {
			printCheck(e, c)
		}
	}
	if !allGenuine {
		return exitError{1}
	}
	return nil
}

func printCheck(e *Env, c offlineCheck) {
	in := c.Input
	if len(in) > 40 {
		in = in[:20] + "…" + in[len(in)-12:]
	}
	if c.Error != "" {
		fmt.Fprintf(e.Out, "%s\n  NOT A STAMP CODE: %s\n", in, c.Error)
		return
	}
	r := c.Result
	switch r.Verdict {
	case verify.Genuine:
		fmt.Fprintf(e.Out, "%s\n  GENUINE signature (offline: revocation, certificate and copies need the online check)\n", in)
	case verify.CheckOnline:
		fmt.Fprintf(e.Out, "%s\n  CHECK ONLINE: valid signature under a compromised key\n", in)
	default:
		fmt.Fprintf(e.Out, "%s\n  NOT GENUINE: %s\n", in, r.Reason)
	}
	state := r.Code.KeyState
	if state == "" {
		state = "unknown"
	}
	fmt.Fprintf(e.Out, "  key %s (%s), product %d, stamp %s\n", r.Code.KeyID, state, r.Code.ProductNumber, r.Code.StampID)
}
