package main

import (
	"fmt"
	"os"
	"os/signal"
	"regexp"
	"strings"

	"github.com/spf13/cobra"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/stress"
)

func newStressCmd(load loader) *cobra.Command {
	var o stress.Options
	var pkgFlag string
	var reference, noRace bool
	cmd := &cobra.Command{
		Use:   "stress PATTERN",
		Short: "Run tests many times in parallel to find rare failures; keeps each failing run's log and seed",
		Long: `stress runs the graded tests matching PATTERN (a test-name regular expression, or an
exercise id) N times, P at a time, from one test binary built once. It shows a
progress bar, prints the failure rate, keeps each failing run's full log and seed
under .study/stress/ with the command that replays it, and exits non-zero on any
failure. For example: study stress Test3A -n 200 -p 4`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			if o.Runs < 1 || o.Parallel < 1 {
				return usagef("-n and -p must be at least 1")
			}
			o.Root = a.root
			o.Package, o.Pattern, err = a.stressTarget(args[0], pkgFlag)
			if err != nil {
				return err
			}
			o.Race = !noRace && grade.RaceAvailable(a.root)
			if !noRace && !o.Race {
				a.Warnf("%s %s\n", a.T("note:", "참고:"), grade.NoRaceNote(a.UI))
			}
			if reference {
				ov, err := grade.SolutionOverlay(a.root, a.rm.Exercises)
				if err != nil {
					return &exitError{code: exitUsage, err: err}
				}
				defer os.Remove(ov)
				o.Overlay = ov
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			a.Printf(a.T("Stress: %s -run '%s', %d runs, %d at a time%s\n", "스트레스: %s -run '%s', %d회, 동시에 %d개%s\n"),
				o.Package, o.Pattern, o.Runs, o.Parallel, map[bool]string{true: ", -race", false: ""}[o.Race])
			o.OnRun = func(done, failed int) { a.stressProgress(done, failed, o.Runs) }
			s, err := stress.Run(ctx, o)
			if a.Color {
				a.Printf("\r\x1b[K")
			}
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			rate := 0.0
			if s.Runs > 0 {
				rate = 100 * float64(s.Failed) / float64(s.Runs)
			}
			line := fmt.Sprintf(a.T("%d runs, %d failed (%.1f%%) in %.1fs", "%d회 실행, %d회 실패 (%.1f%%), %.1f초"), s.Runs, s.Failed, rate, s.Took.Seconds())
			if s.Failed == 0 {
				a.Printf("%s %s\n", a.Green("✓"), line)
			} else {
				a.Printf("%s %s\n", a.Red("✗"), line)
				for _, f := range s.Failures[:min(len(s.Failures), 10)] {
					a.Printf("  %s %d: %s\n    %s %s\n    %s %s\n", a.T("run", "실행"), f.Run, f.First, a.T("log:   ", "로그:"), f.Log, a.T("replay:", "재현:"), f.Replay)
				}
			}
			if ctx.Err() != nil {
				return &exitError{code: exitFailed, err: fmt.Errorf("%s", a.T("interrupted", "중단됨"))}
			}
			if s.Failed > 0 {
				return failed
			}
			return nil
		},
	}
	cmd.Flags().IntVarP(&o.Runs, "n", "n", 20, "how many runs")
	cmd.Flags().IntVarP(&o.Parallel, "p", "p", 2, "how many runs at a time")
	cmd.Flags().BoolVar(&noRace, "no-race", false, "run without the race detector")
	cmd.Flags().BoolVar(&o.Realtime, "realtime", false, "run the Raft harness on the wall clock (RAFT_REALTIME=1)")
	cmd.Flags().BoolVar(&reference, "reference", false, "stress the reference solutions (overlaid; your files are not touched)")
	cmd.Flags().StringVar(&pkgFlag, "pkg", "", "the package to stress (./path), when PATTERN is not an exercise's test")
	return cmd
}

// stressTarget turns stress's argument into a package and a -run pattern:
// an exercise id means its graded tests; a pattern means the graded tests
// it matches, which must all be in one package.
func (a *app) stressTarget(arg, pkgFlag string) (pkg, pattern string, err error) {
	if pkgFlag != "" {
		return "./" + strings.TrimPrefix(strings.TrimSuffix(pkgFlag, "/"), "./"), arg, nil
	}
	if e, ok := a.rm.Exercise(arg); ok {
		return grade.Pkg(e), grade.TestsPattern([]roadmap.Exercise{e}), nil
	}
	re, err := regexp.Compile(arg)
	if err != nil {
		return "", "", usagef("%q is not a test pattern: %v", arg, err)
	}
	var pkgs []string
	for _, e := range a.rm.Exercises {
		for _, t := range e.TestNames() {
			if re.MatchString(t) && !strings.Contains(strings.Join(pkgs, " "), grade.Pkg(e)) {
				pkgs = append(pkgs, grade.Pkg(e))
			}
		}
	}
	switch len(pkgs) {
	case 0:
		return "", "", usagef("no graded test matches %q: give a test pattern (Test3A), an exercise id, or --pkg ./path", arg)
	case 1:
		return pkgs[0], arg, nil
	}
	return "", "", usagef("%q matches tests in %s: narrow the pattern or name one with --pkg", arg, strings.Join(pkgs, ", "))
}

// stressProgress draws the progress bar on a terminal.
func (a *app) stressProgress(done, failedRuns, total int) {
	if !a.Color {
		return
	}
	a.Printf("\r  %s %d/%d  %s %d  %s %d\x1b[K", bar(done, total, 30), done, total, a.Green("✓"), done-failedRuns, a.Red("✗"), failedRuns)
}
