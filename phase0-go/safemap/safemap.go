// Package safemap is the weekend-2 drill on concurrency safety: sharing data between goroutines
// without losing updates.
//
// A plain Go map is not safe for concurrent use: two goroutines writing at once can crash the
// program ("fatal error: concurrent map writes"), and even a plain int shared without a lock loses
// updates. The fix in this package is the simplest one that always works: one lock that every
// access goes through.
//
// The lesson underneath is about *compound* operations. Making each call safe on its own is not
// enough: "Get, add one, Set" is three safe calls, and another goroutine can run between them.
// That is why Map has Update, which does the whole read-modify-write while holding the lock.
//
// Run the tests with the race detector: go test -race ./phase0-go/safemap/
package safemap

// Map is a map from K to V that is safe for concurrent use by multiple goroutines: every method
// may be called at any time from any goroutine. Each single call is atomic; to change a value
// based on its old value, use Update — a Get followed by a Set is not atomic.
//
// Guard it with a sync.RWMutex: readers (Get, Len, Range) share the read lock, writers (Set,
// Delete, Update) take the write lock. A Map must be created with New and must not be copied
// after first use (copying would copy the lock).
type Map[K comparable, V any] struct {
	// TODO(weekend 2): add the fields you need: a sync.RWMutex and a map[K]V.
}

// New returns an empty Map ready to use.
func New[K comparable, V any]() *Map[K, V] {
	// TODO(weekend 2): allocate the Map and its inner map (writing to a nil map panics).
	return nil
}

// Get returns the value stored under k and whether it was present. A missing key gives the zero
// value of V and false.
func (m *Map[K, V]) Get(k K) (V, bool) {
	// TODO(weekend 2): read under the read lock (RLock/RUnlock).
	var zero V
	return zero, false
}

// Set stores v under k, replacing any previous value.
func (m *Map[K, V]) Set(k K, v V) {
	// TODO(weekend 2): write under the write lock (Lock/Unlock).
}

// Delete removes k. Deleting a missing key does nothing.
func (m *Map[K, V]) Delete(k K) {
	// TODO(weekend 2): delete under the write lock.
}

// Len returns the number of keys.
func (m *Map[K, V]) Len() int {
	// TODO(weekend 2): read len under the read lock.
	return 0
}

// Update atomically replaces the value under k with f(old, ok), where old and ok are what Get
// would have returned, and returns the new value. No other method of m runs between reading old
// and storing the result, so concurrent Updates never lose each other's changes.
//
// f runs while m is locked: it must be quick and must not call any method of m (that would
// deadlock).
func (m *Map[K, V]) Update(k K, f func(old V, ok bool) V) V {
	// TODO(weekend 2): hold the write lock for the whole read-modify-write.
	var zero V
	return zero
}

// Range calls f for each key and value, in no particular order, until f returns false.
// It works on a snapshot taken under the read lock, so f may call any method of m; changes
// made while Range runs are not seen by it.
//
// Range has the shape of an iterator (iter.Seq2), so `for k, v := range m.Range { ... }` works.
func (m *Map[K, V]) Range(f func(k K, v V) bool) {
	// TODO(weekend 2): copy the entries under the read lock, unlock, then call f on the copy.
}
