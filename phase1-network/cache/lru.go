package cache

import (
	"time"
)

// LRU is an in-memory cache of string values with a fixed capacity and a time to live.
// When it is full, Put evicts the least recently used entry; an entry older than the TTL is a miss.
// Get and Put are O(1): a map finds the list element, the list keeps the recency order.
// An LRU is safe for concurrent use.
type LRU struct {
	// TODO(weekend 7): a sync.Mutex, the capacity, the TTL and clock, a container/list.List
	// in recency order and a map from key to *list.Element.
}

// NewLRU returns an empty cache holding at most capacity entries (at least 1).
// A ttl of 0 means entries never expire. now is the clock (nil means time.Now); tests pass a fake one.
func NewLRU(capacity int, ttl time.Duration, now func() time.Time) *LRU {
	// TODO(weekend 7): initialise the fields.
	return &LRU{}
}

// Get returns the value for key and true, or "" and false on a miss or when the entry has expired.
// A hit makes the entry the most recently used; it does not extend its life.
func (c *LRU) Get(key string) (string, bool) {
	// TODO(weekend 7): look the key up, treat an expired entry as a miss, move a hit to the front.
	return "", false
}

// Put stores value under key, making it the most recently used entry and starting its TTL afresh.
// If the cache is full, the least recently used entry is evicted first.
func (c *LRU) Put(key, value string) {
	// TODO(weekend 7): update an existing entry, or evict the back of the list when full and push a new one.
}

// Delete removes key from the cache, if it is there.
func (c *LRU) Delete(key string) {
	// TODO(weekend 7): remove the entry from the list and the map.
}

// Len returns the number of entries held, counting expired ones not yet removed.
func (c *LRU) Len() int {
	// TODO(weekend 7): the list's length.
	return 0
}
