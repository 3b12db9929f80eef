package verify

import (
	"context"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"dsweekends/scripts/exercise"
	"dsweekends/scripts/grade"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/testrun"
)

// bugOutcome is what verify found for one catalogued bug.
type bugOutcome struct {
	bug      exercise.Bug
	ex       roadmap.Exercise
	caughtBy string // the test (or "goleak") that caught it in every run
	problem  string // why the bug counts as not caught, or why it could not be tried
	took     time.Duration
}

// knownBugs applies every catalogued learner bug to the reference, through
// the overlay, and runs the exercise's graded tests: at least one must fail
// in every run. It prints one line per exercise, and with -v which test
// caught each bug.
func (v *Verifier) knownBugs(ctx context.Context) {
	start := time.Now()
	base, err := exercise.SolutionOverlay(v.solutionDirs())
	if err != nil {
		v.fail("bugs", time.Since(start), []string{err.Error()})
		return
	}
	tmp, err := os.MkdirTemp("", "study-bugs-*")
	if err != nil {
		v.fail("bugs", time.Since(start), []string{err.Error()})
		return
	}
	defer os.RemoveAll(tmp)

	type job struct {
		bug exercise.Bug
		ex  roadmap.Exercise
	}
	var jobs []job
	byEx := map[string][]*bugOutcome{}
	var order []roadmap.Exercise
	for _, e := range v.exercises() {
		bugs, err := exercise.Bugs(v.dir(e))
		if err != nil {
			v.fail("bugs caught: "+e.ID, 0, []string{err.Error()})
			continue
		}
		order = append(order, e)
		byEx[e.ID] = nil
		for _, b := range bugs {
			if b.Exercise == e.ID || b.Exercise == "" && v.RM.Sharers(e.Path) == 1 {
				jobs = append(jobs, job{b, e})
			}
		}
	}

	// Two bugs at a time: each is a go test build and run of its own.
	out := make([]*bugOutcome, len(jobs))
	sem := make(chan struct{}, max(1, runtime.NumCPU()))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			out[i] = v.tryBug(ctx, base, tmp, j.bug, j.ex)
		}()
	}
	wg.Wait()
	for _, o := range out {
		byEx[o.ex.ID] = append(byEx[o.ex.ID], o)
	}

	for _, e := range order {
		outcomes := byEx[e.ID]
		var problems []string
		var took time.Duration
		caught := 0
		for _, o := range outcomes {
			took += o.took
			if o.problem != "" {
				problems = append(problems, fmt.Sprintf("%s (%s): %s", o.bug.ID, v.T(o.bug.Rule.En, o.bug.Rule.Ko), o.problem))
				continue
			}
			caught++
		}
		if len(outcomes) == 0 {
			problems = append(problems, "no catalogued bugs: write "+e.Path+"/"+exercise.SolutionDir+"/"+exercise.BugsFile+" (see CONTRIBUTING.md)")
		}
		v.result("bugs caught: "+e.ID, took, problems, fmt.Sprintf("%d/%d", caught, len(outcomes)))
		if v.Verbose {
			for _, o := range outcomes {
				if o.problem == "" {
					v.Printf("       %-32s caught by %s (runs: %d)\n", o.bug.ID, o.caughtBy, o.bug.Runs)
				}
			}
		}
	}
}

// solutionDirs returns the folder of every exercise with a reference.
func (v *Verifier) solutionDirs() []string {
	var dirs []string
	for _, e := range v.RM.Exercises {
		dirs = append(dirs, v.dir(e))
	}
	return dirs
}

