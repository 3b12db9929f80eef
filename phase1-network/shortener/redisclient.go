package shortener

// Provided — no need to edit.

import (
	"time"

	"github.com/redis/go-redis/v9"
)

// Timeouts of the Redis client NewRedisClient builds. Redis is only a cache on loopback or a LAN:
// a command that has not answered in this time will not, and the store must answer instead.
const (
	RedisDialTimeout = 100 * time.Millisecond
	RedisIOTimeout   = 100 * time.Millisecond
)

// NewRedisClient returns a go-redis client for the cache at addr, tuned for a cache that may go
// away: one short dial and no retries per command (go-redis's defaults dial up to five times and
// retry a command three times, with backoff, and a redirect would wait out every attempt while
// Redis is down: 1.8 s per redirect), and a short pool
// wait. When Redis comes back the next command dials it again, so caching resumes on its own.
func NewRedisClient(addr string) *redis.Client {
	return redis.NewClient(&redis.Options{
		Addr:                  addr,
		DialTimeout:           RedisDialTimeout,
		ReadTimeout:           RedisIOTimeout,
		WriteTimeout:          RedisIOTimeout,
		PoolTimeout:           RedisIOTimeout,
		DialerRetries:         1,  // one dial per command (go-redis dials up to 5 times by default)
		MaxRetries:            -1, // no retries: the store is the fallback
		ContextTimeoutEnabled: true,
	})
}
