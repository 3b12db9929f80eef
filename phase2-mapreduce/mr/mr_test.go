package mr

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/phase2-mapreduce/mrapps"
	"dsweekends/testkit/say"
	"dsweekends/testkit/shutdown"
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
	j.waitDone(say.T("워커 3개, 맵 작업 6개, 리듀스 작업 4개: 워커가 작업을 받고(GetTask) 끝났다고 알리나요(ReportDone)?", "3 workers, 6 map and 4 reduce tasks: do workers get tasks (GetTask) and report them (ReportDone)?"))
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
	j.waitDone(say.T("워커 2개, 맵 작업 5개, 리듀스 작업 3개", "2 workers, 5 map and 3 reduce tasks"))
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
	j.waitDone(say.T("워커 2개, 맵 작업 4개", "2 workers, 4 map tasks"))
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	require.True(t, m.happened(), say.T("워커 2개인데 Map 호출 둘이 한 번도 동시에 돌지 않았습니다: 작업을 묻는 워커마다 자기 맵 작업을 받아야 합니다 (GetTask는 대기 중인 맵 작업을 하나씩 차례로가 아니라 묻는 대로 나눠 줍니다)",
		"two map calls never ran at the same time with 2 workers: each worker asking for a task must get its own map task (GetTask hands out every idle map task, not one at a time)"))
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
	j.waitDone(say.T("워커 2개, 리듀스 작업 4개", "2 workers, 4 reduce tasks"))
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	require.True(t, m.happened(), say.T("워커 2개인데 Reduce 호출 둘이 한 번도 동시에 돌지 않았습니다: 맵이 모두 끝나면 묻는 워커마다 자기 리듀스 작업을 받아야 합니다",
		"two reduce calls never ran at the same time with 2 workers: once the maps are done, each worker asking must get its own reduce task"))
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
	j.waitDone(say.T("워커 3개, 맵 작업 6개", "3 workers, 6 map tasks"))
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	mu.Lock()
	defer mu.Unlock()
	for _, f := range files {
		require.Equal(t, 1, runs[f], say.F("%s의 맵 작업이 %d번 실행됐는데 실패한 워커는 없습니다: 나눠 준 작업은 진행 중입니다 — 시간 초과 전에는 다른 누구에게도 주지 마세요",
			"map task for %s ran %d times, and no worker failed: a task handed out is in progress — give it to no one else until it times out", f, runs[f]))
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

// until waits for cond while the held task stays held. It fails at once,
// naming what it saw, when a worker returns (checkExit), and when nothing
// happens for stallWindow.
func (j *job) until(cond func() bool, what string, held string, reduces *atomic.Int32) {
	j.t.Helper()
	deadline := time.After(jobDeadline)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	last, lastAt := j.progress(), time.Now()
	for !cond() {
		select {
		case e := <-j.exits:
			j.seen++
			j.heldExit(e, held, reduces)
		case <-tick.C:
			if p := j.progress(); p != last {
				last, lastAt = p, time.Now()
			} else if time.Since(lastAt) > stallWindow {
				require.FailNow(j.t, say.T("작업이 멈췄습니다", "the job is stuck"), say.F("%s: %v 동안 아무 진척이 없습니다 (Map·Reduce 호출도, 새 파일도 없음; 워커 %d개가 돌고 있음). 아직 없는 파일: %s",
					"%s: nothing happened for %v (no Map or Reduce call, no new file; %d workers running). Files not there yet: %s", what, stallWindow, j.running.Load(), j.missing()))
			}
		case <-deadline:
			require.FailNow(j.t, say.T("시간 초과", "timed out"), say.F("%s: %v 안에 일어나지 않았습니다", "%s: did not happen within %v", what, jobDeadline))
		}
	}
}

// checkTwice fails if the held task was handed to a second worker while its
// first worker still had it (j.heldAgain, set by the test, says so).
func (j *job) checkTwice(held string) {
	j.t.Helper()
	if j.heldAgain != nil && j.heldAgain() {
		require.FailNow(j.t, say.T("작업이 두 번 나갔습니다", "a task went out twice"), say.F("%s이(가) 아직 첫 워커에게 있는데 다른 워커도 그 작업을 실행했습니다: 나눠 준 작업은 진행 중으로 표시하고, 시간 초과(여기서는 10초) 전에는 누구에게도 다시 주지 않습니다",
			"%s was still with its first worker and another worker ran it too: a task handed out is marked in progress and given to no one else until it times out (10 s here)", held))
	}
}

// heldExit fails, naming what it saw, when a worker ends while task held
// is still running (a worker that crashed on purpose is fine).
func (j *job) heldExit(e exit, held string, reduces *atomic.Int32) {
	j.t.Helper()
	if held == "" {
		j.checkExit(e)
		return
	}
	if e.crashed {
		return
	}
	j.checkTwice(held)
	if reduces != nil && e.err != nil && strings.Contains(e.err.Error(), "mr-0-") {
		require.FailNow(j.t, say.T("리듀스가 너무 일찍 시작했습니다", "a reduce started too early"), say.F("%s이(가) 아직 도는 동안 워커 %d가 mr-0-Y를 찾다가 에러로 끝났습니다 (%v): 맵 작업 0이 끝나기 전에 리듀스 작업이 나갔습니다. 리듀스 작업은 모든 맵 작업이 끝난 뒤에만 나눠 줍니다 — 리듀스는 모든 맵 작업의 파일을 읽습니다 (§3.1)",
			"while %s was still running, worker %d failed looking for an mr-0-Y (%v): a reduce task was handed out before map task 0 was done. Reduce tasks start only once every map task is done — a reduce reads a file of every map task (§3.1)", held, e.id, e.err))
	}
	require.NoError(j.t, e.err, say.F("%s이(가) 아직 도는 동안 워커 %d가 에러로 끝났습니다", "worker %[2]d returned an error while %[1]s was still running", held, e.id))
	if e.jobDone {
		require.FailNow(j.t, say.T("작업이 두 번 나갔습니다", "a task went out twice"), say.F("%s이(가) 아직 첫 워커에게 있는데 작업 전체가 끝났습니다 (워커 %d가 ExitTask로 돌아옴): 그 작업을 다른 워커에게도 주었다는 뜻입니다. 나눠 준 작업은 진행 중으로 표시하고, 시간 초과(여기서는 10초) 전에는 누구에게도 다시 주지 않습니다",
			"the whole job was done while %s was still with its first worker (worker %d returned on ExitTask): the task was given to another worker too. A task handed out is marked in progress and given to no one else until it times out (10 s here)", held, e.id))
	}
	require.FailNow(j.t, say.T("워커가 너무 일찍 끝났습니다", "a worker quit early"), say.F("%s이(가) 아직 도는 동안 워커 %d가 에러 없이 돌아왔습니다: 작업이 남아 있는데 워커가 끝났습니다. 워커는 작업 전체가 끝났을 때(ExitTask)만 끝납니다; 나눠 줄 작업이 없으면 GetTask는 WaitTask를 답하고, 워커는 잠깐 쉬고 다시 묻습니다",
		"worker %[2]d returned nil while %[1]s was still running: a worker quit while tasks remained. A worker returns only when the whole job is done (ExitTask); with nothing to hand out, GetTask answers WaitTask and the worker pauses and asks again", held, e.id))
}

// quietFor fails if a worker returns (or, if reduces is given, a reduce
// starts) during d: something that must not happen while task held is
// still running. Each failure names what was seen.
func quietFor(t *testing.T, j *job, d time.Duration, reduces *atomic.Int32, held string) {
	t.Helper()
	deadline := time.After(d)
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case e := <-j.exits:
			j.seen++
			j.heldExit(e, held, reduces)
		case <-tick.C:
			if reduces != nil && reduces.Load() > 0 {
				j.checkTwice(held)
				require.FailNow(t, say.T("리듀스가 너무 일찍 시작했습니다", "a reduce started too early"), say.F("%s이(가) 아직 도는 동안 Reduce 호출이 있었습니다: 리듀스 작업은 모든 맵 작업이 끝난 뒤에만 나눠 줍니다 — 맵이 모두 나가 있기만 한 것으로는 부족합니다 (§3.1)",
					"a Reduce call ran while %s was still running: reduce tasks are handed out only once every map task is done — every map merely handed out is not enough (§3.1)", held))
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
	var held atomic.Bool
	release := j.releaseAtCleanup()
	var k0 atomic.Int32
	j.heldAgain = func() bool { return k0.Load() > 1 }
	app.Reduce = func(k string, vs []string) string {
		if k == "k0" && k0.Add(1) > 0 && held.CompareAndSwap(false, true) { // one reduce task is slow
			<-release
		}
		return count(k, vs)
	}
	j.startWorkers(3, app)
	j.until(held.Load, say.T("어느 리듀스 작업도 키 k0에 이르지 않았습니다", "no reduce task reached key k0"), "", nil)
	slow := Partition("k0", nReduce)
	j.until(func() bool {
		for y := range nReduce {
			if y != slow && !fileExists(j.cfg.Dir, OutputName(y)) && !j.c.Done() {
				return false
			}
		}
		return true
	}, say.F("리듀스 작업 %d를 붙잡아 둔 동안 다른 리듀스 작업이 끝나지 않았습니다", "the other reduce tasks did not finish while reduce task %d was held", slow),
		say.F("리듀스 작업 %d", "reduce task %d", slow), nil)
	quietFor(t, j, time.Second, nil, say.F("리듀스 작업 %d", "reduce task %d", slow))
	j.releaseNow()
	j.waitDone(say.F("리듀스 작업 %d를 놓아 주었습니다", "reduce task %d was released", slow))
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
	var held atomic.Bool
	release := j.releaseAtCleanup()
	var map0 atomic.Int32
	j.heldAgain = func() bool { return map0.Load() > 1 }
	app.Map = func(f, c string) []mrapps.KeyValue {
		if f == files[0] && map0.Add(1) > 0 && held.CompareAndSwap(false, true) { // one map task is slow
			<-release
		}
		defer mapsDone.Add(1)
		return emit(f, c)
	}
	count := app.Reduce
	app.Reduce = func(k string, vs []string) string { reduces.Add(1); return count(k, vs) }
	j.startWorkers(3, app)
	j.until(held.Load, say.F("맵 작업 0(%s)이 시작하지 않았습니다", "map task 0 (%s) never started", files[0]), "", nil)
	j.until(func() bool { return mapsDone.Load() >= int32(len(files)-1) || j.c.Done() || reduces.Load() > 0 },
		say.T("맵 작업 0을 붙잡아 둔 동안 다른 맵 작업이 끝나지 않았습니다", "the other map tasks did not finish while map task 0 was held"),
		say.T("맵 작업 0", "map task 0"), &reduces)
	quietFor(t, j, time.Second, &reduces, say.T("맵 작업 0", "map task 0"))
	j.releaseNow()
	j.waitDone(say.T("맵 작업 0을 놓아 주었습니다", "map task 0 was released"))
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	j.finish()
	requireSameOutput(t, sequential(t, keysApp(), files), got, "keys")
}

func fileExists(dir, name string) bool {
	_, err := os.Stat(filepath.Join(dir, name))
	return err == nil
}

// chosenKeysApp emits every key of keys once per file and counts them.
func chosenKeysApp(keys []string) mrapps.App {
	return mrapps.App{
		Name: "chosen-keys",
		Map: func(string, string) []mrapps.KeyValue {
			kvs := make([]mrapps.KeyValue, 0, len(keys))
			for _, k := range keys {
				kvs = append(kvs, mrapps.KeyValue{Key: k, Value: "1"})
			}
			return kvs
		},
		Reduce: func(_ string, vs []string) string { return strconv.Itoa(len(vs)) },
	}
}

func TestOutputFilesFollowTheLayout(t *testing.T) {
	t.Parallel()
	const nReduce, empty = 5, 2
	// Keys w0…w39 without those of partition 2: reduce task 2 gets no key.
	var keys []string
	for i := range 40 {
		if k := fmt.Sprintf("w%d", i); Partition(k, nReduce) != empty {
			keys = append(keys, k)
		}
	}
	files := inputs(t, 4, 4_000)
	app := chosenKeysApp(keys)
	j := startJob(t, files, nReduce, 0)
	j.startWorkers(3, app)
	j.waitDone(say.T("워커 3개, 맵 작업 4개, 리듀스 작업 5개 (그중 하나는 키가 없음)", "3 workers, 4 map and 5 reduce tasks (one of them with no key)"))
	got := j.output() // checks every mr-out-Y on its own, the empty one too
	j.finish()
	requireSameOutput(t, sequential(t, app, files), got, "keys")
	requireOnlyJobFiles(t, j.cfg.Dir, len(files), nReduce)
}

// longLineFile writes one file holding a single line of about n bytes.
func longLineFile(t *testing.T, n int64) string {
	t.Helper()
	b, err := os.ReadFile(inputs(t, 1, n)[0])
	require.NoError(t, err)
	name := filepath.Join(t.TempDir(), "one-line.txt")
	require.NoError(t, os.WriteFile(name, []byte(strings.ReplaceAll(string(b), "\n", " ")), 0o644))
	return name
}

func TestUnusualInputs(t *testing.T) {
	t.Parallel()
	wc := lookup(t, "wc")
	unusual := []string{
		"100%", "%s%d%v", "tab\there", `"quoted"`, `back\slash`, `{"Key":"k","Value":"v"}`,
		"a,b;c:d", "한글", "日本語", "🙂", "mr-out-0", "ÄÖÜ", strings.Repeat("long", 25_000),
	}
	for _, c := range []struct {
		name    string
		app     mrapps.App
		files   func(t *testing.T) []string
		nReduce int
	}{
		{"keys with unusual characters and a 100 KB key", chosenKeysApp(unusual),
			func(t *testing.T) []string { return inputs(t, 3, 3_000) }, 4},
		{"empty input files", wc, func(t *testing.T) []string {
			dir := t.TempDir()
			var files []string
			for i := range 2 {
				f := filepath.Join(dir, fmt.Sprintf("empty-%d.txt", i))
				require.NoError(t, os.WriteFile(f, nil, 0o644))
				files = append(files, f)
			}
			return append(files, inputs(t, 2, 20_000)...)
		}, 3},
		{"one file of one 300 KB line", wc, func(t *testing.T) []string { return []string{longLineFile(t, 300_000)} }, 3},
		{"nReduce 1", wc, func(t *testing.T) []string { return inputs(t, 3, 20_000) }, 1},
		{"nReduce above the number of keys", keysApp(), func(t *testing.T) []string { return inputs(t, 3, 3_000) }, 16},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			files := c.files(t)
			j := startJob(t, files, c.nReduce, 0)
			j.startWorkers(3, c.app)
			j.waitDone(say.F("%s: 맵 작업 %d개, 리듀스 작업 %d개", "%s: %d map and %d reduce tasks", c.name, len(files), c.nReduce))
			got := j.output()
			j.finish()
			requireSameOutput(t, sequential(t, c.app, files), got, c.name)
			requireOnlyJobFiles(t, j.cfg.Dir, len(files), c.nReduce)
		})
	}
}

