package channels

import (
	"context"
	"errors"
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
	// TODO(weekend 2): context.WithTimeout, one goroutine per fn sending its answer on a channel
	// with room for every answer (so a loser can always send and exit), then a select loop over
	// answers and ctx.Done().
	return "", errors.New("channels: First not implemented")
}
