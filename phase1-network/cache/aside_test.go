package cache

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"dsweekends/phase1-network/redistest"

	"github.com/stretchr/testify/require"
)

// fakeSource is the "database" behind the cache; it counts Loads so tests can see cache hits.
type fakeSource struct {
	mu    sync.Mutex
	data  map[string]string
	loads int
}

func newFakeSource(kv ...string) *fakeSource {
	s := &fakeSource{data: map[string]string{}}
	for i := 0; i+1 < len(kv); i += 2 {
		s.data[kv[i]] = kv[i+1]
	}
	return s
}

func (s *fakeSource) Load(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.loads++
	v, ok := s.data[key]
	if !ok {
		return "", fmt.Errorf("fake source: %q: %w", key, ErrNotFound)
	}
	return v, nil
}

func (s *fakeSource) Store(_ context.Context, key, value string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.data[key] = value
	return nil
}

func (s *fakeSource) Loads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.loads
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestAsideReadThroughOnMiss(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	ctx := ctxFor(t)
	key := redistest.Namespace(t) + "user:1"
	src := newFakeSource(key, "alice")
	a := NewAside(rdb, src, time.Minute)

	got, err := a.Get(ctx, key)
	require.NoError(t, err, "Get of a key the Source has")
	require.Equal(t, "alice", got, "Get on a miss returns the Source's value")
	require.Equal(t, 1, src.Loads(), "a miss loads from the Source once")
	cached, err := rdb.Get(ctx, key).Result()
	require.NoError(t, err, "read-through rule: after a miss the value must be stored in Redis under the same key")
	require.Equal(t, "alice", cached, "the value cached in Redis")

	for range 3 {
		got, err = a.Get(ctx, key)
		require.NoError(t, err)
		require.Equal(t, "alice", got)
	}
	require.Equal(t, 1, src.Loads(), "cache-aside rule: a hit is served from Redis without touching the Source")
}

func TestAsideSetsTTL(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	ctx := ctxFor(t)
	key := redistest.Namespace(t) + "user:1"
	a := NewAside(rdb, newFakeSource(key, "alice"), 90*time.Second)
	_, err := a.Get(ctx, key)
	require.NoError(t, err)
	ttl, err := rdb.TTL(ctx, key).Result()
	require.NoError(t, err)
	require.Greater(t, ttl, time.Duration(0), "TTL rule: the cached copy must expire (SET with the TTL); Redis reports %v (-1 means no expiry, -2 not cached)", ttl)
	require.LessOrEqual(t, ttl, 90*time.Second, "TTL rule: the cached copy lives at most the configured TTL")
}

func TestAsideInvalidatesOnWrite(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	ctx := ctxFor(t)
	key := redistest.Namespace(t) + "user:1"
	src := newFakeSource(key, "alice")
	a := NewAside(rdb, src, time.Hour)
	_, err := a.Get(ctx, key) // now cached
	require.NoError(t, err)

	require.NoError(t, a.Set(ctx, key, "bob"), "Set")
	require.Equal(t, "bob", src.data[key], "Set writes to the Source, the store of record")
	got, err := a.Get(ctx, key)
	require.NoError(t, err)
	require.Equal(t, "bob", got, "invalidation rule: after Set, Get must not return the old cached value (delete the key from Redis after writing the Source)")
	got, err = a.Get(ctx, key)
	require.NoError(t, err)
	require.Equal(t, "bob", got, "the new value is cached again on the next miss")
}

func TestAsideMissingKeyIsNotFound(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	ctx := ctxFor(t)
	key := redistest.Namespace(t) + "nobody"
	a := NewAside(rdb, newFakeSource(), time.Minute)
	_, err := a.Get(ctx, key)
	require.ErrorIs(t, err, ErrNotFound, "a key the Source does not have: return its error, wrapped with %%w")
	n, err := rdb.Exists(ctx, key).Result()
	require.NoError(t, err)
	require.Zero(t, n, "nothing may be cached for a key the Source does not have")
}

func TestAsideServesFromSourceWhenRedisIsDown(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	ctx := ctxFor(t)
	key := redistest.Namespace(t) + "user:1"
	src := newFakeSource(key, "alice")
	a := NewAside(rdb, src, time.Minute)

	srv.Stop(t)
	got, err := a.Get(ctx, key)
	require.NoError(t, err, "Redis is only a cache: while it is down, Get must answer from the Source (a Redis error other than redis.Nil is not a reason to fail)")
	require.Equal(t, "alice", got)

	srv.Restart(t)
	require.Eventually(t, func() bool {
		v, err := a.Get(ctx, key)
		return err == nil && v == "alice" && rdb.Exists(ctx, key).Val() == 1
	}, 5*time.Second, 10*time.Millisecond, "after Redis comes back, a Get must cache the value again")
	before := src.Loads()
	_, err = a.Get(ctx, key)
	require.NoError(t, err)
	require.Equal(t, before, src.Loads(), "once Redis is back, hits are served from it")
}
