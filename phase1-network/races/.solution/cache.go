package races

import "sync"

// Cache remembers values produced by a load function and loads each key at
// most once, even when many goroutines ask for the same missing key at the same
// time. While one key is loading, other keys can still be read and loaded.
type Cache struct {
	load func(key string) (string, error)

	mu      sync.Mutex
	entries map[string]*entry // guarded by mu
}

// entry is one key's value, present from the moment its load starts. Waiters
// block on ready, not on the cache's mutex, so a slow load of one key never
// blocks other keys.
type entry struct {
	ready chan struct{} // closed when val and err are set
	val   string
	err   error
}

// NewCache returns an empty Cache that fills itself with load. load is called
// without any lock of the cache held, at most once per key; if it fails, the
// error is returned to every caller waiting for that key and nothing is
// remembered, so a later Get tries again.
func NewCache(load func(key string) (string, error)) *Cache {
	return &Cache{load: load, entries: make(map[string]*entry)}
}

// Get returns the value for key. On a miss the first caller runs load; callers
// that arrive while it runs wait for its result instead of loading again. Get
// is safe for concurrent use.
func (c *Cache) Get(key string) (string, error) {
	// Check and act in one critical section: whoever finds no entry puts one
	// in before unlocking, so every later caller finds it and waits.
	c.mu.Lock()
	e, ok := c.entries[key]
	if !ok {
		e = &entry{ready: make(chan struct{})}
		c.entries[key] = e
	}
	c.mu.Unlock()

	if ok {
		<-e.ready // someone else is loading (or has loaded) this key
		return e.val, e.err
	}

	// The slow part runs with no lock held.
	e.val, e.err = c.load(key)
	if e.err != nil {
		c.mu.Lock()
		delete(c.entries, key) // forget failures so a later Get retries
		c.mu.Unlock()
	}
	close(e.ready) // publishes val and err to the waiters (happens-before)
	return e.val, e.err
}
