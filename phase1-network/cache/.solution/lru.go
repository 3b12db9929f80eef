package cache

import (
	"container/list"
	"sync"
	"time"
)

// LRU is an in-memory cache of string values with a fixed capacity and a time to live.
// When it is full, Put evicts the least recently used entry; an entry older than the TTL is a miss.
// Get and Put are O(1): a map finds the list element, the list keeps the recency order.
// An LRU is safe for concurrent use.
type LRU struct {
	mu       sync.Mutex
	capacity int
	ttl      time.Duration
	now      func() time.Time
	order    *list.List               // front = most recently used, back = least
	items    map[string]*list.Element // key -> element holding *entry
}

// entry is what each list element holds: the key too, so that evicting the back element
// can delete it from the map.
type entry struct {
	key     string
	value   string
	expires time.Time // zero when the cache has no TTL
}

// NewLRU returns an empty cache holding at most capacity entries (at least 1).
// A ttl of 0 means entries never expire. now is the clock (nil means time.Now); tests pass a fake one.
func NewLRU(capacity int, ttl time.Duration, now func() time.Time) *LRU {
	if capacity < 1 {
		capacity = 1
	}
	if now == nil {
		now = time.Now
	}
	return &LRU{capacity: capacity, ttl: ttl, now: now, order: list.New(), items: make(map[string]*list.Element)}
}

// Get returns the value for key and true, or "" and false on a miss or when the entry has expired.
// A hit makes the entry the most recently used; it does not extend its life.
func (c *LRU) Get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.items[key]
	if !ok {
		return "", false
	}
	e := el.Value.(*entry)
	if !e.expires.IsZero() && !c.now().Before(e.expires) {
		c.order.Remove(el) // expired: free the slot now rather than wait for eviction
		delete(c.items, key)
		return "", false
	}
	c.order.MoveToFront(el)
	return e.value, true
}

// Put stores value under key, making it the most recently used entry and starting its TTL afresh.
// If the cache is full, the least recently used entry is evicted first.
func (c *LRU) Put(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	var expires time.Time
	if c.ttl > 0 {
		expires = c.now().Add(c.ttl)
	}
	if el, ok := c.items[key]; ok {
		e := el.Value.(*entry)
		e.value, e.expires = value, expires
		c.order.MoveToFront(el)
		return
	}
	if c.order.Len() >= c.capacity {
		oldest := c.order.Back()
		c.order.Remove(oldest)
		delete(c.items, oldest.Value.(*entry).key)
	}
	c.items[key] = c.order.PushFront(&entry{key: key, value: value, expires: expires})
}

// Delete removes key from the cache, if it is there.
func (c *LRU) Delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.items[key]; ok {
		c.order.Remove(el)
		delete(c.items, key)
	}
}

// Len returns the number of entries held, counting expired ones not yet removed.
func (c *LRU) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}
