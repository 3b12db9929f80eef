package safemap

import (
	"fmt"
	"reflect"
	"runtime"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hangGuard is how long a test waits for goroutines before it declares a deadlock. The reference
// finishes in well under a second; the bound only stops a broken solution from hanging forever.
const hangGuard = 10 * time.Second

// mustWaitAll waits for wg, failing the test instead of hanging if it takes longer than hangGuard.
func mustWaitAll(t *testing.T, wg *sync.WaitGroup, what string) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(hangGuard):
		t.Fatalf("%s did not finish within %v: is a lock never unlocked, or does a method call "+
			"another method of the Map while holding the lock (sync.RWMutex is not reentrant)?", what, hangGuard)
	}
}

func mustNewMap(t *testing.T) *Map[string, int] {
	t.Helper()
	m := New[string, int]()
	require.NotNil(t, m, "New returned nil: allocate the Map and its inner map (see safemap.go)")
	return m
}

func TestMapSingleGoroutine(t *testing.T) {
	t.Run("missing key gives the zero value and false", func(t *testing.T) {
		m := mustNewMap(t)
		got, ok := m.Get("nope")
		assert.False(t, ok, "Get of a key never Set must report ok=false")
		assert.Equal(t, 0, got, "Get of a missing key must return the zero value of V")
	})
	t.Run("Get returns what Set stored", func(t *testing.T) {
		m := mustNewMap(t)
		m.Set("a", 1)
		got, ok := m.Get("a")
		assert.True(t, ok, `after Set("a", 1), Get("a") must report ok=true`)
		assert.Equal(t, 1, got, `after Set("a", 1), Get("a")`)
	})
	t.Run("Set replaces an existing value", func(t *testing.T) {
		m := mustNewMap(t)
		m.Set("a", 1)
		m.Set("a", 2)
		got, _ := m.Get("a")
		assert.Equal(t, 2, got, "the second Set must replace the first")
		assert.Equal(t, 1, m.Len(), "replacing a value must not add a key")
	})
	t.Run("Delete removes a key and ignores missing ones", func(t *testing.T) {
		m := mustNewMap(t)
		m.Set("a", 1)
		m.Set("b", 2)
		m.Delete("a")
		m.Delete("never-set")
		_, ok := m.Get("a")
		assert.False(t, ok, `after Delete("a"), Get("a") must report ok=false`)
		assert.Equal(t, 1, m.Len(), `after Set a, Set b, Delete a, Delete never-set: Len`)
	})
	t.Run("Len counts keys", func(t *testing.T) {
		m := mustNewMap(t)
		for i := range 5 {
			m.Set(fmt.Sprint(i), i)
		}
		assert.Equal(t, 5, m.Len(), "Len after 5 Sets of different keys")
	})
}

func TestMapUpdate(t *testing.T) {
	t.Run("missing key gives f the zero value and ok=false", func(t *testing.T) {
		m := mustNewMap(t)
		var sawOld int
		var sawOK bool
		got := m.Update("k", func(old int, ok bool) int {
			sawOld, sawOK = old, ok
			return 10
		})
		assert.Equal(t, 0, sawOld, "Update on a missing key: f's old must be the zero value")
		assert.False(t, sawOK, "Update on a missing key: f's ok must be false")
		assert.Equal(t, 10, got, "Update returns the value f returned")
		stored, ok := m.Get("k")
		assert.True(t, ok && stored == 10, "Update must store f's result: Get(k) = %d, %v; want 10, true", stored, ok)
	})
	t.Run("present key gives f the old value and ok=true", func(t *testing.T) {
		m := mustNewMap(t)
		m.Set("k", 41)
		got := m.Update("k", func(old int, ok bool) int {
			assert.True(t, ok, "Update on a present key: f's ok must be true")
			return old + 1
		})
		assert.Equal(t, 42, got, "Update(k, old+1) after Set(k, 41)")
	})
}

func TestMapUpdateIsAtomicUnderContention(t *testing.T) {
	const goroutines, perGoroutine = 50, 1000
	m := mustNewMap(t)

	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range perGoroutine {
				m.Update("hits", func(old int, _ bool) int { return old + 1 })
			}
		})
	}
	mustWaitAll(t, &wg, "50 goroutines calling Update")

	got, _ := m.Get("hits")
	require.Equal(t, goroutines*perGoroutine, got,
		"%d goroutines × %d Updates of +1 must give exactly %d. Fewer means lost updates: "+
			"Update must hold the write lock from reading old to storing the new value. "+
			"(Get followed by Set is not enough: two goroutines can both Get 7 and both Set 8.)",
		goroutines, perGoroutine, goroutines*perGoroutine)
}

