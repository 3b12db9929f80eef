package races

// Counter is a counter that many goroutines may use at once.
//
// The zero value is ready to use.
type Counter struct {
	// TODO(weekend 5): add the field(s) you need (a sync.Mutex and an int64,
	// or a sync/atomic.Int64).
}

// Inc adds one to the counter. It is safe for concurrent use: no increment is
// ever lost.
func (c *Counter) Inc() {
	// TODO(weekend 5): increment without a data race.
}

// Value returns the current count. It is safe for concurrent use with Inc.
func (c *Counter) Value() int64 {
	// TODO(weekend 5): read the count without a data race.
	return 0
}
