// Package verify is the project's own test command, study verify: the
// roadmap is consistent, the manifest current, every file gofmt- and
// vet-clean, the framework tests pass, every reference passes its graded
// tests under -race, every graded test fails on its untouched skeleton,
// every catalogued learner bug is caught, and every weekend fits its hours.
package verify

import (
	"bytes"
	"context"
	"fmt"
	"go/format"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dsweekends/scripts/exercise"
	"dsweekends/scripts/grade"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/testrun"
	"dsweekends/scripts/ui"
)

// Modules are the workspace's module folders, as go.work lists them.
var Modules = []string{"phase0-go", "phase1-network", "phase2-mapreduce", "phase3-raft", "scripts", "testkit"}

// slowSkeletonTest is how long a graded test may take to fail on a
// skeleton: the rule is "seconds, not minutes"; the margin is for a loaded machine.
const slowSkeletonTest = 30 * time.Second

// Verifier runs the project's own checks on the workspace at Root and
// prints one line per check.
type Verifier struct {
	*ui.UI
	Root string
	RM   *roadmap.Roadmap

	CI      bool               // running in CI: the race detector is required
	Strict  bool               // the maintainers' CI: the manifest must match exactly
	Bugs    bool               // run the known-bug catalogs
	Verbose bool               // name the test that caught each bug
	Only    []roadmap.Exercise // check only these exercises (all when empty)
	// Learner marks a learner's own CI (STUDY_LEARNER): the study command's
	// own tests (packages under scripts/) are the maintainers' and are left
	// to .ci/run; the frameworks a learner's code runs on are still tested.
	Learner bool

	// Passed, Failed and Skipped count the checks once Run returns.
	Passed, Failed, Skipped int

	started map[string]bool // exercises whose skeleton the learner has edited
	race    []string        // ["-race"], or nothing where cgo is unavailable
}

func (v *Verifier) dir(e roadmap.Exercise) string { return grade.Dir(v.Root, e) }

// exercises returns the exercises verify checks: all, or those of --only.
func (v *Verifier) exercises() []roadmap.Exercise {
	if len(v.Only) > 0 {
		return v.Only
	}
	return v.RM.Exercises
}

func (v *Verifier) ok(name string, took time.Duration, detail string) {
	v.Passed++
	v.Printf("%s %-44s %6.1fs  %s\n", v.Green("ok  "), name, took.Seconds(), detail)
}

func (v *Verifier) fail(name string, took time.Duration, problems []string) {
	v.Failed++
	v.Printf("%s %-44s %6.1fs\n", v.Red("FAIL"), name, took.Seconds())
	for _, p := range problems {
		v.Printf("       %s\n", p)
	}
}

func (v *Verifier) skip(name, why string) {
	v.Skipped++
	v.Printf("%s %-44s         %s\n", v.Dim("skip"), name, why)
}

func (v *Verifier) result(name string, took time.Duration, problems []string, detail string) {
	if len(problems) > 0 {
		v.fail(name, took, problems)
	} else {
		v.ok(name, took, detail)
	}
}

// cached notes a result that go test replayed from its cache (its time is
// the original run's, or zero).
func cached(run *testrun.Run, pkg string) string {
	if run.Cached[pkg] {
		return " (cached)"
	}
	return ""
}

// seconds converts go test's elapsed seconds.
func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// Run runs every check, printing a line for each.
func (v *Verifier) Run(ctx context.Context) {
	v.race = []string{"-race"}
	if !grade.RaceAvailable(v.Root) {
		// CI must check for data races; a learner's machine with only Go
		// installed still gets every other check.
		start := time.Now()
		if v.CI {
			v.fail("race detector available", time.Since(start), []string{grade.NoRaceNote(v.UI)})
		} else {
			v.skip("race detector available", grade.NoRaceNote(v.UI))
		}
		v.race = nil
	}
	if len(v.Only) == 0 {
		v.roadmap()
		v.manifest()
	} else {
		v.roadmapOnly()
		v.started = map[string]bool{}
	}
	v.sizing()
	v.spoilers()
	v.parity()
	v.gofmt()
	v.vet(ctx)
	if len(v.Only) == 0 {
		v.framework(ctx)
	}
	v.references(ctx)
	v.skeletons(ctx)
	if v.Bugs {
		v.knownBugs(ctx)
	}
}

// roadmapOnly reports the roadmap's problems that name the --only exercises.
func (v *Verifier) roadmapOnly() {
	start := time.Now()
	var problems []string
	for _, err := range v.RM.CheckStructure(v.Root) {
		for _, e := range v.Only {
			if strings.Contains(err.Error(), e.ID) || strings.Contains(err.Error(), e.Path) {
				problems = append(problems, err.Error())
				break
			}
		}
	}
	v.result("roadmap: "+grade.IDs(v.Only), time.Since(start), problems, "")
}

