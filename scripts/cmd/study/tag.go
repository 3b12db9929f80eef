package main

import (
	"bytes"
	"fmt"
	"os"
	"os/signal"

	"github.com/spf13/cobra"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/milestone"
	"dsweekends/scripts/roadmap"
)

func newTagCmd(load loader) *cobra.Command {
	return &cobra.Command{
		Use:   "tag [MILESTONE]",
		Short: "Tag a milestone in git (milestone-06 …) when all its work passes, checked fresh, with the scorecard in the tag",
		Long: `tag checks, fresh and with -race, every core exercise scheduled up to a milestone's
week. When all pass it creates the milestone's annotated git tag with the scorecard
in its message; otherwise it lists what is missing. It never moves an existing tag.
Without an argument it takes the first milestone not tagged yet.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			ctx, stop := signal.NotifyContext(cmd.Context(), os.Interrupt)
			defer stop()
			git := milestone.Git{Dir: a.root}
			if !git.IsRepo(ctx) {
				return usagef("%s is not a git repository: milestones are git tags (git init, then commit your work)", a.root)
			}
			var m roadmap.Milestone
			found := false
			for _, c := range a.rm.Milestones {
				if len(args) == 1 && (c.Tag == args[0] || fmt.Sprint(c.Week) == args[0]) {
					m, found = c, true
					break
				}
				if _, tagged := git.TagDate(ctx, c.Tag); len(args) == 0 && !tagged {
					m, found = c, true
					break
				}
			}
			if !found {
				if len(args) == 1 {
					return usagef("unknown milestone %q: expected milestone-06, milestone-10, milestone-14 or milestone-20", args[0])
				}
				a.Printf("%s\n", a.Green(a.T("Every milestone is tagged already.", "모든 마일스톤에 이미 태그가 있습니다.")))
				return nil
			}
			if when, ok := git.TagDate(ctx, m.Tag); ok {
				return &exitError{code: exitFailed, err: fmt.Errorf(a.T("%s was tagged on %s; a milestone tag is never moved", "%s 태그는 %s에 이미 만들어졌습니다. 마일스톤 태그는 옮기지 않습니다"), m.Tag, when.Format("2006-01-02"))}
			}
			due := milestone.Due(a.rm, m)
			if len(due) == 0 {
				return &exitError{code: exitFailed, err: fmt.Errorf(a.T("%s has no graded work yet", "%s에는 아직 채점 과제가 없습니다"), m.Tag)}
			}
			a.Printf(a.T("Checking the work of %s (%s), fresh: %s\n", "%s (%s)의 과제를 새로 채점합니다: %s\n"), m.Tag, a.Tx(m.Title), ids(due))
			g := a.grader()
			g.WarnEditedTests(due)
			race := grade.RaceAvailable(a.root)
			if !race {
				a.Warnf("%s %s\n", a.T("note:", "참고:"), grade.NoRaceNote(a.UI))
			}
			r, err := g.Run(ctx, due, grade.Options{Race: race, Progress: true})
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if ctx.Err() != nil {
				return &exitError{code: exitFailed, err: fmt.Errorf("%s", a.T("interrupted: no tag was made", "중단됨: 태그를 만들지 않았습니다"))}
			}
			g.Print(r)
			if err := g.Record(r); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if !r.AllPass() {
				var missing []roadmap.Exercise
				for _, e := range due {
					if _, ok := r.Passed(e); !ok {
						missing = append(missing, e)
					}
				}
				return &exitError{code: exitFailed, err: fmt.Errorf(a.T("not tagging %s: these must pass first: %s", "%s 태그를 만들지 않습니다. 먼저 통과해야 할 과제: %s"), m.Tag, ids(missing))}
			}
			var msg bytes.Buffer
			fmt.Fprintf(&msg, "%s\n\n", a.Tx(m.Title))
			g.Markdown(&msg, r, fmt.Sprintf("%s — %s", m.Tag, a.T("scorecard", "채점 결과")))
			if err := git.Tag(ctx, m.Tag, msg.String()); err != nil {
				return &exitError{code: exitFailed, err: err}
			}
			a.Printf("\n%s\n", a.Green(fmt.Sprintf(a.T("Tagged %s. Push it with: git push origin %s", "%s 태그를 만들었습니다. 올리기: git push origin %s"), m.Tag, m.Tag)))
			return nil
		},
	}
}
