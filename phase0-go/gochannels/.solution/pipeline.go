package gochannels

// Square returns a channel that yields the square of every value received
// from in, in the same order, and is closed once in is closed. A goroutine
// does the work, so Square returns at once: a stage of a pipeline, as in
// Square(Generate(1, 2, 3)).
func Square(in <-chan int) <-chan int {
	out := make(chan int)
	go func() {
		// Close after the loop, so the next stage's range ends too.
		defer close(out)
		// The loop ends when in is closed and drained.
		for n := range in {
			out <- n * n
		}
	}()
	return out
}
