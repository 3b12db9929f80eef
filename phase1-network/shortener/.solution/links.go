package shortener

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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

// maxAttempts bounds how many generated codes Create tries before giving up.
const maxAttempts = 5

// Links is the service: SQLite is the store of record, and Redis, when there is one, caches
// code → URL in front of it (cache-aside). Redis failures never fail a request: the store answers.
type Links struct {
	store *Store
	rdb   *redis.Client // nil: no cache
	opts  Options
}

// NewLinks returns the service over store, with rdb as its cache (nil for none).
func NewLinks(store *Store, rdb *redis.Client, opts Options) *Links {
	if opts.TTL <= 0 {
		opts.TTL = time.Hour
	}
	if opts.KeyPrefix == "" {
		opts.KeyPrefix = "link:"
	}
	if opts.NewCode == nil {
		opts.NewCode = randomCode
	}
	return &Links{store: store, rdb: rdb, opts: opts}
}

// randomCode returns CodeLen base62 digits: a number in [62^6, 62^7) always encodes to seven.
func randomCode() string {
	const lo, hi = 56_800_235_584, 3_521_614_606_208 // 62^6, 62^7
	return Encode(lo + rand.Uint64N(hi-lo))
}

// Create validates url and stores it under alias, or under a generated code when alias is "".
// A taken alias is ErrAliasTaken; a taken generated code is retried with a new one.
func (l *Links) Create(ctx context.Context, url, alias string) (string, error) {
	if err := ValidateURL(url); err != nil {
		return "", err
	}
	if alias != "" {
		if err := ValidateAlias(alias); err != nil {
			return "", err
		}
		return alias, l.store.Insert(ctx, alias, url)
	}
	for range maxAttempts {
		code := l.opts.NewCode()
		err := l.store.Insert(ctx, code, url)
		if !errors.Is(err, ErrAliasTaken) {
			return code, err
		}
	}
	return "", fmt.Errorf("shortener: no free code after %d attempts", maxAttempts)
}

// Resolve returns the URL for code: from Redis on a hit; on a miss from the store, then cached
// with the TTL. When Redis fails it answers from the store alone. An unknown code is ErrNotFound
// (and is not cached).
func (l *Links) Resolve(ctx context.Context, code string) (string, error) {
	key := l.opts.KeyPrefix + code
	cacheUp := false
	if l.rdb != nil {
		url, err := l.rdb.Get(ctx, key).Result()
		if err == nil {
			return url, nil
		}
		cacheUp = errors.Is(err, redis.Nil) // any other error: Redis is down, use the store
	}
	url, err := l.store.Lookup(ctx, code)
	if err != nil {
		return "", err
	}
	if cacheUp {
		_ = l.rdb.Set(ctx, key, url, l.opts.TTL).Err() // a failed SET only costs a later miss
	}
	return url, nil
}

// Delete removes the link from the store, then from the cache, so it stops redirecting at once.
// A failed cache delete is not an error: the entry is gone from the store, and Redis forgets it
// within the TTL at worst (or at once, if it lost its memory while down).
func (l *Links) Delete(ctx context.Context, code string) error {
	if err := l.store.Remove(ctx, code); err != nil {
		return err
	}
	if l.rdb != nil {
		_ = l.rdb.Del(ctx, l.opts.KeyPrefix+code).Err()
	}
	return nil
}
