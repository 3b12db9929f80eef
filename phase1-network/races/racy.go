// Provided — no need to edit.
//
// The broken versions below are what phase1-network/cmd/racedemo runs under
// the race detector. Read them, run the demo, then write the fixed versions in
// counter.go, cache.go and bank.go.

package races

import "sync"

// RacyCounter is a counter with a data race: Inc reads, adds and writes n with
// no synchronisation, so two goroutines can both read 41 and both write 42.
type RacyCounter struct {
	n int64
}

// Inc adds one. It is not safe for concurrent use: that is the bug.
func (c *RacyCounter) Inc() { c.n++ }

// Value returns the count. It is not safe for concurrent use either.
func (c *RacyCounter) Value() int64 { return c.n }

// RacyCache loads values with a check-then-act race: the lock protects the map,
// but between "not there" (check) and "store it" (act) the lock is released, so
// several goroutines can all see "not there" and all call load.
type RacyCache struct {
	mu    sync.Mutex
	load  func(key string) string
	m     map[string]string
	Loads int // how many times load ran; guarded by mu
}

// NewRacyCache returns an empty RacyCache that fills itself with load.
func NewRacyCache(load func(key string) string) *RacyCache {
	return &RacyCache{load: load, m: make(map[string]string)}
}

// Get returns the value for key, loading it on a miss — sometimes more than
// once: that is the bug.
func (c *RacyCache) Get(key string) string {
	c.mu.Lock()
	v, ok := c.m[key] // check...
	c.mu.Unlock()
	if ok {
		return v
	}
	v = c.load(key) // ...another goroutine may be loading the same key right now...
	c.mu.Lock()
	c.m[key] = v // ...act
	c.Loads++
	c.mu.Unlock()
	return v
}

// RacyAccount is an account of RacyBank.
type RacyAccount struct {
	mu      sync.Mutex
	Balance int64
}

// RacyTransfer moves amount from one account to another. It has two bugs: the
// balance check reads from.Balance before taking the lock (check-then-act), and
// it locks from before to, so a transfer a→b and a transfer b→a can each hold
// one lock and wait for the other forever (deadlock).
func RacyTransfer(from, to *RacyAccount, amount int64) bool {
	if from.Balance < amount { // unlocked read: a data race
		return false
	}
	from.mu.Lock()
	to.mu.Lock() // a→b holds a and waits for b; b→a holds b and waits for a
	from.Balance -= amount
	to.Balance += amount
	to.mu.Unlock()
	from.mu.Unlock()
	return true
}
