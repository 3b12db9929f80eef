package mr

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dsweekends/phase2-mapreduce/corpus"
	"dsweekends/phase2-mapreduce/mrapps"
	"dsweekends/testkit/say"
	"github.com/stretchr/testify/require"
)

// jobDeadline bounds every wait of a test: a job of these sizes takes well
// under a second on a correct implementation.
const jobDeadline = 15 * time.Second

// stallWindow is how long a job may make no progress at all — no Map or
// Reduce call starting or ending, no file appearing in the job's directory,
// no worker returning — before a test stops waiting and says so. The longest
// quiet stretch of a correct job in these tests is a task timeout (at most
// 0.5 s) plus a worker's pause between two GetTask calls.
const stallWindow = 3 * time.Second

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
	running atomic.Int32    // workers started and not yet returned
	calls   atomic.Int64    // Map and Reduce calls started or ended: progress
	release []chan struct{} // closed at cleanup, so blocked apps let go
	closed  bool            // the test called close itself
	// heldAgain, when a test sets it, reports whether the task it holds
	// has been run by a second worker.
	heldAgain func() bool
}

// startJob starts a coordinator for files with nReduce reduce tasks,
// writing into a fresh directory.
func startJob(t *testing.T, files []string, nReduce int, timeout time.Duration) *job {
	t.Helper()
	j := &job{t: t, exits: make(chan exit, 1000)}
	j.cfg = Config{Files: files, NReduce: nReduce, Dir: t.TempDir(), TaskTimeout: timeout}
	c, err := StartCoordinator(j.cfg)
	require.NoError(t, err, say.F("StartCoordinator(파일 %d개, NReduce %d)가 실패했습니다: coordinator.go를 보세요",
		"StartCoordinator(%d files, NReduce %d) failed: look at coordinator.go", len(files), nReduce))
	require.NotNil(t, c, say.T("StartCoordinator가 에러 없이 nil *Coordinator를 돌려주었습니다",
		"StartCoordinator returned a nil *Coordinator and no error"))
	j.c = c
	t.Cleanup(func() {
		j.mu.Lock()
		for _, ch := range j.release {
			close(ch)
		}
		closed := j.closed
		j.mu.Unlock()
		if !closed {
			c.Close()
		}
		done := make(chan struct{})
		go func() { j.wg.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(jobDeadline):
			t.Error(say.F("Coordinator.Close 뒤 %v가 지나도 워커가 아직 돌고 있습니다: 코디네이터에 닿을 수 없으면 Worker는 에러를 돌려주고 끝나야 합니다",
				"workers still running %v after Coordinator.Close: a worker must return an error once the coordinator cannot be reached", jobDeadline))
		}
	})
	return j
}

// close closes the coordinator once; the cleanup then does not close it again.
func (j *job) close() error {
	j.mu.Lock()
	j.closed = true
	j.mu.Unlock()
	return j.c.Close()
}

// releaseAtCleanup returns a channel closed when the test ends.
func (j *job) releaseAtCleanup() chan struct{} {
	ch := make(chan struct{})
	j.mu.Lock()
	j.release = append(j.release, ch)
	j.mu.Unlock()
	return ch
}

// releaseNow closes the channels releaseAtCleanup handed out.
func (j *job) releaseNow() {
	j.mu.Lock()
	for _, ch := range j.release {
		close(ch)
	}
	j.release = nil
	j.mu.Unlock()
}

// counted wraps app so that every Map and Reduce call counts as progress.
func (j *job) counted(app mrapps.App) mrapps.App {
	m, r := app.Map, app.Reduce
	app.Map = func(f, c string) []mrapps.KeyValue {
		j.calls.Add(1)
		defer j.calls.Add(1)
		return m(f, c)
	}
	app.Reduce = func(k string, vs []string) string {
		j.calls.Add(1)
		defer j.calls.Add(1)
		return r(k, vs)
	}
	return app
}

