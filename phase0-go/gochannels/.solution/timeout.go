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
	// select waits for whichever case is ready first.
	select {
	case v, ok := <-ch:
		if !ok { // a closed channel is always ready and yields the zero value
			return 0, ErrClosed
		}
		return v, nil
	case <-time.After(timeout):
		return 0, ErrTimeout
	}
}
