package gochannels

// result is what one Gather goroutine sends back: which task, and its answer.
type result struct{ index, value int }

// Gather runs every task in its own goroutine, all at once, and returns their
// results in the order of tasks: result i is what tasks[i] returned, whichever
// task finished first. The results travel back through one channel.
func Gather(tasks []func() int) []int {
	ch := make(chan result)
	for i, task := range tasks {
		go func() { ch <- result{i, task()} }() // one goroutine per task
	}
	// Results arrive in the order the tasks finish, so place each one by its
	// index instead of appending. Exactly len(tasks) values will come, so
	// every goroutine's send is received and none is left blocked.
	out := make([]int, len(tasks))
	for range tasks {
		r := <-ch
		out[r.index] = r.value
	}
	return out
}
