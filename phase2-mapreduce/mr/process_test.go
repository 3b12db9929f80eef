package mr

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dsweekends/phase2-mapreduce/mrapps"
	"github.com/stretchr/testify/require"
)

// The crash test runs real processes, as Lab 1's script does: this test
// binary started again with MR_TEST_ROLE set runs as a coordinator or a
// worker (see TestMain), so the processes run exactly the code under test.

const roleEnv = "MR_TEST_ROLE"

// runRole is the main function of a coordinator or worker process.
func runRole(role string) int {
	addr := os.Getenv("MR_TEST_ADDR")
	switch role {
	case "coordinator":
		nReduce, _ := strconv.Atoi(os.Getenv("MR_TEST_NREDUCE"))
		timeout, _ := time.ParseDuration(os.Getenv("MR_TEST_TIMEOUT"))
		c, err := StartCoordinator(Config{
			Files: strings.Split(os.Getenv("MR_TEST_FILES"), "\n"), NReduce: nReduce,
			Network: "unix", Address: addr, TaskTimeout: timeout,
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		for !c.Done() {
			time.Sleep(20 * time.Millisecond) // as Lab 1's mrcoordinator polls Done
		}
		c.Close()
		return 0
	case "worker":
		app, err := mrapps.Lookup(os.Getenv("MR_TEST_APP"))
		if err == nil {
			err = Worker("unix", addr, app)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		return 0
	}
	fmt.Fprintf(os.Stderr, "unknown %s %q\n", roleEnv, role)
	return 2
}

func TestCrashingWorkerProcesses(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	t.Parallel()
	files := inputs(t, 8, 40_000)
	dir := t.TempDir()
	env := append(os.Environ(),
		"MR_TEST_ADDR="+filepath.Join(dir, "mr.sock"),
		"MR_TEST_FILES="+strings.Join(files, "\n"),
		"MR_TEST_NREDUCE=5",
		"MR_TEST_TIMEOUT="+(2*testTimeout).String(),
		"MR_TEST_APP=crash",
		"MR_CRASH_PROB=0.2", "MR_STALL_PROB=0.1", "MR_STALL="+(6*testTimeout).String(),
	)
	type ended struct {
		worker bool
		err    error
	}
	endedCh := make(chan ended, 100)
	var cmds []*exec.Cmd
	var coordStderr bytes.Buffer
	live := 0 // processes started and not yet seen ending
	start := func(role string) {
		cmd := exec.Command(os.Args[0])
		cmd.Dir = dir // files go to the processes' working directory, as in Lab 1
		cmd.Env = append(env, roleEnv+"="+role)
		if role == "coordinator" {
			cmd.Stderr = &coordStderr
		}
		require.NoError(t, cmd.Start())
		cmds = append(cmds, cmd)
		live++
		go func() { endedCh <- ended{worker: role == "worker", err: cmd.Wait()} }()
	}
	t.Cleanup(func() {
		for _, c := range cmds {
			c.Process.Kill() // our own children only
		}
		for ; live > 0; live-- {
			<-endedCh // every Wait goroutine ends once its process is gone
		}
	})
	start("coordinator")
	// Wait for the coordinator's socket before starting workers.
	for end := time.After(jobDeadline); !fileExists(dir, "mr.sock"); {
		select {
		case e := <-endedCh:
			live--
			require.FailNowf(t, "coordinator failed", "the coordinator process ended before listening (%v): %s", e.err, coordStderr.String())
		case <-end:
			require.FailNowf(t, "no socket", "the coordinator process did not listen on its unix socket within %v", jobDeadline)
		case <-time.After(10 * time.Millisecond):
		}
	}
	const alive = 3
	for range alive {
		start("worker")
	}
	// Keep three workers alive: start a new one whenever one ends.
	deadline := time.After(30 * time.Second)
	for done := false; !done; {
		select {
		case e := <-endedCh:
			live--
			if e.worker {
				start("worker")
				continue
			}
			require.NoError(t, e.err, "the coordinator process failed: %s", coordStderr.String())
			done = true
		case <-deadline:
			require.FailNowf(t, "job not done", "the coordinator did not finish within 30 s with %d worker processes started: workers crash (20%%) and stall (10%%, for %v); tasks of silent workers must be handed out again after the task timeout (%v)", len(cmds)-1, 6*testTimeout, 2*testTimeout)
		}
	}
	requireSameOutput(t, sequential(t, lookup(t, "nocrash"), files), outputLines(t, dir), "crash (processes) vs nocrash")
}

// outputLines reads the sorted lines of every mr-out-* file in dir.
func outputLines(t *testing.T, dir string) []string {
	t.Helper()
	j := &job{t: t, cfg: Config{Dir: dir}}
	return j.output()
}
