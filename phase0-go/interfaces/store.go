// Package interfaces is the weekend-2 drill on Go interfaces, on the shape every later weekend
// uses: a key/value Store.
//
// An interface lists behaviour; any type with those methods satisfies it, with no "implements"
// keyword. Here one interface, Store, has two very different implementations — MapStore keeps a
// map, LogStore keeps an append-only log of writes, as databases and Raft do — and code written
// against Store (Sorted, Describe, the tests) works with either.
//
// The package also shows:
//
//   - fmt.Stringer: a String method controls how fmt prints a value;
//   - sort.Interface: Len, Less and Swap make a type sortable with sort.Sort;
//   - struct embedding: ReadOnly and Counting embed a Store, get its methods for free (promotion)
//     and replace the ones they want to change (overriding);
//   - type switches: Describe picks a case by the dynamic type of an `any`;
//   - compile-time checks: `var _ Store = (*MapStore)(nil)` fails the build, not a test, when a
//     type stops satisfying an interface.
package interfaces

import "errors"

// ErrEmptyKey is returned by Put when the key is "".
var ErrEmptyKey = errors.New("empty key")

// ErrReadOnly is wrapped by the error ReadOnly.Put returns.
var ErrReadOnly = errors.New("store is read-only")

// Entry is one key with its value.
type Entry struct {
	Key   string
	Value string
}

// String returns "key=value". It makes Entry a fmt.Stringer, so fmt.Println(e) and "%v" print
// this form instead of {key value}.
func (e Entry) String() string {
	// TODO(weekend 2): return the key, "=", and the value.
	return ""
}

// Store is a key/value store.
type Store interface {
	// Get returns the value of key and whether key is present.
	Get(key string) (value string, ok bool)
	// Put sets key to value, replacing any earlier value. It fails with ErrEmptyKey for key "".
	Put(key, value string) error
	// Entries returns every present key once with its current value, in no particular order.
	// The caller owns the returned slice.
	Entries() []Entry
}

// TODO(weekend 2): add compile-time checks that each type below satisfies Store, e.g.
// var _ Store = (*MapStore)(nil)

// MapStore is a Store backed by a Go map. Create it with NewMapStore: its zero value is not
// usable (writing to a nil map panics). MapStore is not safe for concurrent use.
type MapStore struct {
	// TODO(weekend 2): add the fields you need (a map).
}

// NewMapStore returns an empty MapStore.
func NewMapStore() *MapStore {
	// TODO(weekend 2): allocate the MapStore and its map.
	return nil
}

// Get returns the value of key and whether key is present.
func (s *MapStore) Get(key string) (string, bool) {
	// TODO(weekend 2): look the key up in the map.
	return "", false
}

// Put sets key to value. It fails with ErrEmptyKey for key "".
func (s *MapStore) Put(key, value string) error {
	// TODO(weekend 2): reject "", then store.
	return errors.New("interfaces: MapStore.Put not implemented")
}

// Entries returns every key once with its value, in no particular order.
func (s *MapStore) Entries() []Entry {
	// TODO(weekend 2): build a slice from the map.
	return nil
}

// String returns the entries sorted by key, as "MapStore{a=1, b=2}"; an empty store is
// "MapStore{}". It makes *MapStore a fmt.Stringer.
func (s *MapStore) String() string {
	// TODO(weekend 2): use Sorted(s) and Entry.String, joined with ", ".
	return ""
}

// LogStore is a Store that never overwrites: Put appends the write to a log, and Get scans the
// log from the newest write backwards. Write-ahead logs and Raft logs work this way. The zero
// value is an empty LogStore ready to use. LogStore is not safe for concurrent use.
type LogStore struct {
	// TODO(weekend 2): add the fields you need (a slice of Entry works; nil slices can be appended to).
}

// Get returns the value of the newest write to key and whether key was ever written.
func (s *LogStore) Get(key string) (string, bool) {
	// TODO(weekend 2): scan the log from the end.
	return "", false
}

// Put appends the write key=value to the log. It fails with ErrEmptyKey for key "".
func (s *LogStore) Put(key, value string) error {
	// TODO(weekend 2): reject "", then append.
	return errors.New("interfaces: LogStore.Put not implemented")
}

// Entries returns every key written once, with its newest value, in no particular order.
func (s *LogStore) Entries() []Entry {
	// TODO(weekend 2): keep only the newest value of each key.
	return nil
}

// Len returns the number of writes in the log (a key written twice counts twice).
func (s *LogStore) Len() int {
	// TODO(weekend 2): the length of the log.
	return 0
}

// ReadOnly wraps a Store and refuses writes. It embeds Store, so Get and Entries are promoted
// from the wrapped store unchanged; its own Put overrides the promoted one.
type ReadOnly struct {
	Store
}

// Put always fails with an error wrapping ErrReadOnly and leaves the wrapped store unchanged:
//
//	put "k": store is read-only
func (r ReadOnly) Put(key, value string) error {
	// TODO(weekend 2): fmt.Errorf with %w.
	return errors.New("interfaces: ReadOnly.Put not implemented")
}

// Counting wraps a Store and counts lookups. It embeds Store, so Put and Entries are promoted;
// its own Get overrides the promoted one, calls the wrapped store's Get (c.Store.Get) and counts
// the result. Get has a pointer receiver because it changes the counters: a *Counting is a Store,
// a Counting value is not.
type Counting struct {
	Store
	Hits   int // Gets that found the key
	Misses int // Gets that did not
}

// Get looks key up in the wrapped store and counts a hit or a miss.
func (c *Counting) Get(key string) (string, bool) {
	// TODO(weekend 2): call c.Store.Get (not c.Get: that would call itself forever), then count.
	return "", false
}
