package races

// This file is the stretch exercise races-counters: three more ways to build a
// safe counter, to compare with Counter in bench_test.go.

// Incrementer is what every counter of this package does.
type Incrementer interface {
	Inc()
	Value() int64
}

// AtomicCounter is a counter built on sync/atomic. The zero value is ready to
// use; it is safe for concurrent use.
type AtomicCounter struct {
	// TODO(weekend 5, stretch): an atomic.Int64.
}

// Inc adds one.
func (c *AtomicCounter) Inc() {
	// TODO(weekend 5, stretch): one atomic read-modify-write.
}

// Value returns the count.
func (c *AtomicCounter) Value() int64 {
	// TODO(weekend 5, stretch)
	return 0
}

// RWCounter is a counter guarded by a sync.RWMutex: Inc takes the write lock,
// Value only the read lock, so readers do not exclude each other. The zero
// value is ready to use; it is safe for concurrent use.
type RWCounter struct {
	// TODO(weekend 5, stretch): a sync.RWMutex and an int64.
}

// Inc adds one.
func (c *RWCounter) Inc() {
	// TODO(weekend 5, stretch)
}

// Value returns the count.
func (c *RWCounter) Value() int64 {
	// TODO(weekend 5, stretch)
	return 0
}

// ChanCounter is a counter owned by one goroutine: only that goroutine touches
// the count, and Inc and Value are requests sent to it over channels ("share
// memory by communicating"). It is safe for concurrent use until Close.
type ChanCounter struct {
	// TODO(weekend 5, stretch): the request channels and a done channel.
}

// NewChanCounter starts the owner goroutine and returns its counter. Call
// Close when done, or the goroutine leaks.
func NewChanCounter() *ChanCounter {
	// TODO(weekend 5, stretch): make the channels, start the owner goroutine.
	return &ChanCounter{}
}

// Inc adds one.
func (c *ChanCounter) Inc() {
	// TODO(weekend 5, stretch): send an increment request.
}

// Value returns the count.
func (c *ChanCounter) Value() int64 {
	// TODO(weekend 5, stretch): send a request that carries a reply channel.
	return 0
}

// Close stops the owner goroutine and waits until it has returned. The
// counter must not be used after Close.
func (c *ChanCounter) Close() {
	// TODO(weekend 5, stretch)
}
