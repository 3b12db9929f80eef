package races

import "sync"

// Counter is a counter that many goroutines may use at once.
//
// The zero value is ready to use.
type Counter struct {
	// The mutex makes "read n, add one, write n" one indivisible step.
	// (sync/atomic.Int64 would do the same with one instruction; the stretch
	// benchmarks compare the two.)
	mu sync.Mutex
	n  int64 // guarded by mu
}

// Inc adds one to the counter. It is safe for concurrent use: no increment is
// ever lost.
func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
}

// Value returns the current count. It is safe for concurrent use with Inc.
func (c *Counter) Value() int64 {
	// Reads need the lock too: an unlocked read racing a write is a data race
	// even if "it only reads".
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}
