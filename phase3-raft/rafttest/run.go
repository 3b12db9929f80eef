package rafttest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"dsweekends/phase3-raft/raftdebug"
)

// Environment variables that change how Run behaves.
const (
	// EnvRealtime set to 1 runs tests on the wall clock instead of in a synctest bubble.
	EnvRealtime = "RAFT_REALTIME"
	// EnvSeed fixes the network's random seed, to replay a failed run.
	EnvSeed = "RAFT_SEED"
	// EnvTrace names a directory: every test writes its event trace there as JSON Lines.
	EnvTrace = "RAFT_TRACE"
	// EnvViz, set to 1, draws a failing test's trace as an HTML timeline
	// (go run ./scripts/cmd/study viz trace FILE) and prints the page's path.
	EnvViz = "RAFT_VIZ"
	// EnvStallTimeout is how long, in wall time, virtual time may stand still before the
	// watchdog declares the test stalled (a Go duration such as 5s; default 10s).
	EnvStallTimeout = "RAFT_STALL_TIMEOUT"
)

// MaxTestTime is the most simulated time one test may take, from the start of Run's body until
// it returns. A correct Raft passes every test well within it; a test that takes longer fails
// when it ends (it is not cut short), with a message naming the usual causes. The limit applies
// only in virtual time: with RAFT_REALTIME=1 it is not checked, since a slow machine, not the
// implementation, may be to blame.
const MaxTestTime = 120 * time.Second

// run is the state of one Run call: its clock, trace and the statistics of its clusters.
type run struct {
	label     string
	testName  string
	realtime  bool
	wallStart time.Time
	tr        *trace // created before the test body; its start is set inside the bubble

	mu             sync.Mutex
	start          time.Time // test start, virtual inside a bubble
	virtualElapsed time.Duration
	bubble         int // synctest bubble id of the test body, 0 on the wall clock
	finished       bool
	peers          int
	rpcs           int
	bytes          int64
	commits        int
	seeds          []int64
	abortOnce      sync.Once

	// virtualNS is the bubble's elapsed virtual time in nanoseconds as published by the
	// heartbeat, -1 before it starts; the watchdog reads it from outside the bubble.
	virtualNS atomic.Int64
}

// runs maps test names to the Run they are inside, so NewCluster can find its statistics.
var (
	runsMu sync.Mutex
	runs   = map[string]*run{}
)

func currentRun(name string) *run {
	runsMu.Lock()
	defer runsMu.Unlock()
	return runs[name]
}

// Run runs fn as the body of test t, in a testing/synctest bubble so that the seconds of election
// timeouts a Raft test waits pass in virtual time, taking milliseconds of wall time. With
// RAFT_REALTIME=1 it runs fn on the wall clock instead: slower, but it is the same test.
//
// name labels the summary line Run prints when fn returns, for example
//
//	--- 3A initial election: virtual 4.2s, wall 38ms, 3 peers, 112 RPCs, 9.8 kB, 0 commits
//
// and, when the test fails, the network seed to replay it with and the path of the event trace.
//
// While fn runs, a watchdog outside the bubble checks that virtual time keeps advancing. If it
// stands still for RAFT_STALL_TIMEOUT of wall time (10s by default) — the usual cause is a mutex
// held across time.Sleep or an RPC call — the watchdog prints which goroutines are stuck where
// and ends the test binary, rather than letting the test hang until go test's timeout.
//
// When fn returns after more than MaxTestTime of virtual time, Run fails the test (not with
// RAFT_REALTIME=1).
//
// Tests that use Run must not call t.Parallel: the debug printer and trace are per process.
func Run(t *testing.T, name string, fn func(t *testing.T)) {
	t.Helper()
	if isolate.Load() && !inChild() && runInChild(t) {
		return
	}
	r := &run{
		label:     name,
		testName:  t.Name(),
		realtime:  os.Getenv(EnvRealtime) == "1",
		wallStart: time.Now(),
		tr:        newTrace(time.Time{}),
	}
	runsMu.Lock()
	runs[t.Name()] = r
	runsMu.Unlock()
	// Cleanups run last-registered first: the watchdog stops, then report prints the summary.
	t.Cleanup(func() {
		runsMu.Lock()
		delete(runs, t.Name())
		runsMu.Unlock()
		r.report(t)
	})
	if r.realtime {
		r.body(t, fn)
		return
	}
	wd := startWatchdog(r, stallTimeout(t))
	t.Cleanup(wd.stop)
	synctest.Test(t, func(t *testing.T) { r.body(t, fn) })
}

