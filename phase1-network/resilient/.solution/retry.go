package resilient

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"
)

// Backoff returns how long to wait after the n-th failed attempt (n >= 1):
// with d = min(MaxDelay, BaseDelay·2^(n-1)), it is d/2 + Rand()·d/2 ("equal
// jitter": never less than half the exponential delay, spread over the
// other half so that clients that failed together do not retry together).
func (p Policy) Backoff(n int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < n && d < p.MaxDelay; i++ {
		d *= 2 // doubling one step at a time stops at the cap and never overflows
	}
	d = min(d, p.MaxDelay)
	r := p.Rand
	if r == nil {
		r = rand.Float64
	}
	return d/2 + time.Duration(r()*float64(d/2))
}

// Retry calls op until it returns nil and then returns nil. Each call gets a
// context bounded by CallTimeout. After the n-th failure Retry waits
// Backoff(n), but never past ctx: when ctx ends it returns an error that
// wraps both ctx.Err() and the last error. It also stops, returning the
// last error, when op fails with a permanent error (IsPermanent) or after
// MaxAttempts attempts.
func Retry(ctx context.Context, p Policy, op func(ctx context.Context) error) error {
	for n := 1; ; n++ {
		err := attempt(ctx, p, op)
		switch {
		case err == nil:
			return nil
		case IsPermanent(err):
			return err
		case p.MaxAttempts > 0 && n >= p.MaxAttempts:
			return fmt.Errorf("resilient: gave up after %d attempts: %w", n, err)
		}
		// Wait, but never past the caller's deadline: a time.Sleep here
		// would hold the caller hostage after its context ended.
		t := time.NewTimer(p.Backoff(n))
		select {
		case <-ctx.Done():
			t.Stop()
			return fmt.Errorf("resilient: gave up after %d attempts: %w (last error: %w)", n, ctx.Err(), err)
		case <-t.C:
		}
	}
}

// attempt runs op once under its own CallTimeout, so a single hung attempt
// cannot use up the caller's whole budget.
func attempt(ctx context.Context, p Policy, op func(ctx context.Context) error) error {
	if p.CallTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, p.CallTimeout)
		defer cancel()
	}
	return op(ctx)
}
