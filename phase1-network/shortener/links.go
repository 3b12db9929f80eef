package shortener

import (
	"context"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"
)

// Options tune Links. Zero fields take the defaults.
type Options struct {
	// TTL is how long a link stays in Redis after a miss loaded it (default 1h).
	TTL time.Duration
	// KeyPrefix starts every Redis key (default "link:"): a link is cached under KeyPrefix+code.
	KeyPrefix string
	// NewCode returns a candidate code (default: CodeLen random base62 digits). Tests replace it
	// to force collisions.
	NewCode func() string
}

// Links is the service: SQLite is the store of record, and Redis, when there is one, caches
// code → URL in front of it (cache-aside). Redis failures never fail a request: the store answers.
type Links struct {
	// TODO(weekend 8): the store, the Redis client (nil: no cache) and the options.
}

// NewLinks returns the service over store, with rdb as its cache (nil for none).
func NewLinks(store *Store, rdb *redis.Client, opts Options) *Links {
	// TODO(weekend 8): fill in the option defaults (NewCode: CodeLen random base62 digits).
	return &Links{}
}

// Create validates url and stores it under alias, or under a generated code when alias is "".
// A taken alias is ErrAliasTaken; a taken generated code is retried with a new one.
func (l *Links) Create(ctx context.Context, url, alias string) (string, error) {
	// TODO(weekend 8): ValidateURL, ValidateAlias, then Insert; retry generated codes a few times.
	return "", errors.New("shortener: Create not implemented")
}

// Resolve returns the URL for code: from Redis on a hit; on a miss from the store, then cached
// with the TTL. When Redis fails it answers from the store alone. An unknown code is ErrNotFound
// (and is not cached).
func (l *Links) Resolve(ctx context.Context, code string) (string, error) {
	// TODO(weekend 8): cache-aside, as in the weekend 7 cache exercise, over Store.Lookup.
	return "", errors.New("shortener: Resolve not implemented")
}

// Delete removes the link from the store, then from the cache, so it stops redirecting at once.
// A failed cache delete is not an error: the entry is gone from the store, and Redis forgets it
// within the TTL at worst (or at once, if it lost its memory while down).
func (l *Links) Delete(ctx context.Context, code string) error {
	// TODO(weekend 8): Remove from the store, then DEL the Redis key.
	return errors.New("shortener: Delete not implemented")
}
