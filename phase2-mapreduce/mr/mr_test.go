package mr

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/phase2-mapreduce/mrapps"
	"github.com/stretchr/testify/require"
)

// Weekend 11: the job runs, in parallel, each task once, in the right order.

func lookup(t *testing.T, name string) mrapps.App {
	t.Helper()
	app, err := mrapps.Lookup(name)
	require.NoError(t, err)
	return app
}

func TestWordCountMatchesSequential(t *testing.T) {
	t.Parallel()
	files := inputs(t, 6, 300_000)
	wc := lookup(t, "wc")
	j := startJob(t, files, 4, 0)
	j.startWorkers(3, wc)
	j.waitDone("3 workers, 6 map and 4 reduce tasks: do workers get tasks (GetTask) and report them (ReportDone)?")
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	requireSameOutput(t, sequential(t, wc, files), got, "wc")
}

func TestIndexerMatchesSequential(t *testing.T) {
	t.Parallel()
	files := inputs(t, 5, 200_000)
	ix := lookup(t, "indexer")
	j := startJob(t, files, 3, 0)
	j.startWorkers(2, ix)
	j.waitDone("2 workers, 5 map and 3 reduce tasks")
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	requireSameOutput(t, sequential(t, ix, files), got, "indexer")
}

// meeting counts calls in flight and opens when two are in flight at once.
type meeting struct {
	inFlight atomic.Int32
	met      chan struct{}
	once     sync.Once
	gaveUp   atomic.Bool
}

func newMeeting() *meeting { return &meeting{met: make(chan struct{})} }

// join waits (up to 2 s, once) for a second call to be in flight with this one.
func (m *meeting) join() {
	if m.inFlight.Add(1) >= 2 {
		m.once.Do(func() { close(m.met) })
	}
	defer m.inFlight.Add(-1)
	if m.gaveUp.Load() {
		return
	}
	select {
	case <-m.met:
	case <-time.After(2 * time.Second):
		m.gaveUp.Store(true)
	}
}

func (m *meeting) happened() bool {
	select {
	case <-m.met:
		return true
	default:
		return false
	}
}

func TestMapsRunInParallel(t *testing.T) {
	t.Parallel()
	files := inputs(t, 4, 20_000)
	wc := lookup(t, "wc")
	m := newMeeting()
	app := wc
	app.Map = func(f, c string) []mrapps.KeyValue { m.join(); return wc.Map(f, c) }
	j := startJob(t, files, 2, 0)
	j.startWorkers(2, app)
	j.waitDone("2 workers, 4 map tasks")
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	require.True(t, m.happened(), "two map calls never ran at the same time with 2 workers: each worker asking for a task must get its own map task (GetTask hands out every idle map task, not one at a time)")
	requireSameOutput(t, sequential(t, wc, files), got, "wc")
}

func TestReducesRunInParallel(t *testing.T) {
	t.Parallel()
	files := inputs(t, 3, 20_000)
	wc := lookup(t, "wc")
	m := newMeeting()
	app := wc
	app.Reduce = func(k string, vs []string) string { m.join(); return wc.Reduce(k, vs) }
	j := startJob(t, files, 4, 0)
	j.startWorkers(2, app)
	j.waitDone("2 workers, 4 reduce tasks")
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	require.True(t, m.happened(), "two reduce calls never ran at the same time with 2 workers: once the maps are done, each worker asking must get its own reduce task")
	requireSameOutput(t, sequential(t, wc, files), got, "wc")
}

func TestEachMapTaskRunsOnce(t *testing.T) {
	t.Parallel()
	files := inputs(t, 6, 30_000)
	wc := lookup(t, "wc")
	var mu sync.Mutex
	runs := map[string]int{}
	app := wc
	app.Map = func(f, c string) []mrapps.KeyValue {
		mu.Lock()
		runs[f]++
		mu.Unlock()
		time.Sleep(100 * time.Millisecond) // a task that takes a while, so other workers ask meanwhile
		return wc.Map(f, c)
	}
	j := startJob(t, files, 3, 0) // the default 10 s timeout: no task may be given twice
	j.startWorkers(3, app)
	j.waitDone("3 workers, 6 map tasks")
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	mu.Lock()
	defer mu.Unlock()
	for _, f := range files {
		require.Equal(t, 1, runs[f], "map task for %s ran %d times, and no worker failed: a task handed out is in progress — give it to no one else until it times out", f, runs[f])
	}
	requireSameOutput(t, sequential(t, wc, files), got, "wc")
}

