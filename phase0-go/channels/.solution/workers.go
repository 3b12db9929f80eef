package channels

import (
	"context"
	"sync"
)

// OrderedMap calls f on every item using exactly `workers` goroutines (at most len(items); at
// least 1) and returns the results in the order of items: result i is f(items[i]), whichever
// worker computed it and whenever it finished. It returns after every call of f has returned.
//
// This is a worker pool: the workers take item indexes from a shared jobs channel, so a worker
// that finishes early simply takes the next one.
func OrderedMap[T, R any](workers int, items []T, f func(T) R) []R {
	workers = max(1, min(workers, len(items)))
	results := make([]R, len(items))

	jobs := make(chan int) // indexes into items
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for i := range jobs { // ends when jobs is closed and drained
				results[i] = f(items[i]) // each index is handled once: no two goroutines share an element
			}
		})
	}
	for i := range items {
		jobs <- i // blocks until a worker is free: that is the back-pressure of a pool
	}
	close(jobs) // no more work: every worker's range loop ends
	wg.Wait()   // results is complete only after every worker has returned
	return results
}

// ParallelMap calls f on every item, running at most limit calls at the same time (limit < 1
// means 1), and returns the results in the order of items.
//
// On the first error from f it stops starting new calls, cancels the context passed to the calls
// still running, waits for them to return, and returns (nil, that first error). If ctx is
// cancelled it likewise stops and returns (nil, ctx.Err()). It never returns while a call of f
// is still running.
//
// This is the shape of golang.org/x/sync/errgroup with SetLimit, built by hand.
func ParallelMap[T, R any](ctx context.Context, limit int, items []T, f func(context.Context, T) (R, error)) ([]R, error) {
	ctx, cancel := context.WithCancel(ctx) // cancelled on the first error; shadows the parent on purpose
	defer cancel()

	sem := NewSemaphore(max(1, limit))
	results := make([]R, len(items))
	var (
		wg       sync.WaitGroup
		once     sync.Once
		firstErr error
	)
	for i, item := range items {
		// Wait for a free slot. This fails once ctx is cancelled — by our first error or by the
		// caller — and then no further item is started.
		if err := sem.Acquire(ctx); err != nil {
			break
		}
		wg.Go(func() {
			defer sem.Release() // runs after the cancel below: the loop sees the cancel first
			r, err := f(ctx, item)
			if err != nil {
				once.Do(func() {
					firstErr = err // only the first error is kept...
					cancel()       // ...and it stops everyone else
				})
				return
			}
			results[i] = r
		})
	}
	wg.Wait() // never return while a call of f is running: no goroutine is left behind

	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil { // not our cancel (firstErr is nil): the caller's ctx
		return nil, err
	}
	return results, nil
}
