// Command racedemo runs the broken versions in phase1-network/races (racy.go)
// under the race detector, in a child process, and prints the real report
// with notes in Korean and English on how to read it.
//
// Provided — no need to edit.
//
//	go run ./phase1-network/cmd/racedemo            # every scenario
//	go run ./phase1-network/cmd/racedemo counter    # one: counter, cache or bank
//
// The parent needs a binary built with -race: if it was not started with
// `go run -race`, it builds one with `go build -race` (which needs cgo and a C
// compiler) and runs that as the child.
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"dsweekends/phase1-network/races"
)

// childEnv names the scenario a child process runs.
const childEnv = "RACEDEMO_CHILD"

var scenarios = []string{"counter", "cache", "bank"}

func main() {
	if name := os.Getenv(childEnv); name != "" {
		os.Exit(child(name, os.Stdout))
	}
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "racedemo:", err)
		os.Exit(1)
	}
}

// run runs the named scenarios (all when names is empty) each in a child
// process built with -race and writes the annotated output to out.
func run(names []string, out io.Writer) error {
	if len(names) == 0 {
		names = scenarios
	}
	for _, n := range names {
		if !slices.Contains(scenarios, n) {
			return fmt.Errorf("unknown scenario %q (want one of %s)", n, strings.Join(scenarios, ", "))
		}
	}
	exe, cleanup, err := raceBinary(out)
	if err != nil {
		return err
	}
	defer cleanup()
	for _, n := range names {
		fmt.Fprintf(out, "\n==== %s ====\n", n)
		cmd := exec.Command(exe)
		cmd.Env = append(os.Environ(), childEnv+"="+n)
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		err := cmd.Run()
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			return fmt.Errorf("run scenario %s: %w", n, err)
		}
		annotate(&buf, out)
		if exit != nil {
			fmt.Fprintf(out, "(child exited with status %d — 66 means the race detector found a race)\n", exit.ExitCode())
		}
	}
	return nil
}

// raceBinary returns a program that runs child scenarios under the race
// detector: this very binary if it was built with -race, or a fresh build.
func raceBinary(out io.Writer) (exe string, cleanup func(), err error) {
	if raceEnabled {
		exe, err = os.Executable()
		return exe, func() {}, err
	}
	dir, err := os.MkdirTemp("", "racedemo")
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	exe = filepath.Join(dir, "racedemo")
	fmt.Fprintln(out, "building racedemo with -race (needs a C compiler)...")
	build := exec.Command("go", "build", "-race", "-o", exe, "dsweekends/phase1-network/cmd/racedemo")
	build.Stdout, build.Stderr = out, out
	if err := build.Run(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("go build -race: %w (run from inside the repository; the race detector needs cgo)", err)
	}
	return exe, cleanup, nil
}

// notes pairs a marker found in a race report line with what it means.
var notes = []struct{ marker, note string }{
	{"WARNING: DATA RACE", "◀ 레이스 발견: 두 고루틴이 동기화 없이 같은 메모리에 접근했고, 적어도 하나는 쓰기 / two goroutines touched the same memory without synchronisation, at least one wrote"},
	{"Previous write at", "◀ 앞선 쓰기: 충돌한 다른 쪽 접근 / the earlier, conflicting write (the other side of the race)"},
	{"Previous read at", "◀ 앞선 읽기: 충돌한 다른 쪽 접근 / the earlier, conflicting read"},
	{"Write at", "◀ 이번 쓰기: 레이스를 드러낸 접근 / the access that exposed the race"},
	{"Read at", "◀ 이번 읽기: 레이스를 드러낸 접근 / the access that exposed the race"},
	{"created at:", "◀ 이 고루틴을 시작한 곳 / where that goroutine was started"},
	{"races/racy.go:", "◀ 고칠 줄: 이 접근을 잠금(또는 atomic)으로 보호하세요 / the line to fix: protect this access with a lock (or sync/atomic)"},
	{"Found 1 data race", "◀ 요약: -race 아래의 테스트라면 여기서 실패합니다 / summary: a test under -race fails here"},
}

// annotate copies the child's output to out, adding a note after each line
// that carries one of the markers.
func annotate(in io.Reader, out io.Writer) {
	for line := range strings.Lines(readAll(in)) {
		line = strings.TrimRight(line, "\n")
		fmt.Fprintln(out, line)
		for _, n := range notes {
			if strings.Contains(line, n.marker) {
				fmt.Fprintf(out, "    %s\n", n.note)
				break
			}
		}
	}
}

func readAll(r io.Reader) string {
	b, _ := io.ReadAll(r)
	return string(b)
}

// child runs one scenario with the broken code and returns the exit status.
func child(name string, out io.Writer) int {
	switch name {
	case "counter":
		var c races.RacyCounter
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() {
				for range 1000 {
					c.Inc()
				}
			})
		}
		wg.Wait()
		fmt.Fprintf(out, "RacyCounter: 2 goroutines × 1000 Inc → Value() = %d (want 2000; a lower number is lost increments)\n", c.Value())
	case "cache":
		gate := make(chan struct{})
		c := races.NewRacyCache(func(key string) string {
			<-gate // every caller that missed waits here together: a slow backend
			return "value-of-" + key
		})
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() { c.Get("k") })
		}
		close(gate)
		wg.Wait()
		fmt.Fprintf(out, "RacyCache: 8 goroutines asked for one key → load ran %d time(s) (want 1).\n", c.Loads)
		fmt.Fprintln(out, "No DATA RACE report here: every map access holds the lock, so the race detector is satisfied.")
		fmt.Fprintln(out, "The race is in the logic (check-then-act), and only a test of the invariant catches it.")
		fmt.Fprintln(out, "여기엔 DATA RACE 보고가 없습니다. 맵 접근은 모두 잠금 아래라 레이스 탐지기는 만족합니다.")
		fmt.Fprintln(out, "경쟁은 논리(확인-후-실행)에 있고, 불변식을 검사하는 테스트만 잡아냅니다.")
	case "bank":
		a, b := &races.RacyAccount{Balance: 100}, &races.RacyAccount{Balance: 100}
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { races.RacyTransfer(a, b, 60) })
		}
		wg.Wait()
		fmt.Fprintf(out, "RacyTransfer: two transfers of 60 from an account holding 100 → balance %d (negative means both passed the unlocked check).\n", a.Balance)
		fmt.Fprintln(out, "Its other bug, locking from then to, deadlocks a→b against b→a; it is not run here because it would hang.")
	default:
		fmt.Fprintf(out, "unknown scenario %q\n", name)
		return 2
	}
	return 0
}
