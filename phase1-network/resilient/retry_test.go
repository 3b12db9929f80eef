package resilient

import (
	"context"
	"errors"
	"testing"
	"testing/synctest"
	"time"

	"dsweekends/testkit/say"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fixed returns a Rand that always answers r.
func fixed(r float64) func() float64 { return func() float64 { return r } }

var errFlaky = errors.New("flaky: try again")

func TestBackoffGrowsExponentiallyUpToTheCap(t *testing.T) {
	t.Parallel()
	p := Policy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, Rand: fixed(0.999999)}
	want := []time.Duration{100, 200, 400, 800, 1000, 1000, 1000}
	for i, w := range want {
		n := i + 1
		got := p.Backoff(n)
		assert.InDelta(t, float64(w*time.Millisecond), float64(got), float64(time.Millisecond),
			"Backoff(%d) with Rand()≈1: min(MaxDelay, BaseDelay·2^(n-1)) = %v, got %v", n, w*time.Millisecond, got)
	}
	p.Rand = fixed(0)
	for _, n := range []int{40, 64, 1000} {
		assert.Equal(t, 500*time.Millisecond, p.Backoff(n), "Backoff(%d) with Rand()=0 is MaxDelay/2: the delay stops growing at MaxDelay (and BaseDelay·2^(n-1) must not overflow)", n)
	}
}

func TestBackoffJitterSpreadsTheUpperHalf(t *testing.T) {
	t.Parallel()
	p := Policy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	p.Rand = fixed(0)
	assert.Equal(t, 200*time.Millisecond, p.Backoff(3), "with Rand()=0 the delay is half of 400ms: equal jitter keeps at least d/2")
	p.Rand = fixed(0.5)
	assert.Equal(t, 300*time.Millisecond, p.Backoff(3), "with Rand()=0.5 the delay is d/2 + 0.5·d/2")
	p.Rand = nil
	seen := map[time.Duration]bool{}
	for range 50 {
		d := p.Backoff(3)
		require.GreaterOrEqual(t, d, 200*time.Millisecond, "jitter stays within [d/2, d]")
		require.LessOrEqual(t, d, 400*time.Millisecond, "jitter stays within [d/2, d]")
		seen[d] = true
	}
	assert.Greater(t, len(seen), 1, "with Rand nil (math/rand/v2) the delays must vary: that is the point of jitter")
}

func TestRetryWaitsBackoffBetweenAttempts(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := Policy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second, Rand: fixed(0.5)}
		start := time.Now()
		var at []time.Duration
		err := Retry(t.Context(), p, func(ctx context.Context) error {
			at = append(at, time.Since(start))
			if len(at) < 5 {
				return errFlaky
			}
			return nil
		})
		require.NoError(t, err, "the fifth attempt succeeds: Retry returns nil")
		// Backoff with Rand 0.5: 75, 150, 300, 600 ms.
		want := []time.Duration{0, 75, 225, 525, 1125}
		for i := range want {
			want[i] *= time.Millisecond
		}
		assert.Equal(t, want, at, "attempt times (virtual clock): wait Backoff(n) after the n-th failure — retrying without backoff hammers a server that is already in trouble")
	})
}

func TestRetryStopsAtMaxAttemptsAndPermanentErrors(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := Policy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxAttempts: 3}
		calls := 0
		err := Retry(t.Context(), p, func(ctx context.Context) error { calls++; return errFlaky })
		require.Error(t, err)
		assert.Equal(t, 3, calls, "MaxAttempts 3: exactly three attempts")
		assert.ErrorIs(t, err, errFlaky, "the error wraps the last attempt's error")

		calls = 0
		bad := errors.New("no such user")
		p.MaxAttempts = 0
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		err = Retry(ctx, p, func(ctx context.Context) error { calls++; return Permanent(bad) })
		assert.Equal(t, 1, calls, "a permanent error is not retried")
		assert.ErrorIs(t, err, bad)
	})
}

func TestRetryGivesUpWithTheContextError(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := Policy{BaseDelay: time.Second, MaxDelay: 10 * time.Second, Rand: fixed(0)}
		ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
		defer cancel()
		start := time.Now()
		calls := 0
		err := Retry(ctx, p, func(ctx context.Context) error {
			if calls++; calls > 100 {
				// Without a wait between attempts the fake clock never moves.
				return Permanent(errors.New("more than 100 attempts within 2s: no backoff between attempts"))
			}
			return errFlaky
		})
		elapsed := time.Since(start)
		require.LessOrEqual(t, calls, 100, "more than 100 attempts within 2s of virtual time: wait Backoff(n) between attempts")
		require.Error(t, err, "op never succeeds: Retry must fail")
		assert.ErrorIs(t, err, context.DeadlineExceeded, "when ctx ends, the error wraps ctx.Err()")
		assert.ErrorIs(t, err, errFlaky, "…and the last attempt's error, which says why")
		assert.Equal(t, 2*time.Second, elapsed, "Retry must return when ctx ends, not finish a backoff past the deadline (select on the timer and ctx.Done())")
	})
}

func TestRetryBoundsEachAttempt(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := Policy{CallTimeout: 100 * time.Millisecond, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, Rand: fixed(0)}
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		start := time.Now()
		var ends []time.Duration
		err := Retry(ctx, p, func(ctx context.Context) error {
			if len(ends) == 2 {
				return nil
			}
			<-ctx.Done() // a hung attempt: only its own deadline ends it
			ends = append(ends, time.Since(start))
			return ctx.Err()
		})
		require.NoError(t, err, "the third attempt succeeds")
		require.Len(t, ends, 2)
		assert.Equal(t, 100*time.Millisecond, ends[0], "each attempt gets a context bounded by CallTimeout")
	})
}

// TestRetryZeroCallTimeoutIsNoLimit: a zero CallTimeout means "no limit" (Policy's doc), so an
// attempt's context ends only with the caller's. A zero treated as a timeout of zero gives every
// attempt a context that has already expired.
func TestRetryZeroCallTimeoutIsNoLimit(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		p := Policy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond, MaxAttempts: 1}
		ctx, cancel := context.WithTimeout(t.Context(), time.Hour)
		defer cancel()
		start := time.Now()
		err := Retry(ctx, p, func(actx context.Context) error {
			deadline, ok := actx.Deadline()
			require.True(t, ok, say.T("시도의 컨텍스트는 호출자의 ctx에서 만들어 그 데드라인을 물려받습니다", "the attempt's context derives from the caller's ctx and inherits its deadline"))
			require.Equal(t, time.Hour, deadline.Sub(start), say.F(
				"CallTimeout이 0이면 제한이 없습니다: 시도의 데드라인은 호출자의 것(1시간 뒤)이어야 하는데 %v 뒤입니다. CallTimeout > 0일 때만 context.WithTimeout을 거세요 — retry.go",
				"a zero CallTimeout means no limit: the attempt's deadline must be the caller's (1h from now), not %v from now. Apply context.WithTimeout only when CallTimeout > 0 — retry.go",
				deadline.Sub(start)))
			return actx.Err()
		})
		require.NoError(t, err, say.T("시도의 컨텍스트가 살아 있으면 op가 nil을 돌려주고 Retry도 nil을 돌려줍니다", "with a live attempt context op returns nil, and so does Retry"))
	})
}
