package gochannels

// Counter counts events. It is safe for use by many goroutines at once. The
// zero value is ready to use and counts from 0.
type Counter struct {
	// TODO(weekend 2): a sync.Mutex and the count it guards.
}

// Inc adds one to the count.
func (c *Counter) Inc() {
	// TODO(weekend 2): lock, add one, unlock.
}

// Value returns the count.
func (c *Counter) Value() int {
	// TODO(weekend 2): read the count under the lock.
	return 0
}