// startWorkers starts n workers running app.
func (j *job) startWorkers(n int, app mrapps.App) {
	app = j.counted(app)
	for range n {
		j.mu.Lock()
		id := j.started
		j.started++
		j.mu.Unlock()
		j.wg.Add(1)
		j.running.Add(1)
		go func() {
			defer j.wg.Done()
			e := exit{id: id, crashed: true}
			defer func() {
				if e.crashed {
					e.jobDone = j.c.Done()
				}
				j.running.Add(-1)
				j.exits <- e
			}()
			e.err = Worker(j.c.Addr().Network(), j.c.Addr().String(), app)
			e.crashed = false
			e.jobDone = j.c.Done()
		}()
	}
}

// progress is a number that changes whenever the job does anything a test
// can see: a Map or Reduce call starts or ends, or a file appears in Dir.
func (j *job) progress() int64 {
	ents, _ := os.ReadDir(j.cfg.Dir)
	return j.calls.Load()<<20 + int64(len(ents))
}

// waitDone waits until Done() is true. It fails as soon as it sees why the
// job cannot finish: a worker returned early, every worker is gone, or
// nothing at all happened for stallWindow; after jobDeadline in any case.
func (j *job) waitDone(why string) {
	j.t.Helper()
	deadline := time.After(jobDeadline)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	last, lastAt := j.progress(), time.Now()
	for !j.c.Done() {
		select {
		case e := <-j.exits: // a worker that ends early fails the test now, with its error
			j.checkExit(e)
			j.seen++
			lastAt = time.Now()
		case <-tick.C:
			if p := j.progress(); p != last {
				last, lastAt = p, time.Now()
			} else if time.Since(lastAt) > stallWindow {
				require.FailNow(j.t, say.F("작업이 멈췄습니다", "the job is stuck"),
					say.F("%v 동안 아무 진척이 없고 Done()은 false입니다 (Map·Reduce 호출도, 새 파일도, 끝난 워커도 없음; 워커 %d개가 아직 돌고 있음). %s. 아직 없는 파일: %s",
						"nothing happened for %v and Done() is false (no Map or Reduce call, no new file, no worker returning; %d workers still running). %s. Files not there yet: %s",
						stallWindow, j.running.Load(), why, j.missing()))
			}
		case <-deadline:
			require.FailNow(j.t, say.F("작업이 끝나지 않았습니다", "job not done"),
				say.F("%v 뒤에도 Done()이 false입니다: %s. 아직 없는 파일: %s", "Done() still false after %v: %s. Files not there yet: %s",
					jobDeadline, why, j.missing()))
		}
	}
}

// missing lists the job's expected files that are not in Dir, briefly.
func (j *job) missing() string {
	var out []string
	for x := range j.cfg.Files {
		for y := range j.cfg.NReduce {
			if !fileExists(j.cfg.Dir, IntermediateName(x, y)) {
				out = append(out, IntermediateName(x, y))
			}
		}
	}
	for y := range j.cfg.NReduce {
		if !fileExists(j.cfg.Dir, OutputName(y)) {
			out = append(out, OutputName(y))
		}
	}
	if len(out) == 0 {
		return say.T("없음", "none")
	}
	if len(out) > 8 {
		out = append(out[:8], say.F("… 외 %d개", "… and %d more", len(out)-8))
	}
	return strings.Join(out, ", ")
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
			require.FailNow(j.t, say.F("워커가 끝나지 않았습니다", "workers did not return"),
				say.F("작업이 끝난 뒤 %v가 지나도 워커 %d개 중 일부가 돌고 있습니다 (Done()=%v): 작업이 끝나면 GetTask는 ExitTask를 답하고 Worker는 돌아와야 합니다",
					"%[1]v after the job was done some of the %[2]d workers are still running (Done()=%[3]v): once the job is done, GetTask must answer ExitTask and Worker must return",
					jobDeadline, n, j.c.Done()))
		}
	}
}

