package races

import (
	"sync"
	"sync/atomic"
)

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
	n atomic.Int64
}

// Inc adds one.
func (c *AtomicCounter) Inc() {
	c.n.Add(1) // one indivisible read-modify-write: no lock, no lost update
}

// Value returns the count.
func (c *AtomicCounter) Value() int64 { return c.n.Load() }

// RWCounter is a counter guarded by a sync.RWMutex: Inc takes the write lock,
// Value only the read lock, so readers do not exclude each other. The zero
// value is ready to use; it is safe for concurrent use.
type RWCounter struct {
	mu sync.RWMutex
	n  int64 // guarded by mu
}

// Inc adds one.
func (c *RWCounter) Inc() {
	c.mu.Lock() // a write needs the exclusive lock; RLock here would be a race
	defer c.mu.Unlock()
	c.n++
}

// Value returns the count.
func (c *RWCounter) Value() int64 {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.n
}

// ChanCounter is a counter owned by one goroutine: only that goroutine touches
// the count, and Inc and Value are requests sent to it over channels ("share
// memory by communicating"). It is safe for concurrent use until Close.
type ChanCounter struct {
	inc   chan struct{}
	value chan chan int64
	quit  chan struct{}
	done  chan struct{}
}

// NewChanCounter starts the owner goroutine and returns its counter. Call
// Close when done, or the goroutine leaks.
func NewChanCounter() *ChanCounter {
	c := &ChanCounter{
		inc:   make(chan struct{}),
		value: make(chan chan int64),
		quit:  make(chan struct{}),
		done:  make(chan struct{}),
	}
	go c.own()
	return c
}

// own is the only code that touches n, so n needs no lock.
func (c *ChanCounter) own() {
	defer close(c.done)
	var n int64
	for {
		select {
		case <-c.inc:
			n++
		case reply := <-c.value:
			reply <- n
		case <-c.quit:
			return
		}
	}
}

// Inc adds one.
func (c *ChanCounter) Inc() { c.inc <- struct{}{} }

// Value returns the count.
func (c *ChanCounter) Value() int64 {
	reply := make(chan int64, 1)
	c.value <- reply
	return <-reply
}

// Close stops the owner goroutine and waits until it has returned. The
// counter must not be used after Close.
func (c *ChanCounter) Close() {
	close(c.quit)
	<-c.done
}
