package main

import (
	"bytes"
	"os"
	"testing"
)

// TestCheckedIn fails when testdata/code-v1-vectors.json is not exactly what
// the generator writes: regenerate it with
// go run ./stamp/internal/vectorgen > testdata/code-v1-vectors.json
// and review the diff (a changed vector means a changed format).
func TestCheckedIn(t *testing.T) {
	want, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../../testdata/code-v1-vectors.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("testdata/code-v1-vectors.json differs from the generator's output; run: go run ./stamp/internal/vectorgen > testdata/code-v1-vectors.json")
	}
}

// TestDeterministic guards against any randomness creeping into the
// generator.
func TestDeterministic(t *testing.T) {
	a, err := generate()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := generate()
	if !bytes.Equal(a, b) {
		t.Fatal("two runs of the generator differ")
	}
}
