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

import "context"

// Count returns an unbuffered channel on which a new goroutine sends 0, 1, …, n-1 and then closes
// the channel. If ctx is cancelled first, the goroutine stops sending, closes the channel and
// exits. (A consumer that stops reading must cancel ctx, or the goroutine would wait forever.)
func Count(ctx context.Context, n int) <-chan int {
	// TODO(weekend 2): make the channel, start a goroutine that sends with
	// select { case out <- i: case <-ctx.Done(): return } and closes the channel when it ends.
	out := make(chan int)
	close(out)
	return out
}

// Square returns a channel on which a new goroutine sends v*v for every v received from in, in
// the same order. It closes its channel and exits when in is closed or ctx is cancelled —
// including while it is waiting to receive from in or to send to its consumer.
func Square(ctx context.Context, in <-chan int) <-chan int {
	// TODO(weekend 2): both the receive from in and the send to out must also wait on ctx.Done().
	out := make(chan int)
	close(out)
	return out
}

// Merge (fan-in) returns a channel that receives every value from every channel in ins, in any
// order. It closes its channel once all of ins are closed, or, if ctx is cancelled first, as soon
// as its goroutines have stopped. With no inputs the channel is closed at once.
func Merge(ctx context.Context, ins ...<-chan int) <-chan int {
	// TODO(weekend 2): one goroutine per input forwarding to out, a sync.WaitGroup, and one more
	// goroutine that waits for them all and then closes out (close only once, after every sender).
	out := make(chan int)
	close(out)
	return out
}
