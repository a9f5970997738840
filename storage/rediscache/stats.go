package rediscache

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/redis/go-redis/v9"

	"github.com/ocop-hatinh/ocopstamp/stamp"
)

// A stamp's scan statistics live in three keys sharing the stamp's hash tag
// (so that they sit in one Redis Cluster slot, with the stamp's views):
// a hash (n: scan count, f: first scan in unix ms, d: distinct clients when
// the statistics were rebuilt from the store) whose presence means "known",
// a HyperLogLog of client hashes, and a summary string "n f d" (d =
// max(hash d, PFCOUNT)) that the scripts below rewrite after every update,
// so that a lookup reads the view and the statistics with one MGET.

// statsLua holds the helpers of the scripts. KEYS: hash, HyperLogLog,
// summary.
const statsLua = `
local function pfadd(from)
  local i = from
  while i <= #ARGV do
    local j = math.min(i + 499, #ARGV)
    redis.call('PFADD', KEYS[2], unpack(ARGV, i, j))
    i = j + 1
  end
end
local function apply(n, first, from)
  redis.call('HINCRBY', KEYS[1], 'n', n)
  local f = tonumber(redis.call('HGET', KEYS[1], 'f'))
  if tonumber(first) > 0 and ((not f) or tonumber(first) < f) then
    redis.call('HSET', KEYS[1], 'f', first)
  end
  pfadd(from)
end
local function finish(ttl)
  local h = redis.call('HMGET', KEYS[1], 'n', 'f', 'd')
  local d = math.max(tonumber(h[3] or 0), redis.call('PFCOUNT', KEYS[2]))
  redis.call('SET', KEYS[3], (h[1] or '0') .. ' ' .. (h[2] or '0') .. ' ' .. string.format('%d', d), 'EX', ttl)
  redis.call('EXPIRE', KEYS[1], ttl)
  redis.call('EXPIRE', KEYS[2], ttl)
end
`

// applyScript adds one flushed batch of a stamp's scans to known statistics.
// ARGV: count, first ms, ttl seconds, client hashes... Returns 0 (and does
// nothing) when the statistics are not known yet.
var applyScript = redis.NewScript(statsLua + `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
apply(ARGV[1], ARGV[2], 4)
finish(ARGV[3])
return 1
`)

// seedScript rebuilds statistics from the store's figures (which include the
// batch just written), or, when another replica did so meanwhile, applies
// the batch. ARGV: seed count, seed first ms, seed distinct, ttl seconds,
// batch count, batch first ms, number of seed hashes S, S seed hashes, batch
// hashes...
var seedScript = redis.NewScript(statsLua + `
local s = tonumber(ARGV[7])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'n', ARGV[1], 'd', ARGV[3])
  if tonumber(ARGV[2]) > 0 then redis.call('HSET', KEYS[1], 'f', ARGV[2]) end
  pfadd(8)
else
  apply(ARGV[5], ARGV[6], 8 + s)
end
finish(ARGV[4])
return 1
`)

// parseStats reads a summary "n f d"; nil when absent or unreadable.
func parseStats(v any) *stamp.ScanStats {
	s, ok := v.(string)
	if !ok {
		return nil
	}
	var v3 [3]int64
	for i := range v3 {
		field, rest, _ := strings.Cut(s, " ")
		n, err := strconv.ParseInt(field, 10, 64)
		if err != nil {
			return nil
		}
		v3[i], s = n, rest
	}
	n, f, d := v3[0], v3[1], v3[2]
	st := &stamp.ScanStats{Count: n, DistinctClients: d}
	if f > 0 {
		t := time.UnixMilli(f).UTC()
		st.FirstAt = &t
	}
	return st
}

// batch is one stamp's share of a flushed batch of scans.
type batch struct {
	id     uuid.UUID
	n      int64
	first  int64 // unix ms
	hashes []any
}