// stallTimeout reads RAFT_STALL_TIMEOUT.
func stallTimeout(t *testing.T) time.Duration {
	const def = 10 * time.Second
	s := os.Getenv(EnvStallTimeout)
	if s == "" {
		return def
	}
	d, err := time.ParseDuration(s)
	if err != nil || d <= 0 {
		t.Logf("rafttest: ignoring %s=%q (want a duration such as 5s); using %v", EnvStallTimeout, s, def)
		return def
	}
	return d
}

// body runs fn inside the bubble (or on the wall clock) with the trace and heartbeat set up.
func (r *run) body(t *testing.T, fn func(t *testing.T)) {
	start := time.Now() // virtual inside the bubble
	r.mu.Lock()
	r.start = start
	if !r.realtime {
		r.bubble = currentGoroutine().bubble
	}
	r.mu.Unlock()
	r.tr.mu.Lock()
	r.tr.start = start
	r.tr.mu.Unlock()
	detach := raftdebug.Attach(start, r.tr)
	runsMu.Lock()
	runs[t.Name()] = r // the bubble's T may carry its own name; register it too
	runsMu.Unlock()

	var hb *heartbeat
	if !r.realtime {
		hb = startHeartbeat(r, start)
	}
	// Registered first, so it runs last: after every cluster's Cleanup.
	t.Cleanup(func() {
		if hb != nil {
			r.checkNoStragglers(t)
			hb.stop()
		}
		detach()
		r.mu.Lock()
		r.virtualElapsed = time.Since(start)
		r.finished = true
		r.mu.Unlock()
	})
	if inChild() { // tell the parent process whether the body itself passed (see Isolate)
		defer func() {
			verdict := "passed"
			if t.Failed() {
				verdict = "failed"
			}
			fmt.Println(bodyReturned + verdict)
		}()
	}
	fn(t)
	// Reached only when fn returns: a test that already failed with t.FailNow is not judged slow.
	r.checkTestTime(t, time.Since(start))
}

// checkTestTime fails t if a virtual-time test took longer than MaxTestTime.
func (r *run) checkTestTime(t testing.TB, elapsed time.Duration) {
	t.Helper()
	if r.realtime || elapsed <= MaxTestTime {
		return
	}
	msg := fmt.Sprintf("rafttest: the test took %s of simulated time, the limit is %s (rafttest.MaxTestTime): "+
		"are elections or agreement too slow? A correct Raft elects a new leader within a second or two "+
		"and commits a command within a few heartbeats. Check that your election timeout is a few hundred "+
		"milliseconds (not seconds) and randomized per peer, that a new leader sends heartbeats at once, "+
		"that a leader sends new entries without waiting for the next heartbeat, that a follower far "+
		"behind catches up in a few round trips (back nextIndex up a whole term at a time, not one entry), "+
		"and that committed entries are applied promptly. The event trace shows where the time went",
		formatSeconds(elapsed), formatSeconds(MaxTestTime))
	r.tr.add(-1, KindFailure, 0, msg)
	t.Error(msg)
}

// formatSeconds writes d in whole seconds ("131s"), or with one decimal when rounding would make
// a duration just over MaxTestTime read as the limit itself.
func formatSeconds(d time.Duration) string {
	if d.Round(time.Second) == d || d > MaxTestTime+time.Second {
		return fmt.Sprintf("%.0fs", d.Seconds())
	}
	return fmt.Sprintf("%.1fs", d.Seconds())
}

// addClusterStats adds a finished cluster's numbers to the summary.
func (r *run) addClusterStats(peers, rpcs int, bytes int64, commits int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.peers = max(r.peers, peers)
	r.rpcs += rpcs
	r.bytes += bytes
	r.commits += commits
}

func (r *run) addSeed(seed int64) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seeds = append(r.seeds, seed)
}

