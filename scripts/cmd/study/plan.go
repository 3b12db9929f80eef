package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

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
					a.printf("%s", a.t("(no start date set: showing weekend 1 — set one with: go run ./scripts/cmd/study start YYYY-MM-DD)\n\n",
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
	a.printf("%s\n", a.bold(fmt.Sprintf(a.t("Weekend %d · Phase %d (%s) — %s", "주말 %d · Phase %d (%s) — %s"),
		w.N, ph.N, a.tx(ph.Title), a.tx(w.Title))))
	a.printf("%s %s\n", a.t("Goal:", "목표:"), a.tx(w.Goal))
	if w.Source == "derived" {
		a.printf("%s\n", a.dim(a.t("Note: ", "참고: ")+a.tx(w.Note)))
	}
	day := func(name string, hours int, blocks []roadmap.Block) {
		a.printf("\n%s\n", a.bold(fmt.Sprintf("%s %dh", name, hours)))
		for _, b := range blocks {
			a.printf("  %-5s %s\n", fmt.Sprintf("%gh", b.Hours), a.tx(b.Text))
			for _, d := range b.Details {
				a.printf("          - %s\n", a.tx(d))
			}
		}
	}
	day(a.t("Saturday", "토요일"), roadmap.SaturdayHours, w.Saturday)
	day(a.t("Sunday", "일요일"), roadmap.SundayHours, w.Sunday)

	a.printf("\n%s\n", a.bold(a.t("Deliverables (산출물)", "산출물")))
	for _, d := range w.Deliverables {
		switch {
		case d.Self:
			a.printf("  · %s %s\n", a.tx(d.Text), a.dim(a.t("(self-reported)", "(자기 기록)")))
		case len(d.Exercises) > 0:
			a.printf("  · %s %s\n", a.tx(d.Text), a.dim("["+strings.Join(d.Exercises, ", ")+"]"))
		default:
			a.printf("  · %s\n", a.tx(d.Text))
		}
	}

	a.printExercises(w)
	a.printRoutines(w)
	a.printReading(w)
}

func (a *app) printExercises(w roadmap.Weekend) {
	es := a.rm.ExercisesOf(w.N)
	a.printf("\n%s\n", a.bold(a.t("Exercises", "실습 과제")))
	if len(es) == 0 {
		a.printf("  %s\n", a.t("No graded exercises for this weekend yet.", "이 주말의 채점 과제는 아직 없습니다."))
		return
	}
	core := roadmap.Filter(es, roadmap.Exercise.Core)
	stretch := roadmap.Filter(es, func(e roadmap.Exercise) bool { return !e.Core() })
	list := func(title string, es []roadmap.Exercise) {
		if len(es) == 0 {
			return
		}
		a.printf("  %s\n", a.bold(title))
		width := idWidth(es)
		for _, e := range es {
			a.printf("  %-*s %s %s\n", width, e.ID, a.tx(e.Title), a.dim(fmt.Sprintf(a.t("(~%d min)", "(약 %d분)"), e.Minutes)))
			a.printf("  %-*s %s %s\n", width, "", a.t("edit:", "수정할 파일:"), joinPaths(e.Path, e.Edit))
			a.printf("  %-*s go test -race %s/\n", width, "", pkg(e))
		}
	}
	mins := 0
	for _, e := range core {
		mins += e.Minutes
	}
	list(fmt.Sprintf(a.t("Core — the weekend's completion check (%d of %g hands-on minutes)", "핵심 — 이번 주말의 완료 기준 (실습 시간 %[2]g분 중 %[1]d분)"), mins, w.HandsonHours()*60), core)
	list(a.t("Stretch (더 해보기) — optional, for whoever has time or wants depth", "더 해보기 (stretch) — 선택: 시간이 있거나 더 깊이 알고 싶을 때"), stretch)
	a.printf("\n  %s go run ./scripts/cmd/study check %d\n", a.t("Check the weekend's core:", "주말 핵심 과제 채점:"), w.N)
	if len(stretch) > 0 {
		a.printf("  %s go run ./scripts/cmd/study check --stretch %d\n", a.t("Core and stretch:", "핵심과 더 해보기 모두:"), w.N)
	}
	a.printf("  %s go run ./scripts/cmd/study hint EXERCISE\n", a.t("Stuck? A hint:", "막히면 힌트:"))
}

// printRoutines lists the plan's weekly checklists, and the monthly one on
// every fourth weekend.
func (a *app) printRoutines(w roadmap.Weekend) {
	list := func(title string, items []roadmap.Text) {
		a.printf("\n%s\n", a.bold(title))
		for _, it := range items {
			a.printf("  [ ] %s\n", a.tx(it))
		}
	}
	list(a.t("Before Saturday (10 min)", "매주 토요일 시작 전 (10분)"), a.rm.Routines.WeeklyStart)
	list(a.t("Sunday wrap-up (20 min)", "매주 일요일 마무리 시 (20분)"), a.rm.Routines.WeeklyEnd)
	if w.N%4 == 0 {
		list(a.t("Last weekend of the month (30 min more)", "매월 마지막 주 (30분 추가)"), a.rm.Routines.Monthly)
	}
}

// printReading lists the reading of the plan's stage that holds the weekend.
func (a *app) printReading(w roadmap.Weekend) {
	for _, st := range a.rm.Reading {
		if w.N < st.First || w.N > st.Last {
			continue
		}
		a.printf("\n%s\n", a.bold(a.t("Reading: ", "필수 자료: ")+a.tx(st.Title)))
		for _, it := range st.Items {
			if it.URL != "" {
				a.printf("  · %s  %s\n", a.tx(it.Text), a.dim(it.URL))
			} else {
				a.printf("  · %s\n", a.tx(it.Text))
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
