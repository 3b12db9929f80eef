// Package grade grades exercises: it runs exactly an exercise's graded
// tests (go test -json), reads the results against the roadmap, prints the
// scorecard (as text or Markdown) and records the results for status.
//
// check, watch, stress, tag and the learner's own CI all grade through it.
package grade

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dsweekends/scripts/exercise"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
	"dsweekends/scripts/testrun"
	"dsweekends/scripts/ui"
)

// Grader grades exercises of the workspace at Root.
type Grader struct {
	*ui.UI
	Root string
	RM   *roadmap.Roadmap
	Now  func() time.Time

	racesShown map[string]bool // by Race.Key: the data races already on this scorecard
}

// Options configures one grading run.
type Options struct {
	Reference bool     // overlay the .solution/ files (the learner's files are not touched)
	Race      bool     // run with -race
	Progress  bool     // show a live count of finished tests on a terminal
	Stream    bool     // print each graded test's verdict the moment it ends
	Vet       bool     // run go vet's full analyzers on the learner's files beside the tests
	Flags     []string // extra go test flags
	Env       []string // extra environment
}

// Result is one grading run of some exercises.
type Result struct {
	Run       *testrun.Run
	Exercises []roadmap.Exercise
	Race      bool
	Took      time.Duration
	Vet       []string        // go vet's findings in the learner's files
	Streamed  map[string]bool // tests whose verdict was already printed, by testrun.Key
}

// Run runs the exercises' graded tests, and only those.
func (g *Grader) Run(ctx context.Context, es []roadmap.Exercise, o Options) (*Result, error) {
	g.racesShown = nil // a new scorecard
	flags := append([]string{"-count=1", "-timeout=10m"}, o.Flags...)
	if o.Race {
		flags = append(flags, "-race")
	}
	if o.Reference {
		ov, err := SolutionOverlay(g.Root, g.RM.Exercises)
		if err != nil {
			return nil, err
		}
		defer os.Remove(ov)
		flags = append(flags, "-overlay="+ov)
	}
	flags = append(flags, "-run="+TestsPattern(es))
	env := append([]string{say + "=" + g.Lang}, o.Env...)
	start := time.Now()
	var vet chan []string
	if o.Vet {
		vet = make(chan []string, 1)
		go func() { vet <- g.vet(ctx, es, flags) }()
	}
	var onEvent func(testrun.Event)
	var prog *progress
	var st *streamer
	switch {
	case o.Stream:
		st = g.newStreamer(es, vet)
		onEvent = st.event
	case o.Progress && g.Color:
		prog = &progress{u: g.UI}
		onEvent = prog.event
	}
	var hang time.Duration
	for _, e := range es {
		hang = max(hang, e.HangLimit())
	}
	run, err := testrun.Go(ctx, testrun.Options{Dir: g.Root, Packages: Pkgs(es), Flags: flags, Env: env, OnEvent: onEvent, Hang: hang})
	if prog != nil {
		prog.done()
	}
	if err != nil {
		return nil, err
	}
	r := &Result{Run: run, Exercises: es, Race: o.Race, Took: time.Since(start)}
	if st != nil {
		r.Streamed = st.printed
		r.Vet = st.vetFindings()
	} else if vet != nil {
		r.Vet = <-vet
	}
	return r, nil
}

// say is the environment variable through which graded tests learn the
// learner's language (testkit/say reads it).
const say = "STUDY_LANG"

// vet runs go vet's whole default set of analyzers (go test runs only a
// few) on the exercises' packages and returns its findings in the files the
// learner edits: a WaitGroup.Add inside the goroutine, a lock copied by
// value, a printf verb that does not match, found before any test runs.
func (g *Grader) vet(ctx context.Context, es []roadmap.Exercise, testFlags []string) []string {
	args := []string{"vet"}
	for _, f := range testFlags {
		if strings.HasPrefix(f, "-overlay=") {
			args = append(args, f)
		}
	}
	cmd := exec.CommandContext(ctx, "go", append(args, Pkgs(es)...)...)
	cmd.Dir = g.Root
	out, _ := cmd.CombinedOutput()
	edit := map[string]bool{}
	for _, e := range es {
		for _, f := range e.Edit {
			edit[e.Path+"/"+f] = true
		}
	}
	var found []string
	for _, l := range strings.Split(string(out), "\n") {
		l = strings.TrimSpace(l)
		file, _, ok := strings.Cut(l, ":")
		if !ok || !strings.HasSuffix(file, ".go") {
			continue
		}
		rel := file
		if filepath.IsAbs(file) {
			rel, _ = filepath.Rel(g.Root, file)
		}
		rel = strings.TrimPrefix(filepath.ToSlash(filepath.Clean(rel)), "./")
		if edit[rel] {
			found = append(found, rel+strings.TrimPrefix(l, file))
		}
	}
	return found
}

