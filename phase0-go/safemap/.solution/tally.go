package safemap

import (
	"runtime"
	"sync"
)

// Tally counts events reported by many goroutines at once, for example requests served and bytes
// sent by the handlers of a server. Its zero value is ready to use. A Tally must not be copied
// after first use.
//
// Tally is safe for concurrent use: one mutex guards both fields, so they always change together.
type Tally struct {
	mu    sync.Mutex // guards count and sum; the zero Mutex is unlocked and ready
	count int
	sum   int
}

// Add records one event of size n.
func (t *Tally) Add(n int) {
	// The lock makes read-yield-write one step: other goroutines may run during Gosched, but none
	// can touch count or sum until we unlock. (The yield is only there to widen the old race
	// window; with the lock it is harmless and could be deleted.)
	t.mu.Lock()
	defer t.mu.Unlock()
	count, sum := t.count, t.sum
	runtime.Gosched()
	t.count, t.sum = count+1, sum+n
}

// Totals returns the number of events recorded and the sum of their sizes, both from the same
// moment (never a count from before an Add with a sum from after it).
func (t *Tally) Totals() (count, sum int) {
	t.mu.Lock() // reads race with writes too: lock here as well
	defer t.mu.Unlock()
	return t.count, t.sum
}
