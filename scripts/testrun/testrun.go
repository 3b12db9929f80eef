// Package testrun runs go test -json and turns its event stream into one
// result per test: passed or not, how long it took, and the line of its
// output that best says why it failed.
package testrun

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"go/build"
	"io"
	"maps"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Event is one line of go test -json output (see go doc test2json).
type Event struct {
	Time        time.Time
	Action      string
	Package     string
	Test        string
	Elapsed     float64
	Output      string
	FailedBuild string
	ImportPath  string
}

// Result is the outcome of one top-level test.
type Result struct {
	Package string
	Test    string
	Action  string // "pass", "fail", "skip", or "" when it never finished
	Elapsed float64
	Output  []string
	// Runs and Fails count the test's finished runs and failed runs, for
	// go test -count=N (Action and Elapsed are the last run's).
	Runs, Fails int
	// Hung is how long the test ran before it was stopped for hanging (0: it was not).
	Hung time.Duration
	// Races holds, when the race detector failed this test, the races its
	// package reported during the run, wherever their report was printed:
	// the detector fails every test running at that moment, so the report
	// names the code, and the tests, to look at.
	Races []Race
}

// Passed reports whether the test passed.
func (r *Result) Passed() bool { return r.Action == "pass" }

// Panicked reports whether the test's output shows a panic or a test-binary timeout.
func (r *Result) Panicked() bool {
	for _, l := range r.Output {
		if strings.HasPrefix(l, "panic: ") {
			return true
		}
	}
	return false
}

var fileLine = regexp.MustCompile(`^\s*\S+\.go:\d+:`)

// FirstFailure returns the single output line that best explains a
// failure: testify's "Messages:" line, else its "Error:" line, else the
// panic, else a testscript FAIL: line, else the first file:line message,
// else the first line of output.
func (r *Result) FirstFailure() string {
	pick := func(prefix string) string {
		for _, l := range r.Output {
			t := strings.TrimSpace(l)
			if rest, ok := strings.CutPrefix(t, prefix); ok {
				return strings.TrimSpace(rest)
			}
		}
		return ""
	}
	if m := pick("Messages:"); m != "" {
		return m
	}
	if m := pick("Error:"); m != "" {
		return m
	}
	if m := pick("panic:"); m != "" {
		return "panic: " + m
	}
	if m := pick("FAIL:"); m != "" {
		return m // a testscript failure names the script line
	}
	for _, l := range r.Output {
		if fileLine.MatchString(l) {
			return strings.TrimSpace(l)
		}
	}
	for _, l := range r.Output {
		t := strings.TrimSpace(l)
		if t != "" && !strings.HasPrefix(t, "=== ") && !strings.HasPrefix(t, "--- ") {
			return t
		}
	}
	return ""
}

// Run is the outcome of one go test invocation.
type Run struct {
	// Tests holds every top-level test that started, keyed by "pkg.Test".
	Tests map[string]*Result
	// PackageFailures holds, by package, the output of a package that
	// failed outside any test: a build error, a panic in TestMain or a leak
	// reported by goleak.
	PackageFailures map[string][]string
	// Packages holds the final action ("pass", "fail", "skip") of each package.
	Packages map[string]string
	// Elapsed holds each package's test time in seconds, as go test reports it.
	Elapsed map[string]float64
	// Cached holds the packages whose result go test replayed from its cache.
	Cached map[string]bool
}

// Key returns the key of a test in Run.Tests.
func Key(pkg, test string) string { return pkg + "." + test }

// Options configures a run.
type Options struct {
	Dir      string   // working directory: the workspace root
	Packages []string // import paths or ./patterns
	Flags    []string // extra go test flags: -race, -count=1, -overlay=..., -run=...
	Env      []string // extra environment, appended
	// OnEvent, when set, sees every event as it arrives (for progress display).
	OnEvent func(Event)
	// Hang, when set, is how long one top-level test may run without a
	// verdict: past it the test binary is stopped with SIGQUIT, which
	// prints where every goroutine is, and the test fails as hanging.
	Hang time.Duration
}

// Go runs go test -json with the options and collects the results. It
// returns an error only when go test could not be run or its output could
// not be read; failing tests are results, not errors.
func Go(ctx context.Context, o Options) (*Run, error) {
	args := append([]string{"test", "-json"}, o.Flags...)
	args = append(args, o.Packages...)
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = o.Dir
	if len(o.Env) > 0 {
		cmd.Env = append(cmd.Environ(), o.Env...)
	}
	ownGroup(cmd)
	cmd.WaitDelay = 5 * time.Second
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("go test: %w", err)
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("go test: %w", err)
	}
	onEvent := o.OnEvent
	var w *watchdog
	if o.Hang > 0 {
		w = newWatchdog(cmd, o.Hang)
		defer w.stop()
		onEvent = func(e Event) {
			w.event(e)
			if o.OnEvent != nil {
				o.OnEvent(e)
			}
		}
	}
	run, readErr := Collect(out, onEvent)
	waitErr := cmd.Wait()
	if readErr != nil {
		return nil, fmt.Errorf("go test: %w", readErr)
	}
	if w != nil {
		w.stop()
		w.mark(run)
	}
	var exit *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exit) && ctx.Err() == nil {
		return nil, fmt.Errorf("go test: %w", waitErr)
	}
	if waitErr != nil && len(run.Packages) == 0 && len(run.PackageFailures) == 0 && ctx.Err() == nil {
		return nil, fmt.Errorf("go test %s: %w: %s", strings.Join(o.Packages, " "), waitErr, strings.TrimSpace(stderr.String()))
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		run.PackageFailures["go"] = append(run.PackageFailures["go"], strings.Split(s, "\n")...)
	}
	return run, nil
}

