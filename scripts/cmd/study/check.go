package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"dsweekends/scripts/exercise"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
	"dsweekends/scripts/testrun"
)

func newCheckCmd(load loader) *cobra.Command {
	var reference, noRace, stretch bool
	cmd := &cobra.Command{
		Use:   "check [WEEKEND|EXERCISE]",
		Short: "Run the graded tests of a weekend or an exercise, print a scorecard, record the results",
		Long: `check runs the graded tests of a weekend (a number) or of one exercise (its id)
with go test -race, prints a scorecard and records the results for status.
A weekend means its core exercises (the completion check); --stretch adds the
stretch ones (더 해보기). An exercise id works for either tier.
Without an argument it checks the current weekend. It exits non-zero while anything fails.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			es, label, err := a.resolveTarget(args, stretch)
			if err != nil {
				return err
			}
			if len(es) == 0 {
				a.printf(a.t("%s has no graded exercises yet.\n", "%s에는 아직 채점 과제가 없습니다.\n"), label)
				return nil
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return a.check(ctx, es, label, checkOptions{reference: reference, race: !noRace})
		},
	}
	cmd.Flags().BoolVar(&reference, "reference", false, "run against the reference solutions (overlaid; your files are not touched; nothing is recorded)")
	cmd.Flags().BoolVar(&noRace, "no-race", false, "run without the race detector (for machines without cgo)")
	cmd.Flags().BoolVar(&stretch, "stretch", false, "with a weekend: check its stretch exercises (더 해보기) too")
	return cmd
}

// resolveTarget turns check's argument into exercises and a label for them.
// A weekend means its core exercises, and its stretch ones too with stretch.
func (a *app) resolveTarget(args []string, stretch bool) ([]roadmap.Exercise, string, error) {
	if len(args) == 0 {
		n, _, ok := a.currentWeekend()
		if !ok || n < 1 || n > roadmap.NumWeekends {
			return nil, "", usagef("which weekend? no current weekend (set a start date with `study start YYYY-MM-DD`), so name one: study check 1")
		}
		args = []string{strconv.Itoa(n)}
	}
	if _, err := strconv.Atoi(args[0]); err == nil {
		w, err := a.resolveWeekend(args[0])
		if err != nil {
			return nil, "", err
		}
		es := a.rm.ExercisesOf(w.N)
		if !stretch {
			es = roadmap.Filter(es, roadmap.Exercise.Core)
		}
		return es, fmt.Sprintf(a.t("weekend %d", "주말 %d"), w.N), nil
	}
	es, err := a.resolveExercises(args[0])
	if err != nil {
		return nil, "", err
	}
	return es, ids(es), nil
}

type checkOptions struct {
	reference bool // overlay the .solution/ files; record nothing
	race      bool
}

// check runs the exercises' graded tests and prints a scorecard.
func (a *app) check(ctx context.Context, es []roadmap.Exercise, label string, o checkOptions) error {
	a.warnEditedTests(es)
	flags := []string{"-count=1", "-timeout=10m"}
	if o.race && !a.raceAvailable() {
		fmt.Fprintf(a.errOut, "%s %s\n", a.t("note:", "참고:"), a.noRaceNote())
		o.race = false
	}
	if o.race {
		flags = append(flags, "-race")
	}
	if o.reference {
		ov, err := a.solutionOverlay(es)
		if err != nil {
			return &exitError{code: exitUsage, err: err}
		}
		defer os.Remove(ov)
		flags = append(flags, "-overlay="+ov)
	}
	pkgs := pkgsOf(es)
	flags = append(flags, "-run="+testsPattern(es))
	mode := ""
	if o.reference {
		mode = a.t(" against the reference solutions", " (참고 답안으로)")
	}
	if label == ids(es) {
		a.printf(a.t("Checking %s%s\n", "%s 채점 중%s\n"), label, mode)
	} else {
		a.printf(a.t("Checking %s%s: %s\n", "%s 채점 중%s: %s\n"), label, mode, ids(es))
	}

	start := time.Now()
	prog := a.newProgress()
	run, err := testrun.Go(ctx, testrun.Options{Dir: a.root, Packages: pkgs, Flags: flags, OnEvent: prog.event})
	prog.done()
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if ctx.Err() != nil {
		// Interrupted (Ctrl-C): a half-finished run is no result; record nothing.
		return &exitError{code: exitFailed, err: fmt.Errorf("%s", a.t("interrupted: nothing was recorded", "중단됨: 아무것도 기록하지 않았습니다"))}
	}

	allPass := a.scorecard(run, es)
	shown := "go test"
	if o.race {
		shown += " -race"
	}
	a.printf("\n%s\n", a.dim(fmt.Sprintf(a.t("(%s, %.1fs)", "(%s, %.1f초)"), shown, time.Since(start).Seconds())))
	if !o.reference {
		if err := a.record(run, es); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}
	if !allPass {
		return failed
	}
	return nil
}

// scorecard prints one block per exercise and reports whether everything passed.
func (a *app) scorecard(run *testrun.Run, es []roadmap.Exercise) bool {
	allPass := true
	width := 0
	for _, e := range es {
		for _, t := range e.Tests {
			width = max(width, len(t.Name))
		}
	}
	for _, e := range es {
		ip := importPath(e)
		passed := 0
		for _, t := range e.TestNames() {
			if r := run.Tests[testrun.Key(ip, t)]; r != nil && r.Passed() {
				passed++
			}
		}
		// A package that failed with no failing test failed outside the
		// tests: a build error, or goroutines leaked (goleak).
		pkgFail := run.PackageFailures[ip]
		if run.Packages[ip] == "pass" || anyTestFailed(run, ip) {
			pkgFail = nil
		}
		ok := passed == len(e.Tests) && len(pkgFail) == 0
		allPass = allPass && ok
		a.printf("\n%s %s  %d/%d  %s\n", a.mark(ok, true), a.bold(e.ID), passed, len(e.Tests), a.tierLabel(e))
		crash := crashedTest(run, ip)
		for _, t := range e.Tests {
			r := run.Tests[testrun.Key(ip, t.Name)]
			switch {
			case r == nil && crash != "":
				a.printf("  %s %-*s %s\n", a.red("✗"), width, t.Name,
					fmt.Sprintf(a.t("did not run: the test binary stopped when %s crashed", "실행되지 않음: %s 테스트가 비정상 종료되어 테스트 바이너리가 멈췄습니다"), crash))
			case r == nil:
				a.printf("  %s %-*s %s\n", a.red("✗"), width, t.Name, a.t("did not run", "실행되지 않음"))
			case r.Passed():
				a.printf("  %s %-*s %5.2fs\n", a.green("✓"), width, t.Name, r.Elapsed)
			default:
				a.printf("  %s %-*s %5.2fs\n", a.red("✗"), width, t.Name, r.Elapsed)
				a.explainFailure(t, r)
			}
		}
		// A build error (no test ran) or a leak found after the tests passed
		// shows only in the package's own output.
		if len(pkgFail) > 0 {
			if leaks := testrun.Leaks(pkgFail); len(leaks) > 0 {
				a.printf("  %s\n", a.red(a.t("goroutines were still running after the tests (goleak): every goroutine needs an end",
					"테스트가 끝난 뒤에도 고루틴이 남아 있습니다(goleak): 모든 고루틴에는 끝이 있어야 합니다")))
				for _, l := range leaks[:min(len(leaks), 5)] {
					a.printf("    %s (%s) %s %s\n", l.Function, l.State, a.t("blocked at", "멈춘 곳:"), a.rel(l.At))
				}
			} else {
				a.printf("  %s\n", a.red(a.t("the package failed outside the tests:", "테스트 밖에서 패키지가 실패했습니다:")))
				for _, l := range interesting(pkgFail, 12) {
					a.printf("    %s\n", l)
				}
			}
		}
		if !ok {
			a.printf("  %s %s\n  %s go run ./scripts/cmd/study hint %s\n",
				a.t("re-run:", "다시 실행:"), rerun(e, failing(run, ip, e.TestNames())), a.t("hint:  ", "힌트:     "), e.ID)
		}
	}
	return allPass
}

// explainFailure prints, under a failing test, what it checks (in the
// learner's language), then what went wrong: the expected and actual
// values, or the crash and where in the code it happened.
func (a *app) explainFailure(t roadmap.GradedTest, r *testrun.Result) {
	f := r.Failure()
	if p := a.tx(t.Text); p != "" {
		a.printf("      %s\n", a.bold(p))
	}
	if f.Panic != "" {
		a.printf("      %s %s\n", a.red(a.t("crashed:", "비정상 종료:")), clip(f.Panic))
		if f.At != "" {
			a.printf("      %s %s\n", a.t("at:", "위치:"), a.rel(f.At))
		}
		return
	}
	if f.Message != "" {
		a.printf("      %s\n", clip(f.Message))
	}
	if f.Expected != "" || f.Actual != "" {
		a.printf("      %s %s\n      %s %s\n", a.t("expected:", "기대값:"), clip(f.Expected), a.t("actual:  ", "실제값:"), clip(f.Actual))
	} else if f.Error != "" && f.Error != f.Message {
		a.printf("      %s\n", a.dim(clip(f.Error)))
	}
}

// crashedTest returns the test whose crash ended the package's test binary, or "".
func crashedTest(run *testrun.Run, ip string) string {
	for _, r := range run.Tests {
		if r.Package == ip && !r.Passed() && r.Crashed() {
			return r.Test
		}
	}
	return ""
}

// rel shows a file:line path relative to the workspace when it is inside it.
func (a *app) rel(fileLine string) string {
	if r, ok := strings.CutPrefix(fileLine, filepath.ToSlash(a.root)+"/"); ok {
		return r
	}
	return fileLine
}

// clip keeps a scorecard line short.
func clip(s string) string {
	const max = 160
	if r := []rune(s); len(r) > max {
		return string(r[:max-1]) + "…"
	}
	return s
}

// record stores the run in the results cache.
func (a *app) record(run *testrun.Run, es []roadmap.Exercise) error {
	results, err := state.LoadResults(a.root)
	if err != nil {
		return err
	}
	now := a.now().UTC().Truncate(time.Second)
	for _, e := range es {
		ip := importPath(e)
		leak := run.Packages[ip] == "fail" && !anyTestFailed(run, ip)
		er := state.ExerciseResult{CheckedAt: now, Tests: map[string]state.TestResult{}}
		for _, t := range e.TestNames() {
			r := run.Tests[testrun.Key(ip, t)]
			if r == nil {
				er.Tests[t] = state.TestResult{}
				continue
			}
			// A package that fails after its tests (a goroutine leak found by goleak) passes no test.
			er.Tests[t] = state.TestResult{Pass: r.Passed() && !leak, Seconds: r.Elapsed}
		}
		results.Exercises[e.ID] = er
	}
	return state.SaveResults(a.root, results)
}

// warnEditedTests warns when a graded test file differs from the shipped one:
// a pass that comes from an edited test is not a pass.
func (a *app) warnEditedTests(es []roadmap.Exercise) {
	m, err := exercise.ReadManifest(a.root)
	if err != nil {
		return
	}
	for _, e := range es {
		files, err := exercise.TestFiles(a.dir(e))
		if err != nil {
			continue
		}
		var rel []string
		for _, f := range files {
			rel = append(rel, e.Path+"/"+f)
		}
		changed, _ := m.Changed(a.root, rel)
		for _, f := range changed {
			fmt.Fprintf(a.errOut, a.t("warning: %s differs from the shipped graded test: a pass from an edited test is not a pass (restore it: git checkout -- %s)\n",
				"경고: %s 파일이 배포된 채점 테스트와 다릅니다. 테스트를 고쳐서 얻은 통과는 통과가 아닙니다 (복원: git checkout -- %s)\n"), f, f)
		}
	}
}

// solutionOverlay writes the overlay of the exercises' reference solutions
// to a temporary file and returns its path.
func (a *app) solutionOverlay(es []roadmap.Exercise) (string, error) {
	var dirs []string
	for _, e := range es {
		dirs = append(dirs, a.dir(e))
	}
	ov, err := exercise.SolutionOverlay(dirs)
	if err != nil {
		return "", err
	}
	return ov.WriteFile("")
}

// importPath returns the exercise's import path: module dsweekends/<path>.
func importPath(e roadmap.Exercise) string { return "dsweekends/" + e.Path }

func failing(run *testrun.Run, ip string, tests []string) []string {
	var out []string
	for _, t := range tests {
		if r := run.Tests[testrun.Key(ip, t)]; r == nil || !r.Passed() {
			out = append(out, t)
		}
	}
	return out
}

// rerun is the go test command that re-runs just the failing tests: the
// whole package when most fail, a -run list when a few do.
func rerun(e roadmap.Exercise, failing []string) string {
	if len(failing) == 0 || len(failing) > 3 {
		return "go test -race " + pkg(e) + "/"
	}
	return fmt.Sprintf("go test -race -run '^(%s)$' %s/", strings.Join(failing, "|"), pkg(e))
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

// testsPattern is a -run pattern selecting exactly the exercises' graded tests.
func testsPattern(es []roadmap.Exercise) string {
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

// interesting drops go test's own bookkeeping lines and keeps at most max.
func interesting(lines []string, max int) []string {
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

// liveProgress shows a one-line count of finished tests on a terminal.
type liveProgress struct {
	a      *app
	passed int
	failed int
}

func (a *app) newProgress() *liveProgress { return &liveProgress{a: a} }

func (p *liveProgress) event(e testrun.Event) {
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
	if p.a.color {
		fmt.Fprintf(p.a.out, "\r  %s %d  %s %d  %s", p.a.green("✓"), p.passed, p.a.red("✗"), p.failed, e.Test)
		fmt.Fprint(p.a.out, "\x1b[K")
	}
}

func (p *liveProgress) done() {
	if p.a.color && p.passed+p.failed > 0 {
		fmt.Fprint(p.a.out, "\r\x1b[K")
	}
}
