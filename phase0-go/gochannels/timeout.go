package gochannels

import (
	"errors"
	"time"
)

// ErrTimeout is returned by [Receive] when no value arrives in time.
var ErrTimeout = errors.New("gochannels: timed out")

// ErrClosed is returned by [Receive] when the channel is closed.
var ErrClosed = errors.New("gochannels: channel closed")

// Receive returns the next value from ch. It waits at most timeout: if no
// value arrives by then it returns ErrTimeout. If ch is closed it returns
// ErrClosed at once.
func Receive(ch <-chan int, timeout time.Duration) (int, error) {
	// TODO(weekend 2): select between receiving from ch (check the second
	// value, ok, to see a closed channel) and time.After(timeout).
	return 0, errors.New("gochannels: Receive not implemented")
}