// Passed returns how many of the exercise's graded tests passed, and
// whether the whole exercise passes: every test, and nothing failing
// outside the tests (a goroutine leak found by goleak, a build error).
func (r *Result) Passed(e roadmap.Exercise) (n int, ok bool) {
	ip := ImportPath(e)
	for _, t := range e.TestNames() {
		if tr := r.Run.Tests[testrun.Key(ip, t)]; tr != nil && tr.Passed() {
			n++
		}
	}
	return n, n == len(e.Tests) && len(r.outsideFailure(ip)) == 0
}

// AllPass reports whether every exercise passes.
func (r *Result) AllPass() bool {
	for _, e := range r.Exercises {
		if _, ok := r.Passed(e); !ok {
			return false
		}
	}
	return true
}

// outsideFailure is the output of a package that failed with no failing
// test: a build error, or goroutines left behind (goleak).
func (r *Result) outsideFailure(ip string) []string {
	if r.Run.Packages[ip] == "pass" || anyTestFailed(r.Run, ip) {
		return nil
	}
	if r.Run.Packages[ip] == "" && len(r.Run.PackageFailures[ip]) == 0 {
		return nil
	}
	return r.Run.PackageFailures[ip]
}

// Record stores the run in the results cache, for status.
func (g *Grader) Record(r *Result) error {
	results, err := state.LoadResults(g.Root)
	if err != nil {
		return err
	}
	now := g.Now().UTC().Truncate(time.Second)
	for _, e := range r.Exercises {
		ip := ImportPath(e)
		leak := r.Run.Packages[ip] == "fail" && !anyTestFailed(r.Run, ip)
		er := state.ExerciseResult{CheckedAt: now, Tests: map[string]state.TestResult{}}
		for _, t := range e.TestNames() {
			tr := r.Run.Tests[testrun.Key(ip, t)]
			if tr == nil {
				er.Tests[t] = state.TestResult{}
				continue
			}
			// A package that fails after its tests (a goroutine leak found by goleak) passes no test.
			er.Tests[t] = state.TestResult{Pass: tr.Passed() && !leak, Seconds: tr.Elapsed}
		}
		er.FirstPassed = results.Exercises[e.ID].FirstPassed
		if er.FirstPassed == nil && er.Passed(e.TestNames()) {
			er.FirstPassed = &now
		}
		results.Exercises[e.ID] = er
	}
	return state.SaveResults(g.Root, results)
}

// EditedTests returns the graded test files of the exercises that differ
// from the shipped ones: a pass that comes from an edited test is not a pass.
func (g *Grader) EditedTests(es []roadmap.Exercise) []string {
	m, err := exercise.ReadManifest(g.Root)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range es {
		files, err := exercise.TestFiles(g.dir(e))
		if err != nil {
			continue
		}
		var rel []string
		for _, f := range files {
			rel = append(rel, e.Path+"/"+f)
		}
		changed, _ := m.Changed(g.Root, rel)
		out = append(out, changed...)
	}
	return out
}

// WarnEditedTests prints a warning for each edited graded test file.
func (g *Grader) WarnEditedTests(es []roadmap.Exercise) {
	for _, f := range g.EditedTests(es) {
		g.Warnf(g.T("warning: %s differs from the shipped graded test: a pass from an edited test is not a pass (restore it: git checkout -- %s)\n",
			"경고: %s 파일이 배포된 채점 테스트와 다릅니다. 테스트를 고쳐서 얻은 통과는 통과가 아닙니다 (복원: git checkout -- %s)\n"), f, f)
	}
}

func (g *Grader) dir(e roadmap.Exercise) string { return Dir(g.Root, e) }

// Dir returns the absolute folder of an exercise.
func Dir(root string, e roadmap.Exercise) string {
	return filepath.Join(root, filepath.FromSlash(e.Path))
}

// SolutionOverlay writes the overlay of the exercises' reference solutions
// to a temporary file and returns its path; the caller removes it.
func SolutionOverlay(root string, es []roadmap.Exercise) (string, error) {
	var dirs []string
	for _, e := range es {
		dirs = append(dirs, Dir(root, e))
	}
	ov, err := exercise.SolutionOverlay(dirs)
	if err != nil {
		return "", err
	}
	return ov.WriteFile("")
}

