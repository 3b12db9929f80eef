package cache

import (
	"context"
	"testing"
	"time"

	"dsweekends/phase1-network/redistest"
	"dsweekends/testkit/say"

	"github.com/stretchr/testify/require"
)

// hookSource is a fakeSource that calls beforeStore inside Store, before the new value is written:
// the moment another reader, or a failure, can come between Set's two steps.
type hookSource struct {
	*fakeSource
	beforeStore func()
}

func (s *hookSource) Store(ctx context.Context, key, value string) error {
	if s.beforeStore != nil {
		s.beforeStore()
	}
	return s.fakeSource.Store(ctx, key, value)
}

func TestAsideSetDeletesCachedKey(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	ctx := ctxFor(t)
	key := redistest.Namespace(t) + "user:1"
	src := newFakeSource(key, "alice")
	a := NewAside(rdb, src, time.Hour)
	_, err := a.Get(ctx, key) // now cached
	require.NoError(t, err)

	require.NoError(t, a.Set(ctx, key, "bob"), "Set")
	n, err := rdb.Exists(ctx, key).Result()
	require.NoError(t, err)
	require.Zero(t, n, say.F(
		"무효화 규칙: Set이 돌아온 뒤 Redis에 키 %q가 없어야 합니다 (DEL). 새 값을 캐시에 SET으로 덮어쓰면 두 쓰기가 경쟁할 때 옛 값이 남을 수 있습니다; 값: %q",
		"invalidation rule: after Set returns, Redis must not hold key %q (DEL it). Overwriting the cached copy with SET lets two racing writers leave the older value cached; Redis holds %q",
		key, rdb.Get(ctx, key).Val()))
}

func TestAsideSetWritesSourceBeforeDeleting(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	ctx := ctxFor(t)
	key := redistest.Namespace(t) + "user:1"
	src := &hookSource{fakeSource: newFakeSource(key, "alice")}
	a := NewAside(rdb, src, time.Hour)
	_, err := a.Get(ctx, key) // now cached
	require.NoError(t, err)

	// A reader comes in while the Source is being written, before the new value is in.
	var readerErr error
	src.beforeStore = func() { _, readerErr = a.Get(ctx, key) }
	require.NoError(t, a.Set(ctx, key, "bob"), "Set")
	require.NoError(t, readerErr, "the reader's Get during Set")

	cached, err := rdb.Get(ctx, key).Result()
	if err == nil {
		require.NotEqual(t, "alice", cached, say.T(
			"순서 규칙: 원본에 먼저 쓰고 그다음 Redis에서 DEL 하세요. DEL을 먼저 하면, 원본이 바뀌기 전에 들어온 읽기가 옛 값(alice)을 다시 캐시하고, 그 값이 TTL 내내 남습니다",
			"order rule: write the Source first, then DEL the key from Redis. With DEL first, a read that comes in before the Source changes caches the old value (alice) again, and it stays for the whole TTL"))
	}
	got, err := a.Get(ctx, key)
	require.NoError(t, err)
	require.Equal(t, "bob", got, say.T(
		"Set 뒤의 Get은 새 값을 돌려줘야 합니다", "a Get after Set must return the new value"))
}

func TestAsideSetReportsFailedDelete(t *testing.T) {
	srv := redistest.Start(t)
	if srv.Backend() == redistest.External {
		t.Skip("needs a Redis server the test can stop")
	}
	rdb := srv.Client(t)
	ctx := ctxFor(t)
	key := redistest.Namespace(t) + "user:1"
	src := &hookSource{fakeSource: newFakeSource(key, "alice")}
	a := NewAside(rdb, src, time.Hour)
	_, err := a.Get(ctx, key) // now cached
	require.NoError(t, err)

	src.beforeStore = func() { srv.Stop(t) } // Redis goes away between the two steps
	err = a.Set(ctx, key, "bob")
	require.Equal(t, "bob", src.Data(key), say.T(
		"Set은 Redis 상태와 상관없이 먼저 원본에 씁니다", "Set writes the Source first, whatever Redis's state"))
	require.Error(t, err, say.T(
		"Set 규칙: DEL이 실패하면(여기서는 Redis가 멈춤) Set은 에러를 돌려줘야 합니다. 에러를 버리면 호출자는 캐시에 옛 값이 남았을 수 있다는 것을 모릅니다",
		"Set rule: when the DEL fails (here Redis is stopped), Set must return an error. Dropping it hides from the caller that the old value may still be cached"))
}

func TestAsideCachesEmptyValue(t *testing.T) {
	srv := redistest.Start(t)
	rdb := srv.Client(t)
	ctx := ctxFor(t)
	empty := redistest.Namespace(t) + "empty"
	odd := redistest.Namespace(t) + "odd"
	const oddValue = "say \"hi\" \\ 한글\x00end"
	src := newFakeSource(empty, "", odd, oddValue)
	a := NewAside(rdb, src, time.Minute)
	for range 3 {
		got, err := a.Get(ctx, empty)
		require.NoError(t, err, say.T("값이 빈 문자열인 키의 Get (빈 문자열도 원본에 있는 값입니다)", "Get of a key whose value is the empty string (a value the Source has)"))
		require.Equal(t, "", got)
		got, err = a.Get(ctx, odd)
		require.NoError(t, err)
		require.Equal(t, oddValue, got, say.T(
			"값은 바이트 그대로 오갑니다 (따옴표, 역슬래시, 한글, NUL)",
			"values go through byte for byte (quotes, backslash, Hangul, NUL)"))
	}
	require.Equal(t, 2, src.Loads(), say.T(
		"cache-aside 규칙: 빈 문자열도 캐시된 값입니다. Redis GET이 에러 없이 \"\"를 돌려주면 적중이지 미스가 아닙니다 (미스는 redis.Nil뿐)",
		"cache-aside rule: an empty string is a cached value too. A Redis GET that returns \"\" with no error is a hit, not a miss (only redis.Nil is a miss)"))
}

func (s *fakeSource) Data(key string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.data[key]
}
