package cache

import (
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeClock is a clock the test moves by hand, so TTL tests never sleep.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func requireHit(t *testing.T, c *LRU, key, want, why string) {
	t.Helper()
	got, ok := c.Get(key)
	require.True(t, ok, "Get(%q) missed: %s", key, why)
	require.Equal(t, want, got, "Get(%q): %s", key, why)
}

func requireMiss(t *testing.T, c *LRU, key, why string) {
	t.Helper()
	got, ok := c.Get(key)
	require.False(t, ok, "Get(%q) = %q, true; want a miss: %s", key, got, why)
}

func TestLRUGetPut(t *testing.T) {
	c := NewLRU(4, 0, nil)
	requireMiss(t, c, "a", "an empty cache has nothing")
	c.Put("a", "1")
	c.Put("b", "2")
	requireHit(t, c, "a", "1", "Put then Get returns the value")
	requireHit(t, c, "b", "2", "Put then Get returns the value")
	c.Put("a", "10")
	requireHit(t, c, "a", "10", "a second Put of the same key replaces the value")
	assert.Equal(t, 2, c.Len(), "Len: replacing a value must not add an entry")
	c.Delete("a")
	requireMiss(t, c, "a", "Delete removes the key")
	assert.Equal(t, 1, c.Len(), "Len after Delete")
}

func TestLRUEvictsLeastRecentlyUsed(t *testing.T) {
	c := NewLRU(3, 0, nil)
	c.Put("a", "1")
	c.Put("b", "2")
	c.Put("c", "3")
	c.Put("d", "4") // full: the least recently used is a
	requireMiss(t, c, "a", "LRU rule: a full cache evicts the LEAST recently used entry (the back of the list), here a")
	requireHit(t, c, "d", "4", "LRU rule: the entry just added is the MOST recently used and must never be the one evicted")
	requireHit(t, c, "b", "2", "only one entry is evicted per Put")
	requireHit(t, c, "c", "3", "only one entry is evicted per Put")
	assert.Equal(t, 3, c.Len(), "Len must never exceed the capacity")
}

func TestLRUGetRefreshesRecency(t *testing.T) {
	c := NewLRU(3, 0, nil)
	c.Put("a", "1")
	c.Put("b", "2")
	c.Put("c", "3")
	requireHit(t, c, "a", "1", "a is there")
	c.Put("d", "4") // a was just read, so b is now the least recently used
	requireHit(t, c, "a", "1", "LRU rule: a Get makes the entry the most recently used (MoveToFront); a was read last and must survive")
	requireMiss(t, c, "b", "LRU rule: after Get(a), b is the least recently used and is the one evicted")
}

func TestLRUPutRefreshesRecency(t *testing.T) {
	c := NewLRU(3, 0, nil)
	c.Put("a", "1")
	c.Put("b", "2")
	c.Put("c", "3")
	c.Put("a", "1b") // an update is a use too
	c.Put("d", "4")
	requireHit(t, c, "a", "1b", "LRU rule: updating a key with Put makes it the most recently used (MoveToFront)")
	requireMiss(t, c, "b", "LRU rule: after Put(a), b is the least recently used and is the one evicted")
}

func TestLRUTTLExpires(t *testing.T) {
	clk := newFakeClock()
	c := NewLRU(4, time.Minute, clk.Now)
	c.Put("a", "1")
	clk.Advance(30 * time.Second)
	requireHit(t, c, "a", "1", "30s into a 1m TTL the entry is fresh")
	clk.Advance(30*time.Second - time.Nanosecond)
	requireHit(t, c, "a", "1", "TTL rule: 1ns before put time + TTL the entry is still fresh; a Get must not shorten or extend its life")
	clk.Advance(time.Nanosecond)
	requireMiss(t, c, "a", "TTL rule: at put time + TTL the entry has expired, even though it was read 30s ago (a Get does not extend the TTL)")

	c.Put("a", "2")
	requireHit(t, c, "a", "2", "a new Put after expiry stores a fresh entry")
	clk.Advance(59 * time.Second)
	c.Put("a", "3")
	clk.Advance(59 * time.Second)
	requireHit(t, c, "a", "3", "TTL rule: Put of an existing key starts its TTL afresh")
}

func TestLRUExpiredEntryFreesItsSlot(t *testing.T) {
	clk := newFakeClock()
	c := NewLRU(2, time.Minute, clk.Now)
	c.Put("old", "1")
	clk.Advance(time.Minute)
	requireMiss(t, c, "old", "TTL rule: the entry has expired")
	c.Put("x", "2")
	c.Put("y", "3")
	requireHit(t, c, "x", "2", "a Get that finds an expired entry removes it, so it does not hold a slot")
	requireHit(t, c, "y", "3", "a Get that finds an expired entry removes it, so it does not hold a slot")
}

func TestLRUConcurrentUse(t *testing.T) {
	// A reader that only calls Get, interleaved (Gosched) with a writer that only calls Put:
	// the race detector reports any access one of them makes without the mutex, in every run.
	shared := NewLRU(64, time.Hour, nil)
	shared.Put("k0", "v")
	var writerDone atomic.Bool
	readerStarted := make(chan struct{})
	var rw sync.WaitGroup
	rw.Go(func() {
		shared.Get("k0")
		close(readerStarted)
		for !writerDone.Load() {
			shared.Get("k0")
			shared.Get("k1")
			runtime.Gosched()
		}
	})
	rw.Go(func() {
		defer writerDone.Store(true)
		<-readerStarted
		for i := range 500 {
			shared.Put(fmt.Sprintf("k%d", i%100), "v")
			runtime.Gosched()
		}
	})
	rw.Wait()

	const workers, perWorker = 8, 100
	c := NewLRU(workers*perWorker, time.Hour, nil)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				k := fmt.Sprintf("w%d-k%d", w, i)
				c.Put(k, k)
				c.Get(k)
				c.Get(fmt.Sprintf("w%d-k%d", (w+1)%workers, i)) // read another worker's keys too
				c.Len()
			}
		})
	}
	wg.Wait()
	require.Equal(t, workers*perWorker, c.Len(), "after %d concurrent Puts of distinct keys into a cache that holds them all, every one must be there (guard the list and map with one mutex)", workers*perWorker)
	for w := range workers {
		for i := range perWorker {
			k := fmt.Sprintf("w%d-k%d", w, i)
			requireHit(t, c, k, k, "every concurrent Put must be kept")
		}
	}

	small := NewLRU(10, 0, nil)
	for w := range workers {
		wg.Go(func() {
			for i := range perWorker {
				small.Put(fmt.Sprintf("w%d-k%d", w, i), "v")
				small.Get(fmt.Sprintf("w%d-k%d", w, i-1))
			}
		})
	}
	wg.Wait()
	require.Equal(t, 10, small.Len(), "under concurrent Puts a full cache must hold exactly its capacity")
}

func BenchmarkLRUGetPut(b *testing.B) {
	for _, size := range []int{1_000, 100_000} {
		b.Run(fmt.Sprint(size), func(b *testing.B) {
			c := NewLRU(size, 0, nil)
			keys := make([]string, 2*size)
			for i := range keys {
				keys[i] = fmt.Sprint(i)
			}
			b.ResetTimer()
			for i := 0; b.Loop(); i++ { // the cost per op must not grow with the size: O(1)
				k := keys[i%len(keys)]
				if _, ok := c.Get(k); !ok {
					c.Put(k, k)
				}
			}
		})
	}
}
