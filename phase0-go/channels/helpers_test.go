package channels

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// hangGuard bounds every wait in these tests. The reference never comes near it: it only turns a
// deadlock into a failure with a message instead of a 10-minute test timeout. Nothing here
// asserts how fast anything is.
const hangGuard = 5 * time.Second

// mustCollect reads ch until it is closed and returns the values read. It fails the test if ch is not
// closed within hangGuard.
func mustCollect(t *testing.T, ch <-chan int, what string) []int {
	t.Helper()
	got := []int{}
	timeout := time.After(hangGuard)
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return got
			}
			got = append(got, v)
		case <-timeout:
			t.Fatalf("%s: channel not closed within %v (values so far: %v). The goroutine that sends "+
				"on a channel must close it when it is done — and also when ctx is cancelled", what, hangGuard, got)
			return nil
		}
	}
}

// mustReceive reads one value from ch. It fails the test if ch is closed or nothing arrives within
// hangGuard.
func mustReceive(t *testing.T, ch <-chan int, what string) int {
	t.Helper()
	select {
	case v, ok := <-ch:
		if !ok {
			t.Fatalf("%s: channel closed, want a value. (An unimplemented stage returns a closed channel.)", what)
		}
		return v
	case <-time.After(hangGuard):
		t.Fatalf("%s: no value within %v", what, hangGuard)
	}
	return 0
}

// mustSendTo sends v on in, failing the test if the stage reading in closes its output first or
// does not take v within hangGuard.
func mustSendTo(t *testing.T, in chan<- int, v int, out <-chan int, what string) {
	t.Helper()
	select {
	case in <- v:
	case _, ok := <-out:
		if !ok {
			t.Fatalf("%s: the output channel closed while its input was still open", what)
		}
		t.Fatalf("%s: a value came out before any went in", what)
	case <-time.After(hangGuard):
		t.Fatalf("%s: nobody received from the input channel within %v", what, hangGuard)
	}
}

// requireNoLeaks waits (up to hangGuard) for every goroutine started by the test to end, then
// fails the test listing the ones still running. Goroutines wind down asynchronously after a
// cancel, so a single immediate check would be flaky.
// why, if given, names the rule a leak breaks; it is reported before goleak's list.
func requireNoLeaks(t *testing.T, why ...string) {
	t.Helper()
	deadline := time.Now().Add(hangGuard)
	for goleak.Find() != nil && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond) // polling is the only way to wait for "no goroutines"
	}
	if len(why) > 0 && goleak.Find() != nil {
		t.Errorf("goroutines still running %v after the call: %s", hangGuard, strings.Join(why, " "))
	}
	goleak.VerifyNone(t) // fails with the stack of each leaked goroutine: look for your function
}

// callTracker tracks how many calls are running at the same moment and the highest number seen.
type callTracker struct {
	running atomic.Int32
	peak    atomic.Int32
	calls   atomic.Int32
}

func (c *callTracker) enter() {
	c.calls.Add(1)
	now := c.running.Add(1)
	for {
		p := c.peak.Load()
		if now <= p || c.peak.CompareAndSwap(p, now) {
			return
		}
	}
}

func (c *callTracker) leave() { c.running.Add(-1) }

// startGate holds the first callers until `need` of them are waiting at once, then lets everyone
// through. It proves that `need` calls really run at the same time. If they never do, it gives up
// after hangGuard and records that, so a sequential solution fails with a message instead of
// hanging.
type startGate struct {
	need     int32
	arrived  atomic.Int32
	open     chan struct{}
	once     sync.Once
	timedOut atomic.Bool
}

func newStartGate(need int) *startGate {
	return &startGate{need: int32(need), open: make(chan struct{})}
}

func (g *startGate) wait() {
	if g.arrived.Add(1) >= g.need {
		g.once.Do(func() { close(g.open) })
	}
	select {
	case <-g.open:
	case <-time.After(hangGuard):
		g.timedOut.Store(true)
		g.once.Do(func() { close(g.open) })
	}
}

// mustFinish runs call in a new goroutine and fails the test if it has not returned within
// hangGuard, so a deadlocked solution fails with a message instead of hanging the test binary.
func mustFinish(t *testing.T, what string, call func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		call()
	}()
	select {
	case <-done:
	case <-time.After(hangGuard):
		t.Fatalf("%s did not return within %v. Is it waiting for something that never happens: "+
			"a receive from a channel nobody sends on or closes, a send nobody receives, a "+
			"sync.WaitGroup whose counter never reaches zero?", what, hangGuard)
	}
}
