package storagetest

import "testing"

// TestConformance runs the whole storage suite on every back-end.
func TestConformance(t *testing.T) { Conformance(t, Backends...) }
