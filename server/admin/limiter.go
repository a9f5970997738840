package admin

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// limiter is a token bucket per client address, in memory on this replica:
// a client may spend burst tokens, then one every interval. Idle clients are
// forgotten; the map never holds more than limiterMaxClients addresses
// (past that it starts afresh, which only ever lets more through).
type limiter struct {
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

const limiterMaxClients = 100_000

func newLimiter(every time.Duration, burst int, now func() time.Time) *limiter {
	return &limiter{every: every, burst: burst, now: now, clients: map[string]*bucket{}, lastSweep: now()}
}

// bucket returns client's bucket; l.mu is held.
func (l *limiter) bucket(client string, now time.Time) *bucket {
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

// blocked reports whether client has no token left now, and if so how long
// until it has one.
func (l *limiter) blocked(client string) (bool, time.Duration) {
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

// take spends one of client's tokens and reports whether it had one.
func (l *limiter) take(client string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bucket(client, now).lim.AllowN(now, 1)
}

// sweep forgets clients whose bucket has been full for a while.
func (l *limiter) sweep(now time.Time) {
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
