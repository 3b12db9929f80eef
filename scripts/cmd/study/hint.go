package main

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"dsweekends/scripts/exercise"
	"dsweekends/scripts/state"
)

func newHintCmd(load loader) *cobra.Command {
	return &cobra.Command{
		Use:   "hint EXERCISE [LEVEL]",
		Short: "The next rung of an exercise's hint ladder: nudge → approach → near-answer",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			es, err := a.resolveExercises(args[0])
			if err != nil {
				return err
			}
			// An exercise's own ladder (hints.<id>.yaml) wins over its package's.
			e := es[0]
			hints, err := exercise.HintsFor(a.dir(e), e.ID)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			results, err := state.LoadResults(a.root)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			level := min(results.Hints[e.ID]+1, len(hints))
			if len(args) == 2 {
				l, err := strconv.Atoi(args[1])
				if err != nil || l < 1 || l > len(hints) {
					return usagef("hint level %q does not exist for %s: expected 1–%d", args[1], e.ID, len(hints))
				}
				level = l
			}
			names := []string{a.T("nudge", "살짝"), a.T("approach", "접근법"), a.T("near-answer", "거의 답")}
			name := names[min(level, len(names))-1]
			h := hints[level-1]
			text := h.En
			if a.Lang == "ko" {
				text = h.Ko
			}
			a.Printf("%s\n%s\n", a.Bold(fmt.Sprintf(a.T("%s — hint %d of %d (%s)", "%s — 힌트 %d/%d (%s)"), e.ID, level, len(hints), name)), text)
			switch {
			case level == len(hints):
			case len(args) == 2:
				a.Printf("%s\n", a.Dim(fmt.Sprintf(a.T("Next rung: go run ./scripts/cmd/study hint %s %d", "다음 단계: go run ./scripts/cmd/study hint %s %d"), args[0], level+1)))
			default:
				a.Printf("%s\n", a.Dim(fmt.Sprintf(a.T("Still stuck? Run it again for hint %d.", "그래도 막히면 다시 실행하세요: 힌트 %d"), level+1)))
			}
			if level > results.Hints[e.ID] {
				results.Hints[e.ID] = level
				if err := state.SaveResults(a.root, results); err != nil {
					return &exitError{code: exitUsage, err: err}
				}
			}
			return nil
		},
	}
}