// sizing prints one line per weekend with core exercises: its core minutes
// and learner lines against the plan's hands-on time (DESIGN "Sizing").
func (v *Verifier) sizing() {
	start := time.Now()
	budgets, err := v.RM.Budgets(v.Root)
	if err != nil {
		v.fail("sizing", time.Since(start), []string{err.Error()})
		return
	}
	weeks := map[int]bool{}
	for _, e := range v.exercises() {
		weeks[e.Weekend] = true
	}
	for _, b := range budgets {
		if !weeks[b.Weekend] || len(b.Core) == 0 && b.HandsonMinutes == 0 {
			continue
		}
		detail := fmt.Sprintf("core %d/%d min, %d/%d lines", b.CoreMinutes, b.HandsonMinutes, b.CoreLines, b.LineBudget)
		if len(b.Core) > 0 {
			detail += " (" + strings.Join(b.Core, ", ") + ")"
		}
		v.result(fmt.Sprintf("sizing: weekend %d", b.Weekend), 0, b.Problems(), detail)
	}
}

func (v *Verifier) roadmap() {
	start := time.Now()
	var problems []string
	for _, err := range v.RM.CheckStructure(v.Root) {
		problems = append(problems, err.Error())
	}
	v.result("roadmap is consistent", time.Since(start), problems,
		fmt.Sprintf("%d weekends, %d exercises, %d checklist items", len(v.RM.Weekends), len(v.RM.Exercises), len(v.RM.Checklist)))
}

// manifest compares the shipped checksums with the files. In a learner's
// copy a changed skeleton means they have started that exercise; in the
// maintainers' CI it means the manifest is stale.
func (v *Verifier) manifest() {
	start := time.Now()
	v.started = map[string]bool{}
	name := "manifest is current"
	recorded, err := exercise.ReadManifest(v.Root)
	if err != nil {
		v.fail(name, time.Since(start), []string{err.Error(), "regenerate it: go run ./scripts/cmd/study manifest"})
		return
	}
	current, err := ComputeManifest(v.Root, v.RM)
	if err != nil {
		v.fail(name, time.Since(start), []string{err.Error()})
		return
	}
	diff := exercise.Diff(recorded, current)
	if len(diff) == 0 {
		v.ok(name, time.Since(start), fmt.Sprintf("%d files", len(current)))
		return
	}
	var problems, edited []string
	for _, d := range diff {
		file, isChange := strings.CutPrefix(d, "changed: ")
		if !isChange || v.Strict {
			problems = append(problems, d)
			continue
		}
		for _, e := range v.RM.Exercises {
			if slices.Contains(Prefixed(e.Path, e.Edit), file) {
				v.started[e.ID] = true
			}
		}
		if strings.HasSuffix(file, "_test.go") {
			edited = append(edited, file)
		}
	}
	if len(problems) > 0 {
		v.fail(name, time.Since(start), append(problems, "regenerate it: go run ./scripts/cmd/study manifest"))
		return
	}
	detail := fmt.Sprintf("%d files; you have started %d exercise(s)", len(current), len(v.started))
	if len(edited) > 0 {
		detail += "; warning: graded tests edited: " + strings.Join(edited, ", ")
	}
	v.ok(name, time.Since(start), detail)
}

func (v *Verifier) gofmt() {
	start := time.Now()
	var problems []string
	n := 0
	dirs := Modules
	if len(v.Only) > 0 {
		dirs = nil
		for _, e := range v.Only {
			dirs = append(dirs, filepath.FromSlash(e.Path))
		}
	}
	for _, m := range dirs {
		_ = filepath.WalkDir(filepath.Join(v.Root, m), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				problems = append(problems, err.Error())
				return nil
			}
			if d.IsDir() && d.Name() == "testdata" {
				return filepath.SkipDir
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") {
				return nil
			}
			n++
			src, err := os.ReadFile(path)
			if err != nil {
				problems = append(problems, err.Error())
				return nil
			}
			out, err := format.Source(src)
			rel, _ := filepath.Rel(v.Root, path)
			switch {
			case err != nil:
				problems = append(problems, fmt.Sprintf("%s: %v", rel, err))
			case !bytes.Equal(out, src):
				problems = append(problems, fmt.Sprintf("%s is not gofmt-ed: gofmt -w %s", rel, rel))
			}
			return nil
		})
	}
	v.result("gofmt: skeletons, references, framework", time.Since(start), problems, fmt.Sprintf("%d files", n))
}

