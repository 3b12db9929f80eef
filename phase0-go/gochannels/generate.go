// Provided — no need to edit. Read it: Square in pipeline.go works the same way.

package gochannels

// Generate returns a channel that yields nums in order and is then closed. A
// goroutine does the sending, so Generate returns at once: the first stage of
// a pipeline.
func Generate(nums ...int) <-chan int {
	out := make(chan int)
	go func() {
		defer close(out) // the sender closes: this tells the receiver "no more"
		for _, n := range nums {
			out <- n // waits until somebody receives
		}
	}()
	return out
}
