// Package clientlimit is a token bucket per client address, in memory on one
// replica: the lookup server's lookups, the admin API's failed
// authentications and consumer reports and the web console's failed
// sign-ins are limited with it.
package clientlimit

import (
	"math"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter is a token bucket per client address, in memory on this replica:
// a client may spend burst tokens, then one every interval. Idle clients are
// forgotten; the map never holds more than limiterMaxClients addresses
// (past that it starts afresh, which only ever lets more through).
type Limiter struct {
	every time.Duration
	burst int
	now   func() time.Time

	mu        sync.Mutex
	clients   map[string]*bucket
	lastSweep time.Time
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

const limiterMaxClients = 200_000

// New returns a limiter that lets a client spend burst tokens, then one
// every every; now is its clock.
func New(every time.Duration, burst int, now func() time.Time) *Limiter {
	return &Limiter{every: every, burst: burst, now: now, clients: map[string]*bucket{}, lastSweep: now()}
}

// bucket returns client's bucket; l.mu is held.
func (l *Limiter) bucket(client string, now time.Time) *bucket {
	if now.Sub(l.lastSweep) > time.Minute || len(l.clients) >= limiterMaxClients {
		l.sweep(now)
	}
	b := l.clients[client]
	if b == nil {
		b = &bucket{lim: rate.NewLimiter(rate.Every(l.every), l.burst)}
		l.clients[client] = b
	}
	b.seen = now
	return b
}

// Blocked reports whether client has no token left now, and if so how long
// until it has one.
func (l *Limiter) Blocked(client string) (bool, time.Duration) {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.clients[client]
	if b == nil {
		return false, 0
	}
	if tok := b.lim.TokensAt(now); tok < 1 {
		return true, time.Duration((1 - tok) * float64(l.every))
	}
	return false, 0
}

// RetryAfter is the Retry-After value, in whole seconds and at least 1,
// for a client that was just refused: when its next token comes.
func (l *Limiter) RetryAfter(client string) int {
	_, wait := l.Blocked(client)
	return WaitSeconds(wait)
}

// WaitSeconds rounds a wait from Blocked up to whole seconds, at least 1,
// as Retry-After and the refusal messages give it.
func WaitSeconds(wait time.Duration) int { return max(1, int(math.Ceil(wait.Seconds()))) }

// Take spends one of client's tokens and reports whether it had one.
func (l *Limiter) Take(client string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bucket(client, now).lim.AllowN(now, 1)
}

// sweep forgets clients whose bucket has been full for a while.
func (l *Limiter) sweep(now time.Time) {
	idle := l.every*time.Duration(l.burst) + time.Minute
	for k, b := range l.clients {
		if now.Sub(b.seen) > idle {
			delete(l.clients, k)
		}
	}
	if len(l.clients) >= limiterMaxClients {
		clear(l.clients)
	}
	l.lastSweep = now
}
