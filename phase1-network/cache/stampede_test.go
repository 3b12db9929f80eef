package cache

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"

	"dsweekends/testkit/say"
	"github.com/stretchr/testify/require"
)

// gatedSource is a Source whose Load blocks until gate is closed, counting the Loads that started.
type gatedSource struct {
	gate  chan struct{}
	loads atomic.Int64
	val   string
	err   error
}

func (s *gatedSource) Load(ctx context.Context, key string) (string, error) {
	s.loads.Add(1)
	<-s.gate
	return s.val + ":" + key, s.err
}

func (s *gatedSource) Store(context.Context, string, string) error { return nil }

// The tests run in a synctest bubble: synctest.Wait returns once every goroutine is blocked, so
// "all 100 callers are waiting" is a fact the test can wait for, not a guess with a sleep.

func TestCollapseHundredMissesOneLoad(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		src := &gatedSource{gate: make(chan struct{}), val: "v"}
		collapsed := Collapse(src)
		var wg sync.WaitGroup
		results := make([]string, 100)
		errs := make([]error, 100)
		release := sync.OnceFunc(func() { close(src.gate) })
		defer wg.Wait()
		defer release() // on a failed require too, so no goroutine is left blocked
		for i := range 100 {
			wg.Go(func() { results[i], errs[i] = collapsed.Load(context.Background(), "hot") })
		}
		synctest.Wait() // all 100 are blocked: one inside Load, the others waiting for it
		require.Equal(t, int64(1), src.loads.Load(), "stampede rule: 100 concurrent misses for one key must cause ONE load; the others wait for its result")
		release()
		wg.Wait()
		for i := range 100 {
			require.NoError(t, errs[i], "caller %d", i)
			require.Equal(t, "v:hot", results[i], "caller %d must get the shared result", i)
		}
	})
}

func TestGroupSharesErrors(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		boom := errors.New("database down")
		src := &gatedSource{gate: make(chan struct{}), err: boom}
		var g Group
		var wg sync.WaitGroup
		errs := make([]error, 10)
		for i := range errs {
			wg.Go(func() {
				_, errs[i] = g.Do("k", func() (string, error) { return src.Load(context.Background(), "k") })
			})
		}
		synctest.Wait()
		close(src.gate)
		wg.Wait()
		require.Equal(t, int64(1), src.loads.Load(), "one load for concurrent callers")
		for i, err := range errs {
			require.ErrorIs(t, err, boom, "caller %d: a waiter gets the error of the shared call too, not a zero value", i)
		}
		// The failed call is over: the next Do loads again (the database may be back).
		v, err := g.Do("k", func() (string, error) { return "back", nil })
		require.NoError(t, err, say.T("실패한 호출이 끝난 뒤의 Do는 fn을 다시 실행합니다: 끝난 호출은 에러로 끝났어도 잊으세요", "a Do after the failed call has finished runs fn again: forget a finished call even when it ended in an error"))
		require.Equal(t, "back", v, say.T("실패한 호출이 끝난 뒤의 Do는 새 결과를 돌려줍니다: 에러를 영원히 기억하면 데이터베이스가 돌아와도 그 키는 계속 실패합니다", "a Do after the failed call returns the new result: a remembered error keeps failing the key after the database is back"))
	})
}

func TestGroupLoadsAgainAfterCompletion(t *testing.T) {
	var g Group
	v, err := g.Do("k", func() (string, error) { return "first", nil })
	require.NoError(t, err)
	require.Equal(t, "first", v)
	v, err = g.Do("k", func() (string, error) { return "second", nil })
	require.NoError(t, err)
	require.Equal(t, "second", v, "a call that starts after the previous one finished runs fn again (forget the finished call, or its result is cached forever)")
}

func TestGroupKeysAreIndependent(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		gate := make(chan struct{})
		var g Group
		var wg sync.WaitGroup
		defer wg.Wait()
		defer close(gate)
		wg.Go(func() { _, _ = g.Do("slow", func() (string, error) { <-gate; return "slow", nil }) })
		synctest.Wait() // "slow" is in flight
		got := make(chan string, 1)
		wg.Go(func() {
			v, _ := g.Do("fast", func() (string, error) { return "fast", nil })
			got <- v
		})
		synctest.Wait()
		select {
		case v := <-got:
			require.Equal(t, "fast", v, "each key has its own call")
		default:
			t.Fatal("a call for key \"fast\" must not wait for the call in flight for key \"slow\": collapse per key")
		}
	})
}
