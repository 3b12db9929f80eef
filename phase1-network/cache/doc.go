// Package cache is the weekend 7 exercise on caching: an in-memory LRU cache with a TTL
// (lru.go), and cache-aside over Redis (aside.go). See README.md.
package cache
