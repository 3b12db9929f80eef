package channels

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// First calls every fn concurrently and returns the first successful answer ("hedged requests":
// ask several replicas, use whichever answers first).
//
// Each fn gets a context that is cancelled as soon as First has its answer, when timeout has
// passed since the call, or when ctx is cancelled; the losers should notice and return early.
// First returns:
//
//   - the first answer with a nil error, as soon as it arrives;
//   - if every fn fails before that: an error joining (errors.Join) all their errors;
//   - if timeout passes first: an error wrapping context.DeadlineExceeded,
//     "first: no answer within 2s: context deadline exceeded";
//   - if ctx is cancelled first: an error wrapping ctx.Err();
//   - with no fns: an error at once.
//
// First waits for every fn to return before it returns, so it leaves no goroutine behind.
func First(ctx context.Context, timeout time.Duration, fns ...func(ctx context.Context) (string, error)) (string, error) {
	if len(fns) == 0 {
		return "", errors.New("first: no functions to call")
	}
	callCtx, cancel := context.WithTimeout(ctx, timeout)

	type answer struct {
		value string
		err   error
	}
	// Room for every answer: after First has its winner nobody reads this channel, and a loser's
	// send must still not block, or that goroutine would never end.
	answers := make(chan answer, len(fns))
	var wg sync.WaitGroup
	for _, fn := range fns {
		wg.Go(func() {
			v, err := fn(callCtx)
			answers <- answer{v, err}
		})
	}
	// Deferred calls run last-in first-out: cancel the losers first, then wait for them.
	defer wg.Wait()
	defer cancel()

	var errs []error
	for range fns {
		select {
		case a := <-answers:
			if a.err == nil {
				return a.value, nil
			}
			errs = append(errs, a.err)
		case <-callCtx.Done():
			if err := ctx.Err(); err != nil { // the caller gave up
				return "", fmt.Errorf("first: %w", err)
			}
			return "", fmt.Errorf("first: no answer within %v: %w", timeout, callCtx.Err())
		}
	}
	return "", fmt.Errorf("first: all %d calls failed: %w", len(fns), errors.Join(errs...))
}
