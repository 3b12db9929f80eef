package mr

import (
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/phase2-mapreduce/mrapps"
	"github.com/stretchr/testify/require"
)

// Weekend 12: silent workers, crashes, and files that appear only when complete.

// testTimeout is the task timeout of the fault tests: short, so that a test
// waits a fraction of a second where Lab 1 waits 10 s.
const testTimeout = 250 * time.Millisecond

func TestSilentWorkersTaskIsReassigned(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"stalls", "crashes"} {
		t.Run("worker "+how, func(t *testing.T) {
			t.Parallel()
			files := inputs(t, 4, 20_000)
			wc := lookup(t, "wc")
			j := startJob(t, files, 2, testTimeout)
			release := j.releaseAtCleanup()
			var first atomic.Bool
			app := wc
			app.Map = func(f, c string) []mrapps.KeyValue {
				if first.CompareAndSwap(false, true) {
					if how == "crashes" {
						runtime.Goexit() // the worker dies in the middle of its task
					}
					<-release // the worker goes silent until the test ends
				}
				return wc.Map(f, c)
			}
			j.startWorkers(2, app)
			j.waitDone("a worker %s on its first map task: after TaskTimeout (%v) without a report, GetTask must give that task to another worker (Expired)", how, testTimeout)
			got := j.output() // as soon as Done() is true, as Lab 1's script reads it
			j.mu.Lock()
			close(release)
			j.release = nil
			j.mu.Unlock()
			j.finish()
			requireSameOutput(t, sequential(t, wc, files), got, "wc")
		})
	}
}

func TestOutputAppearsOnlyWhenComplete(t *testing.T) {
	t.Parallel()
	files := inputs(t, 3, 20_000)
	wc := lookup(t, "wc")
	const nReduce = 3
	j := startJob(t, files, nReduce, 0)
	release := j.releaseAtCleanup()
	held := make(chan int, 1)
	var first atomic.Bool
	app := wc
	app.Reduce = func(k string, vs []string) string {
		if first.CompareAndSwap(false, true) {
			held <- Partition(k, nReduce)
			<-release // stop in the middle of writing the output
		}
		return wc.Reduce(k, vs)
	}
	j.startWorkers(2, app)
	var y int
	select {
	case y = <-held:
	case <-time.After(jobDeadline):
		require.FailNow(t, "no reduce call started")
	}
	require.False(t, fileExists(j.cfg.Dir, OutputName(y)), "%s exists while reduce task %d is still running: a worker that crashed now would leave half a file under the final name; write to a temporary file and rename it when complete (WriteFileAtomic)", OutputName(y), y)
	j.mu.Lock()
	close(release)
	j.release = nil
	j.mu.Unlock()
	j.waitDone("the reduce task was released")
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	requireSameOutput(t, sequential(t, wc, files), got, "wc")
}

// crashy wraps app so that calls crash (the goroutine ends) or stall at random.
func crashy(app mrapps.App) mrapps.App {
	maybe := func() {
		switch r := rand.Float64(); {
		case r < 0.15:
			runtime.Goexit()
		case r < 0.25:
			time.Sleep(3 * testTimeout)
		}
	}
	return mrapps.App{
		Name:   app.Name + "-crashy",
		Map:    func(f, c string) []mrapps.KeyValue { maybe(); return app.Map(f, c) },
		Reduce: func(k string, vs []string) string { maybe(); return app.Reduce(k, vs) },
	}
}

func TestCrashingWorkersInProcess(t *testing.T) {
	t.Parallel()
	files := inputs(t, 8, 40_000)
	nocrash := lookup(t, "nocrash")
	j := startJob(t, files, 5, testTimeout)
	const alive = 3
	j.startWorkers(alive, crashy(nocrash))
	// Keep three workers alive: start a new one whenever one dies.
	deadline := time.After(jobDeadline)
	running := alive
	for !j.c.Done() {
		select {
		case e := <-j.exits:
			running--
			j.checkExit(e)
			if e.crashed {
				j.startWorkers(1, crashy(nocrash))
				running++
			}
		case <-time.After(10 * time.Millisecond):
		case <-deadline:
			require.FailNowf(t, "job not done", "workers crash (15%%) and stall (10%%, for %v): the job must still finish; is every task whose worker is silent for TaskTimeout (%v) handed out again?", 3*testTimeout, testTimeout)
		}
	}
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	for ; running > 0; running-- {
		select {
		case e := <-j.exits:
			j.checkExit(e)
		case <-time.After(jobDeadline):
			require.FailNow(t, "workers did not return after the job was done")
		}
	}
	requireSameOutput(t, sequential(t, nocrash, files), got, "nocrash, with workers crashing and stalling")
}
