package channels

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// In the synctest tests below time is virtual: time.Sleep, timers and context deadlines inside
// synctest.Test advance a fake clock the moment every goroutine is blocked, so "2 seconds" takes
// no time and elapsed times are exact. If one of these tests panics with "deadlock: main bubble
// goroutine has exited but blocked goroutines remain", a goroutine your function started is still
// blocked after it returned — often a send on a channel nobody reads any more.

func TestFirstReturnsTheFastestSuccess(t *testing.T) {
	var loserCancelled atomic.Bool
	slow := func(ctx context.Context) (string, error) {
		select {
		case <-ctx.Done():
			loserCancelled.Store(true)
			return "", ctx.Err()
		case <-time.After(hangGuard):
			return "slow", nil
		}
	}
	fast := func(context.Context) (string, error) { return "fast", nil }
	failing := func(context.Context) (string, error) { return "", errors.New("replica down") }

	var got string
	var err error
	mustFinish(t, "First (once it has a winner it must cancel the losers' ctx, then wait for them; "+
		"a loser's late answer must not block its goroutine: give the answers channel room for every fn)",
		func() { got, err = First(t.Context(), time.Hour, slow, failing, fast) })
	require.NoError(t, err, "one fn succeeded, so First must succeed (a failing fn is not the answer)")
	assert.Equal(t, "fast", got, "the slow fn waits for cancellation, so only fast can win")
	assert.Eventually(t, loserCancelled.Load, hangGuard, time.Millisecond,
		"the losing fn's ctx was never cancelled: cancel the context you gave the fns once you have a winner")
	requireNoLeaks(t, "the losers' goroutines must end: can they still send their answer when nobody reads it?")
}

func TestFirstReportsEveryFailure(t *testing.T) {
	errA, errB := errors.New("replica a down"), errors.New("replica b down")
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := First(t.Context(), time.Hour,
			func(context.Context) (string, error) { return "", errA },
			func(context.Context) (string, error) { return "", errB })
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		require.Error(t, r.err, "every fn failed, so First must fail")
		assert.ErrorIs(t, r.err, errA, "First's error must contain every fn's error (errors.Join)")
		assert.ErrorIs(t, r.err, errB, "First's error must contain every fn's error (errors.Join)")
	case <-time.After(hangGuard):
		t.Fatal("First did not return after every fn had failed: do not wait for the timeout (1h here) once all answers are in")
	}
	requireNoLeaks(t)
}

func TestFirstWithoutFunctionsFails(t *testing.T) {
	var err error
	mustFinish(t, "First", func() { _, err = First(t.Context(), time.Second) })
	require.Error(t, err, "First with no fns can never answer: return an error at once")
	assert.NotEqual(t, "channels: First not implemented", err.Error(), "implement First")
}

func TestFirstWinnerInVirtualTime(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var slowErr error
		sleepThen := func(d time.Duration, answer string, sawErr *error) func(context.Context) (string, error) {
			return func(ctx context.Context) (string, error) {
				select {
				case <-time.After(d):
					return answer, nil
				case <-ctx.Done():
					if sawErr != nil {
						*sawErr = ctx.Err()
					}
					return "", ctx.Err()
				}
			}
		}
		got, err := First(t.Context(), 5*time.Second,
			sleepThen(3*time.Second, "replica-a", &slowErr),
			sleepThen(1*time.Second, "replica-b", nil))
		require.NoError(t, err, "First(ctx, 5s, a 3s fn, a 1s fn): the 1s fn answers well before the timeout, so no error (first.go)")
		assert.Equal(t, "replica-b", got, "replica-b answers after 1s, replica-a after 3s")
		assert.Equal(t, time.Second, time.Since(start),
			"First must return as soon as the first answer arrives (virtual time): cancel the losers' ctx before waiting for them")
		synctest.Wait() // let the loser finish if First did not wait for it
		assert.ErrorIs(t, slowErr, context.Canceled, "the loser must see its ctx cancelled when the winner answers")
	})
}

func TestFirstWaitsForTheLosers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var loserReturned atomic.Bool
		// The loser needs 1s (virtual) to clean up after its ctx is cancelled.
		loser := func(ctx context.Context) (string, error) {
			<-ctx.Done()
			time.Sleep(time.Second)
			loserReturned.Store(true)
			return "", ctx.Err()
		}
		winner := func(context.Context) (string, error) {
			time.Sleep(time.Second)
			return "winner", nil
		}
		got, err := First(t.Context(), time.Hour, loser, winner)
		require.NoError(t, err, "First(ctx, 1h, a loser, a 1s winner): the winner answers, so no error (first.go)")
		assert.Equal(t, "winner", got, "the only fn that answers is the winner")
		assert.True(t, loserReturned.Load(), "First returned while a losing fn was still running: after cancelling the "+
			"losers, wait for every fn to return (sync.WaitGroup), so that First leaves no goroutine behind")
		assert.Equal(t, 2*time.Second, time.Since(start),
			"the winner answers at 1s and the cancelled loser needs 1s more: First returns at 2s (virtual time)")
	})
}

func TestFirstTimesOut(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		var cancelled atomic.Int32
		slow := func(ctx context.Context) (string, error) {
			select {
			case <-time.After(10 * time.Second):
				return "too late", nil
			case <-ctx.Done():
				cancelled.Add(1)
				return "", ctx.Err()
			}
		}
		_, err := First(t.Context(), 2*time.Second, slow, slow)
		require.Error(t, err, "no fn answers within the 2s timeout")
		assert.ErrorIs(t, err, context.DeadlineExceeded, "a timeout must wrap context.DeadlineExceeded (%w)")
		assert.EqualError(t, err, "first: no answer within 2s: context deadline exceeded",
			"First's timeout error, as its doc comment in first.go gives it: fmt.Errorf(\"first: no answer within %v: %w\", timeout, ctx.Err())")
		assert.Equal(t, 2*time.Second, time.Since(start), "First must give up exactly when the timeout passes (virtual time)")
		synctest.Wait()
		assert.Equal(t, int32(2), cancelled.Load(), "both fns must see their ctx cancelled by the timeout")
	})
}

func TestFirstHonoursCallerCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var err error
	mustFinish(t, "First", func() {
		_, err = First(ctx, time.Hour, func(ctx context.Context) (string, error) {
			<-ctx.Done()
			return "", ctx.Err()
		})
	})
	require.ErrorIs(t, err, context.Canceled, "the caller's ctx was cancelled: First must fail with an error wrapping context.Canceled")
	requireNoLeaks(t)
}
