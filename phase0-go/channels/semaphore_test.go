package channels

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustNewSemaphore(t *testing.T, n int) *Semaphore {
	t.Helper()
	s := NewSemaphore(n)
	require.NotNil(t, s, "NewSemaphore returned nil")
	return s
}

func TestSemaphoreBlocksWhenFull(t *testing.T) {
	// synctest.Wait returns once every other goroutine in the bubble is blocked, so "still
	// blocked" can be checked without sleeping and guessing.
	synctest.Test(t, func(t *testing.T) {
		s := mustNewSemaphore(t, 2) // created inside the bubble, so blocking on it is visible to synctest
		require.NoError(t, s.Acquire(t.Context()), "first Acquire of 2 slots")
		require.NoError(t, s.Acquire(t.Context()), "second Acquire of 2 slots")

		acquired := make(chan error, 1)
		go func() { acquired <- s.Acquire(t.Context()) }()
		synctest.Wait()
		select {
		case err := <-acquired:
			t.Fatalf("third Acquire of a 2-slot semaphore returned (err = %v) while both slots were held; it must wait", err)
		default: // still waiting: right
		}

		s.Release()
		synctest.Wait()
		select {
		case err := <-acquired:
			require.NoError(t, err, "after a Release the waiting Acquire must get the slot")
		default:
			t.Fatal("a Release freed a slot but the waiting Acquire did not get it")
		}
		s.Release()
		s.Release()
	})
}

func TestSemaphoreAcquireGivesUpWithContext(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		s := mustNewSemaphore(t, 1)
		require.NoError(t, s.Acquire(t.Context()), "Acquire on an empty semaphore of size 1 takes the free slot")

		start := time.Now()
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		err := s.Acquire(ctx)
		assert.ErrorIs(t, err, context.DeadlineExceeded, "Acquire on a full semaphore must give up when ctx expires")
		assert.Equal(t, time.Second, time.Since(start), "Acquire must return exactly when ctx expires (virtual time): select on ctx.Done()")

		s.Release() // now the slot is free...
		cancelled, cancelNow := context.WithCancel(t.Context())
		cancelNow()
		// When both cases of a select are ready Go picks one at random, so one try proves little.
		for range 64 {
			if !assert.ErrorIs(t, s.Acquire(cancelled), context.Canceled,
				"...but Acquire with a done ctx must fail even when a slot is free (check ctx.Err() before the select)") {
				s.Release() // it took the slot: give it back for the check below
				break
			}
		}
		require.NoError(t, s.Acquire(t.Context()), "the failed Acquire must not have taken the slot")
		s.Release()
	})
}

func TestSemaphoreReleaseWithoutAcquirePanics(t *testing.T) {
	s := mustNewSemaphore(t, 2)
	require.NoError(t, s.Acquire(t.Context()), "Acquire on an empty semaphore of size 2 takes a free slot")
	s.Release()
	// The second Release runs in its own goroutine so that one that blocks instead of panicking
	// fails the test with a message instead of hanging it.
	panicked := make(chan bool, 1)
	go func() {
		defer func() { panicked <- recover() != nil }()
		s.Release()
	}()
	select {
	case p := <-panicked:
		assert.True(t, p, "a second Release for one Acquire is a bug: panic, like sync.Mutex.Unlock of an unlocked mutex")
	case <-time.After(hangGuard):
		t.Fatal("Release without a held slot blocked instead of panicking: receive from the slots channel " +
			"in a select with a default case, and panic in the default case")
	}
}

func TestSemaphoreUnderLoad(t *testing.T) {
	const slots, goroutines, rounds = 3, 20, 50
	s := mustNewSemaphore(t, slots)
	var c callTracker
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*rounds)
	for range goroutines {
		wg.Go(func() {
			for range rounds {
				if err := s.Acquire(t.Context()); err != nil {
					errs <- err
					return
				}
				c.enter()
				c.leave()
				s.Release()
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err, "Acquire with a live ctx must not fail")
	}
	assert.Equal(t, int32(goroutines*rounds), c.calls.Load(), "every Acquire must succeed eventually")
	assert.LessOrEqual(t, c.peak.Load(), int32(slots), "never more than %d holders at once", slots)
	requireNoLeaks(t)
}