// report prints the summary line and, for a failed test or with RAFT_TRACE, writes the trace.
// It runs outside the bubble, after the test body and all cleanups.
func (r *run) report(t *testing.T) {
	wall := time.Since(r.wallStart)
	r.mu.Lock()
	clock := fmt.Sprintf("virtual %.1fs", r.virtualElapsed.Seconds())
	if r.realtime {
		clock = "realtime"
	}
	line := fmt.Sprintf("--- %s: %s, wall %s, %d peers, %d RPCs, %s, %d commits",
		r.label, clock, roundWall(wall), r.peers, r.rpcs, formatBytes(r.bytes), r.commits)
	seeds := append([]int64(nil), r.seeds...)
	r.mu.Unlock()
	fmt.Println(line)

	dir := os.Getenv(EnvTrace)
	if t.Failed() {
		for _, s := range seeds {
			t.Logf("rafttest: network seed %d; replay the network's choices with %s=%d", s, EnvSeed, s)
		}
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "rafttest-traces")
		}
	}
	if dir != "" {
		path, err := r.tr.writeFile(dir, r.testName)
		if err != nil {
			t.Logf("rafttest: %v", err)
			return
		}
		fmt.Printf("    event trace of %s: %s\n", r.testName, path)
		if t.Failed() && os.Getenv(EnvViz) == "1" {
			fmt.Printf("    timeline: %s\n", drawTimeline(path))
		}
	}
}

// drawTimeline turns a trace file into an HTML timeline with the study
// command of the workspace the test runs in, and returns the page's path
// (or why it could not).
func drawTimeline(trace string) string {
	dir, err := os.Getwd()
	if err != nil {
		return err.Error()
	}
	for !fileExists(filepath.Join(dir, "go.work")) || !fileExists(filepath.Join(dir, "scripts", "cmd", "study")) {
		parent := filepath.Dir(dir)
		if parent == dir {
			return "no dsweekends workspace above " + dir + ": run go run ./scripts/cmd/study viz trace " + trace
		}
		dir = parent
	}
	cmd := exec.Command("go", "run", "./scripts/cmd/study", "viz", "trace", trace)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Sprintf("study viz failed: %v: %s", err, strings.TrimSpace(string(out)))
	}
	_, page, _ := strings.Cut(strings.TrimSpace(string(out)), ": ")
	return filepath.Join(dir, page)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func roundWall(d time.Duration) time.Duration {
	switch {
	case d > 10*time.Second:
		return d.Round(100 * time.Millisecond)
	case d > time.Second:
		return d.Round(10 * time.Millisecond)
	default:
		return d.Round(time.Millisecond)
	}
}

func formatBytes(n int64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1e3:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	default:
		return fmt.Sprintf("%d B", n)
	}
}

// abort ends the test binary after printing why, for a failure the test cannot return from:
// a bubble whose clock stopped, or goroutines that will never exit (synctest.Test would panic
// with "deadlock: main bubble goroutine has exited but blocked goroutines remain").
// It prints in the format of the testing package, so go test and test2json report the test failed.
func (r *run) abort(reason string) {
	r.abortOnce.Do(func() {
		var b strings.Builder
		// Inside the bubble time.Now is virtual, so the wall time of the test is unknown here.
		elapsed := "aborted"
		if d := time.Since(r.wallStart); d >= 0 {
			elapsed = fmt.Sprintf("%.2fs", d.Seconds())
		}
		fmt.Fprintf(&b, "--- FAIL: %s (%s)\n", r.testName, elapsed)
		for _, l := range strings.Split(strings.TrimRight(reason, "\n"), "\n") {
			fmt.Fprintf(&b, "    %s\n", l)
		}
		r.mu.Lock()
		for _, s := range r.seeds {
			fmt.Fprintf(&b, "    rafttest: network seed %d (replay with %s=%d)\n", s, EnvSeed, s)
		}
		r.mu.Unlock()
		dir := os.Getenv(EnvTrace)
		if dir == "" {
			dir = filepath.Join(os.TempDir(), "rafttest-traces")
		}
		if path, err := r.tr.writeFile(dir, r.testName); err == nil {
			fmt.Fprintf(&b, "    event trace: %s\n", path)
		}
		if inChild() {
			b.WriteString("rafttest: ending this test's own process (rafttest.Isolate), because the test cannot finish\nFAIL\n")
		} else {
			b.WriteString("rafttest: ending the test binary, because this test cannot finish\nFAIL\n")
		}
		os.Stdout.WriteString(b.String()) //nolint:errcheck // we are exiting
		os.Exit(1)
	})
}
