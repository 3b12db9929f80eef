package channels

import (
	"context"
	"errors"
)

// OrderedMap calls f on every item using exactly `workers` goroutines (at most len(items); at
// least 1) and returns the results in the order of items: result i is f(items[i]), whichever
// worker computed it and whenever it finished. It returns after every call of f has returned.
//
// This is a worker pool: the workers take item indexes from a shared jobs channel, so a worker
// that finishes early simply takes the next one.
func OrderedMap[T, R any](workers int, items []T, f func(T) R) []R {
	// TODO(weekend 2): a jobs channel of indexes, `workers` goroutines ranging over it, results
	// stored by index (each worker writes a different element: no data race), a sync.WaitGroup.
	return nil
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
	// TODO(weekend 2): context.WithCancel for the calls, a Semaphore (or a buffered channel) of
	// size limit, one goroutine per started item, record the first error once (sync.Once), wait
	// for all of them (sync.WaitGroup) before returning.
	return nil, errors.New("channels: ParallelMap not implemented")
}