func (v *Verifier) patterns() []string {
	var ps []string
	for _, m := range Modules {
		ps = append(ps, "./"+m+"/...")
	}
	return ps
}

func (v *Verifier) vet(ctx context.Context) {
	start := time.Now()
	patterns := v.patterns()
	if len(v.Only) > 0 {
		patterns = grade.Pkgs(v.Only)
	}
	problems := v.goCmd(ctx, append([]string{"vet"}, patterns...)...)
	v.result("go vet: skeletons and framework", time.Since(start), problems, "")

	if len(v.exercises()) == 0 {
		return
	}
	start = time.Now()
	ov, err := grade.SolutionOverlay(v.Root, v.RM.Exercises)
	if err != nil {
		v.fail("go vet: references", time.Since(start), []string{err.Error()})
		return
	}
	defer os.Remove(ov)
	problems = v.goCmd(ctx, append([]string{"vet", "-overlay=" + ov}, grade.Pkgs(v.exercises())...)...)
	v.result("go vet: references", time.Since(start), problems, "")
}

// goCmd runs a go command in the workspace and returns its output as problems when it fails.
func (v *Verifier) goCmd(ctx context.Context, args ...string) []string {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = v.Root
	out, err := cmd.CombinedOutput()
	if err == nil {
		return nil
	}
	lines := grade.Interesting(strings.Split(strings.TrimSpace(string(out)), "\n"), 40)
	if len(lines) == 0 {
		lines = []string{err.Error()}
	}
	return lines
}

// framework runs the tests of every package that is not an exercise: the
// provided frameworks (simnet, harnesses) and the study command itself.
func (v *Verifier) framework(ctx context.Context) {
	start := time.Now()
	exercisePkgs := map[string]bool{}
	for _, e := range v.RM.Exercises {
		exercisePkgs[grade.ImportPath(e)] = true
	}
	cmd := exec.CommandContext(ctx, "go", append([]string{"list", "-f", "{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}"}, v.patterns()...)...)
	cmd.Dir = v.Root
	out, err := cmd.Output()
	if err != nil {
		v.fail("framework tests", time.Since(start), []string{"go list: " + err.Error()})
		return
	}
	var pkgs, tooling []string
	for _, p := range strings.Fields(string(out)) {
		switch {
		case exercisePkgs[p]:
		case v.Learner && strings.HasPrefix(p, "dsweekends/scripts/"):
			tooling = append(tooling, p)
		default:
			pkgs = append(pkgs, p)
		}
	}
	if len(tooling) > 0 {
		v.skip(fmt.Sprintf("tests: scripts/... (%d packages)", len(tooling)),
			v.T("the study command's own tests are the maintainers' (.ci/run runs them)",
				"study 명령 자체의 테스트는 유지보수자의 몫입니다 (.ci/run이 실행합니다)"))
	}
	if len(pkgs) == 0 {
		return
	}
	run, err := testrun.Go(ctx, testrun.Options{Dir: v.Root, Packages: pkgs, Flags: append([]string{"-timeout=15m"}, v.race...)})
	if err != nil {
		v.fail("framework tests", time.Since(start), []string{err.Error()})
		return
	}
	for _, p := range pkgs {
		name := "tests: " + strings.TrimPrefix(p, "dsweekends/")
		var problems []string
		n := 0
		for _, r := range run.Tests {
			if r.Package != p {
				continue
			}
			n++
			if r.Action == "fail" || r.Action == "" {
				problems = append(problems, fmt.Sprintf("%s: %s", r.Test, r.FirstFailure()))
			}
		}
		if run.Packages[p] != "pass" && len(problems) == 0 {
			problems = packageProblems(run, p)
		}
		v.result(name, seconds(run.Elapsed[p]), problems, fmt.Sprintf("%d tests", n)+cached(run, p))
	}
}

// references runs every exercise's graded tests under -race with every
// reference solution overlaid: each must pass.
func (v *Verifier) references(ctx context.Context) {
	start := time.Now()
	es := v.exercises()
	if len(es) == 0 {
		return
	}
	// Every reference is overlaid, not just these: an exercise may stand
	// on another's (Raft calls the learner's figure2 rules).
	ov, err := grade.SolutionOverlay(v.Root, v.RM.Exercises)
	if err != nil {
		v.fail("references", time.Since(start), []string{err.Error()})
		return
	}
	defer os.Remove(ov)
	run, err := testrun.Go(ctx, testrun.Options{Dir: v.Root, Packages: grade.Pkgs(es), Flags: append([]string{"-timeout=15m", "-overlay=" + ov}, v.race...)})
	if err != nil {
		v.fail("references", time.Since(start), []string{err.Error()})
		return
	}
	v.gradeEach(run, es, "reference passes: ", strings.Join(v.race, " "), func(t string, r *testrun.Result) string {
		switch {
		case r == nil:
			return t + ": did not run"
		case !r.Passed():
			return fmt.Sprintf("%s fails on the reference: %s", t, r.FirstFailure())
		}
		return ""
	}, func(ip string) []string {
		if run.Packages[ip] == "pass" {
			return nil
		}
		return packageProblems(run, ip)
	})
}