func (j *job) checkExit(e exit) {
	j.t.Helper()
	if e.crashed {
		return
	}
	if e.err != nil {
		if m := interName.FindStringSubmatch(e.err.Error()); m != nil && strings.Contains(e.err.Error(), "no such file") {
			x, _ := strconv.Atoi(m[1])
			y, _ := strconv.Atoi(m[2])
			if x >= len(j.cfg.Files) || y >= j.cfg.NReduce {
				require.FailNow(j.t, say.T("없는 중간 파일", "no such intermediate file"), say.F("워커 %d가 %s를 열지 못했습니다 (%v): 맵 작업은 %d개, 리듀스 작업은 %d개라 그런 파일을 쓰는 작업은 없습니다. 리듀스 작업 Y는 모든 맵 작업 X의 mr-X-Y = IntermediateName(X, Y)를 읽습니다 (mr-Y-X가 아닙니다)",
					"worker %d could not open %s (%v): with %d map and %d reduce tasks no task writes that file. Reduce task Y reads mr-X-Y = IntermediateName(X, Y) of every map task X (not mr-Y-X)", e.id, m[0], e.err, len(j.cfg.Files), j.cfg.NReduce))
			}
			require.FailNow(j.t, say.T("없는 중간 파일", "no such intermediate file"), say.F("워커 %d가 %s를 열지 못했습니다 (%v): 리듀스 작업이 맵 작업 %d의 파일을 그 파일이 생기기 전에 읽었습니다. 리듀스 작업은 모든 맵 작업이 끝난 뒤에만 나눠 주고, 맵 작업은 쌍이 없는 Y에도 mr-X-Y를 씁니다",
				"worker %d could not open %s (%v): a reduce task read map task %d's file before it existed. Reduce tasks are handed out only once every map task is done, and a map task writes mr-X-Y for every Y, empty ones too", e.id, m[0], e.err, x))
		}
	}
	require.NoError(j.t, e.err, say.F("워커 %d: 코디네이터가 돌고 있는데 Worker가 에러를 돌려주었습니다 (위의 에러가 어느 작업, 어느 파일, 어느 RPC인지 말해 줍니다)",
		"worker %d: Worker returned an error while the coordinator was running (the error above says which task, file or RPC)", e.id))
	require.True(j.t, e.jobDone, say.F("워커 %d가 Done()이 true가 되기 전에, 에러 없이 돌아왔습니다: 작업이 남아 있는데 워커가 끝났습니다. 워커는 코디네이터가 작업 전체가 끝났다고 할 때(ExitTask)만 끝나고, WaitTask면 잠깐 쉬고 다시 묻습니다",
		"worker %d returned nil before Done() was true: a worker quit while tasks remained. A worker returns only when the coordinator says the whole job is done (ExitTask); on WaitTask it pauses and asks again", e.id))
}

var outName = regexp.MustCompile(`^mr-out-(\d+)$`)

// interName finds an intermediate file's name in an error.
var interName = regexp.MustCompile(`mr-(\d+)-(\d+)`)

// output reads every mr-out-* file of the job — its lines, sorted — after
// checking each file on its own (see checkOutputFiles).
func (j *job) output() []string {
	j.t.Helper()
	return outputLines(j.t, j.cfg.Dir, j.cfg.NReduce)
}

// outputLines checks the mr-out-* files of dir and returns all their lines, sorted.
func outputLines(t *testing.T, dir string, nReduce int) []string {
	t.Helper()
	perFile := checkOutputFiles(t, dir, nReduce)
	var lines []string
	for _, ls := range perFile {
		lines = append(lines, ls...)
	}
	sort.Strings(lines)
	return lines
}

// key is the key of an output line: everything before the first space.
func key(line string) string {
	k, _, _ := strings.Cut(line, " ")
	return k
}

