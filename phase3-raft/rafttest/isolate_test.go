package rafttest_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"dsweekends/phase3-raft/rafttest"
	"dsweekends/phase3-raft/rafttest/internal/demoraft"
)

// The three TestIsolation* tests run only inside the child process of
// TestIsolatedFailuresLeaveOtherTestsReported, with rafttest.Isolate on: one leaves goroutines
// behind after Kill, one stalls the virtual clock, one passes. Without isolation the first would
// end the test binary and the other two would never be reported.

func isolationScenario(t *testing.T) {
	if os.Getenv(helperEnv) != "isolation" {
		t.Skip("runs only as a child process of TestIsolatedFailuresLeaveOtherTestsReported")
	}
	rafttest.Isolate()
}

func TestIsolationLeftoverGoroutines(t *testing.T) {
	isolationScenario(t)
	rafttest.Run(t, "leftover goroutines", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.MakeWith(demoraft.Options{IgnoreKill: true}))
		c.CheckOneLeader()
	})
}

func TestIsolationStall(t *testing.T) {
	isolationScenario(t)
	rafttest.Run(t, "stall", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.MakeWith(demoraft.Options{LockAcrossSleep: true}))
		c.CheckOneLeader()
		time.Sleep(time.Minute)
	})
}

func TestIsolationZPasses(t *testing.T) {
	isolationScenario(t)
	rafttest.Run(t, "passes", func(t *testing.T) {
		c := rafttest.NewCluster(t, 3, true, false, demoraft.Make)
		c.CheckOneLeader()
	})
}

func TestIsolatedFailuresLeaveOtherTestsReported(t *testing.T) {
	out, ok := runHelperTests(t, "^TestIsolation", "isolation", rafttest.EnvStallTimeout+"=1s")
	require.False(t, ok, "two of the three tests fail, so the binary must fail; output:\n%s", out)
	for _, want := range []string{
		"--- FAIL: TestIsolationLeftoverGoroutines",
		"goroutines still running 5s after Kill",
		"the test body itself had passed",
		"--- FAIL: TestIsolationStall",
		"virtual time stopped",
		"the test body did not return",
		"--- PASS: TestIsolationZPasses", // run and reported after both failures
	} {
		require.Contains(t, out, want, "output of the isolated tests:\n%s", out)
	}
	require.Less(t, strings.Index(out, "--- FAIL: TestIsolationStall"), strings.Index(out, "--- PASS: TestIsolationZPasses"))
}
