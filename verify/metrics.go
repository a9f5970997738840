package verify

import (
	"errors"
	"sync/atomic"

	"github.com/prometheus/client_golang/prometheus"
)

// recorderMetrics are plain atomic counters, exposed to Prometheus by
// Recorder.Collectors.
type recorderMetrics struct {
	dropped     atomic.Int64
	recorded    atomic.Int64
	flushErrors atomic.Int64
	statsErrors atomic.Int64
	spooled     atomic.Int64
	replayed    atomic.Int64
	spoolErrors atomic.Int64
}

// Collectors returns the recorder's Prometheus collectors:
// ocopstamp_scan_queue_depth (events not yet written),
// ocopstamp_scans_recorded_total, ocopstamp_scans_dropped_total (full queue
// or Record after Close), ocopstamp_scan_write_errors_total (failed
// RecordScans calls, retried), ocopstamp_scan_stats_errors_total (failed
// statistics updates), and for the spool ocopstamp_scan_spool_bytes,
// ocopstamp_scan_spool_events (held, replayed or not),
// ocopstamp_scans_spooled_total, ocopstamp_scans_replayed_total and
// ocopstamp_scan_spool_errors_total (unreadable records, failed resets).
func (r *Recorder) Collectors() []prometheus.Collector {
	cf := func(name, help string, v *atomic.Int64) prometheus.Collector {
		return prometheus.NewCounterFunc(prometheus.CounterOpts{Name: name, Help: help},
			func() float64 { return float64(v.Load()) })
	}
	gf := func(name, help string, v *atomic.Int64) prometheus.Collector {
		return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help},
			func() float64 { return float64(v.Load()) })
	}
	return []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ocopstamp_scan_queue_depth",
			Help: "Scan events queued in memory and not yet written to the store.",
		}, func() float64 { return float64(r.Depth()) }),
		cf("ocopstamp_scans_recorded_total", "Scan events written to the store.", &r.m.recorded),
		cf("ocopstamp_scans_dropped_total", "Scan events dropped because the queue was full or the recorder closed.", &r.m.dropped),
		cf("ocopstamp_scan_write_errors_total", "Failed scan batch writes (retried).", &r.m.flushErrors),
		cf("ocopstamp_scan_stats_errors_total", "Failed updates of cached per-stamp scan statistics.", &r.m.statsErrors),
		gf("ocopstamp_scan_spool_bytes", "Size of the local scan spool file.", &r.spoolBytes),
		gf("ocopstamp_scan_spool_events", "Scan events in the local spool, awaiting replay or replayed since its last reset.", &r.spoolEvents),
		cf("ocopstamp_scans_spooled_total", "Scan events written to the local spool because the store refused them.", &r.m.spooled),
		cf("ocopstamp_scans_replayed_total", "Spooled scan events written to the store.", &r.m.replayed),
		cf("ocopstamp_scan_spool_errors_total", "Spool records that did not read back, and failed spool resets.", &r.m.spoolErrors),
	}
}

// Register registers the recorder's collectors on reg.
func (r *Recorder) Register(reg prometheus.Registerer) error { return register(reg, r.Collectors()) }

type serviceMetrics struct {
	lookups *prometheus.CounterVec
	noStats prometheus.Counter
}

// Collectors returns the service's Prometheus collectors:
// ocopstamp_lookups_total{verdict} and
// ocopstamp_lookups_without_scan_stats_total.
func (s *Service) Collectors() []prometheus.Collector {
	m := s.metricsOnce()
	return []prometheus.Collector{m.lookups, m.noStats}
}

// Register registers the service's collectors on reg. Call it before the
// service answers lookups.
func (s *Service) Register(reg prometheus.Registerer) error { return register(reg, s.Collectors()) }

func (s *Service) metricsOnce() *serviceMetrics {
	s.initMetrics.Do(func() {
		s.metrics = &serviceMetrics{lookups: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ocopstamp_lookups_total",
			Help: "Stamp lookups answered, by verdict.",
		}, []string{"verdict"}),
			noStats: prometheus.NewCounter(prometheus.CounterOpts{
				Name: "ocopstamp_lookups_without_scan_stats_total",
				Help: "Lookups answered without scan figures (and so without the copied-stamp check) because the store holding them was unavailable.",
			})}
	})
	return s.metrics
}

func (s *Service) count(r *Result) {
	s.metricsOnce().lookups.WithLabelValues(string(r.Verdict)).Inc()
}

func register(reg prometheus.Registerer, cs []prometheus.Collector) error {
	var errs []error
	for _, c := range cs {
		if err := reg.Register(c); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
