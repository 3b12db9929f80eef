package mr

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"dsweekends/phase2-mapreduce/corpus"
	"dsweekends/phase2-mapreduce/mrapps"
	"github.com/stretchr/testify/require"
)

// jobDeadline bounds every wait of a test: a job of these sizes takes well
// under a second on a correct implementation.
const jobDeadline = 15 * time.Second

// inputs generates nFiles seeded text files of about size bytes in all.
func inputs(t *testing.T, nFiles int, size int64) []string {
	t.Helper()
	files, err := corpus.Generate(t.TempDir(), corpus.Options{Seed: 9, Files: nFiles, TotalBytes: size})
	require.NoError(t, err)
	return files
}

// sequential is the expected output of app on files: every key once,
// sorted, "key value" lines — what mrsequential prints.
func sequential(t *testing.T, app mrapps.App, files []string) []string {
	t.Helper()
	groups := map[string][]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for _, kv := range app.Map(f, string(b)) {
			groups[kv.Key] = append(groups[kv.Key], kv.Value)
		}
	}
	var lines []string
	for k, vs := range groups {
		lines = append(lines, fmt.Sprintf("%v %v", k, app.Reduce(k, vs)))
	}
	sort.Strings(lines)
	return lines
}

// exit is how one worker ended.
type exit struct {
	id      int
	err     error
	crashed bool // the worker's goroutine ended inside the app (runtime.Goexit)
	jobDone bool // Coordinator.Done() when it returned
}

// job is one coordinator with in-process workers (goroutines).
type job struct {
	t       *testing.T
	cfg     Config
	c       *Coordinator
	exits   chan exit
	wg      sync.WaitGroup
	mu      sync.Mutex
	started int
	seen    int             // exits already checked by waitDone
	release []chan struct{} // closed at cleanup, so blocked apps let go
}

// startJob starts a coordinator for files with nReduce reduce tasks,
// writing into a fresh directory.
func startJob(t *testing.T, files []string, nReduce int, timeout time.Duration) *job {
	t.Helper()
	j := &job{t: t, exits: make(chan exit, 1000)}
	j.cfg = Config{Files: files, NReduce: nReduce, Dir: t.TempDir(), TaskTimeout: timeout}
	c, err := StartCoordinator(j.cfg)
	require.NoError(t, err, "StartCoordinator(%d files, NReduce %d): look at coordinator.go", len(files), nReduce)
	require.NotNil(t, c, "StartCoordinator returned a nil *Coordinator and no error")
	j.c = c
	t.Cleanup(func() {
		j.mu.Lock()
		for _, ch := range j.release {
			close(ch)
		}
		j.mu.Unlock()
		c.Close()
		done := make(chan struct{})
		go func() { j.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(jobDeadline):
			t.Errorf("workers still running %v after Coordinator.Close: a worker must return once the coordinator cannot be reached", jobDeadline)
		}
	})
	return j
}

// releaseAtCleanup returns a channel closed when the test ends.
func (j *job) releaseAtCleanup() chan struct{} {
	ch := make(chan struct{})
	j.mu.Lock()
	j.release = append(j.release, ch)
	j.mu.Unlock()
	return ch
}

// startWorkers starts n workers running app.
func (j *job) startWorkers(n int, app mrapps.App) {
	for range n {
		j.mu.Lock()
		id := j.started
		j.started++
		j.mu.Unlock()
		j.wg.Add(1)
		go func() {
			defer j.wg.Done()
			e := exit{id: id, crashed: true}
			defer func() {
				if e.crashed {
					e.jobDone = j.c.Done()
				}
				j.exits <- e
			}()
			e.err = Worker(j.c.Addr().Network(), j.c.Addr().String(), app)
			e.crashed = false
			e.jobDone = j.c.Done()
		}()
	}
}

// waitDone waits until Done() is true, failing with why after jobDeadline.
func (j *job) waitDone(why string, args ...any) {
	j.t.Helper()
	deadline := time.After(jobDeadline)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !j.c.Done() {
		select {
		case e := <-j.exits: // a worker that ends early fails the test now, with its error
			j.checkExit(e)
			j.seen++
		case <-tick.C:
		case <-deadline:
			require.FailNowf(j.t, "job not done", "Done() still false after %v: %s", jobDeadline, fmt.Sprintf(why, args...))
		}
	}
}

// finish waits for every worker to return and checks that each returned
// nil only after the job was done: workers exit when the coordinator says
// so (ExitTask), never while tasks remain.
func (j *job) finish() {
	j.t.Helper()
	j.mu.Lock()
	n := j.started - j.seen
	j.mu.Unlock()
	deadline := time.After(jobDeadline)
	for range n {
		select {
		case e := <-j.exits:
			j.checkExit(e)
		case <-deadline:
			require.FailNowf(j.t, "workers did not return", "after %v some of the %d workers are still running (Done()=%v): once the job is done, GetTask must answer ExitTask and Worker must return", jobDeadline, n, j.c.Done())
		}
	}
}

func (j *job) checkExit(e exit) {
	j.t.Helper()
	if e.crashed {
		return
	}
	require.NoError(j.t, e.err, "worker %d: Worker returned an error while the coordinator was running: a task failed (a missing mr-X-Y means a reduce read a file no map task wrote) or an RPC failed", e.id)
	require.True(j.t, e.jobDone, "worker %d returned before Done() was true: a worker may exit only when the coordinator says the job is done (ExitTask), not when it has no task right now", e.id)
}

// output reads every mr-out-* file of the job: its lines, sorted.
func (j *job) output() []string {
	j.t.Helper()
	outs, err := filepath.Glob(filepath.Join(j.cfg.Dir, "mr-out-*"))
	require.NoError(j.t, err)
	var lines []string
	for _, o := range outs {
		b, err := os.ReadFile(o)
		require.NoError(j.t, err)
		for l := range strings.Lines(string(b)) {
			lines = append(lines, strings.TrimSuffix(l, "\n"))
		}
	}
	sort.Strings(lines)
	return lines
}

// requireSameOutput compares outputs line by line and reports the first
// difference, not a 5000-line diff.
func requireSameOutput(t *testing.T, want, got []string, what string) {
	t.Helper()
	for i := range min(len(want), len(got)) {
		if want[i] != got[i] {
			require.FailNowf(t, "output differs", "%s: line %d of the sorted mr-out-* lines (read as soon as Done() was true) is %q, want %q (%d lines, want %d): Done() must wait for every reduce task, and each key must be in exactly one output, with Reduce called once per key", what, i+1, got[i], want[i], len(got), len(want))
		}
	}
	require.Equal(t, len(want), len(got), "%s: the mr-out-* files (read as soon as Done() was true) have %d lines, want %d: Done() must wait for every reduce task, and every key must be in exactly one reduce task's output", what, len(got), len(want))
}

// within waits for ch or fails after jobDeadline with msg.
func within(t *testing.T, ch <-chan struct{}, msg string, args ...any) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(jobDeadline):
		require.FailNowf(t, "timed out", msg, args...)
	}
}
