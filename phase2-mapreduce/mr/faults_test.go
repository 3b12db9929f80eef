package mr

import (
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/phase2-mapreduce/mrapps"
	"dsweekends/testkit/say"
	"github.com/stretchr/testify/require"
)

// Weekend 12: silent workers, crashes, and files that appear only when complete.

// testTimeout is the task timeout of the fault tests: short, so that a test
// waits a fraction of a second where Lab 1 waits 10 s.
const testTimeout = 250 * time.Millisecond

// reassignWindow is how long a test waits for a silent worker's task to be
// handed out again: the task timeout, then a worker's next GetTask, with
// room for a loaded machine under -race.
const reassignWindow = 12 * testTimeout

func TestExpiredMeansLongerThanTimeout(t *testing.T) {
	start := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		after   time.Duration
		timeout time.Duration
		want    bool
	}{
		{0, 10 * time.Second, false},
		{9 * time.Second, 10 * time.Second, false},
		{10*time.Second + time.Millisecond, 10 * time.Second, true},
		{time.Minute, 10 * time.Second, true},
		{200 * time.Millisecond, 250 * time.Millisecond, false},
		{300 * time.Millisecond, 250 * time.Millisecond, true},
		{2 * time.Second, 250 * time.Millisecond, true},
	} {
		got := Expired(start, start.Add(c.after), c.timeout)
		require.Equal(t, c.want, got, say.F("Expired(started, started+%v, timeout %v) = %v, 기대 %v: 작업을 준 뒤 now.Sub(started)가 timeout보다 길면 true입니다 (time.Duration은 이미 단위를 담고 있습니다: 또 곱하지 마세요)",
			"Expired(started, started+%v, timeout %v) = %v, want %v: true when now.Sub(started) is longer than timeout (a time.Duration already carries its unit: do not scale it again)",
			c.after, c.timeout, got, c.want))
	}
}

func TestWriteFileAtomicUsesATempFileBesideTheTarget(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "mr-out-3")
	others := func() []string {
		ents, err := os.ReadDir(dir)
		require.NoError(t, err)
		var out []string
		for _, e := range ents {
			if e.Name() != filepath.Base(name) {
				out = append(out, e.Name())
			}
		}
		return out
	}
	// A first write: while it is under way, name does not exist and the
	// contents go to one temporary file in the same directory.
	var during []string
	var existed bool
	err := WriteFileAtomic(name, func(w io.Writer) error {
		if _, err := io.WriteString(w, "a 1\n"); err != nil {
			return err
		}
		existed = fileExists(dir, filepath.Base(name))
		during = others()
		_, err := io.WriteString(w, "b 2\n")
		return err
	})
	require.NoError(t, err, say.T("WriteFileAtomic이 에러를 돌려주었습니다", "WriteFileAtomic returned an error"))
	require.False(t, existed, say.T("쓰는 도중에 최종 이름이 이미 있습니다: 이 순간 죽은 워커는 최종 이름 아래 반쪽 파일을 남깁니다. 임시 파일에 쓰고, 다 쓴 뒤에 os.Rename으로 최종 이름을 주세요",
		"name already exists while the write is under way: a worker dying now would leave half a file under the final name. Write to a temporary file and os.Rename it to name once complete"))
	require.Len(t, during, 1, say.F("쓰는 도중 %s 디렉터리에 임시 파일이 하나 있어야 하는데 %v가 있습니다: os.CreateTemp(filepath.Dir(name), …)로 최종 파일과 같은 디렉터리에 만드세요 — os.Rename은 한 파일 시스템 안에서만 원자적입니다 (/tmp는 다른 파일 시스템일 수 있습니다)",
		"while the write is under way %s should hold one temporary file, and it holds %v: create it with os.CreateTemp(filepath.Dir(name), …), in the target's own directory — os.Rename is atomic only within one file system (/tmp may be another)",
		dir, during))
	b, err := os.ReadFile(name)
	require.NoError(t, err, say.T("WriteFileAtomic이 돌아온 뒤 최종 파일이 없습니다", "the file does not exist after WriteFileAtomic returned"))
	require.Equal(t, "a 1\nb 2\n", string(b), say.T("최종 파일의 내용이 쓴 것과 다릅니다: 버퍼를 Flush하고 파일을 닫은 뒤에 이름을 바꾸세요", "the file does not hold what was written: Flush any buffer and Close the file before the rename"))
	require.Empty(t, others(), say.T("WriteFileAtomic이 돌아온 뒤 임시 파일이 남아 있습니다: 이름을 바꾼 임시 파일은 최종 파일이 됩니다", "a temporary file is left after WriteFileAtomic returned: the renamed temporary file becomes the final file"))

	// A failing write leaves name as it was and no temporary file behind.
	boom := errors.New("disk on fire")
	err = WriteFileAtomic(name, func(w io.Writer) error {
		io.WriteString(w, "half")
		return boom
	})
	require.ErrorIs(t, err, boom, say.T("write가 실패하면 WriteFileAtomic은 그 에러를 돌려줍니다", "when write fails, WriteFileAtomic returns its error"))
	b, err = os.ReadFile(name)
	require.NoError(t, err)
	require.Equal(t, "a 1\nb 2\n", string(b), say.T("write가 실패했는데 최종 파일이 바뀌었습니다: 실패한 쓰기는 name을 건드리지 않습니다", "write failed and the file changed: a failed write leaves name untouched"))
	require.Empty(t, others(), say.T("write가 실패했는데 임시 파일이 남아 있습니다: 실패하면 임시 파일을 지우세요 (defer os.Remove)", "write failed and its temporary file is left behind: remove it on failure (defer os.Remove)"))
}