// Binary runs a test binary built with go test -c, once, through go tool
// test2json, and collects the results as [Go] does. pkg names the package
// in the results; dir is where the binary runs (the package's folder, as go
// test would).
func Binary(ctx context.Context, bin, pkg, dir string, args []string, env []string) (*Run, error) {
	cmd := exec.CommandContext(ctx, "go", append([]string{"tool", "test2json", "-t", "-p", pkg, bin, "-test.v=test2json"}, args...)...)
	cmd.Dir = dir
	if len(env) > 0 {
		cmd.Env = append(cmd.Environ(), env...)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, fmt.Errorf("test2json: %w", err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("test2json: %w", err)
	}
	run, readErr := Collect(out, nil)
	waitErr := cmd.Wait()
	if readErr != nil {
		return nil, fmt.Errorf("test2json: %w", readErr)
	}
	var exit *exec.ExitError
	if waitErr != nil && !errors.As(waitErr, &exit) {
		return nil, fmt.Errorf("test2json: %w", waitErr)
	}
	if s := strings.TrimSpace(stderr.String()); s != "" {
		run.PackageFailures[pkg] = append(run.PackageFailures[pkg], strings.Split(s, "\n")...)
	}
	return run, nil
}

// Collect reads a go test -json stream to its end.
func Collect(r io.Reader, onEvent func(Event)) (*Run, error) {
	run := &Run{Tests: map[string]*Result{}, PackageFailures: map[string][]string{}, Packages: map[string]string{}, Elapsed: map[string]float64{}, Cached: map[string]bool{}}
	pkgOutput := map[string][]string{}
	buildOutput := map[string][]string{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 16*1024*1024)
	for sc.Scan() {
		line := sc.Bytes()
		var e Event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			continue // not an event: go test prints a few plain lines of its own
		}
		if onEvent != nil {
			onEvent(e)
		}
		switch {
		case e.Action == "build-output":
			buildOutput[e.ImportPath] = append(buildOutput[e.ImportPath], strings.TrimRight(e.Output, "\n"))
		case e.Test == "" && e.Action == "output":
			pkgOutput[e.Package] = append(pkgOutput[e.Package], strings.TrimRight(e.Output, "\n"))
			if strings.Contains(e.Output, "\t(cached)") {
				run.Cached[e.Package] = true
			}
		case e.Test == "" && (e.Action == "pass" || e.Action == "fail" || e.Action == "skip"):
			run.Packages[e.Package] = e.Action
			run.Elapsed[e.Package] = e.Elapsed
			if e.Action == "fail" {
				var lines []string
				if e.FailedBuild != "" {
					lines = append(lines, buildOutput[e.FailedBuild]...)
				}
				lines = append(lines, pkgOutput[e.Package]...)
				run.PackageFailures[e.Package] = lines
			}
		case e.Test != "":
			top, _, _ := strings.Cut(e.Test, "/")
			k := Key(e.Package, top)
			res := run.Tests[k]
			if res == nil {
				res = &Result{Package: e.Package, Test: top}
				run.Tests[k] = res
			}
			switch e.Action {
			case "output":
				res.Output = append(res.Output, strings.TrimRight(e.Output, "\n"))
			case "pass", "fail", "skip":
				if e.Test == top {
					res.Action, res.Elapsed = e.Action, e.Elapsed
					res.Runs++
					if e.Action == "fail" {
						res.Fails++
					}
				}
			}
		}
	}
	attachRaces(run, pkgOutput)
	return run, sc.Err()
}

// attachRaces gives each test the race detector failed the races reported
// in its package.
func attachRaces(run *Run, pkgOutput map[string][]string) {
	byPkg := map[string][]Race{}
	for _, res := range run.Tests {
		if res.Action != "fail" || !res.RaceDetected() {
			continue
		}
		races, ok := byPkg[res.Package]
		if !ok {
			var lines []string
			for _, k := range slices.Sorted(maps.Keys(run.Tests)) {
				if other := run.Tests[k]; other.Package == res.Package {
					lines = append(lines, other.Output...)
				}
			}
			races = Races(append(lines, pkgOutput[res.Package]...))
			byPkg[res.Package] = races
		}
		res.Races = races
	}
}