// TestManyWorkersAtOnce is not parallel: it checks that Close leaves no
// goroutine of the coordinator behind, which needs a process of its own.
func TestManyWorkersAtOnce(t *testing.T) {
	wc := lookup(t, "wc")
	// The workers' own RPC clients end just after Worker returns: not the coordinator's.
	w := shutdown.Start("net/rpc.(*Client).input")
	files := inputs(t, 12, 60_000)
	j := startJob(t, files, 6, 0)
	j.startWorkers(16, wc)
	j.waitDone(say.T("워커 16개가 한꺼번에 GetTask와 ReportDone을 부릅니다 (-race로)", "16 workers call GetTask and ReportDone at once (under -race)"))
	got := j.output()
	j.finish()
	requireSameOutput(t, sequential(t, wc, files), got, "wc")
	require.NoError(t, j.close(), say.T("작업이 끝난 뒤 Close가 에러를 돌려주었습니다", "Close returned an error after the job was done"))
	w.Check(t, say.T("모든 워커가 돌아온 뒤 Close가 돌아왔습니다", "every worker had returned and Close returned"),
		say.T("Close는 리스너를 닫고, 열린 연결을 모두 닫고, 시작한 고루틴(accept 루프, 연결마다 하나)이 모두 끝날 때까지 기다린 뒤 돌아옵니다 (sync.WaitGroup)",
			"Close closes the listener and every open connection, and returns only once every goroutine it started (the accept loop, one per connection) has returned (a sync.WaitGroup)"))
	addr := j.c.Addr()
	if conn, err := net.Dial(addr.Network(), addr.String()); err == nil {
		conn.Close()
		require.Fail(t, say.T("Close 뒤에도 코디네이터에 연결됩니다", "the coordinator still accepts after Close"), say.F("Close가 돌아온 뒤에도 %s에 연결할 수 있습니다: Close는 리스너를 닫습니다", "%s still accepts connections after Close returned: Close closes the listener", addr))
	}

	// Close while workers are connected and asking: their connections close,
	// the goroutines serving them end before Close returns, and every worker
	// returns an error (it cannot reach the coordinator).
	w = shutdown.Start("net/rpc.(*Client).input")
	j = startJob(t, inputs(t, 2, 2_000), 2, 0)
	var held atomic.Bool
	release := j.releaseAtCleanup()
	app := wc
	app.Map = func(f, c string) []mrapps.KeyValue {
		if held.CompareAndSwap(false, true) {
			<-release
		}
		return wc.Map(f, c)
	}
	j.startWorkers(4, app)
	j.until(func() bool {
		return held.Load() && (fileExists(j.cfg.Dir, IntermediateName(0, 1)) || fileExists(j.cfg.Dir, IntermediateName(1, 1))) || j.c.Done()
	},
		say.T("워커 4개가 맵 작업 2개를 시작하지 않았습니다", "4 workers did not start 2 map tasks"), "", nil)
	require.NoError(t, j.close(), say.T("워커가 연결돼 있을 때 Close가 에러를 돌려주었습니다", "Close returned an error while workers were connected"))
	w.Check(t, say.T("워커가 연결돼 묻고 있는 동안 Close가 돌아왔습니다", "Close returned while workers were connected and asking"),
		say.T("Close는 열린 연결을 모두 닫고, 그 연결을 돌보던 고루틴이 모두 끝날 때까지 기다립니다: 연결을 기록해 두었다가 (map[net.Conn]bool) 닫고, sync.WaitGroup으로 기다리세요",
			"Close closes every open connection and waits until the goroutines serving them have returned: keep the connections (a map[net.Conn]bool), close them, and wait on a sync.WaitGroup"))
	j.releaseNow()
	for range 4 - j.seen { // workers seen returning before Close were checked by until
		select {
		case e := <-j.exits:
			j.seen++
			require.Error(t, e.err, say.F("코디네이터가 닫혔는데 워커 %d가 nil을 돌려주었습니다: ExitTask를 받지 않았으면, 코디네이터에 닿을 수 없을 때 Worker는 에러를 돌려줍니다", "worker %d returned nil after the coordinator closed: without an ExitTask, a Worker that cannot reach the coordinator returns an error", e.id))
		case <-time.After(jobDeadline):
			require.FailNow(t, say.T("워커가 끝나지 않았습니다", "workers did not return"), say.F("코디네이터를 닫은 뒤 %v 안에 워커가 모두 돌아오지 않았습니다: RPC가 실패하면 Worker는 에러를 돌려주고 끝납니다", "not every worker returned within %v of the coordinator's Close: a Worker whose RPC fails returns the error", jobDeadline))
		}
	}
}