func TestSilentWorkersTaskIsReassigned(t *testing.T) {
	t.Parallel()
	for _, how := range []string{"stalls", "crashes"} {
		t.Run("worker "+how, func(t *testing.T) {
			t.Parallel()
			files := inputs(t, 4, 20_000)
			wc := lookup(t, "wc")
			j := startJob(t, files, 2, testTimeout)
			release := j.releaseAtCleanup()
			var mu sync.Mutex
			calls := map[string]int{}
			var first string
			app := wc
			app.Map = func(f, c string) []mrapps.KeyValue {
				mu.Lock()
				calls[f]++
				isFirst := first == ""
				if isFirst {
					first = f
				}
				mu.Unlock()
				if isFirst {
					if how == "crashes" {
						runtime.Goexit() // the worker dies in the middle of its task
					}
					<-release // the worker goes silent until the test ends
				}
				return wc.Map(f, c)
			}
			j.startWorkers(2, app)
			again := func() bool { mu.Lock(); defer mu.Unlock(); return first != "" && calls[first] >= 2 || j.c.Done() }
			deadline := time.After(reassignWindow)
			for !again() {
				select {
				case e := <-j.exits:
					j.seen++
					j.checkExit(e)
				case <-time.After(5 * time.Millisecond):
				case <-deadline:
					mu.Lock()
					f := first
					mu.Unlock()
					require.FailNow(t, say.T("작업이 다시 배정되지 않았습니다", "task not reassigned"), say.F("워커가 %s의 맵 작업에서 %s, %v가 지나도 그 작업이 다른 워커에게 가지 않았습니다 (TaskTimeout %v): 진행 중인 작업이라도 Expired(started, now, TaskTimeout)이면 GetTask는 다음에 묻는 워커에게 다시 줍니다",
						"a worker %[2]s on the map task of %[1]s, and %[3]v later no other worker had been given that task (TaskTimeout %[4]v): GetTask hands a task in progress to the next worker that asks once Expired(started, now, TaskTimeout) says so",
						f, say.T(map[string]string{"stalls": "멈췄는데", "crashes": "죽었는데"}[how], how), reassignWindow, testTimeout))
				}
			}
			j.waitDone(say.F("워커가 첫 맵 작업에서 %s: 보고 없이 TaskTimeout(%v)이 지나면 GetTask는 그 작업을 다른 워커에게 줍니다 (Expired)",
				"a worker %[1]s on its first map task: after TaskTimeout (%[2]v) without a report, GetTask gives that task to another worker (Expired)", how, testTimeout))
			got := j.output() // as soon as Done() is true, as Lab 1's script reads it
			j.releaseNow()
			j.finish()
			requireSameOutput(t, sequential(t, wc, files), got, "wc")
		})
	}
	t.Run("worker crashes while writing its output", func(t *testing.T) {
		t.Parallel()
		files := inputs(t, 3, 20_000)
		wc := lookup(t, "wc")
		const nReduce = 2
		want := sequential(t, wc, files)
		wantFile := map[int]string{}
		for _, l := range want {
			wantFile[Partition(key(l), nReduce)] += l + "\n"
		}
		j := startJob(t, files, nReduce, testTimeout)
		var reduces atomic.Int32
		app := wc
		app.Reduce = func(k string, vs []string) string {
			if reduces.Add(1) == 3 {
				runtime.Goexit() // the worker dies in the middle of a reduce task
			}
			return wc.Reduce(k, vs)
		}
		j.startWorkers(2, app)
		var e exit
		select {
		case e = <-j.exits:
			j.seen++
		case <-time.After(jobDeadline):
			require.FailNow(t, say.T("어느 워커도 리듀스 중에 죽지 않았습니다", "no worker died in a reduce"), say.F("%v 안에 세 번째 Reduce 호출이 없었습니다: 맵이 끝난 뒤 리듀스 작업이 나가나요?", "no third Reduce call within %v: are reduce tasks handed out once the maps are done?", jobDeadline))
		}
		j.checkExit(e)
		// The crash happened a moment ago: every mr-out-Y now visible must be whole.
		for y := range nReduce {
			b, err := os.ReadFile(filepath.Join(j.cfg.Dir, OutputName(y)))
			if err != nil {
				continue // not there yet: fine
			}
			require.Equal(t, wantFile[y], string(b), say.F("워커가 리듀스 도중 죽은 직후 %s가 보이는데 완성된 파일이 아닙니다 (%d바이트, 기대 %d바이트): 출력은 임시 파일에 쓰고 다 쓴 뒤에 이름을 바꿉니다 (WriteFileAtomic)",
				"right after a worker died in a reduce, %s is visible but not whole (%d bytes, want %d): output goes to a temporary file renamed once complete (WriteFileAtomic)",
				OutputName(y), len(b), len(wantFile[y])))
		}
		j.waitDone(say.F("워커 하나가 리듀스 도중 죽었습니다: TaskTimeout(%v) 뒤 그 작업을 다른 워커에게 줍니다", "a worker died in a reduce: its task goes to another worker after TaskTimeout (%v)", testTimeout))
		got := j.output()
		j.finish()
		requireSameOutput(t, want, got, "wc")
	})
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
		require.FailNow(t, say.T("Reduce 호출이 시작되지 않았습니다", "no reduce call started"), say.F("%v 안에 Reduce 호출이 없었습니다", "no Reduce call within %v", jobDeadline))
	}
	require.False(t, fileExists(j.cfg.Dir, OutputName(y)), say.F("리듀스 작업 %[2]d가 아직 도는데 %[1]s가 있습니다: 지금 죽는 워커는 최종 이름 아래 반쪽 파일을 남깁니다. 임시 파일에 쓰고 다 쓴 뒤에 이름을 바꾸세요 (WriteFileAtomic)",
		"%[1]s exists while reduce task %[2]d is still running: a worker that crashed now would leave half a file under the final name; write to a temporary file and rename it when complete (WriteFileAtomic)", OutputName(y), y))
	j.releaseNow()
	j.waitDone(say.T("리듀스 작업을 놓아 주었습니다", "the reduce task was released"))
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
	last, lastAt := j.progress(), time.Now()
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
			if p := j.progress(); p != last {
				last, lastAt = p, time.Now()
			} else if time.Since(lastAt) > stallWindow {
				require.FailNow(t, say.T("작업이 멈췄습니다", "the job is stuck"), say.F("워커가 죽고(15%%) 멈추는(10%%, %v 동안) 가운데 %v 동안 아무 진척이 없습니다 (Map·Reduce 호출도 새 파일도 없음): 워커 %d개가 살아서 묻고 있는데 나눠 줄 작업이 없다는 뜻입니다. 보고 없이 TaskTimeout(%v)이 지난 작업을 다시 나눠 주나요? 아직 없는 파일: %s",
					"workers crash (15%%) and stall (10%%, for %v), and nothing happened for %v (no Map or Reduce call, no new file) while %d live workers kept asking: is every task whose worker is silent for TaskTimeout (%v) handed out again? Files not there yet: %s",
					3*testTimeout, stallWindow, running, testTimeout, j.missing()))
			}
		case <-deadline:
			require.FailNow(t, say.T("작업이 끝나지 않았습니다", "job not done"), say.F("워커가 죽고(15%%) 멈춰도(10%%, %v 동안) 작업은 %v 안에 끝나야 합니다: 보고 없이 TaskTimeout(%v)이 지난 작업을 다시 나눠 주나요? 아직 없는 파일: %s",
				"workers crash (15%%) and stall (10%%, for %v): the job must still finish within %v; is every task whose worker is silent for TaskTimeout (%v) handed out again? Files not there yet: %s",
				3*testTimeout, jobDeadline, testTimeout, j.missing()))
		}
	}
	got := j.output() // as soon as Done() is true, as Lab 1's script reads it
	for ; running > 0; running-- {
		select {
		case e := <-j.exits:
			j.checkExit(e)
		case <-time.After(jobDeadline):
			require.FailNow(t, say.T("워커가 끝나지 않았습니다", "workers did not return"), say.T("작업이 끝났는데 워커가 돌아오지 않습니다: GetTask는 ExitTask를 답해야 합니다", "the job is done and workers do not return: GetTask must answer ExitTask"))
		}
	}
	requireSameOutput(t, sequential(t, nocrash, files), got, say.T("nocrash, 워커가 죽고 멈추는 중", "nocrash, with workers crashing and stalling"))
}

