// Package pace computes the plan's success indicators (성공 지표) from the
// recorded results: 꾸준함, the weekends on plan (goal: 15 of 18), and 이해도,
// the share of each weekend's graded work that passes (goal: 80 % or more).
package pace

import (
	"time"

	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
)

// The plan's goals: "18주 중 15주 이상 계획대로 진행", "각 주차 목표의 80% 이상 달성".
const (
	GoalWeekends        = 15
	GoalOf              = 18
	GoalUnderstandingPc = 80
)

// Weekend is one finished weekend, read against the plan.
type Weekend struct {
	N       int
	OnPlan  bool    // every core exercise passed by the weekend's end
	Percent int     // share of its core graded tests that pass now
	Planned float64 // hours the plan gives it
	Logged  float64 // hours the learner logged for it
	Graded  bool    // it has core exercises
}

// Report is the indicators up to today.
type Report struct {
	Weekends   []Weekend // weekends of the plan that have ended, in order
	OnPlan     int       // of the graded ended weekends
	Graded     int       // ended weekends with core exercises
	Understood int       // graded ended weekends at GoalUnderstandingPc or more
	// ProgressByWeek is planned vs actual: core exercises passed by the end
	// of each week since the start (cumulative). It runs up to today: the
	// current week counts the passes so far, and a learner still at it
	// after the plan's last weekend gets one more point per week.
	ProgressByWeek []float64
	PlannedByWeek  []float64 // core exercises scheduled up to each week (cumulative; flat past the plan)
}

// Compute reads the results against the plan. start is the Saturday of
// weekend 1; today ends the count.
func Compute(rm *roadmap.Roadmap, s state.Settings, res state.Results, start, today time.Time) Report {
	var r Report
	// doneBy counts the core exercises first passed before cut.
	doneBy := func(cut time.Time) float64 {
		n := 0
		for _, e := range rm.Exercises {
			er, ok := res.Exercises[e.ID]
			if e.Core() && ok && er.FirstPassed != nil && er.FirstPassed.Before(cut) {
				n++
			}
		}
		return float64(n)
	}
	planned := 0
	for k := 1; !start.AddDate(0, 0, 7*(k-1)).After(today); k++ {
		end := start.AddDate(0, 0, 7*k)
		w, inPlan := rm.Weekend(k)
		var core []roadmap.Exercise
		if inPlan {
			core = rm.CoreOf(k)
			planned += len(core)
		}
		r.PlannedByWeek = append(r.PlannedByWeek, float64(planned))
		if end.After(today) {
			// The current week: its passes so far, not judged yet.
			r.ProgressByWeek = append(r.ProgressByWeek, doneBy(today.Add(time.Nanosecond)))
			break
		}
		r.ProgressByWeek = append(r.ProgressByWeek, doneBy(end))
		if !inPlan {
			continue
		}
		wk := Weekend{N: w.N, Planned: w.Hours(), Logged: s.HoursFor(w.N), Graded: len(core) > 0, OnPlan: true}
		tests, passed := 0, 0
		for _, e := range core {
			er, ok := res.Exercises[e.ID]
			if !ok || er.FirstPassed == nil || !er.FirstPassed.Before(end) {
				wk.OnPlan = false
			}
			for _, t := range e.TestNames() {
				tests++
				if er.Tests[t].Pass {
					passed++
				}
			}
		}
		if tests > 0 {
			wk.Percent = passed * 100 / tests
		}
		if wk.Graded {
			r.Graded++
			if wk.OnPlan {
				r.OnPlan++
			}
			if wk.Percent >= GoalUnderstandingPc {
				r.Understood++
			}
		}
		r.Weekends = append(r.Weekends, wk)
	}
	return r
}
