package server

import (
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"
)

// limiter is a token bucket per client address, held in memory on this
// replica. Idle clients are forgotten after limiterIdle; the map never holds
// more than limiterMaxClients addresses (past that it starts afresh, which
// only ever lets more requests through).
type limiter struct {
	rate  rate.Limit
	burst int
	now   func() time.Time

	mu        sync.Mutex
	clients   map[string]*clientBucket
	lastSweep time.Time
}

type clientBucket struct {
	lim  *rate.Limiter
	seen time.Time
}

const (
	limiterIdle       = 5 * time.Minute
	limiterMaxClients = 200_000
)

func newLimiter(perSecond float64, burst int, now func() time.Time) *limiter {
	return &limiter{rate: rate.Limit(perSecond), burst: burst, now: now, clients: map[string]*clientBucket{}, lastSweep: now()}
}

// allow reports whether client may make one more request now.
func (l *limiter) allow(client string) bool {
	now := l.now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.lastSweep) > time.Minute || len(l.clients) >= limiterMaxClients {
		l.sweep(now)
	}
	b := l.clients[client]
	if b == nil {
		b = &clientBucket{lim: rate.NewLimiter(l.rate, l.burst)}
		l.clients[client] = b
	}
	b.seen = now
	return b.lim.AllowN(now, 1)
}

func (l *limiter) sweep(now time.Time) {
	for k, b := range l.clients {
		if now.Sub(b.seen) > limiterIdle {
			delete(l.clients, k)
		}
	}
	if len(l.clients) >= limiterMaxClients {
		clear(l.clients)
	}
	l.lastSweep = now
}

// rateLimit answers 429 with Retry-After when the client (its address as
// the trusted proxies let the server see it) is over the lookup rate.
func (s *Server) rateLimit(c *gin.Context) {
	if s.limiter == nil || s.limiter.allow(c.ClientIP()) {
		return
	}
	s.metrics.rateLimited.Inc()
	c.Header("Retry-After", "1")
	s.writeError(c, s.errorFormat(c), pickLang(c), failTooMany)
	c.Abort()
}
