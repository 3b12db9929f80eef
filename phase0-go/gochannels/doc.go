// Provided — no need to edit.

// Package gochannels holds three small goroutine and channel examples and one
// mutex-protected counter: the first concurrent Go a learner writes.
//
//   - [Gather] runs tasks in goroutines at once and collects their results
//     through a channel.
//   - [Generate] (provided) and [Square] form a pipeline: each stage is a
//     goroutine that owns its output channel and closes it when done.
//   - [Receive] waits for a value with select, giving up after a timeout.
//   - [Counter] is safe for use by many goroutines at once.
//
// Weekend 2 of Phase 0 (core).
package gochannels
