package grade

import (
	"fmt"
	"strings"
	"sync"

	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/testrun"
)

// streamer prints each graded test's verdict the moment go test reports
// it, so the first failure is on screen while the other tests still run.
type streamer struct {
	g       *Grader
	tests   map[string]streamed // by testrun.Key
	width   int
	output  map[string][]string // each running test's output so far
	pkg     map[string][]string // every graded test's output so far, by package: where race reports land
	printed map[string]bool
	vet     chan []string

	mu       sync.Mutex
	vetDone  bool
	findings []string
}

type streamed struct {
	e roadmap.Exercise
	t roadmap.GradedTest
}

func (g *Grader) newStreamer(es []roadmap.Exercise, vet chan []string) *streamer {
	s := &streamer{g: g, tests: map[string]streamed{}, output: map[string][]string{}, pkg: map[string][]string{}, printed: map[string]bool{}, vet: vet}
	for _, e := range es {
		for _, t := range e.Tests {
			s.tests[testrun.Key(ImportPath(e), t.Name)] = streamed{e, t}
			s.width = max(s.width, len(e.ID)+1+len(t.Name))
		}
	}
	return s
}

// event is called for every go test event, in order, from one goroutine.
func (s *streamer) event(e testrun.Event) {
	s.pollVet()
	if e.Test == "" {
		return
	}
	top, _, _ := strings.Cut(e.Test, "/")
	k := testrun.Key(e.Package, top)
	st, graded := s.tests[k]
	if !graded {
		return
	}
	switch e.Action {
	case "output":
		line := strings.TrimRight(e.Output, "\n")
		s.output[k] = append(s.output[k], line)
		s.pkg[e.Package] = append(s.pkg[e.Package], line)
	case "pass", "fail":
		if e.Test != top {
			return
		}
		g := s.g
		name := fmt.Sprintf("%-*s", s.width, st.e.ID+" "+st.t.Name)
		if e.Action == "pass" {
			g.Printf("  %s %s %5.2fs\n", g.Green("✓"), name, e.Elapsed)
		} else {
			g.Printf("  %s %s %5.2fs\n", g.Red("✗"), name, e.Elapsed)
			tr := &testrun.Result{Package: e.Package, Test: top, Action: "fail", Output: s.output[k]}
			if tr.RaceDetected() {
				tr.Races = testrun.Races(s.pkg[e.Package]) // the report may be in another test's output
			}
			for _, l := range g.explain(st.t, tr) {
				g.Printf("      %s\n", l)
			}
		}
		s.printed[k] = true
		delete(s.output, k)
	}
}

// pollVet prints go vet's findings as soon as they are in.
func (s *streamer) pollVet() {
	if s.vet == nil || s.vetDone {
		return
	}
	select {
	case f := <-s.vet:
		s.vetDone = true
		s.findings = f
		s.g.printVet(f)
	default:
	}
}

// vetFindings waits for go vet if it has not reported yet.
func (s *streamer) vetFindings() []string {
	if s.vet != nil && !s.vetDone {
		s.vetDone = true
		s.findings = <-s.vet
		s.g.printVet(s.findings)
	}
	return s.findings
}

// printVet shows go vet's findings in the learner's files.
func (g *Grader) printVet(findings []string) {
	if len(findings) == 0 {
		return
	}
	g.Printf("  %s %s\n", g.Red("!"), g.Bold(g.T("go vet found problems in your code (often the bug itself):", "go vet이 코드에서 문제를 찾았습니다 (버그 그 자체인 경우가 많습니다):")))
	for _, f := range findings {
		g.Printf("      %s\n", f)
	}
}