// tryBug runs one bug: the whole reference overlay with the bug's files in
// place of the reference's. One failing test is enough, so the run stops at
// the first (-failfast).
func (v *Verifier) tryBug(ctx context.Context, base exercise.Overlay, tmp string, b exercise.Bug, e roadmap.Exercise) *bugOutcome {
	o := &bugOutcome{bug: b, ex: e}
	start := time.Now()
	defer func() { o.took = time.Since(start) }()
	repl, err := b.Apply(v.dir(e), tmp)
	if err != nil {
		o.problem = err.Error()
		return o
	}
	ov := exercise.Overlay{Replace: maps.Clone(base.Replace)}
	maps.Copy(ov.Replace, repl)
	path, err := ov.WriteFile(tmp)
	if err != nil {
		o.problem = err.Error()
		return o
	}
	if b.Runs == 1 {
		flags := append([]string{"-count=1", "-failfast", "-timeout=5m", "-overlay=" + path, "-run=" + grade.TestsPattern([]roadmap.Exercise{e})}, v.race...)
		run, err := testrun.Go(ctx, testrun.Options{Dir: v.Root, Packages: []string{grade.Pkg(e)}, Flags: flags})
		if err != nil {
			o.problem = err.Error()
			return o
		}
		o.caughtBy, o.problem = judgeBug(run, grade.ImportPath(e), e)
		return o
	}
	// Several runs, each in its own process: the race detector reports a
	// race once per process, so go test -count=N would hide later catches.
	bin := filepath.Join(tmp, b.ID+".test")
	build := exec.CommandContext(ctx, "go", append(append([]string{"test", "-c", "-o", bin, "-overlay=" + path}, v.race...), grade.Pkg(e))...)
	build.Dir = v.Root
	if out, err := build.CombinedOutput(); err != nil {
		o.problem = "does not build with the bug applied: a catalogued bug must compile (" + strings.Join(grade.Interesting(strings.Split(string(out), "\n"), 3), " ") + ")"
		return o
	}
	defer os.Remove(bin)
	var missed []int
	for k := 1; k <= b.Runs; k++ {
		run, err := testrun.Binary(ctx, bin, grade.ImportPath(e), v.dir(e), []string{"-test.count=1", "-test.failfast", "-test.timeout=5m", "-test.run=" + grade.TestsPattern([]roadmap.Exercise{e})}, nil)
		if err != nil {
			o.problem = err.Error()
			return o
		}
		by, problem := judgeBug(run, grade.ImportPath(e), e)
		if problem != "" {
			missed = append(missed, k)
			continue
		}
		if o.caughtBy == "" {
			o.caughtBy = by
		}
	}
	if len(missed) > 0 {
		o.caughtBy = ""
		o.problem = fmt.Sprintf("not caught in run(s) %v of %d: a catch that depends on scheduling is a weak test: make it deterministic", missed, b.Runs)
	}
	return o
}

// judgeBug decides whether one run caught a bug: a graded test failed (or
// crashed the binary), or goleak found its goroutines. A bug that does not
// build is no learner's bug.
func judgeBug(run *testrun.Run, ip string, e roadmap.Exercise) (caughtBy, problem string) {
	if lines := run.PackageFailures[ip]; run.Packages[ip] == "fail" && len(run.Tests) == 0 {
		return "", "does not build with the bug applied: a catalogued bug must compile (" + strings.Join(grade.Interesting(lines, 3), " ") + ")"
	}
	names := e.TestNames()
	sort.Strings(names)
	for _, t := range names {
		r := run.Tests[testrun.Key(ip, t)]
		if r == nil || r.Fails == 0 && !r.Crashed() {
			continue
		}
		return t, ""
	}
	// A panic outside the test goroutine ends the binary: for the learner
	// that is a failing check too.
	for _, l := range run.PackageFailures[ip] {
		if strings.HasPrefix(strings.TrimSpace(l), "panic: ") {
			return "a crash (" + strings.TrimSpace(l) + ")", ""
		}
	}
	if run.Packages[ip] == "fail" && len(testrun.Leaks(run.PackageFailures[ip])) > 0 {
		return "goleak", ""
	}
	return "", "no graded test of " + e.ID + " fails: strengthen the tests, never the bug"
}