// TestCloseWaitsForItsGoroutines is not parallel: it sets listenHook and
// counts goroutines. Workers are connected, one of them in the middle of a
// map task, when Close is called: Close must close every connection and
// return only once the goroutines serving them have ended, checked exactly
// (shutdown.CloseWaits holds those goroutines at the moment their connection
// fails, so a Close that does not wait for them returns while they are held).
func TestCloseWaitsForItsGoroutines(t *testing.T) {
	var ln *shutdown.Listener
	listenHook = func(l net.Listener) net.Listener { ln = shutdown.Wrap(l); return ln }
	defer func() { listenHook = nil }()
	wc := lookup(t, "wc")
	// The workers' own RPC clients end just after Worker returns: not the coordinator's.
	w := shutdown.Start("net/rpc.(*Client).input")
	j := startJob(t, inputs(t, 2, 2_000), 2, 0)
	require.NotNil(t, ln, say.T(
		"StartCoordinator가 리스너를 Listen(cfg.Network, cfg.Address)(files.go)으로 열지 않았습니다: 주소 규칙(기본은 임시 디렉터리의 유닉스 소켓)이 거기 있습니다",
		"StartCoordinator did not open its listener with Listen(cfg.Network, cfg.Address) (files.go), where the address rule lives (a unix socket in a fresh temporary directory by default)"))
	var held atomic.Bool
	release := j.releaseAtCleanup()
	app := wc
	app.Map = func(f, c string) []mrapps.KeyValue {
		if held.CompareAndSwap(false, true) {
			<-release
		}
		return wc.Map(f, c)
	}
	j.startWorkers(3, app)
	j.until(func() bool { return held.Load() && ln.Accepted() >= 3 || j.c.Done() },
		say.T("워커 3개가 코디네이터에 연결해 맵 작업을 시작하지 않았습니다", "3 workers did not connect to the coordinator and start a map task"), "", nil)
	shutdown.CloseWaits(t, ln, w, func() {
		require.NoError(t, j.close(), say.T("워커가 연결돼 있을 때 Close가 에러를 돌려주었습니다", "Close returned an error while workers were connected"))
	}, say.T(
		"Close는 리스너와 열린 연결을 모두 닫고, 시작한 고루틴(accept 루프, 연결마다 하나)이 모두 끝날 때까지 기다린 뒤 돌아옵니다: 연결을 기록해 두었다가(map[net.Conn]bool) 닫고, 고루틴마다 sync.WaitGroup에 Add/Done을 하고 Close에서 Wait하세요",
		"Close closes the listener and every open connection, and returns only once every goroutine it started (the accept loop, one per connection) has ended: keep the connections (a map[net.Conn]bool) and close them, Add/Done each goroutine on a sync.WaitGroup, and Wait in Close"))
	j.releaseNow()
	for range 3 - j.seen {
		select {
		case e := <-j.exits:
			j.seen++
			require.Error(t, e.err, say.F("코디네이터가 닫혔는데 워커 %d가 nil을 돌려주었습니다: ExitTask를 받지 않았으면, 코디네이터에 닿을 수 없을 때 Worker는 에러를 돌려줍니다", "worker %d returned nil after the coordinator closed: without an ExitTask, a Worker that cannot reach the coordinator returns an error", e.id))
		case <-time.After(jobDeadline):
			require.FailNow(t, say.T("워커가 끝나지 않았습니다", "workers did not return"), say.F("코디네이터를 닫은 뒤 %v 안에 워커가 모두 돌아오지 않았습니다: RPC가 실패하면 Worker는 에러를 돌려주고 끝납니다", "not every worker returned within %v of the coordinator's Close: a Worker whose RPC fails returns the error", jobDeadline))
		}
	}
}
