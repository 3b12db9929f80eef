package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"dsweekends/scripts/reveal"
	"dsweekends/scripts/state"
)

func newRevealCmd(load loader) *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "reveal EXERCISE",
		Short: "After an exercise passes: the reference solution as a diff against your files",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			es, err := a.resolveExercises(args[0])
			if err != nil {
				return err
			}
			results, err := state.LoadResults(a.root)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			p := progress{rm: a.rm, results: results}
			for _, e := range es {
				if !p.done(e) && !force {
					return &exitError{code: exitFailed, err: fmt.Errorf(a.T(
						"%s does not pass yet (as last recorded): finish it first — go run ./scripts/cmd/study check %s — or look anyway with --force",
						"%s 과제를 아직 통과하지 못했습니다 (마지막 기록 기준): 먼저 끝내세요 — go run ./scripts/cmd/study check %s — 그래도 보려면 --force"), e.ID, e.ID)}
				}
				if !p.done(e) {
					a.Warnf("%s\n", a.T("warning: revealing the reference before you pass takes away the part where you find it yourself.",
						"경고: 통과하기 전에 참고 답안을 보면 스스로 찾아내는 과정을 잃게 됩니다."))
				}
			}
			// Only the named exercises' own files: a package shared with a
			// later weekend's exercise keeps that one's reference unseen.
			e := es[0]
			var edit []string
			for _, x := range es {
				edit = append(edit, x.Edit...)
			}
			n, err := reveal.Files(a.Out, a.dir(e), e.Path, edit)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if n == 0 {
				a.Printf("%s\n", a.T("Your files are the same as the reference.", "작성한 파일이 참고 답안과 같습니다."))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "show the reference even though the exercise does not pass yet")
	return cmd
}
