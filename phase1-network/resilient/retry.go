package resilient

import (
	"context"
	"errors"
	"time"
)

// Backoff returns how long to wait after the n-th failed attempt (n >= 1):
// with d = min(MaxDelay, BaseDelay·2^(n-1)), it is d/2 + Rand()·d/2 ("equal
// jitter": never less than half the exponential delay, spread over the
// other half so that clients that failed together do not retry together).
func (p Policy) Backoff(n int) time.Duration {
	// TODO(weekend 4): double BaseDelay n-1 times, stopping at MaxDelay (beware of overflow), then add the jitter.
	return 0
}

// Retry calls op until it returns nil and then returns nil. Each call gets a
// context bounded by CallTimeout. After the n-th failure Retry waits
// Backoff(n), but never past ctx: when ctx ends it returns an error that
// wraps both ctx.Err() and the last error. It also stops, returning the
// last error, when op fails with a permanent error (IsPermanent) or after
// MaxAttempts attempts.
func Retry(ctx context.Context, p Policy, op func(ctx context.Context) error) error {
	// TODO(weekend 4): the loop; wait with a time.Timer in a select with ctx.Done().
	return errors.New("resilient: Retry not implemented")
}
