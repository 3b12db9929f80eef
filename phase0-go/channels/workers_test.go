package channels

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrderedMapKeepsInputOrder(t *testing.T) {
	items := make([]int, 50)
	for i := range items {
		items[i] = i
	}
	var got []string
	mustFinish(t, "OrderedMap", func() {
		got = OrderedMap(4, items, func(n int) string {
			for range n % 7 {
				runtime.Gosched() // uneven work, so workers finish out of order
			}
			return fmt.Sprint(n * n)
		})
	})
	require.Len(t, got, len(items), "OrderedMap must return one result per item")
	for i, s := range got {
		require.Equal(t, fmt.Sprint(i*i), s,
			"result %d must be f(items[%d]) whichever worker finished first: store each result at its item's index", i, i)
	}
	requireNoLeaks(t)
}

func TestOrderedMapRunsWorkersAtOnce(t *testing.T) {
	cases := []struct {
		name             string
		workers, items   int
		wantAtOnce       int
		wantAtOnceReason string
	}{
		{"4 workers run 4 calls at once", 4, 20, 4, "workers=4"},
		{"never more workers than items", 10, 3, 3, "only 3 items"},
		{"workers < 1 means 1", 0, 5, 1, "workers=0 is treated as 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var c callTracker
			g := newStartGate(tc.wantAtOnce)
			items := make([]int, tc.items)
			var got []int
			mustFinish(t, "OrderedMap ("+tc.name+")", func() {
				got = OrderedMap(tc.workers, items, func(int) int {
					c.enter()
					defer c.leave()
					g.wait()
					return 1
				})
			})
			require.Len(t, got, tc.items, "one result per item")
			assert.Equal(t, int32(tc.items), c.calls.Load(), "f must be called exactly once per item")
			assert.False(t, g.timedOut.Load(),
				"%d calls of f never ran at the same time (%s): start the worker goroutines before feeding them jobs",
				tc.wantAtOnce, tc.wantAtOnceReason)
			assert.Equal(t, int32(tc.wantAtOnce), c.peak.Load(),
				"most calls of f running at the same moment (%s): a pool has a fixed number of workers, "+
					"not one goroutine per item", tc.wantAtOnceReason)
			requireNoLeaks(t)
		})
	}
}

func TestParallelMapReturnsResultsInOrder(t *testing.T) {
	items := []string{"a", "bb", "ccc", "dddd", "eeeee", "ffffff", "g"}
	var got []int
	var err error
	mustFinish(t, "ParallelMap", func() {
		got, err = ParallelMap(t.Context(), 3, items, func(_ context.Context, s string) (int, error) {
			runtime.Gosched()
			return len(s), nil
		})
	})
	require.NoError(t, err, "ParallelMap with an f that never fails")
	assert.Equal(t, []int{1, 2, 3, 4, 5, 6, 1}, got, "result i must be f(items[i])")
	requireNoLeaks(t)
}

func TestParallelMapNeverExceedsLimit(t *testing.T) {
	const limit = 3
	var c callTracker
	g := newStartGate(limit)
	items := make([]int, 12)
	var err error
	mustFinish(t, "ParallelMap", func() {
		_, err = ParallelMap(t.Context(), limit, items, func(context.Context, int) (int, error) {
			c.enter()
			defer c.leave()
			g.wait()
			runtime.Gosched()
			return 0, nil
		})
	})
	require.NoError(t, err, "ParallelMap (workers.go): every call of f succeeds, so the error must be nil")
	assert.Equal(t, int32(len(items)), c.calls.Load(), "f must be called once per item")
	assert.False(t, g.timedOut.Load(), "%d calls never ran at the same time: ParallelMap must run up to limit calls in parallel", limit)
	assert.Equal(t, int32(limit), c.peak.Load(),
		"most calls running at the same moment: must be exactly limit=%d (take a semaphore slot before starting each call, give it back when the call returns)", limit)
	requireNoLeaks(t)
}

func TestParallelMapStopsAtFirstError(t *testing.T) {
	const limit = 3
	errBoom := errors.New("boom")
	var c callTracker
	g := newStartGate(limit)
	// guard ends every blocked call after hangGuard/2 (before mustFinish gives up), so a solution
	// that never cancels fails in seconds with a message saying so, instead of hanging.
	guard, stopGuard := context.WithTimeout(context.Background(), hangGuard/2)
	defer stopGuard()
	var notCancelled callTracker

	items := make([]int, 50)
	for i := range items {
		items[i] = i
	}
	var got []int
	var err error
	var runningAtReturn int32
	mustFinish(t, "ParallelMap", func() {
		got, err = ParallelMap(t.Context(), limit, items, func(ctx context.Context, i int) (int, error) {
			c.enter()
			defer c.leave()
			g.wait() // the first `limit` calls are all running before anything fails
			if i == 0 {
				return 0, errBoom
			}
			select {
			case <-ctx.Done():
				return 0, ctx.Err()
			case <-guard.Done():
				notCancelled.enter()
				return 0, errors.New("never cancelled")
			}
		})
		runningAtReturn = c.running.Load()
	})

	require.ErrorIs(t, err, errBoom,
		"ParallelMap must return the first error f returned (item 0's boom), not the context.Canceled the others return after it")
	assert.Nil(t, got, "on error ParallelMap returns a nil slice")
	assert.Zero(t, notCancelled.calls.Load(),
		"calls still running when item 0 failed were never cancelled: cancel the context you pass to f on the first error")
	assert.Zero(t, runningAtReturn,
		"ParallelMap returned while calls of f were still running: wait for them (sync.WaitGroup) before returning")
	assert.Less(t, c.calls.Load(), int32(len(items)),
		"after the first error ParallelMap must stop starting new calls (it started all %d)", len(items))
	requireNoLeaks(t)
}

func TestParallelMapHonoursCallerCancel(t *testing.T) {
	t.Run("already cancelled: f is never called", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		var c callTracker
		var err error
		mustFinish(t, "ParallelMap", func() {
			_, err = ParallelMap(ctx, 2, []int{1, 2, 3}, func(context.Context, int) (int, error) {
				c.enter()
				defer c.leave()
				return 0, nil
			})
		})
		require.ErrorIs(t, err, context.Canceled, "ParallelMap with a cancelled ctx must return ctx.Err()")
		assert.Zero(t, c.calls.Load(), "with a cancelled ctx no call of f may start (check ctx before starting each one)")
	})
	t.Run("cancelled midway: running calls see it and ParallelMap returns", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		g := newStartGate(2)
		type result struct{ err error }
		done := make(chan result, 1)
		go func() {
			_, err := ParallelMap(ctx, 2, make([]int, 10), func(ctx context.Context, _ int) (int, error) {
				g.wait()
				<-ctx.Done() // only the caller's cancel ends these calls
				return 0, ctx.Err()
			})
			done <- result{err}
		}()
		select {
		case <-g.open: // two calls are running
		case r := <-done:
			t.Fatalf("ParallelMap returned (err = %v) before its ctx was cancelled, while its calls were blocked", r.err)
		case <-time.After(hangGuard):
			t.Fatal("ParallelMap never started 2 calls at once")
		}
		cancel()
		select {
		case r := <-done:
			require.ErrorIs(t, r.err, context.Canceled, "after the caller cancels, ParallelMap returns context.Canceled")
		case <-time.After(hangGuard):
			t.Fatal("ParallelMap did not return within 5s after its ctx was cancelled")
		}
		requireNoLeaks(t)
	})
}
