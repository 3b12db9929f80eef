package rafttest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// Virtual time and why it can stop.
//
// Inside a synctest bubble the clock advances only when every goroutine of the bubble is durably
// blocked: sleeping, or waiting on a channel, sync.Cond or WaitGroup of the bubble. A goroutine
// waiting to lock a sync.Mutex is not durably blocked (an outside goroutine could unlock it), so a
// peer that holds its mutex across time.Sleep, an RPC call or a send on applyCh freezes the clock
// for good: the sleeper waits for time, time waits for the goroutines queued on the mutex, and they
// wait for the sleeper. synctest does not report this; the test simply hangs. A goroutine that
// loops without ever blocking freezes the clock the same way.
//
// The harness therefore runs a heartbeat goroutine inside the bubble that publishes the virtual
// time every few virtual milliseconds, and a watchdog outside the bubble that fails the test when
// that value stops changing for a while of wall time.

// heartbeatPeriod is how often, in virtual time, the heartbeat publishes the clock.
const heartbeatPeriod = 10 * time.Millisecond

// maxVirtual bounds a test's virtual length: a test still running after this much virtual time is
// waiting for something that will never happen.
const maxVirtual = 10 * time.Minute

// heartbeat publishes the bubble's virtual time for the watchdog.
type heartbeat struct {
	quit chan struct{}
	done chan struct{}
}

// startHeartbeat starts publishing the virtual time elapsed since start into r.virtualNS.
func startHeartbeat(r *run, start time.Time) *heartbeat {
	hb := &heartbeat{quit: make(chan struct{}), done: make(chan struct{})}
	r.virtualNS.Store(0)
	go func() {
		defer close(hb.done)
		tick := time.NewTicker(heartbeatPeriod)
		defer tick.Stop()
		for {
			select {
			case <-hb.quit:
				return
			case <-tick.C:
				r.virtualNS.Store(int64(time.Since(start)))
			}
		}
	}()
	return hb
}

func (hb *heartbeat) stop() {
	close(hb.quit)
	<-hb.done
}

// watchdog watches a run's virtual clock from outside the bubble, on the wall clock.
type watchdog struct {
	quit chan struct{}
	done chan struct{}
}

func startWatchdog(r *run, stallAfter time.Duration) *watchdog {
	r.virtualNS.Store(-1)
	wd := &watchdog{quit: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(wd.done)
		poll := time.NewTicker(min(stallAfter/10, 250*time.Millisecond))
		defer poll.Stop()
		last, lastChange := r.virtualNS.Load(), time.Now()
		for {
			select {
			case <-wd.quit:
				return
			case <-poll.C:
			}
			now := r.virtualNS.Load()
			r.mu.Lock()
			finished := r.finished
			r.mu.Unlock()
			switch {
			case finished:
				return
			case now != last:
				last, lastChange = now, time.Now()
			case now >= 0 && time.Since(lastChange) >= stallAfter:
				r.abort(r.stallReport(time.Duration(now), time.Since(lastChange)))
				return
			}
			if time.Duration(now) > maxVirtual {
				r.abort(fmt.Sprintf("rafttest: the test is still running after %v of virtual time; some wait "+
					"in the test never finishes (is a peer's RPC handler blocked forever?)\n%s",
					maxVirtual, r.goroutineReport(false)))
				return
			}
		}
	}()
	return wd
}

func (wd *watchdog) stop() {
	close(wd.quit)
	<-wd.done
}

// stallReport explains a stopped clock and shows where each goroutine of the test is.
func (r *run) stallReport(at, wall time.Duration) string {
	var b strings.Builder
	fmt.Fprintf(&b, "rafttest: virtual time stopped at %.3fs: it has not advanced for %v of wall time.\n",
		at.Seconds(), wall.Round(time.Second))
	b.WriteString(`The test runs in a testing/synctest bubble, whose clock moves only when every goroutine is
durably blocked (sleeping, or waiting on a channel, sync.Cond or WaitGroup). A goroutine waiting to
lock a sync.Mutex is NOT durably blocked, so the clock stops for good when:
  - a goroutine holds a mutex while it sleeps, makes an RPC call, or sends on applyCh, and other
    goroutines wait for that mutex: unlock before time.Sleep, before peers[i].Call, and before
    sending on applyCh (copy what you need while holding the lock); or
  - a goroutine loops without ever blocking (busy-waiting): sleep a little in every iteration, or
    wait on a channel or sync.Cond.
On the wall clock (RAFT_REALTIME=1) the same bug makes peers miss heartbeats and elections.
`)
	b.WriteString(r.goroutineReport(true))
	return b.String()
}

// goroutineReport lists the goroutines of the test's bubble (but not the calling goroutine),
// grouped by what they wait for, then the full stacks of those in code outside the harness and
// the standard library. stalled chooses the wording for a stopped clock.
func (r *run) goroutineReport(stalled bool) string {
	r.mu.Lock()
	bubble := r.bubble
	r.mu.Unlock()
	self := currentGoroutine().id
	var mutex, running, other, user []goroutine
	for _, g := range allGoroutines() {
		if g.bubble != bubble || g.isHarness() || g.id == self {
			continue
		}
		switch {
		case strings.Contains(g.status, "Mutex"):
			mutex = append(mutex, g)
		case g.status == "running" || g.status == "runnable":
			running = append(running, g)
		default:
			other = append(other, g)
		}
		if _, ok := g.userFrame(); ok {
			user = append(user, g)
		}
	}
	var b strings.Builder
	section := func(title string, gs []goroutine) {
		if len(gs) == 0 {
			return
		}
		fmt.Fprintf(&b, "%s:\n", title)
		for _, g := range gs {
			fmt.Fprintf(&b, "  %s\n", g.describe())
		}
	}
	if stalled {
		section("Waiting to lock a mutex (not durably blocked: these stop the clock)", mutex)
		section("Running without blocking", running)
		section("Blocked (sleeping, or on a channel: one of these may hold the mutex)", other)
	} else {
		section("Goroutines of the test", append(append(mutex, running...), other...))
	}
	if len(user) > 0 {
		b.WriteString("Stacks of the goroutines in your code:\n")
		for _, g := range user {
			b.WriteString(indent(g.text, "  "))
			b.WriteString("\n")
		}
	}
	return b.String()
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// checkNoStragglers runs last in the bubble. synctest.Test panics, ending the whole test binary,
// if any goroutine of the bubble is still alive when the test body returns; so this waits a few
// virtual seconds for them and, if some remain, ends the binary itself with their names.
func (r *run) checkNoStragglers(t *testing.T) {
	const patience = 5 * time.Second
	self := currentGoroutine().id
	deadline := time.Now().Add(patience)
	for {
		var left []goroutine
		for _, g := range allGoroutines() {
			if g.bubble == r.bubble && g.id != self && !g.isHarness() {
				left = append(left, g)
			}
		}
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			var b strings.Builder
			fmt.Fprintf(&b, "rafttest: %d goroutine(s) still running %v after the test body and every Cleanup "+
				"returned; a synctest test cannot end while any of its goroutines lives. Every goroutine "+
				"your code or your test starts must end: loops check rf.killed(), waits have a way out.\n",
				len(left), patience)
			for _, g := range left {
				fmt.Fprintf(&b, "  %s\n", g.describe())
			}
			for _, g := range left {
				b.WriteString(indent(g.text, "  "))
				b.WriteString("\n")
			}
			t.Error(b.String())
			r.abort(b.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
