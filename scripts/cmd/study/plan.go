package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/roadmap"
)

func newPlanCmd(load loader) *cobra.Command {
	return &cobra.Command{
		Use:   "plan [WEEKEND]",
		Short: "A weekend's Saturday/Sunday schedule, goals, deliverables, exercises and commands",
		Args:  cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			a, err := load()
			if err != nil {
				return err
			}
			var w roadmap.Weekend
			if len(args) == 1 {
				if w, err = a.resolveWeekend(args[0]); err != nil {
					return err
				}
			} else {
				n, _, ok := a.currentWeekend()
				w, _ = a.rm.Weekend(min(max(n, 1), roadmap.NumWeekends))
				if !ok {
					a.Printf("%s", a.T("(no start date set: showing weekend 1 — set one with: go run ./scripts/cmd/study start YYYY-MM-DD)\n\n",
						"(시작일이 없어 주말 1을 보여 줍니다 — 설정: go run ./scripts/cmd/study start YYYY-MM-DD)\n\n"))
				}
			}
			a.printPlan(w)
			return nil
		},
	}
}

func (a *app) printPlan(w roadmap.Weekend) {
	ph, _ := a.rm.PhaseOf(w.N)
	a.Printf("%s\n", a.Bold(fmt.Sprintf(a.T("Weekend %d · Phase %d (%s) — %s", "주말 %d · Phase %d (%s) — %s"),
		w.N, ph.N, a.Tx(ph.Title), a.Tx(w.Title))))
	a.Printf("%s %s\n", a.T("Goal:", "목표:"), a.Tx(w.Goal))
	if w.Source == "derived" {
		a.Printf("%s\n", a.Dim(a.T("Note: ", "참고: ")+a.Tx(w.Note)))
	}
	day := func(name string, hours int, blocks []roadmap.Block) {
		a.Printf("\n%s\n", a.Bold(fmt.Sprintf("%s %dh", name, hours)))
		for _, b := range blocks {
			a.Printf("  %-5s %s\n", fmt.Sprintf("%gh", b.Hours), a.Tx(b.Text))
			for _, d := range b.Details {
				a.Printf("          - %s\n", a.Tx(d))
			}
		}
	}
	day(a.T("Saturday", "토요일"), roadmap.SaturdayHours, w.Saturday)
	day(a.T("Sunday", "일요일"), roadmap.SundayHours, w.Sunday)

	a.Printf("\n%s\n", a.Bold(a.T("Deliverables (산출물)", "산출물")))
	for _, d := range w.Deliverables {
		switch {
		case d.Self:
			a.Printf("  · %s %s\n", a.Tx(d.Text), a.Dim(a.T("(self-reported)", "(자기 기록)")))
		case len(d.Exercises) > 0:
			a.Printf("  · %s %s\n", a.Tx(d.Text), a.Dim("["+strings.Join(d.Exercises, ", ")+"]"))
		default:
			a.Printf("  · %s\n", a.Tx(d.Text))
		}
	}

	a.printExercises(w)
	a.printRoutines(w)
	a.printReading(w)
}

func (a *app) printExercises(w roadmap.Weekend) {
	es := a.rm.ExercisesOf(w.N)
	a.Printf("\n%s\n", a.Bold(a.T("Exercises", "실습 과제")))
	if len(es) == 0 {
		a.Printf("  %s\n", a.T("No graded exercises for this weekend yet.", "이 주말의 채점 과제는 아직 없습니다."))
		return
	}
	core := roadmap.Filter(es, roadmap.Exercise.Core)
	stretch := roadmap.Filter(es, func(e roadmap.Exercise) bool { return !e.Core() })
	list := func(title string, es []roadmap.Exercise) {
		if len(es) == 0 {
			return
		}
		a.Printf("  %s\n", a.Bold(title))
		width := idWidth(es)
		for _, e := range es {
			a.Printf("  %-*s %s %s\n", width, e.ID, a.Tx(e.Title), a.Dim(fmt.Sprintf(a.T("(~%d min)", "(약 %d분)"), e.Minutes)))
			a.Printf("  %-*s %s %s\n", width, "", a.T("edit:", "수정할 파일:"), joinPaths(e.Path, e.Edit))
			a.Printf("  %-*s go test -race %s/\n", width, "", grade.Pkg(e))
		}
	}
	mins := 0
	for _, e := range core {
		mins += e.Minutes
	}
	list(fmt.Sprintf(a.T("Core — the weekend's completion check (%d of %g hands-on minutes)", "핵심 — 이번 주말의 완료 기준 (실습 시간 %[2]g분 중 %[1]d분)"), mins, w.HandsonHours()*60), core)
	list(a.T("Stretch (더 해보기) — optional, for whoever has time or wants depth", "더 해보기 (stretch) — 선택: 시간이 있거나 더 깊이 알고 싶을 때"), stretch)
	a.Printf("\n  %s go run ./scripts/cmd/study check %d\n", a.T("Check the weekend's core:", "주말 핵심 과제 채점:"), w.N)
	if len(stretch) > 0 {
		a.Printf("  %s go run ./scripts/cmd/study check --stretch %d\n", a.T("Core and stretch:", "핵심과 더 해보기 모두:"), w.N)
	}
	a.Printf("  %s go run ./scripts/cmd/study hint EXERCISE\n", a.T("Stuck? A hint:", "막히면 힌트:"))
}

// printRoutines lists the plan's weekly checklists, and the monthly one on
// every fourth weekend.
func (a *app) printRoutines(w roadmap.Weekend) {
	list := func(title string, items []roadmap.Text) {
		a.Printf("\n%s\n", a.Bold(title))
		for _, it := range items {
			a.Printf("  [ ] %s\n", a.Tx(it))
		}
	}
	list(a.T("Before Saturday (10 min)", "매주 토요일 시작 전 (10분)"), a.rm.Routines.WeeklyStart)
	list(a.T("Sunday wrap-up (20 min)", "매주 일요일 마무리 시 (20분)"), a.rm.Routines.WeeklyEnd)
	if w.N%4 == 0 {
		list(a.T("Last weekend of the month (30 min more)", "매월 마지막 주 (30분 추가)"), a.rm.Routines.Monthly)
	}
}

// printReading lists the reading of the plan's stage that holds the weekend.
func (a *app) printReading(w roadmap.Weekend) {
	for _, st := range a.rm.Reading {
		if w.N < st.First || w.N > st.Last {
			continue
		}
		a.Printf("\n%s\n", a.Bold(a.T("Reading: ", "필수 자료: ")+a.Tx(st.Title)))
		for _, it := range st.Items {
			if it.URL != "" {
				a.Printf("  · %s  %s\n", a.Tx(it.Text), a.Dim(it.URL))
			} else {
				a.Printf("  · %s\n", a.Tx(it.Text))
			}
		}
	}
}

func joinPaths(dir string, files []string) string {
	var s []string
	for _, f := range files {
		s = append(s, dir+"/"+f)
	}
	return strings.Join(s, ", ")
}
