package cache

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// Aside is a cache-aside (lazy loading) cache over Redis in front of a slower Source.
// Redis is only a cache: when it fails, Aside still answers from the Source.
type Aside struct {
	// TODO(weekend 7): the Redis client, the Source and the TTL.
}

// NewAside returns a cache-aside cache that keeps values in rdb for ttl (which must be > 0).
func NewAside(rdb *redis.Client, src Source, ttl time.Duration) *Aside {
	// TODO(weekend 7): keep the arguments.
	return &Aside{}
}

// Get returns the value for key: from Redis on a hit; on a miss it loads the value from the
// Source and stores it in Redis with the TTL (read-through). When Redis fails, Get answers from
// the Source alone. A key the Source does not have is ErrNotFound and is not cached.
func (a *Aside) Get(ctx context.Context, key string) (string, error) {
	// TODO(weekend 7): GET; on redis.Nil load from the Source and SET with the TTL.
	return "", errors.New("cache: Aside.Get not implemented")
}

// Set writes value to the Source, then deletes key from Redis (invalidation on write), so the next
// Get loads the new value. Deleting rather than updating the cached copy means two racing writers
// cannot leave the older value cached. Set returns an error if either step fails.
func (a *Aside) Set(ctx context.Context, key, value string) error {
	// TODO(weekend 7): Store in the Source, then DEL the key.
	return errors.New("cache: Aside.Set not implemented")
}
