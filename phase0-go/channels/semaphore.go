package channels

import (
	"context"
	"errors"
)

// Semaphore limits how many goroutines can hold one of its n slots at the same time. A buffered
// channel of capacity n is a semaphore: a send takes a slot (it blocks while all n are taken),
// a receive gives one back. A Semaphore is safe for concurrent use.
type Semaphore struct {
	// TODO(weekend 2): add the fields you need (a buffered channel).
}

// NewSemaphore returns a Semaphore with n free slots. It panics if n < 1.
func NewSemaphore(n int) *Semaphore {
	// TODO(weekend 2): make the buffered channel.
	return nil
}

// Acquire takes a slot, waiting until one is free. If ctx is done before a slot is taken it
// returns ctx.Err() and takes nothing; if ctx is already done when Acquire is called, it fails
// even when a slot is free.
func (s *Semaphore) Acquire(ctx context.Context) error {
	// TODO(weekend 2): check ctx.Err() first, then select on sending to the channel and ctx.Done().
	return errors.New("channels: Semaphore.Acquire not implemented")
}

// Release gives a slot back. Each successful Acquire must be matched by exactly one Release;
// Release without a held slot is a bug and panics, like unlocking an unlocked sync.Mutex.
func (s *Semaphore) Release() {
	// TODO(weekend 2): receive from the channel; panic if there is nothing to receive
	// (select with a default case).
}
