package roadmap

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"dsweekends/scripts/exercise"
)

// Weekend hours of the plan: 토요일 4시간 + 일요일 3시간.
const (
	SaturdayHours = 4
	SundayHours   = 3
	NumWeekends   = 20
)

// Validate checks the roadmap against itself and against the workspace at
// root: the plan adds up (twenty weekends of 4 + 3 hours, 140 in all), every
// exercise package exists with its files, every listed test exists, every
// graded test belongs to exactly one exercise, and every checklist item and
// milestone points at real work, and every weekend's core fits the plan's
// hands-on time (see [Roadmap.Budgets]). It returns every problem found.
func (r *Roadmap) Validate(root string) []error {
	errs := r.CheckStructure(root)
	budgets, err := r.Budgets(root)
	if err != nil {
		return append(errs, err)
	}
	for _, b := range budgets {
		for _, p := range b.Problems() {
			errs = append(errs, errors.New(p))
		}
	}
	return errs
}

// CheckStructure is [Roadmap.Validate] without the sizing rule.
func (r *Roadmap) CheckStructure(root string) []error {
	var errs []error
	add := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	// The plan adds up.
	var total float64
	for i, w := range r.Weekends {
		if w.N != i+1 {
			add("weekend #%d is numbered %d: weekends must run 1..%d in order", i+1, w.N, NumWeekends)
		}
		if s := sumHours(w.Saturday); s != SaturdayHours {
			add("weekend %d: Saturday blocks add up to %gh, want %dh", w.N, s, SaturdayHours)
		}
		if s := sumHours(w.Sunday); s != SundayHours {
			add("weekend %d: Sunday blocks add up to %gh, want %dh", w.N, s, SundayHours)
		}
		if w.Source != "plan" && w.Source != "derived" {
			add("weekend %d: source is %q, want \"plan\" or \"derived\"", w.N, w.Source)
		}
		if w.Source == "derived" && w.Note.Ko == "" {
			add("weekend %d: a derived schedule needs a note saying how it differs from the plan", w.N)
		}
		if p, ok := r.PhaseOf(w.N); !ok || p.N != w.Phase {
			add("weekend %d: phase %d does not match the phases' weekend ranges", w.N, w.Phase)
		}
		for _, t := range w.texts() {
			if t.Ko == "" || t.En == "" {
				add("weekend %d: text %q needs both ko and en", w.N, t.Ko+t.En)
			}
		}
		total += w.Hours()
	}
	if len(r.Weekends) != NumWeekends {
		add("roadmap has %d weekends, want %d", len(r.Weekends), NumWeekends)
	}
	if total != r.TotalHours {
		add("weekend hours add up to %g, but total_hours is %g", total, r.TotalHours)
	}

	// Phases cover the weekends in order, and each rule is of one kind.
	next := 1
	for _, p := range r.Phases {
		if p.First != next || p.Last < p.First {
			add("phase %d covers weekends %d–%d, want it to start at %d", p.N, p.First, p.Last, next)
		}
		next = p.Last + 1
		for _, c := range p.Completion {
			kinds := 0
			for _, b := range []bool{c.Self, c.ChecklistPercent > 0, c.Exercises} {
				if b {
					kinds++
				}
			}
			if kinds != 1 || c.ID == "" {
				add("phase %d: completion rule %q needs an id and exactly one of self, checklist_percent, exercises", p.N, c.Ko)
			}
		}
	}
	if next != NumWeekends+1 {
		add("phases end at weekend %d, want %d", next-1, NumWeekends)
	}

	// Exercises exist, and their package's tests are exactly the listed ones.
	// Two exercises may share a package (figure2 spans weekends 13 and 14)
	// as long as every graded test belongs to exactly one of them.
	ids := map[string]bool{}
	owner := map[string]string{} // "path.Test" -> exercise id
	var paths []string
	for _, e := range r.Exercises {
		errs = append(errs, r.validateExercise(root, e)...)
		if ids[e.ID] {
			add("exercise %s is listed twice", e.ID)
		}
		ids[e.ID] = true
		if !slices.Contains(paths, e.Path) {
			paths = append(paths, e.Path)
		}
		for _, t := range e.TestNames() {
			if other, ok := owner[e.Path+"."+t]; ok {
				add("%s.%s is listed by both %s and %s: every graded test belongs to one exercise", e.Path, t, other, e.ID)
			}
			owner[e.Path+"."+t] = e.ID
		}
	}
	for _, p := range paths {
		have, err := exercise.TestFuncs(filepath.Join(root, filepath.FromSlash(p)))
		if err != nil {
			continue // reported by validateExercise
		}
		for _, t := range have {
			if _, ok := owner[p+"."+t]; !ok {
				add("%s declares %s, which no roadmap exercise lists: every graded test belongs to an exercise", p, t)
			}
		}
	}
	for _, w := range r.Weekends {
		for _, d := range w.Deliverables {
			for _, id := range d.Exercises {
				if !ids[id] {
					add("weekend %d: deliverable %q names unknown exercise %s", w.N, d.Ko, id)
				}
			}
		}
	}

	// A weekend without hands-on time has no core exercise.
	for _, w := range r.Weekends {
		if w.HandsonHours() == 0 && len(r.CoreOf(w.N)) > 0 {
			add("weekend %d has no hands-on block but core exercises %s: mark the plan's 실습/구현 blocks handson, or make them stretch", w.N, idList(r.CoreOf(w.N)))
		}
	}

	// Every checklist item is measured by real graded tests of core
	// exercises, so the 90 % rule is reachable without stretch work.
	seen := map[string]bool{}
	for _, c := range r.Checklist {
		if seen[c.ID] {
			add("checklist item %s is listed twice", c.ID)
		}
		seen[c.ID] = true
		if len(c.Tests) == 0 {
			add("checklist item %s (%s) names no graded test: every item must be measured", c.ID, c.Ko)
		}
		for _, ref := range c.Tests {
			id, test, ok := strings.Cut(ref, ".")
			e, found := r.Exercise(id)
			switch {
			case !ok || !found || !slices.Contains(e.TestNames(), test):
				add("checklist item %s names %q, which is not a graded test of a roadmap exercise", c.ID, ref)
			case !e.Core():
				add("checklist item %s names %q, a test of stretch exercise %s: the checklist must be provable from core tests alone", c.ID, ref, e.ID)
			}
		}
	}

	// Milestones: the plan's four, each tagged, each item self-reported or measured.
	tags := map[string]bool{}
	for _, m := range r.Milestones {
		if m.Tag == "" || tags[m.Tag] {
			add("milestone of week %d needs a unique tag, has %q", m.Week, m.Tag)
		}
		tags[m.Tag] = true
		for _, it := range m.Items {
			if it.Self == (len(it.Weekends) > 0) {
				add("milestone %s: item %q must be either self-reported or name the weekends that prove it", m.Tag, it.Ko)
			}
			for _, n := range it.Weekends {
				if n < 1 || n > m.Week {
					add("milestone %s: item %q names weekend %d, outside 1–%d: a milestone requires only the work scheduled up to its week", m.Tag, it.Ko, n, m.Week)
				}
			}
		}
	}
	var weeks []int
	for _, m := range r.Milestones {
		weeks = append(weeks, m.Week)
	}
	if !slices.Equal(weeks, []int{6, 10, 14, 20}) {
		add("milestones fall in weeks %v, want the plan's 6, 10, 14 and 20", weeks)
	}
	return errs
}

