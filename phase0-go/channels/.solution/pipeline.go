// Package channels is the weekend-2 drill on goroutines, channels and select: the building blocks
// of every concurrent program in the rest of the course.
//
// Three rules run through every function here:
//
//   - Every goroutine has an obvious end. A goroutine that blocks forever on a channel nobody will
//     ever read is a leak; the tests fail on leaks (go.uber.org/goleak).
//   - Whoever sends on a channel closes it, exactly once, when there is nothing more to send.
//     Closing is how a receiver's `for v := range ch` loop learns to stop.
//   - Every blocking send or receive that could wait forever also waits on ctx.Done() in a
//     select, so that cancelling the context stops the work.
//
// pipeline.go builds a pipeline — Count → Square → Merge — where each stage is a goroutine
// connected to the next by an unbuffered channel. workers.go runs work in parallel with a bounded
// number of goroutines; first.go races several calls and keeps the fastest; semaphore.go limits
// how many things happen at once.
package channels

import (
	"context"
	"sync"
)

// Count returns an unbuffered channel on which a new goroutine sends 0, 1, …, n-1 and then closes
// the channel. If ctx is cancelled first, the goroutine stops sending, closes the channel and
// exits. (A consumer that stops reading must cancel ctx, or the goroutine would wait forever.)
func Count(ctx context.Context, n int) <-chan int {
	out := make(chan int) // unbuffered: each send waits for the consumer (a hand-off)
	go func() {
		defer close(out) // the sender closes, exactly once, on every way out
		for i := range n {
			if !sendOrDone(ctx, out, i) {
				return // cancelled: nobody may be reading any more
			}
		}
	}()
	return out
}

// Square returns a channel on which a new goroutine sends v*v for every v received from in, in
// the same order. It closes its channel and exits when in is closed or ctx is cancelled —
// including while it is waiting to receive from in or to send to its consumer.
func Square(ctx context.Context, in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out)
		for {
			v, ok := receiveOrDone(ctx, in)
			if !ok {
				return // in closed, or cancelled while waiting for it
			}
			if !sendOrDone(ctx, out, v*v) {
				return // cancelled while our consumer was not reading
			}
		}
	}()
	return out
}

// Merge (fan-in) returns a channel that receives every value from every channel in ins, in any
// order. It closes its channel once all of ins are closed, or, if ctx is cancelled first, as soon
// as its goroutines have stopped. With no inputs the channel is closed at once.
func Merge(ctx context.Context, ins ...<-chan int) <-chan int {
	out := make(chan int)
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() { // one forwarder per input; it ends when its input closes or ctx is done
			for {
				v, ok := receiveOrDone(ctx, in)
				if !ok || !sendOrDone(ctx, out, v) {
					return
				}
			}
		})
	}
	// Several goroutines send on out, so none of them may close it: this one closes it after
	// the last sender has finished.
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// sendOrDone sends v on out unless ctx is done first. It reports whether v was sent.
func sendOrDone(ctx context.Context, out chan<- int, v int) bool {
	select {
	case out <- v:
		return true
	case <-ctx.Done():
		return false
	}
}

// receiveOrDone receives from in unless ctx is done first. ok is false when in is closed or ctx is done.
func receiveOrDone(ctx context.Context, in <-chan int) (v int, ok bool) {
	select {
	case v, ok = <-in:
		return v, ok
	case <-ctx.Done():
		return 0, false
	}
}
