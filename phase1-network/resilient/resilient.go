// Provided — no need to edit.

// Package resilient makes calls that survive a bad network: a timeout on
// every dial and every attempt, retries with exponential backoff and
// jitter, a cap on the total time through the caller's context, and a clean
// give-up with the context's error.
//
// The calls speak a tiny line protocol: the client sends one line, the
// server answers one line.
package resilient

import (
	"errors"
	"time"
)

// Policy says how hard to try. The zero value of a field means "no limit"
// for the timeouts and MaxAttempts.
type Policy struct {
	DialTimeout time.Duration // bound on each dial
	CallTimeout time.Duration // bound on each attempt, dial included
	BaseDelay   time.Duration // backoff before the second attempt
	MaxDelay    time.Duration // the backoff never grows past this
	MaxAttempts int           // 0: try until the context ends
	// Rand returns the jitter, a number in [0, 1). Nil means
	// math/rand/v2's Float64. Tests pass their own to be deterministic.
	Rand func() float64
}

// DefaultPolicy is a reasonable policy for calls on a local network.
var DefaultPolicy = Policy{
	DialTimeout: time.Second,
	CallTimeout: 2 * time.Second,
	BaseDelay:   50 * time.Millisecond,
	MaxDelay:    2 * time.Second,
}

// PermanentError marks an error that retrying cannot fix.
type PermanentError struct {
	Err error
}

// Error returns the wrapped error's message.
func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the wrapped error.
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err so that Retry stops at once and returns it.
func Permanent(err error) error { return &PermanentError{Err: err} }

// IsPermanent reports whether err is or wraps a PermanentError.
func IsPermanent(err error) bool {
	var pe *PermanentError
	return errors.As(err, &pe)
}