// checkOutputFiles checks the properties each output file has on its own,
// which comparing all lines together after sorting would hide: mr-out-Y
// exists for every Y in 0..nReduce-1 (empty when no key falls in Y) and no
// other mr-out-*; each file has one line per key, keys in increasing order;
// and every key of mr-out-Y has Partition(key, nReduce) == Y.
func checkOutputFiles(t *testing.T, dir string, nReduce int) map[int][]string {
	t.Helper()
	outs, err := filepath.Glob(filepath.Join(dir, "mr-out-*"))
	require.NoError(t, err)
	perFile := map[int][]string{}
	for _, o := range outs {
		m := outName.FindStringSubmatch(filepath.Base(o))
		if m == nil {
			continue // a temporary file (requireOnlyJobFiles looks at those)
		}
		y, _ := strconv.Atoi(m[1])
		require.True(t, y >= 0 && y < nReduce, say.F("%s: 출력 파일은 mr-out-Y (0 ≤ Y < NReduce=%d)만 있어야 합니다 (OutputName(Y))",
			"%s: the only output files are mr-out-Y with 0 ≤ Y < NReduce=%d (OutputName(Y))", filepath.Base(o), nReduce))
		b, err := os.ReadFile(o)
		require.NoError(t, err)
		var lines []string
		for l := range strings.Lines(string(b)) {
			lines = append(lines, strings.TrimSuffix(l, "\n"))
		}
		for i, l := range lines {
			k := key(l)
			require.Equal(t, y, Partition(k, nReduce), say.F("%s 줄 %d의 키 %.40q는 Partition(key, %d) = %d번 리듀스 작업의 키입니다: 맵 작업은 각 쌍을 mr-X-Partition(key, NReduce)에 쓰고, 리듀스 작업 Y는 mr-X-Y만 읽습니다 (작업의 NReduce를 쓰세요)",
				"%s line %d: key %.40q belongs to reduce task Partition(key, %d) = %d: a map task writes each pair to mr-X-Partition(key, NReduce), and reduce task Y reads only mr-X-Y (use the task's NReduce)",
				filepath.Base(o), i+1, k, nReduce, Partition(k, nReduce)))
			if i > 0 {
				prev := key(lines[i-1])
				require.True(t, prev < k, say.F("%s 줄 %d와 %d: 키 %.40q 다음에 %.40q가 옵니다: 출력 파일 하나에는 키마다 한 줄, 키 오름차순이어야 합니다 (리듀스는 키를 정렬해 키마다 Reduce를 한 번 부릅니다)",
					"%s lines %d and %d: key %.40q comes before %.40q: an output file has one line per key, keys in increasing order (a reduce sorts the keys and calls Reduce once per key)",
					filepath.Base(o), i, i+1, prev, k))
			}
		}
		perFile[y] = lines
	}
	for y := range nReduce {
		_, ok := perFile[y]
		require.True(t, ok, say.F("Done()이 true인데 %s가 없습니다 (있는 파일: %d개): 리듀스 작업마다 출력 파일을 씁니다, 키가 하나도 없는 작업도 빈 파일로",
			"Done() is true but %s does not exist (%d output files exist): every reduce task writes its output file, an empty one when no key falls in its partition",
			OutputName(y), len(perFile)))
	}
	return perFile
}

