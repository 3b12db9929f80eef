package races

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/testkit/say"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fastWait bounds a Get that must not wait for anything: a hit, or a miss
// on a key nobody else is loading.
const fastWait = 2 * time.Second

type getResult struct {
	val string
	err error
}

func TestCacheReturnsLoadedValue(t *testing.T) {
	t.Parallel()
	var loads atomic.Int32
	c := NewCache(func(key string) (string, error) {
		loads.Add(1)
		return "value-of-" + key, nil
	})
	for range 3 {
		v, err := c.Get("a")
		require.NoError(t, err, "Get(\"a\") with a loader that never fails")
		require.Equal(t, "value-of-a", v, "Get must return what load returned")
	}
	v, err := c.Get("b")
	require.NoError(t, err)
	require.Equal(t, "value-of-b", v, "each key has its own value")
	require.Equal(t, int32(2), loads.Load(), "two keys, each asked for several times: load must run once per key, later Gets come from the cache")
}

func TestCacheLoadsEachKeyOnce(t *testing.T) {
	t.Parallel()
	const callers = 50
	var loads atomic.Int32
	entered := make(chan struct{})
	duplicate := make(chan struct{})
	var dupOnce sync.Once
	c := NewCache(func(key string) (string, error) {
		if loads.Add(1) == 1 {
			close(entered)
			// Stay "slow" until a second load of the same key shows up (the
			// bug) or a generous window has passed (a correct cache).
			select {
			case <-duplicate:
			case <-time.After(time.Second):
			}
		} else {
			dupOnce.Do(func() { close(duplicate) })
		}
		return "value-of-" + key, nil
	})

	results := make(chan getResult, callers)
	get := func() {
		v, err := c.Get("k")
		results <- getResult{v, err}
	}
	go get()
	select {
	case <-entered:
	case r := <-results:
		t.Fatalf("Get returned (%q, %v) without calling load: on a miss the first caller must run load", r.val, r.err)
	case <-time.After(5 * time.Second):
		t.Fatal("the first Get on a missing key never called load")
	}
	// The first load is in progress: every caller from now on must wait for it.
	for range callers - 1 {
		go get()
	}
	for i := range callers {
		select {
		case r := <-results:
			require.NoError(t, r.err, "Get(\"k\") #%d", i)
			assert.Equal(t, "value-of-k", r.val, "every waiter gets the value the one load produced")
		case <-time.After(10 * time.Second):
			t.Fatalf("only %d of %d Get calls returned: waiters must be woken when the load finishes", i, callers)
		}
	}
	require.Equal(t, int32(1), loads.Load(), say.F(
		"고루틴 %d개가 로드 중인 같은 키를 요청했습니다: 확인-후-실행은 한 단계여야 합니다 — 잠금을 풀기 전에 \"로딩 중\"을 기록하고, 다른 호출자는 그것을 기다리게 하세요",
		"%d goroutines asked for the same missing key while it was loading: check-then-act must be one step — record \"loading\" under the lock before unlocking, and let the others wait for it", callers))
}

func TestCacheSlowKeyDoesNotBlockOthers(t *testing.T) {
	t.Parallel()
	slowEntered, release := make(chan struct{}), make(chan struct{})
	c := NewCache(func(key string) (string, error) {
		if key == "slow" {
			close(slowEntered)
			<-release
		}
		return "value-of-" + key, nil
	})
	slowDone := make(chan getResult, 1)
	go func() {
		v, err := c.Get("slow")
		slowDone <- getResult{v, err}
	}()
	slowReturned := false
	defer func() {
		close(release)
		if slowReturned {
			return
		}
		select {
		case <-slowDone:
		case <-time.After(10 * time.Second):
			t.Error("Get(\"slow\") never returned after its load finished")
		}
	}()
	select {
	case <-slowEntered:
	case r := <-slowDone:
		slowReturned = true
		t.Fatalf("Get(\"slow\") returned (%q, %v) without calling load", r.val, r.err)
	case <-time.After(5 * time.Second):
		t.Fatal("Get(\"slow\") never called load")
	}

	fast := make(chan getResult, 1)
	go func() {
		v, err := c.Get("fast")
		fast <- getResult{v, err}
	}()
	select {
	case r := <-fast:
		require.NoError(t, r.err)
		require.Equal(t, "value-of-fast", r.val)
	case <-time.After(fastWait):
		t.Fatal(say.F("다른 키가 로드 중인 동안 Get(\"fast\")가 %v 넘게 기다렸습니다(메모리 안의 캐시라면 마이크로초면 됩니다): load가 도는 동안 캐시 뮤텍스를 잡고 있으면 안 됩니다 — 한 키의 대기자는 그 키만 기다립니다",
			"Get(\"fast\") waited over %v while another key was loading (an in-memory cache answers in microseconds): do not hold the cache's mutex while load runs — waiters of one key wait on that key only", fastWait))
	}
}

func TestCacheForgetsFailedLoads(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	boom := errors.New("backend down")
	c := NewCache(func(key string) (string, error) {
		if calls.Add(1) == 1 {
			return "", boom
		}
		return "value-of-" + key, nil
	})
	_, err := c.Get("k")
	require.ErrorIs(t, err, boom, "a failed load's error goes back to the caller")
	v, err := c.Get("k")
	require.NoError(t, err, say.T("실패는 기억하지 않습니다: 다음 Get은 다시 로드합니다", "a failure must not be remembered: the next Get loads again"))
	require.Equal(t, "value-of-k", v)
	require.Equal(t, int32(2), calls.Load(), say.T("실패한 로드 한 번, 다시 시도한 로드 한 번", "one failed load, one retried load"))
}
