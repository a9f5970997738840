package server

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

// Readiness states, the "status" of a /readyz answer.
const (
	// ReadyOK: every dependency answers.
	ReadyOK = "ready"
	// ReadyDegraded: lookups and scans work, but a source of registry views
	// (the database or the cache) does not answer; lookups that needed it
	// answer 503 until it is back. /readyz answers 200: every replica shares
	// the same database and cache, so taking this one out of the load
	// balancer would help no client and fail the lookups it can answer.
	ReadyDegraded = "degraded"
	// ReadyUnavailable: no source of views answers, or a required dependency
	// (the scan pipeline: neither the database nor the spool takes scans)
	// fails. /readyz answers 503.
	ReadyUnavailable = "unavailable"
	// ReadyDraining: the server is shutting down; /readyz answers 503 so
	// that the load balancer stops sending requests before it stops
	// accepting them.
	ReadyDraining = "draining"
)

// probeMemory is how long after a /readyz request the server assumes a
// load balancer is watching it, and so waits Config.DrainDelay on shutdown.
const probeMemory = time.Minute

// readiness is the outcome of one round of checks.
type readiness struct {
	Status string            `json:"status"`
	Checks map[string]string `json:"checks"`
}

// readyz answers GET /readyz: can this replica serve lookups and keep
// scans? 200 for ready and degraded, 503 for unavailable and draining.
// With ?full (any value but 0 or false) every dependency must answer: 503
// when degraded too, for monitoring that alerts on any failing dependency.
// The body names each check ("ok" or "unavailable"); why one failed is
// logged, once per change.
func (s *Server) readyz(c *gin.Context) {
	c.Header("Cache-Control", "no-store")
	s.lastProbe.Store(time.Now().UnixNano())
	full := false
	if v, ok := c.GetQuery("full"); ok && v != "0" && v != "false" {
		full = true
	}
	if s.draining.Load() {
		c.JSON(http.StatusServiceUnavailable, readiness{Status: ReadyDraining, Checks: map[string]string{}})
		return
	}
	r := s.checkReady(c.Request.Context())
	code := http.StatusOK
	if r.Status == ReadyUnavailable || (full && r.Status != ReadyOK) {
		code = http.StatusServiceUnavailable
	}
	c.JSON(code, r)
}

// checkReady pings every dependency of Deps.Ready at once, each within
// Config.ReadyTimeout, and judges the outcome: unavailable when a
// dependency outside Deps.Sources fails or every source fails, degraded
// when some source fails, else ready.
func (s *Server) checkReady(ctx context.Context) readiness {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.ReadyTimeout)
	defer cancel()
	errs := make(map[string]error, len(s.deps.Ready))
	var mu sync.Mutex
	var wg sync.WaitGroup
	for name, p := range s.deps.Ready {
		wg.Go(func() {
			err := p.Ping(ctx)
			mu.Lock()
			errs[name] = err
			mu.Unlock()
		})
	}
	wg.Wait()
	s.logReadyChanges(errs)
	r := readiness{Status: ReadyOK, Checks: make(map[string]string, len(errs))}
	sources, sourcesUp := 0, 0
	for name, err := range errs {
		source := slices.Contains(s.deps.Sources, name)
		if source {
			sources++
		}
		if err == nil {
			r.Checks[name] = "ok"
			if source {
				sourcesUp++
			}
			continue
		}
		r.Checks[name] = "unavailable"
		if !source {
			r.Status = ReadyUnavailable
		}
	}
	switch {
	case r.Status == ReadyUnavailable:
	case sources > 0 && sourcesUp == 0:
		r.Status = ReadyUnavailable
	case sourcesUp < sources:
		r.Status = ReadyDegraded
	}
	return r
}

// logReadyChanges logs a check that starts failing (with its error) or
// answers again; a check that stays as it was is not logged again, so that
// a load balancer probing every half second does not flood the log during
// an outage.
func (s *Server) logReadyChanges(errs map[string]error) {
	s.readyMu.Lock()
	defer s.readyMu.Unlock()
	if s.readyDown == nil {
		s.readyDown = map[string]bool{}
	}
	for name, err := range errs {
		down := err != nil
		if down == s.readyDown[name] {
			continue
		}
		s.readyDown[name] = down
		if down {
			s.log.Warn("readiness check failed", "check", name, "err", err)
		} else {
			s.log.Info("readiness check passes again", "check", name)
		}
	}
}

// drain starts the shutdown: /readyz answers 503 (draining) and responses
// close their connections; when a load balancer probed /readyz within the
// last minute, it waits Config.DrainDelay so that the
// balancer marks this replica down while it still answers everything sent
// to it. Without such probes (one server, no balancer) it returns at once.
func (s *Server) drain(hs *http.Server) {
	s.draining.Store(true)
	hs.SetKeepAlivesEnabled(false)
	last := time.Unix(0, s.lastProbe.Load())
	if s.cfg.DrainDelay <= 0 || time.Since(last) > probeMemory {
		return
	}
	s.log.Info("draining: /readyz answers 503 before the server stops accepting", "delay", s.cfg.DrainDelay)
	time.Sleep(s.cfg.DrainDelay)
}
