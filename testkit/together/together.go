// Package together runs concurrent callers the way a race needs them: all
// released at one instant, so their calls overlap, and all waited for.
//
// Provided — no need to edit.
package together

import (
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"
)

// Run calls f(0) … f(n-1), each in its own goroutine, released together,
// and waits for every call. If some have not returned within limit, it
// fails the test naming which: a call that never returns is a deadlock or a
// lost wake-up. Those goroutines are left running (goleak will list them).
func Run(t testing.TB, n int, limit time.Duration, f func(i int)) {
	t.Helper()
	start := make(chan struct{})
	var mu sync.Mutex
	pending := map[int]bool{}
	var wg sync.WaitGroup
	for i := range n {
		pending[i] = true
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			f(i)
			mu.Lock()
			delete(pending, i)
			mu.Unlock()
		}()
	}
	close(start)
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(limit):
		mu.Lock()
		var ids []int
		for i := range pending {
			ids = append(ids, i)
		}
		mu.Unlock()
		sort.Ints(ids)
		t.Fatalf("%d of %d concurrent callers had not returned after %v (callers %v): a deadlock, a lost wake-up, or a lock held across a blocking call", len(ids), n, limit, short(ids))
	}
}

func short(ids []int) string {
	if len(ids) > 10 {
		return fmt.Sprintf("%v …", ids[:10])
	}
	return fmt.Sprint(ids)
}
