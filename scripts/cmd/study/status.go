package main

import (
	"fmt"
	"strings"

	"dsweekends/scripts/pace"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
)

// status prints where the learner is. It reads study.yaml and the recorded
// results and runs nothing, so it answers at once.
func (a *app) status() error {
	results, err := state.LoadResults(a.root)
	if err != nil {
		return &exitError{code: exitUsage, err: err}
	}
	p := progress{rm: a.rm, results: results}
	a.Printf("%s\n", a.Bold(a.Tx(a.rm.Title)))

	n, daysToGo, started := a.currentWeekend()
	switch {
	case !started:
		a.Printf("%s\n  go run ./scripts/cmd/study start YYYY-MM-DD\n\n",
			a.T("No start date yet. Set the Saturday of your weekend 1:",
				"아직 시작일이 없습니다. 주말 1의 토요일을 설정하세요:"))
		n = 1
	case n == 0:
		a.Printf(a.T("Weekend 1 starts on %s: %d days to go.\n\n", "주말 1은 %s에 시작합니다: %d일 남았습니다.\n\n"),
			a.settings.Start, daysToGo)
		n = 1
	case n > roadmap.NumWeekends:
		a.Printf(a.T("The 20 weekends that began %s are over.\n\n", "%s에 시작한 20주가 끝났습니다.\n\n"), a.settings.Start)
		n = roadmap.NumWeekends
	default:
		a.Printf(a.T("This is weekend %d of %d (started %s).\n\n", "지금은 %d/%d주차입니다 (시작: %s).\n\n"),
			n, roadmap.NumWeekends, a.settings.Start)
	}

	// This weekend in brief.
	w, _ := a.rm.Weekend(n)
	ph, _ := a.rm.PhaseOf(n)
	a.Printf("%s\n", a.Bold(fmt.Sprintf(a.T("Weekend %d · Phase %d — %s", "주말 %d · Phase %d — %s"), w.N, ph.N, a.Tx(w.Title))))
	a.Printf("  %s %s\n", a.T("Goal:", "목표:"), a.Tx(w.Goal))
	a.Printf("  %s %s\n", a.T("Saturday:", "토요일:"), a.blockSummary(w.Saturday))
	a.Printf("  %s %s\n", a.T("Sunday:", "일요일:"), a.blockSummary(w.Sunday))
	es := a.rm.ExercisesOf(n)
	if len(es) == 0 {
		a.Printf("  %s\n", a.T("No graded exercises this weekend yet.", "이번 주말의 채점 과제는 아직 없습니다."))
	}
	width := idWidth(es)
	for _, e := range es {
		passed, checked := p.exercise(e)
		detail := a.Dim(a.T("not checked yet", "아직 채점 안 함"))
		if checked {
			detail = fmt.Sprintf("%d/%d %s", passed, len(e.Tests), a.T("tests pass", "테스트 통과"))
		}
		a.Printf("  %s %-*s %-8s %s   go run ./scripts/cmd/study check %s\n", a.Mark(p.done(e), checked), width, e.ID, a.TierLabel(e), detail, e.ID)
	}
	a.Printf("  %s go run ./scripts/cmd/study plan %d\n\n", a.T("Full plan:", "전체 계획:"), n)

	// Progress per phase.
	a.Printf("%s\n", a.Bold(a.T("Progress", "진행 상황")))
	a.Printf("  %s\n", a.Dim(a.T("core exercises are the completion check; stretch (더 해보기) is counted apart",
		"핵심(core) 과제가 완료 기준이고, 더 해보기(stretch)는 따로 셉니다")))
	for _, ph := range a.rm.Phases {
		all := p.exercisesIn(ph.First, ph.Last)
		done := p.donePart(all)
		extra := p.stretchIn(ph.First, ph.Last)
		a.Printf("  Phase %d  %s %2d/%-2d  %s", ph.N, bar(done, len(all), 10), done, len(all), a.Tx(ph.Title))
		if len(extra) > 0 {
			a.Printf("  %s", a.Dim(fmt.Sprintf(a.T("(stretch %d/%d)", "(더 해보기 %d/%d)"), p.donePart(extra), len(extra))))
		}
		a.Printf("\n")
	}

	// Expected vs actual: every exercise scheduled before this weekend should pass.
	if started && n > 1 {
		var behind []string
		for wk := 1; wk < n; wk++ {
			if pend := p.pending(wk, wk); len(pend) > 0 {
				behind = append(behind, fmt.Sprintf(a.T("weekend %d (%s)", "주말 %d (%s)"), wk, ids(pend)))
			}
		}
		if len(behind) == 0 {
			a.Printf("  %s\n", a.Green(a.T("On track: everything scheduled before this weekend passes.", "계획대로 진행 중: 이번 주말 이전 과제를 모두 통과했습니다.")))
		} else {
			a.Printf("  %s %s\n", a.Red(fmt.Sprintf(a.T("%d weekend(s) behind:", "%d주 뒤처짐:"), len(behind))), strings.Join(behind, ", "))
		}
	}

	// The plan's success indicators, once a weekend has ended.
	if start, ok, _ := a.settings.StartDate(); ok && started {
		rep := pace.Compute(a.rm, a.settings, results, start, a.now())
		if k := len(rep.ProgressByWeek); k > 0 {
			// Passes up to today, this week and any week past the plan included.
			a.Printf("\n  %s\n", fmt.Sprintf(a.T("Core exercises passed so far: %d (planned by the end of week %d: %d)", "지금까지 통과한 핵심 과제: %d개 (%d주차 끝까지 계획: %d개)"),
				int(rep.ProgressByWeek[k-1]), k, int(rep.PlannedByWeek[k-1])))
		}
		if rep.Graded > 0 {
			a.Printf("\n%s\n", a.Bold(a.T("Success indicators (성공 지표)", "성공 지표")))
			a.Printf("  %s\n", fmt.Sprintf(a.T("Consistency: %d of %d graded weekends so far on plan (goal: %d of %d)", "꾸준함: 지금까지 채점 주말 %[2]d주 중 %[1]d주 계획대로 (목표: %[4]d주 중 %[3]d주 이상)"),
				rep.OnPlan, rep.Graded, pace.GoalWeekends, pace.GoalOf))
			a.Printf("  %s\n", fmt.Sprintf(a.T("Understanding: %d of %d weekends with %d %% or more of their graded work passing", "이해도: %[2]d주 중 %[1]d주가 채점 과제 %[3]d%% 이상 통과"),
				rep.Understood, rep.Graded, pace.GoalUnderstandingPc))
		}
	}
	items := a.rm.SelfItems()
	ticked := 0
	for _, it := range items {
		if a.settings.Ticked[it.ID] != "" {
			ticked++
		}
	}
	a.Printf("\n%s %d/%d  %s\n", a.Bold(a.T("Self-reported:", "자기 기록:")), ticked, len(items),
		a.Dim(a.T("(lectures, papers, notes, posts: go run ./scripts/cmd/study tick)", "(강의, 논문, 정리 노트, 블로그: go run ./scripts/cmd/study tick)")))

	// The Go checklist and Phase 0's rule.
	done, total, pct := p.checklist()
	a.Printf("\n%s %d%% (%d/%d)\n", a.Bold(a.T("Go checklist:", "Go 체크리스트:")), pct, done, total)
	if ph0, ok := a.rm.PhaseOf(1); ok {
		measured, self := p.phaseComplete(ph0)
		if measured {
			a.Printf("  %s\n", a.Green(a.T("Phase 0 complete by its measured rules (checklist ≥ 90 %, exercises pass).",
				"Phase 0 완료 (측정 기준: 체크리스트 90% 이상, 과제 통과).")))
		} else {
			a.Printf("  %s\n", a.T("Phase 0 not complete yet: it needs the checklist at 90 % or more and its exercises passing.",
				"Phase 0 미완료: 체크리스트 90% 이상과 과제 통과가 필요합니다."))
			if n > ph0.Last {
				a.Printf("  %s\n", a.Red(a.T("The plan says Phase 0 must be complete before Phase 1: finish it first.",
					"계획: Phase 0를 완료해야만 Phase 1으로 진행할 수 있습니다. 먼저 마무리하세요.")))
			}
		}
		for _, c := range self {
			a.Printf("  %s %s\n", a.Dim(a.T("self-reported:", "자기 기록:")), a.Tx(c.Text))
		}
	}

	// The next milestone and what it still needs.
	for _, m := range a.rm.Milestones {
		if m.Week < n {
			continue
		}
		pend := p.pending(1, m.Week)
		a.Printf("\n%s %s (%s, %s)\n", a.Bold(a.T("Next milestone:", "다음 마일스톤:")), a.Tx(m.Title), m.Tag,
			fmt.Sprintf(a.T("week %d", "%d주차"), m.Week))
		switch {
		case len(p.exercisesIn(1, m.Week)) == 0:
			a.Printf("  %s\n", a.T("No graded work scheduled up to it yet.", "아직 여기까지 예정된 채점 과제가 없습니다."))
		case len(pend) == 0:
			a.Printf("  %s\n", a.Green(a.T("All its graded work passes.", "채점 과제를 모두 통과했습니다.")))
		default:
			a.Printf("  %s %s\n", a.T("Still needs:", "남은 과제:"), ids(pend))
		}
		break
	}
	return nil
}

// idWidth is the width of the longest exercise id, for aligned columns.
func idWidth(es []roadmap.Exercise) int {
	w := 12
	for _, e := range es {
		w = max(w, len(e.ID))
	}
	return w
}

// blockSummary lists a day's blocks in one line.
func (a *app) blockSummary(bs []roadmap.Block) string {
	var s []string
	for _, b := range bs {
		s = append(s, fmt.Sprintf("%s (%gh)", a.Tx(b.Text), b.Hours))
	}
	return strings.Join(s, "; ")
}

// bar draws a progress bar of width cells.
func bar(done, total, width int) string {
	if total == 0 {
		return strings.Repeat("·", width)
	}
	filled := done * width / total
	return strings.Repeat("█", filled) + strings.Repeat("░", width-filled)
}
