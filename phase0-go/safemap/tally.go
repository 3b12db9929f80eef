package safemap

import "runtime"

// Tally counts events reported by many goroutines at once, for example requests served and bytes
// sent by the handlers of a server. Its zero value is ready to use. A Tally must not be copied
// after first use.
//
// Tally is safe for concurrent use — or rather, it is supposed to be: the code below has a data
// race. Find it and fix it. The race detector (go test -race) points at it; without -race the
// tests see it as lost updates.
type Tally struct {
	count int
	sum   int
	// TODO(weekend 2): add what is needed to make Tally safe for concurrent use.
}

// Add records one event of size n.
func (t *Tally) Add(n int) {
	// TODO(weekend 2): this read-modify-write is a data race. Two goroutines can both read the
	// same old values and both write old+1: one update is lost. Make the read and the write one
	// step that no other goroutine can interleave with.
	count, sum := t.count, t.sum
	runtime.Gosched() // Let other goroutines run here, so the race shows up even without -race.
	t.count, t.sum = count+1, sum+n
}

// Totals returns the number of events recorded and the sum of their sizes, both from the same
// moment (never a count from before an Add with a sum from after it).
func (t *Tally) Totals() (count, sum int) {
	// TODO(weekend 2): reading shared fields needs the same protection as writing them.
	return t.count, t.sum
}
