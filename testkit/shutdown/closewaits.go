package shutdown

import (
	"testing"
	"time"
)

// How long CloseWaits gives things to happen. These bound waits for events
// that a correct server produces at once; they are not speed requirements.
const (
	settle  = 200 * time.Millisecond // for a held goroutine to show up once Close returned
	enough  = 300 * time.Millisecond // held goroutines stable and Close still waiting: it waits
	closeBy = 5 * time.Second        // for Close to return once everything is released
)

// CloseWaits checks a server's Close (closeFn) exactly, for a server that
// accepts from ln, in three steps:
//
//  1. It holds every server goroutine whose Read or Write fails because the
//     server closed that connection, and calls closeFn. If closeFn returns
//     while such a goroutine is held, Close did not wait for it: the test
//     fails, every run, whatever the scheduler does.
//  2. It releases them; closeFn must then return (within seconds).
//  3. No goroutine the server started may be left (w, from Start before the
//     server started) and every accepted connection must be closed.
//
// rule says what the learner must do, in the learner's language. A test
// using it must not call t.Parallel.
func CloseWaits(t testing.TB, ln *Listener, w *Watch, closeFn func(), rule string) {
	t.Helper()
	ln.Hold()
	released := false
	defer func() {
		if !released {
			ln.Release()
		}
	}()
	done := make(chan struct{})
	go func() {
		defer close(done)
		closeFn()
	}()
	// Step 1: wait until Close returns, or goroutines are held and Close
	// has kept waiting for them a while.
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	var heldSince time.Time
	deadline := time.After(closeBy)
wait:
	for {
		select {
		case <-done:
			// Close returned: give goroutines that were woken by its
			// closing a moment to reach the gate, then count them.
			end := time.Now().Add(settle)
			for ln.Parked() == 0 && time.Now().Before(end) {
				time.Sleep(time.Millisecond)
			}
			if n := ln.Parked(); n > 0 {
				t.Errorf("Close returned while %d goroutine(s) of the server were still running (held inside Read/Write on a connection the server had closed): %s", n, rule)
			}
			break wait
		case <-tick.C:
			if ln.Parked() == 0 {
				heldSince = time.Time{}
				continue
			}
			if heldSince.IsZero() {
				heldSince = time.Now()
			}
			if time.Since(heldSince) >= enough {
				break wait // Close is waiting for them, as it should
			}
		case <-deadline:
			break wait
		}
	}
	// Step 2.
	ln.Release()
	released = true
	select {
	case <-done:
	case <-time.After(closeBy):
		t.Fatalf("Close did not return within %v after its connections' goroutines were free to end: is it waiting for something that never happens (a goroutine blocked on a channel nobody closes)?", closeBy)
	}
	// Step 3.
	w.Check(t, "Close returned", rule)
	ln.CheckClosed(t, "Close returned", rule)
}