func (r *Roadmap) validateExercise(root string, e Exercise) []error {
	var errs []error
	add := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("exercise %s: "+format, append([]any{e.ID}, args...)...))
	}
	if _, ok := r.Weekend(e.Weekend); !ok {
		add("weekend %d does not exist", e.Weekend)
	}
	dir := filepath.Join(root, filepath.FromSlash(e.Path))
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		add("package folder %s does not exist", e.Path)
		return errs
	}
	for _, f := range append([]string{"README.md", exercise.HintsFile, "main_test.go"}, e.Edit...) {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			add("missing %s/%s", e.Path, f)
		}
	}
	if len(e.Tests) == 0 {
		add("lists no graded test")
	}
	if e.Tier != Core && e.Tier != Stretch {
		add("tier is %q, want %q or %q", e.Tier, Core, Stretch)
	}
	if e.Minutes <= 0 {
		add("minutes is %d: say how long a learner at this point of the plan needs", e.Minutes)
	}
	if e.Title.Ko == "" || e.Title.En == "" {
		add("title needs both ko and en")
	}
	for _, t := range e.Tests {
		if t.Ko == "" || t.En == "" {
			add("test %s needs a one-line purpose in both ko and en", t.Name)
		}
	}
	if len(e.Edit) == 0 {
		add("lists no file for the learner to edit")
	}
	for _, f := range e.Edit {
		if _, err := os.Stat(filepath.Join(dir, exercise.SolutionDir, f)); err != nil {
			add("%s has no reference in %s/", f, exercise.SolutionDir)
		}
	}
	if hs, err := exercise.HintsFor(dir, e.ID); err != nil {
		add("%v", err)
	} else if len(hs) < 3 {
		add("hint ladder has %d rungs, want at least 3 (nudge, approach, near-answer)", len(hs))
	}
	if bugs, err := exercise.Bugs(dir); err != nil {
		add("%v", err)
	} else {
		n := 0
		for _, b := range bugs {
			if b.Exercise == e.ID || b.Exercise == "" && r.Sharers(e.Path) == 1 {
				n++
			}
			if b.Exercise != "" {
				if o, ok := r.Exercise(b.Exercise); !ok || o.Path != e.Path {
					add("bug %s names exercise %q, which is not in %s", b.ID, b.Exercise, e.Path)
				}
			} else if r.Sharers(e.Path) > 1 {
				add("bug %s must name its exercise: %s is shared by several exercises", b.ID, e.Path)
			}
		}
		if n < 3 || n > maxBugs {
			add("known-bug catalog %s/%s/%s has %d bugs for this exercise, want 3–%d realistic learner mistakes", e.Path, exercise.SolutionDir, exercise.BugsFile, n, maxBugs)
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "main_test.go")); err == nil && !strings.Contains(string(b), "goleak.VerifyTestMain") {
		add("main_test.go must call goleak.VerifyTestMain")
	}
	have, err := exercise.TestFuncs(dir)
	if err != nil {
		add("%v", err)
		return errs
	}
	for _, t := range e.TestNames() {
		if !slices.Contains(have, t) {
			add("lists %s, which %s does not declare", t, e.Path)
		}
	}
	return errs
}

// Sharers returns how many exercises share the package at path.
func (r *Roadmap) Sharers(path string) int {
	n := 0
	for _, e := range r.Exercises {
		if e.Path == path {
			n++
		}
	}
	return n
}

// texts returns every bilingual text of the weekend, for completeness checks.
func (w Weekend) texts() []Text {
	out := []Text{w.Title, w.Goal}
	for _, b := range append(append([]Block{}, w.Saturday...), w.Sunday...) {
		out = append(out, b.Text)
		out = append(out, b.Details...)
	}
	for _, d := range w.Deliverables {
		out = append(out, d.Text)
	}
	return out
}

func idList(es []Exercise) string {
	var s []string
	for _, e := range es {
		s = append(s, e.ID)
	}
	return strings.Join(s, ", ")
}

// Join returns the problems as one error, or nil.
func Join(errs []error) error { return errors.Join(errs...) }

// maxBugs bounds a catalog: every mistake a graded test is known to catch
// belongs in it (issue #20), but a catalog past this is a sign that bugs of
// one kind are listed one by one.
const maxBugs = 25
