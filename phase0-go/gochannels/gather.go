package gochannels

// Gather runs every task in its own goroutine, all at once, and returns their
// results in the order of tasks: result i is what tasks[i] returned, whichever
// task finished first. The results travel back through one channel.
func Gather(tasks []func() int) []int {
	// TODO(weekend 2): make a channel, start one goroutine per task that sends
	// the task's index and result, then receive len(tasks) times.
	return nil
}
