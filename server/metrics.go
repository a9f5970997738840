package server

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// httpMetrics are the server's own Prometheus collectors. docs/api.md lists
// them.
type httpMetrics struct {
	requests    *prometheus.CounterVec
	duration    *prometheus.HistogramVec
	inFlight    prometheus.Gauge
	verdicts    *prometheus.CounterVec
	rateLimited prometheus.Counter
	panics      prometheus.Counter
}

func newHTTPMetrics() *httpMetrics {
	return &httpMetrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ocopstamp_http_requests_total",
			Help: "HTTP requests answered, by route template, method and status code.",
		}, []string{"route", "method", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ocopstamp_http_request_duration_seconds",
			Help:    "Time to answer an HTTP request, by route template.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ocopstamp_http_requests_in_flight",
			Help: "HTTP requests being answered.",
		}),
		verdicts: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ocopstamp_http_lookup_verdicts_total",
			Help: "Lookups answered over HTTP, by verdict and channel (web, api, serial).",
		}, []string{"verdict", "channel"}),
		rateLimited: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ocopstamp_http_rate_limited_total",
			Help: "Lookups refused with 429 by the per-client rate limit.",
		}),
		panics: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ocopstamp_http_panics_total",
			Help: "Handler panics recovered (answered 500).",
		}),
	}
}

func (m *httpMetrics) collectors() []prometheus.Collector {
	return []prometheus.Collector{m.requests, m.duration, m.inFlight, m.verdicts, m.rateLimited, m.panics}
}

// instrument counts and times every request under its route template, so
// that the label set stays bounded whatever paths clients send.
func (s *Server) instrument(c *gin.Context) {
	start := time.Now()
	s.metrics.inFlight.Inc()
	defer s.metrics.inFlight.Dec()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	method := c.Request.Method
	if method != "GET" && method != "HEAD" {
		method = "other"
	}
	status := statusLabel(c.Writer.Status())
	if c.Writer.Status() >= 500 && errors.Is(c.Request.Context().Err(), context.Canceled) {
		// The client went away before the answer (nobody reads it): not a
		// server failure, so no 5xx to alert on. 499 is nginx's "client
		// closed request".
		status = "499"
	}
	s.metrics.requests.WithLabelValues(route, method, status).Inc()
	s.metrics.duration.WithLabelValues(route).Observe(time.Since(start).Seconds())
}

var statusLabels = func() map[int]string {
	m := map[int]string{}
	for _, code := range []int{200, 304, 400, 404, 405, 413, 414, 429, 500, 503} {
		m[code] = strconv.Itoa(code)
	}
	return m
}()

func statusLabel(code int) string {
	if l, ok := statusLabels[code]; ok {
		return l
	}
	return strconv.Itoa(code)
}

func (s *Server) metricsHandler() gin.HandlerFunc {
	h := promhttp.HandlerFor(s.reg, promhttp.HandlerOpts{
		ErrorLog: slogPrinter{s}, ErrorHandling: promhttp.ContinueOnError,
	})
	return func(c *gin.Context) {
		c.Header("Cache-Control", "no-store")
		h.ServeHTTP(c.Writer, c.Request)
	}
}

type slogPrinter struct{ s *Server }

func (p slogPrinter) Println(v ...any) { p.s.log.Error("metrics", "err", v) }
