package testrun

import (
	"fmt"
	"os/exec"
	"strings"
	"sync"
	"time"
)

// watchdog stops a test binary whose test has run past the hang limit.
type watchdog struct {
	cmd   *exec.Cmd
	limit time.Duration
	done  chan struct{}
	once  sync.Once

	mu      sync.Mutex
	running map[string]time.Time // top-level tests running now (not paused), since when
	hung    map[string]time.Duration
	wg      sync.WaitGroup
}

func newWatchdog(cmd *exec.Cmd, limit time.Duration) *watchdog {
	w := &watchdog{cmd: cmd, limit: limit, done: make(chan struct{}), running: map[string]time.Time{}, hung: map[string]time.Duration{}}
	w.wg.Add(1)
	go w.loop()
	return w
}

// event follows which top-level tests are running. A parallel test that
// pauses (waiting for its turn) is not running.
func (w *watchdog) event(e Event) {
	if e.Test == "" || strings.Contains(e.Test, "/") {
		return
	}
	k := Key(e.Package, e.Test)
	w.mu.Lock()
	defer w.mu.Unlock()
	switch e.Action {
	case "run", "cont":
		w.running[k] = time.Now()
	case "pause", "pass", "fail", "skip":
		delete(w.running, k)
	}
}

func (w *watchdog) loop() {
	defer w.wg.Done()
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-w.done:
			return
		case <-tick.C:
		}
		w.mu.Lock()
		for k, since := range w.running {
			if _, seen := w.hung[k]; seen || time.Since(since) < w.limit {
				continue
			}
			pkg := k[:strings.LastIndex(k, ".")]
			if quitTestBinary(w.cmd, pkg) {
				w.hung[k] = time.Since(since)
			}
		}
		w.mu.Unlock()
	}
}

func (w *watchdog) stop() {
	w.once.Do(func() { close(w.done) })
	w.wg.Wait()
}

// mark fails each test that was stopped for hanging, with the goroutines
// of the package's own code from the stack dump.
func (w *watchdog) mark(run *Run) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, d := range w.hung {
		r := run.Tests[k]
		if r == nil {
			continue
		}
		dump := append(append([]string{}, r.Output...), run.PackageFailures[r.Package]...)
		r.Action = "fail"
		r.Hung = d.Round(time.Second)
		r.Output = append([]string{fmt.Sprintf("    hang: no verdict after %v: the test was stopped; where its goroutines were:", r.Hung)}, hungGoroutines(dump, r.Package)...)
	}
}

// hungGoroutines picks, from a SIGQUIT dump, the goroutines whose stack
// passes through the package's own code, as indented lines under the
// hang message.
func hungGoroutines(dump []string, pkg string) []string {
	var out []string
	var cur []string
	relevant := false
	flush := func() {
		if relevant && len(out) < 60 {
			out = append(out, cur...)
		}
		cur, relevant = nil, false
	}
	for _, l := range dump {
		t := strings.TrimRight(l, " ")
		switch {
		case strings.HasPrefix(t, "goroutine "):
			flush()
			cur = []string{"        " + t}
		case cur == nil:
		case t == "":
			flush()
		default:
			if strings.HasPrefix(strings.TrimSpace(t), pkg+".") {
				relevant = true
			}
			cur = append(cur, "          "+strings.TrimSpace(t))
		}
	}
	flush()
	return out
}
