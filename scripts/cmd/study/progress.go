package main

import (
	"strings"

	"dsweekends/scripts/grade"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/state"
)

// progress is the learner's recorded results read against the roadmap.
type progress struct {
	rm      *roadmap.Roadmap
	results state.Results
}

// exercise returns how many of an exercise's graded tests passed in the
// last recorded run, and whether any run was recorded.
func (p progress) exercise(e roadmap.Exercise) (passed int, checked bool) {
	r, ok := p.results.Exercises[e.ID]
	if !ok {
		return 0, false
	}
	for _, t := range e.TestNames() {
		if r.Tests[t].Pass {
			passed++
		}
	}
	return passed, true
}

// done reports whether every graded test of the exercise passed.
func (p progress) done(e roadmap.Exercise) bool {
	n, _ := p.exercise(e)
	return n == len(e.Tests) && n > 0
}

// testPassed reports whether a checklist reference "exercise.TestName" passed.
func (p progress) testPassed(ref string) bool {
	id, test, _ := strings.Cut(ref, ".")
	return p.results.Exercises[id].Tests[test].Pass
}

// checklistItemDone reports whether every test the item names passed.
func (p progress) checklistItemDone(c roadmap.ChecklistItem) bool {
	if len(c.Tests) == 0 {
		return false
	}
	for _, ref := range c.Tests {
		if !p.testPassed(ref) {
			return false
		}
	}
	return true
}

// checklist returns how many checklist items are done, of how many, and the percentage.
func (p progress) checklist() (done, total, percent int) {
	total = len(p.rm.Checklist)
	for _, c := range p.rm.Checklist {
		if p.checklistItemDone(c) {
			done++
		}
	}
	if total > 0 {
		percent = done * 100 / total
	}
	return done, total, percent
}

// exercisesIn returns the core exercises of weekends first..last: the
// completion check. Stretch work is counted apart (see stretchIn).
func (p progress) exercisesIn(first, last int) []roadmap.Exercise {
	return roadmap.Filter(p.rm.Exercises, func(e roadmap.Exercise) bool {
		return e.Core() && first <= e.Weekend && e.Weekend <= last
	})
}

// stretchIn returns the stretch exercises of weekends first..last.
func (p progress) stretchIn(first, last int) []roadmap.Exercise {
	return roadmap.Filter(p.rm.Exercises, func(e roadmap.Exercise) bool {
		return !e.Core() && first <= e.Weekend && e.Weekend <= last
	})
}

// donePart returns how many of the exercises pass.
func (p progress) donePart(es []roadmap.Exercise) int {
	n := 0
	for _, e := range es {
		if p.done(e) {
			n++
		}
	}
	return n
}

// pending returns the core exercises of weekends first..last not yet passing.
func (p progress) pending(first, last int) []roadmap.Exercise {
	var out []roadmap.Exercise
	for _, e := range p.exercisesIn(first, last) {
		if !p.done(e) {
			out = append(out, e)
		}
	}
	return out
}

// phaseComplete applies the phase's measured completion rules; it returns
// whether they all hold and the self-reported rules, which it cannot measure.
func (p progress) phaseComplete(ph roadmap.Phase) (measured bool, self []roadmap.Criterion) {
	measured = true
	for _, c := range ph.Completion {
		switch {
		case c.Self:
			self = append(self, c)
		case c.ChecklistPercent > 0:
			if _, _, pct := p.checklist(); pct < c.ChecklistPercent {
				measured = false
			}
		case c.Exercises:
			if len(p.pending(ph.First, ph.Last)) > 0 || len(p.exercisesIn(ph.First, ph.Last)) == 0 {
				measured = false
			}
		}
	}
	return measured, self
}

func ids(es []roadmap.Exercise) string { return grade.IDs(es) }