func TestMapConcurrentReadersAndWriters(t *testing.T) {
	const writers, keysPerWriter = 10, 100
	m := mustNewMap(t)

	// One reader goroutine per reader method, each calling only that method until the writers
	// are done. The race detector (go test -race) reports two accesses from different goroutines
	// when nothing orders them. A reader that also took the lock in another method would be
	// ordered with the writers by that lock, hiding a method that forgot it; on its own, a
	// method without the lock is reported every run.
	stop := make(chan struct{})
	var readersWG sync.WaitGroup
	readers := map[string]func(){
		"Get":   func() { m.Get("w0-k0") },
		"Len":   func() { m.Len() },
		"Range": func() { m.Range(func(string, int) bool { return true }) },
	}
	for _, read := range readers {
		readersWG.Go(func() {
			for {
				read()
				runtime.Gosched() // let the writers run: this test is about correctness, not throughput
				select {
				case <-stop:
					return
				default:
				}
			}
		})
	}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for k := range keysPerWriter {
				key := fmt.Sprintf("w%d-k%d", w, k)
				m.Set(key, -1)
				m.Set(key, k) // replace: Len must not count it twice
				m.Set(key+"-tmp", k)
				m.Delete(key + "-tmp")
			}
		})
	}
	mustWaitAll(t, &wg, "10 writer goroutines")
	close(stop)
	mustWaitAll(t, &readersWG, "the reader goroutines calling Get, Len and Range")

	require.Equal(t, writers*keysPerWriter, m.Len(),
		"%d writers each Set %d distinct keys (and deleted their temporary keys): Len must be exactly %d",
		writers, keysPerWriter, writers*keysPerWriter)
	for w := range writers {
		for k := range keysPerWriter {
			key := fmt.Sprintf("w%d-k%d", w, k)
			got, ok := m.Get(key)
			require.True(t, ok && got == k, "Get(%q) = %d, %v; want %d, true", key, got, ok, k)
		}
	}
}

func TestMapRange(t *testing.T) {
	t.Run("visits every entry once", func(t *testing.T) {
		m := mustNewMap(t)
		want := map[string]int{"a": 1, "b": 2, "c": 3}
		for k, v := range want {
			m.Set(k, v)
		}
		got := map[string]int{}
		for k, v := range m.Range { // Range works with range-over-func
			_, dup := got[k]
			require.False(t, dup, "Range visited %q twice", k)
			got[k] = v
		}
		assert.Equal(t, want, got, "Range must visit every key with its value")
	})
	t.Run("stops when f returns false", func(t *testing.T) {
		m := mustNewMap(t)
		for i := range 10 {
			m.Set(fmt.Sprint(i), i)
		}
		calls := 0
		m.Range(func(string, int) bool {
			calls++
			return calls < 3
		})
		assert.Equal(t, 3, calls, "f returned false on its 3rd call: Range must stop right there")
	})
	t.Run("f may call methods of the map", func(t *testing.T) {
		m := mustNewMap(t)
		m.Set("a", 1)
		m.Set("b", 2)
		done := make(chan struct{})
		go func() {
			defer close(done)
			m.Range(func(k string, v int) bool {
				m.Set(k+"-copy", v) // needs the write lock: deadlocks if Range still holds the read lock
				return true
			})
		}()
		select {
		case <-done:
		case <-time.After(hangGuard):
			t.Fatalf("Range did not return within %v while f called m.Set: Range must copy the entries "+
				"and unlock BEFORE calling f (see the doc comment of Range)", hangGuard)
		}
		keys := []string{}
		m.Range(func(k string, _ int) bool { keys = append(keys, k); return true })
		sort.Strings(keys)
		assert.Equal(t, []string{"a", "a-copy", "b", "b-copy"}, keys,
			"Range over a snapshot: the copies made inside f exist afterwards")
	})
}

