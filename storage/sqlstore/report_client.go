package sqlstore

import "hash/fnv"

// clientKey returns the 60-bit number that stands for a client in the
// reports' distinct-scanner counts: the first 15 hex digits of its hash (the
// recorder's lower-case hex HMAC, so uniformly spread), or the top 60 bits of
// FNV-1a of a hash that does not start with 15 lower-case hex digits.
// Migration 00004 computes the same number in SQL for older rows.
func clientKey(hash string) int64 {
	if len(hash) >= 15 {
		var v int64
		for i := range 15 {
			c := hash[i]
			switch {
			case c >= '0' && c <= '9':
				v = v<<4 | int64(c-'0')
			case c >= 'a' && c <= 'f':
				v = v<<4 | int64(c-'a'+10)
			default:
				return fnvKey(hash)
			}
		}
		return v
	}
	return fnvKey(hash)
}

func fnvKey(s string) int64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return int64(h.Sum64() >> 4)
}
