package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"

	"github.com/spf13/cobra"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/milestone"
	"dsweekends/scripts/roadmap"
)

func newCheckCmd(load loader) *cobra.Command {
	var reference, noRace, stretch, stream bool
	var markdown string
	cmd := &cobra.Command{
		Use:   "check [WEEKEND|EXERCISE|MILESTONE|reached]",
		Short: "Run the graded tests of a weekend or an exercise, print a scorecard, record the results",
		Long: `check runs the graded tests of a weekend (a number) or of one exercise (its id)
with go test -race, prints a scorecard and records the results for status.
A weekend means its core exercises (the completion check); --stretch adds the
stretch ones (더 해보기). An exercise id works for either tier. A milestone tag
(milestone-06) means the work it requires; "reached", every core exercise of the
weekends up to today (what the learner's own GitHub workflow checks).
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
				a.Printf(a.T("%s has no graded exercises yet.\n", "%s에는 아직 채점 과제가 없습니다.\n"), label)
				return nil
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			return a.check(ctx, es, label, checkOptions{reference: reference, race: !noRace, markdown: markdown, stream: stream})
		},
	}
	cmd.Flags().BoolVar(&reference, "reference", false, "run against the reference solutions (overlaid; your files are not touched; nothing is recorded)")
	cmd.Flags().BoolVar(&noRace, "no-race", false, "run without the race detector (for machines without cgo)")
	cmd.Flags().BoolVar(&stretch, "stretch", false, "with a weekend: check its stretch exercises (더 해보기) too")
	cmd.Flags().BoolVar(&stream, "stream", false, "print each test's verdict the moment it ends (always on a terminal)")
	cmd.Flags().StringVar(&markdown, "markdown", "", "also append the scorecard as Markdown to this file (- for stdout), e.g. $GITHUB_STEP_SUMMARY")
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
	if args[0] == "reached" {
		// Every core exercise of the weekends reached so far: the learner's CI.
		n, _, ok := a.currentWeekend()
		if !ok || n < 1 {
			return nil, a.T("the weekends reached (no start date yet, or not started)", "지금까지의 주말 (시작일이 없거나 아직 시작 전)"), nil
		}
		es := roadmap.Filter(a.rm.Exercises, func(e roadmap.Exercise) bool { return e.Weekend <= n && (stretch || e.Core()) })
		return es, fmt.Sprintf(a.T("weekends 1–%d", "주말 1–%d"), min(n, roadmap.NumWeekends)), nil
	}
	for _, m := range a.rm.Milestones {
		if args[0] == m.Tag {
			return milestone.Due(a.rm, m), m.Tag, nil
		}
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
		return es, fmt.Sprintf(a.T("weekend %d", "주말 %d"), w.N), nil
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
	markdown  string // also write the scorecard as Markdown to this file ("-" for stdout)
	stream    bool   // print each test's verdict as it ends (always on a terminal)
}

// grader grades through the app's workspace, plan and language.
func (a *app) grader() *grade.Grader {
	return &grade.Grader{UI: a.UI, Root: a.root, RM: a.rm, Now: a.now}
}

// check runs the exercises' graded tests and prints a scorecard.
func (a *app) check(ctx context.Context, es []roadmap.Exercise, label string, o checkOptions) error {
	g := a.grader()
	g.WarnEditedTests(es)
	if o.race && !grade.RaceAvailable(a.root) {
		a.Warnf("%s %s\n", a.T("note:", "참고:"), grade.NoRaceNote(a.UI))
		o.race = false
	}
	mode := ""
	if o.reference {
		mode = a.T(" against the reference solutions", " (참고 답안으로)")
	}
	if label == ids(es) {
		a.Printf(a.T("Checking %s%s\n", "%s 채점 중%s\n"), label, mode)
	} else {
		a.Printf(a.T("Checking %s%s: %s\n", "%s 채점 중%s: %s\n"), label, mode, ids(es))
	}
	r, err := g.Run(ctx, es, grade.Options{Reference: o.reference, Race: o.race, Progress: true, Stream: a.Color || o.stream, Vet: true})
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	if ctx.Err() != nil {
		// Interrupted (Ctrl-C): a half-finished run is no result; record nothing.
		return &exitError{code: exitFailed, err: fmt.Errorf("%s", a.T("interrupted: nothing was recorded", "중단됨: 아무것도 기록하지 않았습니다"))}
	}
	g.Print(r)
	if o.markdown != "" {
		if err := a.writeMarkdown(g, r, label, o.markdown); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}
	if !o.reference {
		if err := g.Record(r); err != nil {
			return &exitError{code: exitUsage, err: err}
		}
	}
	if !r.AllPass() {
		return failed
	}
	return nil
}

// writeMarkdown appends the Markdown scorecard to path ("-" is stdout): the
// learner's GitHub workflow points it at $GITHUB_STEP_SUMMARY.
func (a *app) writeMarkdown(g *grade.Grader, r *grade.Result, label, path string) error {
	title := fmt.Sprintf(a.T("Scorecard: %s", "채점 결과: %s"), label)
	if path == "-" {
		g.Markdown(a.Out, r, title)
		return nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("markdown scorecard: %w", err)
	}
	g.Markdown(f, r, title)
	if err := f.Close(); err != nil {
		return fmt.Errorf("markdown scorecard: %w", err)
	}
	return nil
}
