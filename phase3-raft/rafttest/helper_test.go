package rafttest_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/rafttest"
	"dsweekends/phase3-raft/rafttest/internal/demoraft"
)

// Some failures end the whole test binary on purpose (a stalled bubble, goroutines that outlive
// Kill), so they are tested in a child process: the test binary runs itself with -test.run set to
// TestHelperProcess and RAFTTEST_HELPER naming the scenario, and the parent checks its output.

const helperEnv = "RAFTTEST_HELPER"

// TestHelperProcess is not a test of its own: it runs a scenario in a child process.
func TestHelperProcess(t *testing.T) {
	switch os.Getenv(helperEnv) {
	case "":
		t.Skip("runs only as a child process of the tests in helper_test.go")
	case "stall":
		rafttest.Run(t, "stall", func(t *testing.T) {
			c := rafttest.NewCluster(t, 3, true, false, demoraft.MakeWith(demoraft.Options{LockAcrossSleep: true}))
			c.CheckOneLeader()
			time.Sleep(time.Minute)
		})
	case "ignore-kill":
		rafttest.Run(t, "ignore kill", func(t *testing.T) {
			c := rafttest.NewCluster(t, 3, true, false, demoraft.MakeWith(demoraft.Options{IgnoreKill: true}))
			c.CheckOneLeader()
		})
	case "retry-loop":
		rafttest.Run(t, "retry loop", func(t *testing.T) {
			c := rafttest.NewCluster(t, 3, true, false, demoraft.MakeWith(demoraft.Options{ResendAtOnce: true}))
			c.CheckOneLeader()
			time.Sleep(time.Minute)
		})
	case "too-slow":
		rafttest.Run(t, "too slow", func(t *testing.T) {
			rafttest.NewCluster(t, 3, true, false, fakeMake(func(_, index int) (int, any) { return index, "x" }))
			time.Sleep(131 * time.Second) // a test that dawdles past MaxTestTime
		})
	case "client-goroutine-fails":
		// A check fails on a client goroutine: the test is marked failed, the goroutine ends (its
		// deferred calls run) and the test's goroutine carries on.
		rafttest.Run(t, "client goroutine fails", func(t *testing.T) {
			c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
			leader := c.CheckOneLeader()
			c.Disconnect((leader + 1) % 3)
			c.Disconnect((leader + 2) % 3)
			done := make(chan bool)
			go func() {
				reached := false
				defer func() { done <- reached }()
				c.One("lonely", 3, false) // no majority: fails after 2s
				reached = true
			}()
			if <-done {
				fmt.Println("helper: the client goroutine went on after its check failed")
			}
			fmt.Println("helper: the test goroutine carried on")
		})
	case "virtual60":
		var virtual time.Duration
		wall := time.Now() // outside the bubble: the wall clock
		rafttest.Run(t, "60s of 5 peers", func(t *testing.T) {
			start := time.Now() // inside the bubble: virtual
			c := rafttest.NewCluster(t, 5, true, false, demoraft.Make)
			for k := 0; time.Since(start) < 60*time.Second; k++ {
				c.One(k, 5, true)
				time.Sleep(100 * time.Millisecond)
			}
			virtual = time.Since(start)
		})
		fmt.Printf("helper: virtual-s %.3f wall-s %.6f\n", virtual.Seconds(), time.Since(wall).Seconds())
	default:
		t.Fatalf("unknown %s=%q", helperEnv, os.Getenv(helperEnv))
	}
}

// runHelper runs a TestHelperProcess scenario and returns its combined output and whether it
// exited with status 0.
func runHelper(t testing.TB, scenario string, env ...string) (string, bool) {
	t.Helper()
	return runHelperTests(t, "^TestHelperProcess$", scenario, env...)
}

// runHelperTests runs the tests matching pattern in a child process with RAFTTEST_HELPER set to
// scenario, and returns its combined output and whether it exited with status 0.
func runHelperTests(t testing.TB, pattern, scenario string, env ...string) (string, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run="+pattern, "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), append([]string{helperEnv + "=" + scenario}, env...)...)
	out, err := cmd.CombinedOutput()
	require.NoError(t, ctx.Err(), "the helper process did not finish: it hung instead of failing\n%s", out)
	return string(out), err == nil
}

func TestStalledVirtualClockIsDiagnosedNotHung(t *testing.T) {
	out, ok := runHelper(t, "stall", rafttest.EnvStallTimeout+"=1s")
	require.False(t, ok, "a stalled bubble must fail the test binary; output:\n%s", out)
	for _, want := range []string{
		"--- FAIL: TestHelperProcess",
		"virtual time stopped",
		"A goroutine waiting to\nlock a sync.Mutex is NOT durably blocked",
		"Waiting to lock a mutex",
		"demoraft.(*Raft).ticker", // the stack of the goroutine sleeping with the lock held
		"RAFT_SEED=",
	} {
		require.Contains(t, strings.ReplaceAll(out, "\n    ", "\n"), want, "output of the stalled test:\n%s", out)
	}
}