func TestTallyConcurrentAdds(t *testing.T) {
	const goroutines, perGoroutine, size = 50, 200, 3
	var tally Tally // the zero value is ready to use

	stop := make(chan struct{})
	var inconsistent []string
	var readerWG sync.WaitGroup
	readerWG.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			// Every Add adds 1 to count and size to sum, so a consistent snapshot always has
			// sum == size*count.
			count, sum := tally.Totals()
			if sum != size*count && len(inconsistent) < 3 {
				inconsistent = append(inconsistent, fmt.Sprintf("count=%d sum=%d", count, sum))
			}
		}
	})

	var wg sync.WaitGroup
	for range goroutines {
		wg.Go(func() {
			for range perGoroutine {
				tally.Add(size)
			}
		})
	}
	mustWaitAll(t, &wg, "50 goroutines calling Tally.Add")
	close(stop)
	mustWaitAll(t, &readerWG, "the goroutine calling Tally.Totals")

	count, sum := tally.Totals()
	want := goroutines * perGoroutine
	require.Equal(t, want, count,
		"%d goroutines × %d Adds must count exactly %d events; fewer means lost updates: "+
			"two Adds read the same old count and both wrote count+1. Guard the read AND the write "+
			"with one sync.Mutex (add it as a field of Tally) — go test -race shows where the race is",
		goroutines, perGoroutine, want)
	require.Equal(t, want*size, sum, "sum of %d Adds of %d", want, size)
	require.Empty(t, inconsistent,
		"Totals returned a count and a sum from different moments (sum must always be %d×count): "+
			"Totals must read both fields under the same lock that Add holds", size)
}

// mapLock finds the sync.RWMutex (or sync.Mutex) field of m, the one the doc comment says guards
// the map, and returns its write lock.
func mapLock(m *Map[string, int]) (lock, unlock func(), ok bool) {
	v := reflect.ValueOf(m).Elem()
	for i := range v.NumField() {
		p := unsafe.Pointer(v.Field(i).UnsafeAddr())
		switch v.Field(i).Type() {
		case reflect.TypeFor[sync.RWMutex]():
			mu := (*sync.RWMutex)(p)
			return mu.Lock, mu.Unlock, true
		case reflect.TypeFor[sync.Mutex]():
			mu := (*sync.Mutex)(p)
			return mu.Lock, mu.Unlock, true
		}
	}
	return nil, nil, false
}

// parkedOnLock reports whether a goroutine running method (e.g. ").Get(") of Map is parked on a
// lock, polling until it is, until done is closed (the method returned), or until hangGuard.
func parkedOnLock(method string, done <-chan struct{}) bool {
	deadline := time.Now().Add(hangGuard)
	buf := make([]byte, 1<<20)
	for time.Now().Before(deadline) {
		select {
		case <-done:
			return false
		default:
		}
		n := runtime.Stack(buf, true)
		for _, g := range strings.Split(string(buf[:n]), "\n\n") {
			head, _, _ := strings.Cut(g, "\n")
			if strings.Contains(g, "safemap.(*Map[...])"+method) &&
				(strings.Contains(head, "sync.RWMutex") || strings.Contains(head, "sync.Mutex") || strings.Contains(head, "semacquire")) {
				return true
			}
		}
		runtime.Gosched()
	}
	return false
}

func TestMapEveryMethodTakesTheLock(t *testing.T) {
	m := mustNewMap(t)
	m.Set("a", 1)
	lock, unlock, ok := mapLock(m)
	require.True(t, ok, "Map has no sync.RWMutex field: every method goes through one lock that guards the map (safemap.go)")
	for _, tt := range []struct {
		method string
		call   func()
	}{
		{".Get(", func() { m.Get("a") }},
		{".Len(", func() { m.Len() }},
		{".Range(", func() { m.Range(func(string, int) bool { return true }) }},
		{".Set(", func() { m.Set("b", 2) }},
		{".Delete(", func() { m.Delete("b") }},
		{".Update(", func() { m.Update("a", func(old int, _ bool) int { return old + 1 }) }},
	} {
		lock() // the test holds the Map's lock as a writer would: every method must wait for it
		done := make(chan struct{})
		go func() {
			defer close(done)
			tt.call()
		}()
		waiting := parkedOnLock(tt.method, done)
		unlock()
		<-done
		require.True(t, waiting, "Map%s() returned while a writer held the Map's lock: it touched the map without "+
			"taking the lock (readers take m.mu.RLock(), writers m.mu.Lock()); without it the race detector reports a "+
			"data race with the writer", strings.TrimSuffix(tt.method, "("))
	}
	got, _ := m.Get("a")
	assert.Equal(t, 2, got, "after Set(\"a\", 1) and Update(\"a\", old+1)")
}
