package hll

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

func keys(seed uint64, n int) []uint64 {
	r := rand.New(rand.NewPCG(seed, 1))
	out := make([]uint64, n)
	for i := range out {
		out[i] = r.Uint64() >> 4
	}
	return out
}

func TestExactUpToLimit(t *testing.T) {
	var s Sketch
	for _, k := range keys(1, ExactLimit) {
		s.Add(k)
		s.Add(k) // again: no change
	}
	if !s.Exact() || s.Count() != ExactLimit {
		t.Fatalf("count %d exact %v, want %d exact", s.Count(), s.Exact(), ExactLimit)
	}
	if s.Add(keys(1, 1)[0]) {
		t.Fatal("adding a key already there changed the sketch")
	}
}

// TestError checks the estimate past the exact limit stays within 4
// standard errors (3.3%) at sizes from the switch to 2 million.
func TestError(t *testing.T) {
	for _, n := range []int{ExactLimit + 1, 10_000, 50_000, 300_000, 2_000_000} {
		var s Sketch
		for _, k := range keys(uint64(n), n) {
			s.Add(k)
		}
		got := s.Count()
		rel := math.Abs(float64(got)-float64(n)) / float64(n)
		t.Logf("n=%d estimate=%d error=%.3f%%", n, got, 100*rel)
		if rel > 4*1.04/math.Sqrt(m) {
			t.Errorf("n=%d: estimate %d, error %.2f%%", n, got, 100*rel)
		}
	}
}

func TestMergeIsUnion(t *testing.T) {
	a, b := keys(3, 1500), keys(4, 1500)
	var x, y, both Sketch
	for _, k := range a {
		x.Add(k)
		both.Add(k)
	}
	for _, k := range b {
		y.Add(k)
		both.Add(k)
	}
	y.Add(a[0]) // shared key
	if !x.Merge(&y) {
		t.Fatal("merge reported no change")
	}
	if x.Count() != both.Count() {
		t.Fatalf("merged count %d, want %d", x.Count(), both.Count())
	}
	if x.Merge(&y) {
		t.Fatal("merging again changed the sketch")
	}
	// Dense into exact and exact into dense agree.
	var big Sketch
	for _, k := range keys(5, 20_000) {
		big.Add(k)
	}
	var e1 Sketch
	e1.Add(7)
	d := big
	d.regs = append([]byte(nil), big.regs...)
	d.Merge(&e1)
	e1.Merge(&big)
	if d.Count() != e1.Count() {
		t.Fatalf("dense∪exact %d ≠ exact∪dense %d", d.Count(), e1.Count())
	}
}

func TestRoundTrip(t *testing.T) {
	for _, n := range []int{0, 5, 5000} {
		var s Sketch
		for _, k := range keys(9, n) {
			s.Add(k)
		}
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var r Sketch
		if err := r.UnmarshalBinary(b); err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if r.Count() != s.Count() || r.Exact() != s.Exact() {
			t.Fatalf("n=%d: round trip %d (exact %v), want %d", n, r.Count(), r.Exact(), s.Count())
		}
	}
}

func TestCorrupt(t *testing.T) {
	for name, b := range map[string][]byte{
		"kind":        {9},
		"short key":   {kindExact, 1, 2, 3},
		"order":       {kindExact, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1},
		"wide key":    {kindExact, 0xff, 0, 0, 0, 0, 0, 0, 0},
		"short dense": {kindDense, 0},
		"register":    append([]byte{kindDense, 200}, make([]byte, m-1)...),
	} {
		var s Sketch
		if err := s.UnmarshalBinary(b); !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: %v, want ErrCorrupt", name, err)
		}
	}
}
