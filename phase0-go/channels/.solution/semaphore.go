package channels

import "context"

// Semaphore limits how many goroutines can hold one of its n slots at the same time. A buffered
// channel of capacity n is a semaphore: a send takes a slot (it blocks while all n are taken),
// a receive gives one back. A Semaphore is safe for concurrent use.
type Semaphore struct {
	slots chan struct{} // one element per taken slot; struct{} takes no memory
}

// NewSemaphore returns a Semaphore with n free slots. It panics if n < 1.
func NewSemaphore(n int) *Semaphore {
	if n < 1 {
		panic("channels: NewSemaphore needs at least 1 slot")
	}
	return &Semaphore{slots: make(chan struct{}, n)}
}

// Acquire takes a slot, waiting until one is free. If ctx is done before a slot is taken it
// returns ctx.Err() and takes nothing; if ctx is already done when Acquire is called, it fails
// even when a slot is free.
func (s *Semaphore) Acquire(ctx context.Context) error {
	// When both cases of a select are ready, Go picks one at random; checking first makes a done
	// ctx always win.
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Release gives a slot back. Each successful Acquire must be matched by exactly one Release;
// Release without a held slot is a bug and panics, like unlocking an unlocked sync.Mutex.
func (s *Semaphore) Release() {
	select {
	case <-s.slots:
	default: // nothing to receive: no slot is held
		panic("channels: Semaphore.Release without a matching Acquire")
	}
}