func group(events []stamp.ScanEvent) []*batch {
	by := make(map[uuid.UUID]*batch)
	var out []*batch
	seen := make(map[string]bool)
	for _, e := range events {
		b := by[e.StampID]
		if b == nil {
			b = &batch{id: e.StampID}
			by[e.StampID] = b
			out = append(out, b)
		}
		b.n++
		if ms := e.At.UnixMilli(); b.first == 0 || ms < b.first {
			b.first = ms
		}
		if k := e.StampID.String() + e.ClientHash; !seen[k] {
			seen[k] = true
			b.hashes = append(b.hashes, e.ClientHash)
		}
	}
	return out
}

// statsChunk is the most stamps one pipelined call of AddScans carries: a
// flush holds up to a few thousand scans, and one pipeline of all of them
// could not be read back within the client's read timeout (200ms) while the
// machine is busy.
const statsChunk = 64

// AddScans adds a batch of scans, already written to the store, to the
// stamps' statistics in Redis: pipelined round trips of up to statsChunk
// stamps, plus a rebuild from the store for stamps whose statistics Redis
// does not hold (first scan, or Redis lost them). It returns an error when
// Redis cannot be reached or is too slow; the statistics then miss the rest
// of this batch (lookups may under-count until they are rebuilt), which
// never fails a lookup. Its errors are counted but, unlike a lookup's, do not
// send lookups to the store: a slow write of a large batch says little about
// whether Redis answers a GET. A rebuild racing with another replica's batch
// may count that batch twice.
func (c *Cache) AddScans(ctx context.Context, events []stamp.ScanEvent) error {
	if len(events) == 0 {
		return nil
	}
	if !c.usable() {
		return errUnavailable
	}
	ttl := strconv.FormatInt(int64(c.opts.StatsTTL/time.Second), 10)
	batches := group(events)
	var unknown []*batch
	for from := 0; from < len(batches); from += statsChunk {
		chunk := batches[from:min(from+statsChunk, len(batches))]
		rctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout+time.Duration(len(chunk))*time.Millisecond)
		pipe := c.rdb.Pipeline()
		cmds := make([]*redis.Cmd, len(chunk))
		for i, b := range chunk {
			args := append([]any{b.n, b.first, ttl}, b.hashes...)
			cmds[i] = applyScript.Eval(rctx, pipe, c.statsKeys(b.id), args...)
		}
		_, _ = pipe.Exec(rctx)
		cancel()
		for i, cmd := range cmds {
			n, err := cmd.Int64()
			if err != nil {
				c.m.errors.Add(1)
				return fmt.Errorf("scan statistics: %w", err)
			}
			if n == 0 {
				unknown = append(unknown, chunk[i])
			} else {
				c.m.statsUpdates.Add(1)
			}
		}
	}
	for _, b := range unknown {
		if err := c.seed(ctx, b, ttl); err != nil {
			return err
		}
	}
	return nil
}

// seed rebuilds a stamp's statistics from the store.
func (c *Cache) seed(ctx context.Context, b *batch, ttl string) error {
	st, err := c.src.ScanStats(ctx, b.id)
	if err != nil {
		return fmt.Errorf("scan statistics of %s: %w", b.id, err)
	}
	recent, err := c.src.StampScans(ctx, b.id, c.opts.SeedScans)
	if err != nil {
		return fmt.Errorf("recent scans of %s: %w", b.id, err)
	}
	var first int64
	if st.FirstAt != nil {
		first = st.FirstAt.UnixMilli()
	}
	seen := make(map[string]bool, len(recent))
	var hashes []any
	for _, e := range recent {
		if !seen[e.ClientHash] {
			seen[e.ClientHash] = true
			hashes = append(hashes, e.ClientHash)
		}
	}
	args := []any{st.Count, first, st.DistinctClients, ttl, b.n, b.first, len(hashes)}
	args = append(append(args, hashes...), b.hashes...)
	rctx, cancel := context.WithTimeout(ctx, c.opts.CallTimeout)
	defer cancel()
	if err := seedScript.Run(rctx, c.rdb, c.statsKeys(b.id), args...).Err(); err != nil {
		c.m.errors.Add(1)
		return fmt.Errorf("scan statistics of %s: %w", b.id, err)
	}
	c.m.seeds.Add(1)
	return nil
}
