package gochannels

import "sync"

// Counter counts events. It is safe for use by many goroutines at once. The
// zero value is ready to use and counts from 0.
type Counter struct {
	mu sync.Mutex
	n  int // guarded by mu
}

// Inc adds one to the count.
func (c *Counter) Inc() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++ // read, add, write: without the lock two goroutines can lose an update
}

// Value returns the count.
func (c *Counter) Value() int {
	c.mu.Lock() // reads need the lock too, or they race with Inc
	defer c.mu.Unlock()
	return c.n
}
