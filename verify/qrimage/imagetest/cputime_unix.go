//go:build unix

package imagetest

import (
	"syscall"
	"time"
)

// CPUTime returns the CPU time (user and system) the process has used so
// far. Benchmarks on a shared machine divide it by the work done: wall
// time there measures the other tenants as much as the code.
func CPUTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