// skeletons runs every untouched exercise's graded tests as shipped: each
// must fail, quickly, without a panic.
func (v *Verifier) skeletons(ctx context.Context) {
	start := time.Now()
	var es []roadmap.Exercise
	for _, e := range v.exercises() {
		if v.started[e.ID] {
			v.skip("skeleton fails: "+e.ID, "you have started this exercise (its files differ from the shipped skeleton)")
			continue
		}
		es = append(es, e)
	}
	if len(es) == 0 {
		return
	}
	run, err := testrun.Go(ctx, testrun.Options{Dir: v.Root, Packages: grade.Pkgs(es), Flags: []string{"-timeout=3m"}})
	if err != nil {
		v.fail("skeletons", time.Since(start), []string{err.Error()})
		return
	}
	v.gradeEach(run, es, "skeleton fails: ", "", func(t string, r *testrun.Result) string {
		switch {
		case r == nil:
			return t + ": did not run on the skeleton (an earlier test panicked or the package did not build)"
		case r.Passed():
			return t + " passes on the untouched skeleton: it grades nothing"
		case r.Panicked():
			return t + " panics on the skeleton: " + r.FirstFailure()
		case time.Duration(r.Elapsed*float64(time.Second)) > slowSkeletonTest:
			return fmt.Sprintf("%s took %.0fs to fail on the skeleton: guard its waits so a stub fails in seconds", t, r.Elapsed)
		}
		return ""
	}, func(ip string) []string {
		if run.Packages[ip] != "" {
			return nil
		}
		return []string{"package did not finish: " + strings.Join(grade.Interesting(run.PackageFailures[ip], 5), " ")}
	})
}

// gradeEach prints one line per exercise, with the time its graded tests
// took: judge says what is wrong with
// each graded test's result ("" when nothing is), and pkg what is wrong
// with the package as a whole once every test was judged fine.
func (v *Verifier) gradeEach(run *testrun.Run, es []roadmap.Exercise, prefix, note string,
	judge func(test string, r *testrun.Result) string, pkg func(importPath string) []string) {
	for _, e := range es {
		ip := grade.ImportPath(e)
		var problems []string
		var took float64
		for _, t := range e.TestNames() {
			r := run.Tests[testrun.Key(ip, t)]
			if p := judge(t, r); p != "" {
				problems = append(problems, p)
			}
			if r != nil {
				took += r.Elapsed
			}
		}
		if len(problems) == 0 {
			problems = pkg(ip)
		}
		detail := fmt.Sprintf("%d graded tests", len(e.Tests))
		if note != "" {
			detail += ", " + note
		}
		v.result(prefix+e.ID, seconds(took), problems, detail+cached(run, ip))
	}
}

// packageProblems explains a package that did not pass although none of
// its tests failed: a build error, a panic in TestMain, a leak found by goleak.
func packageProblems(run *testrun.Run, ip string) []string {
	if p := grade.Interesting(run.PackageFailures[ip], 12); len(p) > 0 {
		return p
	}
	return []string{"package did not pass (" + run.Packages[ip] + ")"}
}

// Prefixed returns files as paths under dir.
func Prefixed(dir string, files []string) []string {
	var out []string
	for _, f := range files {
		out = append(out, dir+"/"+f)
	}
	return out
}

// shippedFiles returns every file the manifest covers: each exercise's
// files to edit and its graded test files.
func shippedFiles(root string, rm *roadmap.Roadmap) ([]string, error) {
	var files []string
	for _, e := range rm.Exercises {
		for _, f := range e.Edit {
			files = append(files, e.Path+"/"+f)
		}
		tests, err := exercise.TestFiles(grade.Dir(root, e))
		if err != nil {
			return nil, err
		}
		for _, f := range tests {
			files = append(files, e.Path+"/"+f)
		}
	}
	return files, nil
}

// ComputeManifest returns the checksums of every shipped skeleton and graded
// test file as they are now.
func ComputeManifest(root string, rm *roadmap.Roadmap) (exercise.Manifest, error) {
	files, err := shippedFiles(root, rm)
	if err != nil {
		return nil, err
	}
	return exercise.ComputeManifest(root, files)
}