// TestLateReportCountsOnce: a worker thought dead finishes its map task after
// the task went to another worker and was done again. Its late report is the
// second for that task: a coordinator that counts reports instead of tasks
// believes every map task done while one is still running, and hands out
// reduce tasks that cannot find that map task's files.
func TestLateReportCountsOnce(t *testing.T) {
	t.Parallel()
	files := inputs(t, 3, 4_000)
	app := keysApp()
	emit, count := app.Map, app.Reduce
	const workers = 4
	j := startJob(t, files, 2, testTimeout)
	stuck := j.releaseAtCleanup() // every run of map task 1, until the end
	slow := make(chan struct{})   // the first run of map task 0
	var once sync.Once
	letSlowGo := func() { once.Do(func() { close(slow) }) }
	t.Cleanup(letSlowGo)
	var mu sync.Mutex
	var runs0, done0, in1 int
	var reduces atomic.Int32
	app.Map = func(f, c string) []mrapps.KeyValue {
		switch f {
		case files[0]:
			mu.Lock()
			runs0++
			first := runs0 == 1
			mu.Unlock()
			if first {
				<-slow // the first worker goes silent; the task times out
				break
			}
			defer func() { mu.Lock(); done0++; mu.Unlock() }()
		case files[1]:
			mu.Lock()
			in1++
			mu.Unlock()
			<-stuck // map task 1 stays unfinished
		}
		return emit(f, c)
	}
	app.Reduce = func(k string, vs []string) string { reduces.Add(1); return count(k, vs) }
	j.startWorkers(workers, app)
	// Map task 0 is done again by a second worker, and every worker but the
	// silent one is inside map task 1: the second worker reported task 0
	// before it asked for (and got) task 1.
	ready := func() bool { mu.Lock(); defer mu.Unlock(); return done0 >= 1 && in1 >= workers-1 }
	j.until(func() bool { return ready() || j.c.Done() },
		say.F("맵 작업 0의 첫 워커가 멈춘 뒤, 다른 워커가 TaskTimeout(%v) 뒤 그 작업을 다시 해내고 나머지 워커가 모두 맵 작업 1을 받지 못했습니다",
			"after map task 0's first worker went silent, no other worker redid that task after TaskTimeout (%v) with every other worker then given map task 1", testTimeout),
		say.T("맵 작업 1", "map task 1"), &reduces)

	letSlowGo() // the first worker finishes map task 0 now, and reports it: a second report
	late := say.T("맵 작업 0은 첫 워커가 TaskTimeout 동안 조용해서 다른 워커가 다시 해냈고, 그 뒤 첫 워커가 늦게 끝내고 보고했습니다: 같은 작업에 대한 두 번째 보고입니다. ",
		"map task 0 was redone by a second worker after its first worker stayed silent past TaskTimeout, then the first worker finished late and reported it: a second report for the same task. ")
	rule := say.T(" 보고가 아니라 작업을 세세요: ReportDone은 아직 done이 아닌 작업만 done으로 표시하고 남은 수를 줄입니다 (이미 done인 작업의 보고는 아무것도 바꾸지 않음)",
		" Count tasks, not reports: ReportDone marks a task done and decrements what is left only if the task was not done already (a report for a done task changes nothing)")
	// A correct coordinator answers the first worker with map task 1 (once it
	// times out again) or with WaitTask: watch until then, or for 2 s.
	quiet := time.After(2 * time.Second)
	for watching := true; watching; {
		mu.Lock()
		settled := in1 >= workers
		mu.Unlock()
		if settled {
			break
		}
		select {
		case e := <-j.exits:
			j.seen++
			require.FailNow(t, say.T("맵 작업이 끝나기 전에 워커가 끝났습니다", "a worker ended before the maps were done"), late+say.F(
				"맵 작업 1이 아직 도는데 워커 %d가 돌아왔습니다 (에러: %v, Done()=%v): 코디네이터가 맵 작업 0의 보고 두 개를 작업 두 개로 세어 맵이 모두 끝났다고 보고 리듀스를 내주었습니다.",
				"map task 1 is still running, yet worker %d returned (error: %v, Done()=%v): the coordinator counted map task 0's two reports as two tasks done, took every map as done and handed out reduces.",
				e.id, e.err, e.jobDone)+rule)
		case <-quiet:
			watching = false
		case <-time.After(5 * time.Millisecond):
		}
		require.Zero(t, reduces.Load(), late+say.T(
			"맵 작업 1이 아직 도는데 Reduce 호출이 있었습니다: 코디네이터가 맵 작업 0의 보고 두 개를 작업 두 개로 세어 맵이 모두 끝났다고 보았습니다.",
			"map task 1 is still running, yet a Reduce call ran: the coordinator counted map task 0's two reports as two tasks done and took every map as done.")+rule)
		require.False(t, j.c.Done(), late+say.T("맵 작업 1이 아직 도는데 Done()이 true입니다.", "map task 1 is still running, yet Done() is true.")+rule)
	}
	j.releaseNow()
	j.waitDone(say.T("맵 작업 1을 놓아 주었습니다", "map task 1 was released"))
	got := j.output()
	j.finish()
	requireSameOutput(t, sequential(t, keysApp(), files), got, "keys")
}