func TestRetryLoopFailsTheTestAtOnce(t *testing.T) {
	out, ok := runHelper(t, "retry-loop", rafttest.EnvStallTimeout+"=1m")
	require.False(t, ok, "a peer resending one request without waiting must fail the test; output:\n%s", out)
	for _, want := range []string{
		"--- FAIL: TestHelperProcess",
		"a retry loop that makes no progress, found at once by the network",
		"identical Raft.AppendEntries requests at one instant",
		"The goroutine in the loop:",
		"demoraft.(*Raft).sendAppend", // the stack of the looping goroutine
		"RAFT_SEED=",
	} {
		require.Contains(t, out, want, "output of the looping test:\n%s", out)
	}
	require.NotContains(t, out, "virtual time stopped", "the loop is reported as it happens, not as a stall later")
	require.NotContains(t, out, "--- retry loop: virtual", "the test ends at the loop, not after its body returns")
}

func TestGoroutinesOutlivingKillAreNamed(t *testing.T) {
	out, ok := runHelper(t, "ignore-kill")
	require.False(t, ok, "goroutines left after Kill must fail the test binary; output:\n%s", out)
	require.Contains(t, out, "goroutines still running 5s after Kill")
	require.Regexp(t, `peer \d: 1 goroutine\(s\) in demoraft\.\(\*Raft\)\.ticker`, out)
	require.Contains(t, out, "rf.killed()")
}

func TestTestLongerThanMaxTestTimeFails(t *testing.T) {
	out, ok := runHelper(t, "too-slow")
	require.False(t, ok, "a test taking more than MaxTestTime of virtual time must fail; output:\n%s", out)
	for _, want := range []string{
		"--- FAIL: TestHelperProcess",
		"the test took 131s of simulated time, the limit is 120s",
		"are elections or agreement too slow?",
		"--- too slow: virtual 131.0s", // the test ran to its end: the limit does not cut it short
	} {
		require.Contains(t, out, want, "output of the slow test:\n%s", out)
	}
}

func TestCheckFailingOnClientGoroutineFailsTestAndEndsOnlyThatGoroutine(t *testing.T) {
	out, ok := runHelper(t, "client-goroutine-fails")
	require.False(t, ok, "a check failing on a client goroutine must fail the test; output:\n%s", out)
	for _, want := range []string{
		"--- FAIL: TestHelperProcess",
		"only 0 peers had applied it there (want 3)",
		"this check failed on a goroutine the test started",
		"helper: the test goroutine carried on",
	} {
		require.Contains(t, out, want, "output of the test:\n%s", out)
	}
	require.NotContains(t, out, "the client goroutine went on", "the failing check ends its goroutine")
	require.NotContains(t, out, "panic", "failing off the test's goroutine must not panic")
}

func TestTraceIsWrittenAsJSONLines(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(rafttest.EnvTrace, dir)
	// The trace is written when the test ends, so the traced run is a subtest.
	t.Run("traced", func(t *testing.T) {
		rafttest.Run(t, "trace", func(t *testing.T) {
			c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
			c.One("traced", 3, true)
			c.Crash1(0)
		})
	})
	path := filepath.Join(dir, "TestTraceIsWrittenAsJSONLines_traced.jsonl")
	f, err := os.Open(path)
	require.NoError(t, err, "RAFT_TRACE=dir writes dir/<test name>.jsonl")
	defer f.Close()
	kinds := map[string]bool{}
	last := int64(-1)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var e rafttest.TraceEvent
		require.NoError(t, json.Unmarshal(sc.Bytes(), &e), "each line is one JSON object: %s", sc.Text())
		require.GreaterOrEqual(t, e.TimeNS, last, "events are in time order")
		last = e.TimeNS
		kinds[e.Kind] = true
	}
	require.NoError(t, sc.Err())
	for _, k := range []string{"start", "connect", "apply", "crash", "stats", // recorded by the harness
		"rpc",                               // recorded by the network, for study viz's arrows
		"election-start", "became-leader"} { // recorded by the peer through raftdebug.Event
		require.True(t, kinds[k], "the trace has a %q event; kinds found: %v", k, kinds)
	}
}

func TestRealtimeModeRunsOnTheWallClock(t *testing.T) {
	t.Setenv(rafttest.EnvRealtime, "1")
	wall := time.Now()
	rafttest.Run(t, "realtime election", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
		c.CheckOneLeader()
	})
	require.Greater(t, time.Since(wall), 400*time.Millisecond,
		"on the wall clock CheckOneLeader's first pause (450ms+) really passes")
}

var helperFigures = regexp.MustCompile(`helper: virtual-s ([0-9.]+) wall-s ([0-9.]+)`)

// BenchmarkVirtualTime60s measures how much faster than real time the harness runs a minute of a
// five-peer cluster (an election, then a command every 100ms). The run happens in a child process,
// because synctest needs a *testing.T; the wall time is measured there, outside the bubble.
func BenchmarkVirtualTime60s(b *testing.B) {
	var ratio float64
	for b.Loop() {
		out, ok := runHelper(b, "virtual60")
		require.True(b, ok, "the 60s run failed:\n%s", out)
		m := helperFigures.FindStringSubmatch(out)
		require.NotNil(b, m, "no figures in the output:\n%s", out)
		virtual, _ := strconv.ParseFloat(m[1], 64)
		wall, _ := strconv.ParseFloat(m[2], 64)
		ratio = virtual / wall
	}
	b.ReportMetric(ratio, "virtual-s/wall-s")
}
