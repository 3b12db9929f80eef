package rafttest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// envChild marks a test binary that Run started to run one test in its own process.
const envChild = "RAFTTEST_CHILD"

// EnvIsolate set to 0 turns Isolate off: every test then runs in the test binary's process.
const EnvIsolate = "RAFT_ISOLATE"

var (
	isolate  atomic.Bool
	spawnMu  sync.Mutex
	spawned  = map[*testing.T]bool{} // tests already run in a child process (-count repeats a test with a new T)
	childEnv = os.Getenv(envChild) != ""
)

// Isolate makes every later Run execute its test in a process of its own: Run starts the test
// binary again with -test.run selecting just that test, and reports what the child reports. A
// test whose clock stalls, or whose goroutines outlive Kill, ends only its own process: it fails
// with the cause named, and every other test still runs and is reported. Call it from TestMain,
// before m.Run. Isolated tests must not depend on variables their body sets, since the body runs
// in the child. RAFT_ISOLATE=0 turns isolation off.
func Isolate() {
	isolate.Store(os.Getenv(EnvIsolate) != "0")
}

// inChild reports whether this process is a child started by Run.
func inChild() bool { return childEnv }

// runInChild runs test t in a child process and reports its result on t. It returns false if t
// was already run in a child (a test calling Run twice), in which case the caller runs the body
// itself.
func runInChild(t *testing.T) bool {
	t.Helper()
	spawnMu.Lock()
	if spawned[t] {
		spawnMu.Unlock()
		return false
	}
	spawned[t] = true
	spawnMu.Unlock()

	var parts []string
	for _, p := range strings.Split(t.Name(), "/") {
		parts = append(parts, "^"+regexp.QuoteMeta(p)+"$")
	}
	ctx := context.Background()
	if d, ok := t.Deadline(); ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, d.Add(-5*time.Second))
		defer cancel()
	}
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run="+strings.Join(parts, "/"), "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), envChild+"=1")
	if gorace := os.Getenv("GORACE"); !strings.Contains(gorace, "atexit_sleep_ms") {
		// A race-enabled binary otherwise sleeps a second as it exits, once per test here.
		cmd.Env = append(cmd.Env, strings.TrimSpace("GORACE="+gorace+" atexit_sleep_ms=0"))
	}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	text := childOutput(out.String())
	var exit *exec.ExitError
	switch {
	case err == nil:
		if testing.Verbose() {
			fmt.Print(text)
		}
		return true
	case ctx.Err() != nil:
		fmt.Print(text)
		t.Errorf("rafttest: %s ran in its own process, which was still running at the test deadline", t.Name())
		return true
	case !errors.As(err, &exit):
		t.Errorf("rafttest: cannot run %s in its own process: %v", t.Name(), err)
		return true
	}
	fmt.Print(text)
	body := "the test body did not return (it was stopped while running)"
	switch {
	case strings.Contains(out.String(), bodyReturned+"passed"):
		body = "the test body itself had passed; what failed came after it (leftover goroutines, a cleanup check)"
	case strings.Contains(out.String(), bodyReturned+"failed"):
		body = "the test body itself had already failed"
	}
	t.Errorf("rafttest: %s failed in its own process (exit status %d); %s. The output above says why. "+
		"The other tests are not affected: each runs in a process of its own (rafttest.Isolate).",
		t.Name(), exit.ExitCode(), body)
	return true
}

// bodyReturned starts the line a child prints when the test body returns.
const bodyReturned = "rafttest: the test body returned: "

// childOutput drops the testing package's own framing lines from a child's output, which the
// parent reports itself.
func childOutput(s string) string {
	var b strings.Builder
	for _, l := range strings.SplitAfter(s, "\n") {
		t := strings.TrimRight(l, "\n")
		switch {
		case t == "", t == "PASS", t == "FAIL", strings.HasPrefix(t, "ok  "), strings.HasPrefix(t, "=== "),
			strings.HasPrefix(t, "--- PASS: "), strings.HasPrefix(t, "--- SKIP: "),
			strings.HasPrefix(t, bodyReturned), strings.HasPrefix(t, "coverage: "):
			continue
		case strings.HasPrefix(t, "--- FAIL: "):
			b.WriteString("    (child) " + t + "\n")
		default:
			b.WriteString(l)
		}
	}
	s = b.String()
	if s != "" && !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s
}
