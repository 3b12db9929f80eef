// Package stress runs tests many times to find the failures that show only
// sometimes — the way every 6.824 student ends up testing Raft. It builds
// the test binary once and runs it N times, P at a time, keeping every
// failing run's full log and seed with the command that replays it.
package stress

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"
)

// Options configures a stress run.
type Options struct {
	Root     string // the workspace root
	Package  string // ./path of the package, relative to Root
	Pattern  string // go test -run pattern
	Runs     int    // N
	Parallel int    // P
	Race     bool
	Realtime bool     // RAFT_REALTIME=1: the Raft harness on the wall clock
	Overlay  string   // a go build -overlay file, or ""
	Env      []string // extra environment for every run
	// OnRun, when set, is called after each run finishes (from one goroutine at a time).
	OnRun func(done, failed int)
}

// Failure is one failing run.
type Failure struct {
	Run    int    `json:"run"`
	Seed   uint64 `json:"seed"`
	Log    string `json:"log"`    // path of the full log, relative to the root
	Replay string `json:"replay"` // the command that replays it
	First  string `json:"first"`  // the first line that looks like the failure
}

// Summary is the outcome of a stress run; it is saved beside the logs.
type Summary struct {
	Package  string        `json:"package"`
	Pattern  string        `json:"pattern"`
	Runs     int           `json:"runs"`
	Failed   int           `json:"failed"`
	Race     bool          `json:"race"`
	Realtime bool          `json:"realtime"`
	Started  time.Time     `json:"started"`
	Took     time.Duration `json:"took_ns"`
	Failures []Failure     `json:"failures,omitempty"`
	Dir      string        `json:"dir"` // where the logs are, relative to the root
}

// Dir is where stress keeps its logs, relative to the workspace root.
const Dir = ".study/stress"

// Run builds the package's test binary once and runs the matching tests
// N times, P in parallel.
func Run(ctx context.Context, o Options) (*Summary, error) {
	started := time.Now()
	if err := os.MkdirAll(filepath.Join(o.Root, Dir), 0o755); err != nil {
		return nil, fmt.Errorf("stress: %w", err)
	}
	abs, err := os.MkdirTemp(filepath.Join(o.Root, Dir), started.Format("20060102-150405-"))
	if err != nil {
		return nil, fmt.Errorf("stress: %w", err)
	}
	dir, _ := filepath.Rel(o.Root, abs)
	bin := filepath.Join(abs, "test.bin")
	args := []string{"test", "-c", "-o", bin}
	if o.Race {
		args = append(args, "-race")
	}
	if o.Overlay != "" {
		args = append(args, "-overlay="+o.Overlay)
	}
	build := exec.CommandContext(ctx, "go", append(args, o.Package)...)
	build.Dir = o.Root
	if out, err := build.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("stress: building the test binary: %w\n%s", err, out)
	}
	defer os.Remove(bin)
	if _, err := os.Stat(bin); err != nil {
		return nil, fmt.Errorf("stress: %s has no tests to build", o.Package)
	}

	s := &Summary{Package: o.Package, Pattern: o.Pattern, Runs: o.Runs, Race: o.Race, Realtime: o.Realtime, Started: started, Dir: dir}
	var mu sync.Mutex
	done := 0
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(1, o.Parallel) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range jobs {
				f := runOnce(ctx, o, bin, abs, dir, k)
				mu.Lock()
				done++
				if f != nil {
					s.Failures = append(s.Failures, *f)
				}
				if o.OnRun != nil {
					o.OnRun(done, len(s.Failures))
				}
				mu.Unlock()
			}
		}()
	}
	for k := 1; k <= o.Runs && ctx.Err() == nil; k++ {
		select {
		case jobs <- k:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	s.Runs = done
	s.Failed = len(s.Failures)
	s.Took = time.Since(started)
	b, _ := json.MarshalIndent(s, "", "  ")
	if err := os.WriteFile(filepath.Join(abs, "summary.json"), append(b, '\n'), 0o644); err != nil {
		return s, fmt.Errorf("stress: %w", err)
	}
	return s, nil
}

// runOnce runs the binary once; it returns the failure, or nil on a pass.
func runOnce(ctx context.Context, o Options, bin, abs, dir string, k int) *Failure {
	seed := rand.Uint64() >> 1
	cmd := exec.CommandContext(ctx, bin, "-test.run="+o.Pattern, "-test.count=1", "-test.v", "-test.timeout=10m")
	cmd.Dir = filepath.Join(o.Root, filepath.FromSlash(strings.TrimPrefix(o.Package, "./")))
	env := append(os.Environ(), o.Env...)
	env = append(env, fmt.Sprintf("RAFT_SEED=%d", seed), fmt.Sprintf("STUDY_STRESS_RUN=%d", k))
	if o.Realtime {
		env = append(env, "RAFT_REALTIME=1")
	}
	cmd.Env = env
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if err == nil || ctx.Err() != nil {
		return nil
	}
	replay := fmt.Sprintf("RAFT_SEED=%d STUDY_STRESS_RUN=%d go test -count=1", seed, k)
	if o.Race {
		replay += " -race"
	}
	if o.Realtime {
		replay = "RAFT_REALTIME=1 " + replay
	}
	replay += fmt.Sprintf(" -run '%s' %s/", o.Pattern, o.Package)
	name := fmt.Sprintf("run-%03d.log", k)
	header := fmt.Sprintf("# stress run %d of %s -run '%s' (seed %d)\n# replay: %s\n# exit: %v\n\n", k, o.Package, o.Pattern, seed, replay, err)
	_ = os.WriteFile(filepath.Join(abs, name), append([]byte(header), out.Bytes()...), 0o644)
	return &Failure{Run: k, Seed: seed, Log: filepath.ToSlash(filepath.Join(dir, name)), Replay: replay, First: firstFailure(out.String())}
}

var testLine = regexp.MustCompile(`^\s+\S+_test\.go:\d+: \S`)

// firstFailure picks the line that best says why a run failed: a panic,
// testify's message, a t.Errorf line, or the first failing test.
func firstFailure(out string) string {
	lines := strings.Split(out, "\n")
	for _, prefix := range []string{"panic: ", "fatal error: ", "Messages:", "Error:"} {
		for _, l := range lines {
			if t := strings.TrimSpace(l); strings.HasPrefix(t, prefix) {
				return t
			}
		}
	}
	for _, l := range lines {
		if testLine.MatchString(l) {
			return strings.TrimSpace(l)
		}
	}
	for _, l := range lines {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "--- FAIL") {
			return t
		}
	}
	return ""
}

// Latest returns the summaries of past stress runs under root, newest first.
func Latest(root string) []Summary {
	ents, err := os.ReadDir(filepath.Join(root, Dir))
	if err != nil {
		return nil
	}
	var out []Summary
	for i := len(ents) - 1; i >= 0; i-- {
		b, err := os.ReadFile(filepath.Join(root, Dir, ents[i].Name(), "summary.json"))
		if err != nil {
			continue
		}
		var s Summary
		if json.Unmarshal(b, &s) == nil {
			out = append(out, s)
		}
	}
	return out
}
