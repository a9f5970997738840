package verify

import (
	"errors"
	"time"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// Offline checks a code text with the public keys alone, without the
// registry: the `ocopstamp verify` command and inspectors without a network.
// A malformed text returns a *stamp.CodeError. Otherwise the verdict is
// not_genuine (bad signature or unknown key), check_online (a valid signature
// under a compromised key: only the registry can tell) or genuine (the office
// signed this stamp id for this product number; revocation, certification
// and copying are not checked). Only stamp.Verdict, Reason, Code and CheckedAt are
// set.
func Offline(text string, keys *stamp.KeySet) (*Result, error) {
	code, key, err := stamp.DecodeAndVerify(text, keys)
	r := &Result{CheckedAt: time.Now()}
	if err != nil {
		var ce *stamp.CodeError
		if !errors.As(err, &ce) || ce.Malformed() {
			return nil, err
		}
		r.Verdict, r.Code = stamp.NotGenuine, codeInfo(code, key, false)
		r.Reason = stamp.ReasonBadSignature
		if errors.Is(err, stamp.ErrUnknownKey) {
			r.Reason = stamp.ReasonUnknownKey
		}
		return r, nil
	}
	r.Code = codeInfo(code, key, true)
	if key.State == stamp.KeyCompromised {
		r.Verdict, r.Reason = stamp.CheckOnline, stamp.ReasonKeyCompromised
		return r, nil
	}
	r.Verdict = stamp.Genuine
	return r, nil
}
