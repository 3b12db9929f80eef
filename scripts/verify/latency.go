package verify

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"sort"
	"sync"
	"time"

	"dsweekends/scripts/exercise"
	"dsweekends/scripts/grade"
	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/testrun"
)

// BugLatency is how long one catalogued bug took to show a failure.
type BugLatency struct {
	Exercise, Bug string
	First         time.Duration // from go test's start to the first failing test's verdict (0: none)
	Test          string        // that test
}

// Latency measures, for each catalogued bug of the exercises, the time a
// learner who saved that near-miss waits for the first failing verdict:
// from `go test -race -json` starting (the package rebuilds with the bug,
// the rest of the build cache is warm) to the first top-level test that
// fails. The bugs run one at a time, so the figures are not shared with
// other runs. It writes one line per bug to w and returns every figure.
func (v *Verifier) Latency(ctx context.Context, w io.Writer, es []roadmap.Exercise) ([]BugLatency, error) {
	v.race = []string{"-race"}
	if !grade.RaceAvailable(v.Root) {
		v.race = nil
	}
	base, err := exercise.SolutionOverlay(v.solutionDirs())
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "study-latency-*")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	var out []BugLatency
	for _, e := range es {
		bugs, err := exercise.Bugs(v.dir(e))
		if err != nil {
			return out, err
		}
		for _, b := range bugs {
			if !(b.Exercise == e.ID || b.Exercise == "" && v.RM.Sharers(e.Path) == 1) {
				continue
			}
			if ctx.Err() != nil {
				return out, ctx.Err()
			}
			l := BugLatency{Exercise: e.ID, Bug: b.ID}
			repl, err := b.Apply(v.dir(e), tmp)
			if err != nil {
				return out, err
			}
			ov := exercise.Overlay{Replace: maps.Clone(base.Replace)}
			maps.Copy(ov.Replace, repl)
			path, err := ov.WriteFile(tmp)
			if err != nil {
				return out, err
			}
			ip := grade.ImportPath(e)
			graded := map[string]bool{}
			for _, t := range e.TestNames() {
				graded[testrun.Key(ip, t)] = true
			}
			var once sync.Once
			start := time.Now()
			flags := append([]string{"-count=1", "-timeout=5m", "-overlay=" + path, "-run=" + grade.TestsPattern([]roadmap.Exercise{e})}, v.race...)
			_, err = testrun.Go(ctx, testrun.Options{Dir: v.Root, Packages: []string{grade.Pkg(e)}, Flags: flags, Hang: e.HangLimit(),
				OnEvent: func(ev testrun.Event) {
					switch {
					case ev.Action == "fail" && graded[testrun.Key(ev.Package, ev.Test)]:
						once.Do(func() { l.First, l.Test = time.Since(start), ev.Test })
					case ev.Action == "fail" && ev.Test == "" && ev.Package == ip:
						// The test binary crashed (a panic on another goroutine ends it
						// before any test reports): the scorecard shows the crash.
						once.Do(func() { l.First, l.Test = time.Since(start), "(the test binary crashed)" })
					}
				}})
			if err != nil {
				return out, err
			}
			first := "no failing test"
			if l.First > 0 {
				first = fmt.Sprintf("%6.1fs  %s", l.First.Seconds(), l.Test)
			}
			fmt.Fprintf(w, "  %-22s %-40s %s\n", e.ID, b.ID, first)
			out = append(out, l)
		}
	}
	return out, nil
}

// LatencyTable prints, per exercise, the median and worst seconds to the
// first failure over its catalog.
func LatencyTable(w io.Writer, ls []BugLatency) {
	byEx := map[string][]BugLatency{}
	var order []string
	for _, l := range ls {
		if _, ok := byEx[l.Exercise]; !ok {
			order = append(order, l.Exercise)
		}
		byEx[l.Exercise] = append(byEx[l.Exercise], l)
	}
	fmt.Fprintf(w, "\n%-22s %5s %8s %8s  %s\n", "exercise", "bugs", "median", "worst", "worst bug")
	for _, id := range order {
		xs := byEx[id]
		secs := make([]float64, 0, len(xs))
		worst := xs[0]
		for _, l := range xs {
			s := l.First.Seconds()
			if l.First == 0 {
				s = 9999 // never failed: worse than anything
			}
			secs = append(secs, s)
			if l.First == 0 || worst.First != 0 && l.First > worst.First {
				worst = l
			}
		}
		sort.Float64s(secs)
		med := secs[len(secs)/2]
		if len(secs)%2 == 0 {
			med = (secs[len(secs)/2-1] + secs[len(secs)/2]) / 2
		}
		fmt.Fprintf(w, "%-22s %5d %7.1fs %7.1fs  %s\n", id, len(xs), med, slices.Max(secs), worst.Bug)
	}
}
