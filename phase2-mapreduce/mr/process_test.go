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
	"dsweekends/testkit/say"
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
			require.FailNow(t, say.T("코디네이터가 실패했습니다", "coordinator failed"), say.F("코디네이터 프로세스가 듣기 전에 끝났습니다 (%v): %s", "the coordinator process ended before listening (%v): %s", e.err, coordStderr.String()))
		case <-end:
			require.FailNow(t, say.T("소켓이 없습니다", "no socket"), say.F("코디네이터 프로세스가 %v 안에 유닉스 소켓에서 듣지 않았습니다", "the coordinator process did not listen on its unix socket within %v", jobDeadline))
		case <-time.After(10 * time.Millisecond):
		}
	}
	const alive = 3
	for range alive {
		start("worker")
	}
	// Keep three workers alive: start a new one whenever one ends. Progress
	// is a new file in dir; a job with none for procStall is stuck.
	const procStall = 2 * stallWindow
	deadline := time.After(30 * time.Second)
	files0 := func() int { ents, _ := os.ReadDir(dir); return len(ents) }
	last, lastAt := files0(), time.Now()
	for done := false; !done; {
		select {
		case e := <-endedCh:
			live--
			if e.worker {
				start("worker")
				continue
			}
			require.NoError(t, e.err, say.F("코디네이터 프로세스가 실패했습니다: %s", "the coordinator process failed: %s", coordStderr.String()))
			done = true
		case <-time.After(20 * time.Millisecond):
			if n := files0(); n != last {
				last, lastAt = n, time.Now()
			} else if time.Since(lastAt) > procStall {
				require.FailNow(t, say.T("작업이 멈췄습니다", "the job is stuck"), say.F("워커 프로세스가 죽고(20%%) 멈추는(10%%, %v 동안) 가운데 %v 동안 %s에 새 파일이 하나도 생기지 않았습니다 (워커 프로세스 %d개를 띄움): 죽은 워커의 작업을 작업 타임아웃(%v) 뒤 다시 나눠 주나요?",
					"worker processes crash (20%%) and stall (10%%, for %v), and for %v no new file appeared in %s (%d worker processes started): are a dead worker's tasks handed out again after the task timeout (%v)?",
					6*testTimeout, procStall, dir, len(cmds)-1, 2*testTimeout))
			}
		case <-deadline:
			require.FailNow(t, say.T("작업이 끝나지 않았습니다", "job not done"), say.F("워커 프로세스 %d개를 띄웠는데 코디네이터가 30초 안에 끝나지 않았습니다: 워커가 죽고(20%%) 멈춥니다(10%%, %v 동안); 보고 없는 워커의 작업은 작업 타임아웃(%v) 뒤 다시 나눠 줍니다",
				"the coordinator did not finish within 30 s with %d worker processes started: workers crash (20%%) and stall (10%%, for %v); tasks of silent workers must be handed out again after the task timeout (%v)", len(cmds)-1, 6*testTimeout, 2*testTimeout))
		}
	}
	requireSameOutput(t, sequential(t, lookup(t, "nocrash"), files), outputLines(t, dir, 5), say.T("crash(프로세스) 대 nocrash", "crash (processes) vs nocrash"))
}