// keysApp emits keys k0..k9 for every file and counts them in Reduce.
func keysApp() mrapps.App {
	return mrapps.App{
		Name: "keys",
		Map: func(f, _ string) []mrapps.KeyValue {
			var kvs []mrapps.KeyValue
			for i := range 10 {
				kvs = append(kvs, mrapps.KeyValue{Key: fmt.Sprintf("k%d", i), Value: "1"})
			}
			return kvs
		},
		Reduce: func(_ string, vs []string) string { return strconv.Itoa(len(vs)) },
	}
}

// quietFor fails if a worker returns (or, if reduces is given, a reduce
// starts) during d: something that must not happen while a task is held.
func quietFor(t *testing.T, j *job, d time.Duration, reduces *atomic.Int32, msg string) {
	t.Helper()
	deadline := time.After(d)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case e := <-j.exits:
			require.FailNowf(t, "a worker returned", "%s (worker %d returned err=%v)", msg, e.id, e.err)
		case <-tick.C:
			if reduces != nil && reduces.Load() > 0 {
				require.FailNow(t, msg+" (a Reduce call ran)")
			}
		case <-deadline:
			return
		}
	}
}

func TestNoWorkerExitsBeforeJobDone(t *testing.T) {
	t.Parallel()
	files := inputs(t, 4, 4_000)
	app := keysApp()
	count := app.Reduce
	const nReduce = 3
	j := startJob(t, files, nReduce, 0)
	held, release := make(chan struct{}), j.releaseAtCleanup()
	var once sync.Once
	app.Reduce = func(k string, vs []string) string {
		if k == "k0" { // one reduce task is slow
			once.Do(func() { close(held) })
			<-release
		}
		return count(k, vs)
	}
	j.startWorkers(3, app)
	within(t, held, "no reduce task reached key k0 within %v", jobDeadline)
	slow := Partition("k0", nReduce)
	others := make(chan struct{})
	go func() {
		defer close(others)
		for y := range nReduce {
			for y != slow && !fileExists(j.cfg.Dir, OutputName(y)) && !j.c.Done() {
				time.Sleep(5 * time.Millisecond)
			}
		}
	}()
	within(t, others, "the other reduce tasks did not finish while reduce task %d was held", slow)
	quietFor(t, j, time.Second, nil, fmt.Sprintf("a worker exited while reduce task %d was still running: a worker may exit only once the whole job is done; with nothing to hand out, GetTask answers WaitTask", slow))
	j.mu.Lock()
	close(release)
	j.release = nil
	j.mu.Unlock()
	j.waitDone("reduce task %d was released", slow)
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	requireSameOutput(t, sequential(t, keysApp(), files), got, "keys")
}

func TestReducesWaitForAllMaps(t *testing.T) {
	t.Parallel()
	files := inputs(t, 4, 4_000)
	app := keysApp()
	emit := app.Map
	var mapsDone, reduces atomic.Int32
	j := startJob(t, files, 3, 0)
	held, release := make(chan struct{}), j.releaseAtCleanup()
	var once sync.Once
	app.Map = func(f, c string) []mrapps.KeyValue {
		if f == files[0] { // one map task is slow
			once.Do(func() { close(held) })
			<-release
		}
		defer mapsDone.Add(1)
		return emit(f, c)
	}
	count := app.Reduce
	app.Reduce = func(k string, vs []string) string { reduces.Add(1); return count(k, vs) }
	j.startWorkers(3, app)
	within(t, held, "map task 0 (%s) never started", files[0])
	others := make(chan struct{})
	go func() {
		defer close(others)
		for mapsDone.Load() < int32(len(files)-1) && !j.c.Done() {
			time.Sleep(5 * time.Millisecond)
		}
	}()
	within(t, others, "the other map tasks did not finish while map task 0 was held")
	quietFor(t, j, time.Second, &reduces, "a reduce task started while map task 0 was still running: reduce tasks may start only when every map task is done — a reduce reads a file from every map task (§3.1)")
	j.mu.Lock()
	close(release)
	j.release = nil
	j.mu.Unlock()
	j.waitDone("map task 0 was released")
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	requireSameOutput(t, sequential(t, keysApp(), files), got, "keys")
}

func fileExists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}