// Failure is what a failing test's output says, taken apart for a scorecard.
type Failure struct {
	Message  string // the assertion's own message (testify's Messages), or the best line
	Error    string // testify's Error line ("Not equal:", "Should be true")
	Expected string // testify's expected value, first line, when it printed one
	Actual   string // testify's actual value, first line
	Panic    string // the panic or fatal error's first line, when the test crashed
	At       string // where it crashed: the first stack frame outside the runtime and the tests
}

// inDelta is testify's InDelta and InEpsilon message, expected first.
var inDelta = regexp.MustCompile(`^Max difference between (.+) and (.+) allowed is`)

var frame = regexp.MustCompile(`^\s+(/\S+\.go:\d+)`)

// Failure takes the test's output apart: the assertion's message, its
// expected and actual values, or the panic and where it happened.
func (r *Result) Failure() Failure {
	f := Failure{Message: r.FirstFailure()}
	for i, l := range r.Output {
		t := strings.TrimSpace(l)
		switch {
		case f.Panic == "" && (strings.HasPrefix(t, "panic: ") || strings.HasPrefix(t, "fatal error: ")):
			f.Panic = strings.TrimSuffix(t, " [recovered]")
			f.At = crashSite(r.Output[i+1:])
		case f.Error == "" && strings.HasPrefix(t, "Error:"):
			f.Error = strings.TrimSpace(strings.TrimPrefix(t, "Error:"))
			next := r.Output[i+1 : min(i+8, len(r.Output))]
			for _, l := range next {
				n := strings.TrimSpace(l)
				if v, ok := strings.CutPrefix(n, "expected:"); ok && f.Expected == "" {
					f.Expected = strings.TrimSpace(v)
				}
				for _, label := range []string{"actual  :", "in chain:"} { // Equal; ErrorIs
					if v, ok := strings.CutPrefix(n, label); ok && f.Actual == "" {
						f.Actual = strings.TrimSpace(v)
					}
				}
			}
			switch m := inDelta.FindStringSubmatch(f.Error); {
			case m != nil: // InDelta, InEpsilon
				f.Expected, f.Actual = m[1], m[2]
			case f.Error == "Received unexpected error:" && len(next) > 0: // NoError
				f.Expected, f.Actual = "no error", strings.TrimSpace(next[0])
			case f.Error == "An error is expected but got nil.": // Error
				f.Expected, f.Actual = "an error", "nil"
			}
		}
	}
	return f
}

// crashSite returns the first stack frame of a panic that is neither the
// Go runtime's nor a test file's: where the code under test crashed.
func crashSite(stack []string) string {
	first := ""
	for _, l := range stack {
		m := frame.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		file := m[1]
		if first == "" {
			first = file
		}
		if !ownCode(file) || strings.Contains(file, "_test.go:") {
			continue
		}
		return file
	}
	return first
}

// Crashed reports whether the test ended the test binary: a panic, a fatal
// error (a deadlock, a concurrent map write) or a timeout.
func (r *Result) Crashed() bool {
	for _, l := range r.Output {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "panic: ") || strings.HasPrefix(t, "fatal error: ") {
			return true
		}
	}
	return false
}

// ownCode reports whether a stack frame's file is the project's own code:
// not the Go installation's and not a downloaded module's.
func ownCode(file string) bool {
	goroot := filepath.ToSlash(build.Default.GOROOT)
	return !(goroot != "" && strings.HasPrefix(file, goroot+"/")) && !strings.Contains(file, "/pkg/mod/")
}

// Leak is one goroutine goleak found still running after the tests.
type Leak struct {
	Function  string // the function on top of its stack
	State     string // "chan receive", "select", …
	At        string // the first stack frame in the code under test
	CreatedBy string // the function that started it, as "fn (file:line)"
	Test      string // the test it was started from, when the chain shows one
}

var leakHead = regexp.MustCompile(`\[Goroutine \d+ in state ([^,]+), with (\S+) on top of the stack:`)

// Leaks parses goleak's report in a package's output.
func Leaks(lines []string) []Leak {
	var out []Leak
	for i, l := range lines {
		m := leakHead.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		lk := Leak{State: m[1], Function: m[2]}
		rest := lines[i+1:]
		for j, next := range rest {
			if leakHead.MatchString(next) {
				break
			}
			t := strings.TrimSpace(next)
			if c, ok := strings.CutPrefix(t, "created by "); ok {
				c, _, _ = strings.Cut(c, " in goroutine ")
				lk.CreatedBy = c
				if j+1 < len(rest) {
					if f := frame.FindStringSubmatch(rest[j+1]); f != nil {
						lk.CreatedBy += " (" + f[1] + ")"
					}
				}
				if k := strings.LastIndex(c, ".Test"); k >= 0 {
					name := c[k+1:]
					name, _, _ = strings.Cut(name, ".")
					lk.Test = name
				}
				break
			}
			if f := frame.FindStringSubmatch(next); f != nil && ownCode(f[1]) && lk.At == "" {
				lk.At = f[1]
			}
		}
		out = append(out, lk)
	}
	return out
}
