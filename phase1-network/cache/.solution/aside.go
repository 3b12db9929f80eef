package cache

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"
)

// Aside is a cache-aside (lazy loading) cache over Redis in front of a slower Source.
// Redis is only a cache: when it fails, Aside still answers from the Source.
type Aside struct {
	rdb *redis.Client
	src Source
	ttl time.Duration
}

// NewAside returns a cache-aside cache that keeps values in rdb for ttl (which must be > 0).
func NewAside(rdb *redis.Client, src Source, ttl time.Duration) *Aside {
	return &Aside{rdb: rdb, src: src, ttl: ttl}
}

// Get returns the value for key: from Redis on a hit; on a miss it loads the value from the
// Source and stores it in Redis with the TTL (read-through). When Redis fails, Get answers from
// the Source alone. A key the Source does not have is ErrNotFound and is not cached.
func (a *Aside) Get(ctx context.Context, key string) (string, error) {
	v, err := a.rdb.Get(ctx, key).Result()
	if err == nil {
		return v, nil // hit
	}
	redisUp := errors.Is(err, redis.Nil) // a miss; any other error means Redis is unwell
	v, err = a.src.Load(ctx, key)
	if err != nil {
		return "", fmt.Errorf("cache: load %q: %w", key, err)
	}
	if redisUp {
		// A failed SET only costs a future miss, so the value is still returned.
		_ = a.rdb.Set(ctx, key, v, a.ttl).Err()
	}
	return v, nil
}

// Set writes value to the Source, then deletes key from Redis (invalidation on write), so the next
// Get loads the new value. Deleting rather than updating the cached copy means two racing writers
// cannot leave the older value cached. Set returns an error if either step fails.
func (a *Aside) Set(ctx context.Context, key, value string) error {
	if err := a.src.Store(ctx, key, value); err != nil {
		return fmt.Errorf("cache: store %q: %w", key, err)
	}
	if err := a.rdb.Del(ctx, key).Err(); err != nil {
		return fmt.Errorf("cache: invalidate %q: %w", key, err)
	}
	return nil
}
