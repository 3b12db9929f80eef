package roadmap

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"dsweekends/scripts/exercise"
)

// Lines a learner may be asked to write per hands-on hour of core work:
// 50 in weekends 1–8, 45 from weekend 9 on (DESIGN "Sizing").
const (
	LinesPerHourEarly = 50
	LinesPerHourLate  = 45
	lateFrom          = 9
)

// Budget is one weekend's sizing: the plan's hands-on time against what its
// core exercises ask of the learner.
type Budget struct {
	Weekend        int
	HandsonMinutes int
	CoreMinutes    int
	LineBudget     int
	CoreLines      int
	Core           []string       // ids of the core exercises
	Lines          map[string]int // counted lines per core exercise
}

// Problems describes how the weekend breaks the sizing rule, if it does.
func (b Budget) Problems() []string {
	var out []string
	if b.CoreMinutes > b.HandsonMinutes {
		out = append(out, fmt.Sprintf("weekend %d: core exercises (%s) need %d minutes, but the plan has %d minutes of hands-on time: move work to stretch",
			b.Weekend, strings.Join(b.Core, ", "), b.CoreMinutes, b.HandsonMinutes))
	}
	if b.CoreLines > b.LineBudget {
		out = append(out, fmt.Sprintf("weekend %d: core exercises ask for %d lines of code (%s), over the budget of %d for %d hands-on minutes: move work to stretch",
			b.Weekend, b.CoreLines, b.linesDetail(), b.LineBudget, b.HandsonMinutes))
	}
	return out
}

func (b Budget) linesDetail() string {
	var s []string
	for _, id := range b.Core {
		s = append(s, fmt.Sprintf("%s %d", id, b.Lines[id]))
	}
	return strings.Join(s, ", ")
}

// Budgets measures every weekend against the sizing rule: its core minutes
// against the hands-on time, and the lines a learner writes for its core
// (see [LearnerLines]) against 50 lines per hands-on hour in weekends 1–8
// and 45 from weekend 9 on.
func (r *Roadmap) Budgets(root string) ([]Budget, error) {
	var out []Budget
	for _, w := range r.Weekends {
		perHour := LinesPerHourEarly
		if w.N >= lateFrom {
			perHour = LinesPerHourLate
		}
		b := Budget{
			Weekend:        w.N,
			HandsonMinutes: int(w.HandsonHours() * 60),
			LineBudget:     int(w.HandsonHours() * float64(perHour)),
			Lines:          map[string]int{},
		}
		for _, e := range r.CoreOf(w.N) {
			n, err := r.LearnerLines(root, e)
			if err != nil {
				return nil, err
			}
			b.Core = append(b.Core, e.ID)
			b.CoreMinutes += e.Minutes
			b.CoreLines += n
			b.Lines[e.ID] = n
		}
		out = append(out, b)
	}
	return out, nil
}

// LearnerLines counts the code a learner writes for an exercise: for each of
// its edit files, the lines the reference adds over the skeleton (a line
// diff; blank and comment-only lines do not count). Reference files that
// are no exercise's edit file and have no skeleton beside them (helpers the
// reference adds to the package) count in full, for the package's first
// exercise in roadmap order.
func (r *Roadmap) LearnerLines(root string, e Exercise) (int, error) {
	dir := filepath.Join(root, filepath.FromSlash(e.Path))
	files := append([]string{}, e.Edit...)
	if first := r.firstOfPackage(e.Path); first.ID == e.ID {
		sols, err := exercise.SolutionFiles(dir)
		if err != nil {
			return 0, err
		}
		for _, f := range sols {
			name := filepath.Base(f)
			if !r.isEditFile(e.Path, name) && !fileExists(filepath.Join(dir, name)) {
				files = append(files, name)
			}
		}
	}
	total := 0
	for _, f := range files {
		ref, err := codeLines(filepath.Join(dir, exercise.SolutionDir, f))
		if err != nil {
			return 0, fmt.Errorf("exercise %s: %w", e.ID, err)
		}
		skel, err := codeLines(filepath.Join(dir, f))
		if err != nil && !os.IsNotExist(err) {
			return 0, fmt.Errorf("exercise %s: %w", e.ID, err)
		}
		total += len(ref) - lcs(ref, skel)
	}
	return total, nil
}

func (r *Roadmap) firstOfPackage(path string) Exercise {
	for _, e := range r.Exercises {
		if e.Path == path {
			return e
		}
	}
	return Exercise{}
}

func (r *Roadmap) isEditFile(path, name string) bool {
	for _, e := range r.Exercises {
		if e.Path != path {
			continue
		}
		for _, f := range e.Edit {
			if f == name {
				return true
			}
		}
	}
	return false
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// codeLines returns a Go file's lines that hold code: trimmed, without
// blank lines, line comments and the lines of block comments.
func codeLines(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []string
	inBlock := false
	for _, l := range strings.Split(string(b), "\n") {
		t := strings.TrimSpace(l)
		switch {
		case inBlock:
			if strings.Contains(t, "*/") {
				inBlock = false
			}
		case t == "" || strings.HasPrefix(t, "//"):
		case strings.HasPrefix(t, "/*"):
			inBlock = !strings.Contains(t, "*/")
		default:
			out = append(out, t)
		}
	}
	return out, nil
}

// lcs returns the length of the longest common subsequence of a and b.
func lcs(a, b []string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			switch {
			case a[i] == b[j]:
				cur[j+1] = prev[j] + 1
			case prev[j+1] >= cur[j]:
				cur[j+1] = prev[j+1]
			default:
				cur[j+1] = cur[j]
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
