package main

import (
	"strconv"

	"github.com/spf13/cobra"

	"dsweekends/scripts/journal"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
)

func newLogCmd(load loader) *cobra.Command {
	var weekend int
	cmd := &cobra.Command{
		Use:   "log HOURS",
		Short: "Record hours studied (this weekend by default): planned vs actual shows in status, retro and portfolio",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			h, err := strconv.ParseFloat(args[0], 64)
			if err != nil || h <= 0 || h > 24 {
				return usagef("%q is not a number of hours: expected something like 3 or 1.5 (more than 0, at most 24)", args[0])
			}
			n := weekend
			if n == 0 {
				cur, _, ok := a.currentWeekend()
				if !ok || cur < 1 || cur > roadmap.NumWeekends {
					return usagef("which weekend? there is no current weekend (set a start date with `study start YYYY-MM-DD`), so name one: study log %s --weekend 1", args[0])
				}
				n = cur
			}
			w, err := a.resolveWeekend(strconv.Itoa(n))
			if err != nil {
				return err
			}
			a.settings.Hours = append(a.settings.Hours, state.HoursLog{Date: a.now().Format(state.DateLayout), Weekend: w.N, Hours: h})
			if err := state.SaveSettings(a.root, a.settings); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			a.Printf(a.T("Logged %gh for weekend %d: %gh of the plan's %gh so far.\n", "주말 %[2]d에 %[1]g시간을 기록했습니다: 계획 %[4]g시간 중 지금까지 %[3]g시간.\n"),
				h, w.N, a.settings.HoursFor(w.N), w.Hours())
			return nil
		},
	}
	cmd.Flags().IntVar(&weekend, "weekend", 0, "the weekend the hours belong to (default: the current one)")
	return cmd
}

func newRetroCmd(load loader) *cobra.Command {
	return &cobra.Command{
		Use:   "retro [WEEKEND]",
		Short: "Write this weekend's retrospective (portfolio/retros/week-NN.md) from the plan's template, with your results filled in",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			w, err := a.weekendArg(args)
			if err != nil {
				return err
			}
			results, err := state.LoadResults(a.root)
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			created, err := journal.WriteRetro(a.root, journal.FactsFor(a.rm, w, a.settings, results, a.Lang))
			if err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			if created {
				a.Printf(a.T("Wrote %s: fill in what went well, what fell short and what to improve.\n", "%s 파일을 만들었습니다: 잘한 점, 아쉬운 점, 개선점을 채워 넣으세요.\n"), journal.RetroPath(w.N))
			} else {
				a.Printf(a.T("Updated the results in %s; your own text is unchanged.\n", "%s 파일의 결과 부분을 새로 고쳤습니다. 직접 쓴 내용은 그대로입니다.\n"), journal.RetroPath(w.N))
			}
			return nil
		},
	}
}

// weekendArg is the weekend named on the command line, or the current one.
func (a *app) weekendArg(args []string) (roadmap.Weekend, error) {
	if len(args) == 1 {
		return a.resolveWeekend(args[0])
	}
	n, _, ok := a.currentWeekend()
	if !ok || n < 1 {
		return roadmap.Weekend{}, usagef("which weekend? there is no current weekend (set a start date with `study start YYYY-MM-DD`), so name one, e.g. 1")
	}
	w, _ := a.rm.Weekend(min(n, roadmap.NumWeekends))
	return w, nil
}

func newTickCmd(load loader, done bool) *cobra.Command {
	use, short := "tick [ITEM...]", "Mark self-reported items done (lectures, papers, notes, posts); without arguments, list them"
	if !done {
		use, short = "untick ITEM...", "Mark self-reported items not done again"
	}
	return &cobra.Command{
		Use:   use,
		Short: short,
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			if len(args) == 0 {
				if !done {
					return usagef("untick which item? list them with: study tick")
				}
				a.listSelfItems()
				return nil
			}
			for _, id := range args {
				if _, ok := a.rm.SelfItem(id); !ok {
					return usagef("unknown self-reported item %q: list them with: study tick", id)
				}
			}
			if a.settings.Ticked == nil {
				a.settings.Ticked = map[string]string{}
			}
			for _, id := range args {
				it, _ := a.rm.SelfItem(id)
				if done {
					a.settings.Ticked[id] = a.now().Format(state.DateLayout)
					a.Printf("%s %s %s\n", a.Green("✓"), id, a.Tx(it.Text))
				} else {
					delete(a.settings.Ticked, id)
					a.Printf("%s %s %s\n", a.Dim("·"), id, a.Tx(it.Text))
				}
			}
			if err := state.SaveSettings(a.root, a.settings); err != nil {
				return &exitError{code: exitUsage, err: err}
			}
			return nil
		},
	}
}

// listSelfItems prints every self-reported item with its id and state.
func (a *app) listSelfItems() {
	a.Printf("%s\n", a.Bold(a.T("Self-reported items (tick with: study tick ID)", "자기 기록 항목 (완료 표시: study tick ID)")))
	kind := ""
	for _, it := range a.rm.SelfItems() {
		if it.Kind != kind {
			kind = it.Kind
			a.Printf("\n  %s\n", a.Bold(map[string]string{
				roadmap.SelfPhase:       a.T("Phase rules", "단계 완료 기준"),
				roadmap.SelfDeliverable: a.T("Deliverables (산출물)", "산출물"),
				roadmap.SelfMilestone:   a.T("Milestones", "마일스톤"),
			}[kind]))
		}
		date := a.settings.Ticked[it.ID]
		mark := a.Mark(date != "", date != "")
		a.Printf("  %s %-16s %s %s\n", mark, it.ID, a.Tx(it.Text), a.Dim(date))
	}
}
