// Package guard runs a learner's function from a test so that a panic or an
// endless loop fails that one test with a message, instead of crashing or
// hanging the whole test run.
//
// Provided — no need to edit. The graded tests of several exercises use it.
package guard

import (
	"testing"
	"time"
)

// HangLimit is how long a guarded call may run before the test gives up on
// it. It guards against endless loops; it is not a speed requirement.
const HangLimit = 10 * time.Second

// Returns runs f and fails the test if f panics or has not returned within
// HangLimit. what names the call in the message, as in "Reverse([1 2 3])".
func Returns(t testing.TB, what string, f func()) {
	t.Helper()
	result := make(chan any, 1)
	go func() {
		defer func() { result <- recover() }()
		f()
	}()
	select {
	case p := <-result:
		if p != nil {
			t.Fatalf("%s panicked: %v — check the input (empty, zero, out of range) before using it", what, p)
		}
	case <-time.After(HangLimit):
		t.Fatalf("%s did not return within %v: look for a loop whose index never moves or whose exit is never reached", what, HangLimit)
	}
}

// Call runs f through [Returns] and gives back its result.
func Call[R any](t testing.TB, what string, f func() R) R {
	t.Helper()
	var r R
	Returns(t, what, func() { r = f() })
	return r
}

// Call2 is [Call] for a function with two results.
func Call2[R1, R2 any](t testing.TB, what string, f func() (R1, R2)) (R1, R2) {
	t.Helper()
	var r1 R1
	var r2 R2
	Returns(t, what, func() { r1, r2 = f() })
	return r1, r2
}

// Call3 is [Call] for a function with three results.
func Call3[R1, R2, R3 any](t testing.TB, what string, f func() (R1, R2, R3)) (R1, R2, R3) {
	t.Helper()
	var r1 R1
	var r2 R2
	var r3 R3
	Returns(t, what, func() { r1, r2, r3 = f() })
	return r1, r2, r3
}
