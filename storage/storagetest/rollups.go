package storagetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocop-hatinh/ocopstamp/internal/hll"
	"github.com/ocop-hatinh/ocopstamp/stamp"
	"github.com/ocop-hatinh/ocopstamp/storage"
)

// ScanReporter is a store that can also compute a report's activity from
// the scans alone (sqlstore.Store.ReportActivityFromScans): the reference
// the rollups are checked against.
type ScanReporter interface {
	storage.Store
	ReportActivityFromScans(ctx context.Context, from, to time.Time) (*storage.ReportActivity, error)
}

// RunRollups checks that the monthly figures read from the rollups equal
// those computed from the scans, on the report fixture and more (a product
// with more distinct clients than a sketch keeps exactly, consumer reports,
// scans of codes the registry does not hold), and that replaying batches
// adds nothing to either.
func RunRollups(t *testing.T, open func(t *testing.T, now func() time.Time) storage.Store) {
	t.Run("MatchScans", func(t *testing.T) {
		t.Parallel()
		clock := &Clock{}
		s := open(t, clock.Now).(ScanReporter)
		LoadReportFixture(t, s, clock)
		batch := moreScans(t, s)
		from, to := month(2026, time.November)
		raw, err := s.ReportActivityFromScans(context.Background(), from, to)
		repMust(t, err)
		if raw.Total.Scanners <= hll.ExactLimit {
			t.Fatalf("November has %d distinct scanners, want more than a sketch keeps exactly (%d)", raw.Total.Scanners, hll.ExactLimit)
		}
		for _, m := range []time.Month{time.October, time.November, time.December} {
			compareRollups(t, s, 2026, m)
		}
		// Replays: the same batch again, whole and in parts, adds nothing.
		before := activity(t, s, time.November)
		repMust(t, s.RecordScans(context.Background(), batch))
		repMust(t, s.RecordScans(context.Background(), batch[100:200]))
		repMust(t, s.RecordScans(context.Background(), append(batch[:10:10], batch[:10]...)))
		if after := activity(t, s, time.November); !reflect.DeepEqual(before, after) {
			t.Errorf("replays changed November:\n before %+v\n after  %+v", before.Total, after.Total)
		}
		compareRollups(t, s, 2026, time.November)
		// Made again from the scans, the rollups say the same.
		if r, ok := s.(interface{ RebuildRollups(context.Context) error }); ok {
			repMust(t, r.RebuildRollups(context.Background()))
			if again := activity(t, s, time.November); !reflect.DeepEqual(before, again) {
				t.Errorf("rebuilt rollups changed November:\n before %+v\n after  %+v", before.Total, again.Total)
			}
		} else {
			t.Errorf("%T cannot rebuild its rollups", s)
		}
	})
	t.Run("NoTime", func(t *testing.T) {
		t.Parallel()
		s := open(t, nil)
		id := uuid.New() // version 4
		err := s.RecordScans(context.Background(), []stamp.ScanEvent{{ID: id, StampID: id, ClientHash: "x"}})
		wantCode(t, err, stamp.EInvalid, "UUIDv7")
	})
}

// moreScans records, in November 2026, scans of a stamp the registry holds
// by 3,000 clients (past the sketch's exact limit), forged scans naming a
// product (3001) and naming none, and consumer reports; it returns the scan
// batch.
func moreScans(t *testing.T, s storage.Store) []stamp.ScanEvent {
	ctx := context.Background()
	st, err := s.StampBySerial(ctx, 1)
	repMust(t, err)
	var batch []stamp.ScanEvent
	at := ICT(2026, 11, 3, 0, 0, 0, 0)
	for i := range hll.ExactLimit + 952 {
		batch = append(batch, stamp.ScanEvent{ID: uuid.Must(uuid.NewV7()), StampID: st.ID, At: at.Add(time.Duration(i) * time.Minute),
			Channel: stamp.ChannelWeb, ClientHash: clientHash(i), Verdict: string(stamp.Genuine)})
	}
	forged := uuid.MustParse("0195a000-0000-7000-8000-0000000000ff")
	for i := range 40 {
		v, p := stamp.Unknown, uint32(3001)
		if i%4 == 0 {
			v, p = stamp.NotGenuine, 0
		}
		batch = append(batch, stamp.ScanEvent{ID: uuid.Must(uuid.NewV7()), StampID: forged, At: ICT(2026, 11, 29, 23, 0, i, 0),
			Channel: stamp.ChannelWeb, ClientHash: clientHash(100_000 + i%9), Verdict: string(v), ProductNumber: p})
	}
	repMust(t, s.RecordScans(ctx, batch))
	for _, p := range []uint32{1001, 3001, 3001, 0} {
		repMust(t, s.AddConsumerReport(ctx, &storage.ConsumerReport{StampID: forged, ProductNumber: p, What: "tem lạ (mẫu)"}))
	}
	return batch
}

// clientHash returns a client hash as the recorder makes them (64 hex
// digits of an HMAC) for client number i.
func clientHash(i int) string {
	sum := sha256.Sum256(fmt.Append(nil, "client", i))
	return hex.EncodeToString(sum[:])
}

func activity(t *testing.T, s storage.Store, m time.Month) *storage.ReportActivity {
	from, to := month(2026, m)
	a, err := s.ReportActivity(context.Background(), from, to)
	repMust(t, err)
	return a
}

// compareRollups fails unless the month's activity from the rollups equals
// the one from the scans: every count exactly, distinct scanners exactly
// up to the sketch's exact limit and within 3% (3.7 standard errors) above.
func compareRollups(t *testing.T, s ScanReporter, y int, m time.Month) {
	t.Helper()
	from, to := month(y, m)
	got, err := s.ReportActivity(context.Background(), from, to)
	repMust(t, err)
	want, err := s.ReportActivityFromScans(context.Background(), from, to)
	repMust(t, err)
	same := func(what string, g, w storage.Activity) {
		t.Helper()
		gs, ws := g.Scanners, w.Scanners
		g.Scanners, w.Scanners = 0, 0
		if g != w {
			t.Errorf("%s %s: rollups %+v, scans %+v", m, what, g, w)
		}
		if ws <= hll.ExactLimit && gs != ws || math.Abs(float64(gs-ws)) > 0.03*float64(ws) {
			t.Errorf("%s %s: %d distinct scanners from rollups, %d from scans", m, what, gs, ws)
		}
	}
	same("total", got.Total, want.Total)
	same("unattributed", got.Unattributed, want.Unattributed)
	sameKeys(t, fmt.Sprint(m, " products"), got.Products, want.Products, same)
	sameKeys(t, fmt.Sprint(m, " facilities"), got.Facilities, want.Facilities, same)
	sameKeys(t, fmt.Sprint(m, " districts"), got.Districts, want.Districts, same)
	sameKeys(t, fmt.Sprint(m, " communes"), got.Communes, want.Communes, same)
}

func sameKeys[K comparable](t *testing.T, what string, got, want map[K]storage.Activity, same func(string, storage.Activity, storage.Activity)) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: rollups have %d keys, scans %d: %v vs %v", what, len(got), len(want), got, want)
	}
	for k, w := range want {
		same(fmt.Sprint(what, " ", k), got[k], w)
	}
}