// ImportPath returns the exercise's import path: module dsweekends/<path>.
func ImportPath(e roadmap.Exercise) string { return "dsweekends/" + e.Path }

// Pkg returns the go test pattern of an exercise, relative to the root.
func Pkg(e roadmap.Exercise) string { return "./" + e.Path }

// Pkgs returns the exercises' packages as go test patterns, each once.
func Pkgs(es []roadmap.Exercise) []string {
	var out []string
	for _, e := range es {
		if !slices.Contains(out, Pkg(e)) {
			out = append(out, Pkg(e))
		}
	}
	return out
}

// TestsPattern is a -run pattern selecting exactly the exercises' graded tests.
func TestsPattern(es []roadmap.Exercise) string {
	var names []string
	for _, e := range es {
		for _, t := range e.TestNames() {
			if !slices.Contains(names, t) {
				names = append(names, t)
			}
		}
	}
	return "^(" + strings.Join(names, "|") + ")$"
}

// Failing returns the tests that did not pass.
func Failing(run *testrun.Run, ip string, tests []string) []string {
	var out []string
	for _, t := range tests {
		if r := run.Tests[testrun.Key(ip, t)]; r == nil || !r.Passed() {
			out = append(out, t)
		}
	}
	return out
}

// Rerun is the go test command that re-runs just the failing tests: the
// whole package when most fail, a -run list when a few do.
func Rerun(e roadmap.Exercise, failing []string) string {
	if len(failing) == 0 || len(failing) > 3 {
		return "go test -race " + Pkg(e) + "/"
	}
	return fmt.Sprintf("go test -race -run '^(%s)$' %s/", strings.Join(failing, "|"), Pkg(e))
}

// anyTestFailed reports whether a test of the package failed or never finished.
func anyTestFailed(run *testrun.Run, ip string) bool {
	for _, r := range run.Tests {
		if r.Package == ip && !r.Passed() && r.Action != "skip" {
			return true
		}
	}
	return false
}

// Interesting drops go test's own bookkeeping lines and keeps at most max.
func Interesting(lines []string, max int) []string {
	var out []string
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || t == "FAIL" || t == "PASS" || strings.HasPrefix(t, "FAIL\t") || strings.HasPrefix(t, "ok  \t") || strings.HasPrefix(t, "# ") {
			continue
		}
		out = append(out, l)
		if len(out) == max {
			break
		}
	}
	return out
}

// IDs lists the exercises' ids.
func IDs(es []roadmap.Exercise) string {
	var s []string
	for _, e := range es {
		s = append(s, e.ID)
	}
	return strings.Join(s, ", ")
}

// RaceAvailable reports whether go test -race can run in the workspace at
// root: the race detector needs cgo, which the go command turns off when
// it finds no C compiler (a machine with only Go installed).
func RaceAvailable(root string) bool {
	cmd := exec.Command("go", "env", "CGO_ENABLED")
	cmd.Dir = root
	out, err := cmd.Output()
	return err == nil && strings.TrimSpace(string(out)) == "1"
}

// NoRaceNote explains why a run goes without the race detector.
func NoRaceNote(u *ui.UI) string {
	return u.T("the race detector needs a C compiler (cgo), and this machine has none: running without -race. Install one to check for data races (Debian/Ubuntu: sudo apt-get install gcc; macOS: xcode-select --install).",
		"레이스 검출기(-race)에는 C 컴파일러(cgo)가 필요한데 이 컴퓨터에는 없습니다: -race 없이 실행합니다. 데이터 레이스까지 검사하려면 설치하세요 (Debian/Ubuntu: sudo apt-get install gcc, macOS: xcode-select --install).")
}

// progress shows a one-line count of finished tests on a terminal.
type progress struct {
	u              *ui.UI
	passed, failed int
}

func (p *progress) event(e testrun.Event) {
	if e.Test == "" || strings.Contains(e.Test, "/") {
		return
	}
	switch e.Action {
	case "pass":
		p.passed++
	case "fail":
		p.failed++
	default:
		return
	}
	fmt.Fprintf(p.u.Out, "\r  %s %d  %s %d  %s\x1b[K", p.u.Green("✓"), p.passed, p.u.Red("✗"), p.failed, e.Test)
}

func (p *progress) done() {
	if p.passed+p.failed > 0 {
		fmt.Fprint(p.u.Out, "\r\x1b[K")
	}
}