// requireSameOutput compares outputs and reports the first key that
// differs, and how, not a 5000-line diff.
func requireSameOutput(t *testing.T, want, got []string, what string) {
	t.Helper()
	wantBy, gotBy := map[string]string{}, map[string]string{}
	for _, l := range want {
		wantBy[key(l)] = l
	}
	for _, l := range got {
		gotBy[key(l)] = l
	}
	for _, l := range want {
		k := key(l)
		g, ok := gotBy[k]
		if !ok {
			require.FailNow(t, say.T("출력이 다릅니다", "output differs"), say.F("%s: 키 %.40q가 어느 mr-out-* 파일에도 없습니다 (Done()이 true가 되자마자 읽음; 키 %d개, 기대 %d개): Done()이 모든 리듀스 작업이 끝나기 전에 true가 되었거나, 어떤 리듀스가 mr-X-Y 하나를 빠뜨렸습니다",
				"%s: key %.40q is in no mr-out-* file (read as soon as Done() was true; %d keys, want %d): either Done() was true before every reduce task was done, or a reduce missed an mr-X-Y",
				what, k, len(gotBy), len(wantBy)))
		}
		if g != l {
			require.FailNow(t, say.T("출력이 다릅니다", "output differs"), say.F("%s: 출력 줄 %.80q, 기대 %.80q: Reduce는 키마다 한 번, 모든 맵 작업의 mr-X-Y에서 모은 그 키의 값을 모두 (한 번씩) 받아야 합니다",
				"%s: output line %.80q, want %.80q: Reduce runs once per key with every value of that key, gathered from every map task's mr-X-Y, each once",
				what, g, l))
		}
	}
	for _, l := range got {
		if _, ok := wantBy[key(l)]; !ok {
			require.FailNow(t, say.T("출력이 다릅니다", "output differs"), say.F("%s: 출력 줄 %.80q의 키는 입력에 없는 키입니다: 중간 파일을 쓰고 읽는 형식이 키를 그대로 옮기나요?",
				"%s: output line %.80q has a key the input does not have: does the intermediate encoding carry keys unchanged?", what, l))
		}
	}
	require.Equal(t, len(want), len(got), say.F("%s: mr-out-* 파일의 줄이 %d개, 기대 %d개", "%s: the mr-out-* files have %d lines, want %d", what, len(got), len(want)))
}

// requireOnlyJobFiles checks that dir holds the job's files and nothing
// else once the job is over: mr-X-Y for every map task X and reduce task Y
// (empty ones too) and mr-out-Y — no temporary file left behind.
func requireOnlyJobFiles(t *testing.T, dir string, nMap, nReduce int) {
	t.Helper()
	want := map[string]bool{}
	for x := range nMap {
		for y := range nReduce {
			want[IntermediateName(x, y)] = true
		}
	}
	for y := range nReduce {
		want[OutputName(y)] = true
	}
	ents, err := os.ReadDir(dir)
	require.NoError(t, err)
	var extra []string
	for _, e := range ents {
		if want[e.Name()] {
			delete(want, e.Name())
			continue
		}
		extra = append(extra, e.Name())
	}
	var absent []string
	for n := range want {
		absent = append(absent, n)
	}
	slices.Sort(absent)
	require.Empty(t, absent, say.F("작업이 끝났는데 중간 파일 %d개가 없습니다 (예: %s): 맵 작업 X는 리듀스 작업 Y마다 IntermediateName(X, Y) = mr-X-Y를 Config.Dir에 씁니다, 쌍이 없는 Y도 빈 파일로. 작업이 끝나도 지우지 마세요",
		"the job is done but %d intermediate files do not exist (e.g. %s): map task X writes IntermediateName(X, Y) = mr-X-Y in Config.Dir for every reduce task Y, an empty file when no pair falls in Y; leave them there when the job is done",
		len(absent), strings.Join(absent[:min(3, len(absent))], ", ")))
	require.Empty(t, extra, say.F("작업이 끝났는데 Config.Dir에 작업 파일이 아닌 것이 남아 있습니다: %v. 임시 파일은 이름을 바꿔 mr-X-Y나 mr-out-Y가 되거나, 실패하면 지워야 합니다; 다른 이름의 파일을 쓰지 마세요",
		"the job is done but Config.Dir holds files that are not the job's: %v. A temporary file is renamed to mr-X-Y or mr-out-Y, or removed when the write fails; write no file under any other name", extra))
}

// within waits for ch or fails after jobDeadline with msg.
func within(t *testing.T, ch <-chan struct{}, msg string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(jobDeadline):
		require.FailNow(t, say.T("시간 초과", "timed out"), msg)
	}
}
