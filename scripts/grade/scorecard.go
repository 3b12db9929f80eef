package grade

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/testrun"
	"dsweekends/scripts/ui"
)

// Print writes the scorecard: one block per exercise, one line per graded
// test, and under each failure what the test checks (in the learner's
// language), the assertion's message, and the expected and actual values
// or the crash and where it happened.
func (g *Grader) Print(r *Result) {
	width := 0
	for _, e := range r.Exercises {
		for _, t := range e.Tests {
			width = max(width, len(t.Name))
		}
	}
	if r.Streamed == nil {
		g.printVet(r.Vet)
	}
	for _, e := range r.Exercises {
		ip := ImportPath(e)
		passed, ok := r.Passed(e)
		g.Printf("\n%s %s  %d/%d  %s\n", g.Mark(ok, true), g.Bold(e.ID), passed, len(e.Tests), g.TierLabel(e))
		crash := crashedTest(r.Run, ip)
		for _, t := range e.Tests {
			if r.Streamed[testrun.Key(ip, t.Name)] {
				continue // already on screen, above
			}
			tr := r.Run.Tests[testrun.Key(ip, t.Name)]
			switch {
			case tr == nil && crash != "":
				g.Printf("  %s %-*s %s\n", g.Red("✗"), width, t.Name,
					fmt.Sprintf(g.T("did not run: the test binary stopped when %s crashed", "실행되지 않음: %s 테스트가 비정상 종료되어 테스트 바이너리가 멈췄습니다"), crash))
			case tr == nil:
				g.Printf("  %s %-*s %s\n", g.Red("✗"), width, t.Name, g.T("did not run", "실행되지 않음"))
			case tr.Passed():
				g.Printf("  %s %-*s %5.2fs\n", g.Green("✓"), width, t.Name, tr.Elapsed)
			default:
				g.Printf("  %s %-*s %5.2fs\n", g.Red("✗"), width, t.Name, tr.Elapsed)
				for _, l := range g.explain(t, tr) {
					g.Printf("      %s\n", l)
				}
			}
		}
		for _, l := range g.outside(r, ip) {
			g.Printf("  %s\n", l)
		}
		if !ok {
			g.Printf("  %s %s\n  %s go run ./scripts/cmd/study hint %s\n",
				g.T("re-run:", "다시 실행:"), Rerun(e, Failing(r.Run, ip, e.TestNames())), g.T("hint:  ", "힌트:     "), e.ID)
		}
	}
	shown := "go test"
	if r.Race {
		shown += " -race"
	}
	g.Printf("\n%s\n", g.Dim(fmt.Sprintf(g.T("(%s, %.1fs)", "(%s, %.1f초)"), shown, r.Took.Seconds())))
}

// maxReports is how many of a failing test's messages the scorecard shows:
// the first is usually the cause, the next ones what followed from it.
const maxReports = 4

// explain returns the lines shown under a failing test: what it checks,
// then each message it reported, whole (wrapped, never cut), with the
// expected and actual values and the file:line of the assertion, or the
// crash and where it happened.
func (g *Grader) explain(t roadmap.GradedTest, tr *testrun.Result) []string {
	var out []string
	width := max(g.Width()-8, 40)
	wrap := func(prefix, s string) {
		for i, l := range ui.Wrap(s, width-len([]rune(prefix))) {
			if i == 0 {
				out = append(out, prefix+l)
			} else {
				out = append(out, strings.Repeat(" ", len([]rune(prefix)))+l)
			}
		}
	}
	if p := g.Tx(t.Text); p != "" {
		out = append(out, g.Bold(p))
	}
	if tr.Hung > 0 {
		out = append(out, g.Red(fmt.Sprintf(g.T("no verdict after %v: the test hangs, so it was stopped. Where its goroutines were waiting (your code's frames):",
			"%v 동안 결과가 없어 멈췄습니다: 테스트가 멈춰 있습니다. 고루틴들이 기다리던 곳(여러분 코드의 프레임):"), tr.Hung)))
		for _, l := range tr.Output[1:] {
			out = append(out, strings.ReplaceAll(strings.TrimPrefix(l, "      "), filepath.ToSlash(g.Root)+"/", ""))
		}
		return out
	}
	out = append(out, g.explainRaces(tr.Races)...)
	f := tr.Failure()
	if f.Panic != "" {
		wrap(g.Red(g.T("crashed:", "비정상 종료:"))+" ", f.Panic)
		if f.At != "" {
			out = append(out, g.T("at:", "위치:")+" "+g.rel(f.At))
		}
	}
	reps := tr.Reports()
	if len(tr.Races) > 0 { // said better by the races above
		reps = slices.DeleteFunc(reps, func(r testrun.Report) bool {
			return len(r.Message) > 0 && strings.Contains(r.Message[0], "race detected during execution of test")
		})
	}
	if len(reps) == 0 && f.Panic == "" {
		// No file:line message: show the best line the output has.
		if f.Message != "" && len(tr.Races) == 0 { // the races above say more than "race detected"
			wrap("", f.Message)
		}
		return out
	}
	// The same assertion failing in a loop says the same thing each time:
	// show it once, with how often, and show each other place.
	shown, same := 0, map[string]int{}
	var hidden []string
	for _, rep := range reps {
		if rep.At != "" {
			same[rep.At]++
			if same[rep.At] > 1 {
				continue
			}
		}
		if shown == maxReports {
			hidden = append(hidden, rep.At)
			continue
		}
		if shown > 0 {
			out = append(out, "")
		}
		shown++
		for _, l := range rep.Message {
			wrap("", l)
		}
		switch {
		case rep.Expected != "" || rep.Actual != "":
			wrap(g.T("expected:", "기대값:")+" ", rep.Expected)
			wrap(g.T("actual:  ", "실제값:")+" ", rep.Actual)
		case rep.Error != "" && (len(rep.Message) == 0 || rep.Error != rep.Message[0]):
			wrap("", g.Dim(rep.Error))
			for _, l := range rep.Detail[:min(len(rep.Detail), 12)] {
				wrap("  ", g.Dim(l))
			}
		}
		if rep.At != "" {
			at := g.T("at: ", "위치: ") + g.rel(rep.At)
			if n := countAt(reps, rep.At); n > 1 {
				at += fmt.Sprintf(g.T(" (failed %d times here)", " (여기서 %d번 실패)"), n)
			}
			out = append(out, g.Dim(at))
		}
	}
	if len(hidden) > 0 {
		out = append(out, g.Dim(fmt.Sprintf(g.T("… and %d more message(s) elsewhere: go test -race -run '^%s$' ./%s/", "… 다른 곳의 메시지 %d개 더: go test -race -run '^%s$' ./%s/"),
			len(hidden), t.Name, strings.TrimPrefix(tr.Package, "dsweekends/"))))
	}
	return out
}

// explainRaces shows the data races that failed a test: the accesses in the learner's code and
// the tests whose goroutines made them. A race already shown under another test of this
// scorecard is named, not repeated.
func (g *Grader) explainRaces(races []testrun.Race) []string {
	if len(races) == 0 {
		return nil
	}
	if g.racesShown == nil {
		g.racesShown = map[string]bool{}
	}
	var fresh []testrun.Race
	for _, r := range races {
		if k := r.Key(); !g.racesShown[k] {
			g.racesShown[k] = true
			fresh = append(fresh, r)
		}
	}
	if len(fresh) == 0 {
		return []string{g.Red(g.T(
			"data race: the same one as above. The race detector fails every test running when it sees a race, so this test may only have been beside it.",
			"데이터 레이스: 위와 같은 레이스입니다. 레이스 탐지기는 레이스를 본 순간 돌던 테스트를 모두 실패로 표시하므로, 이 테스트는 옆에 있었을 뿐일 수 있습니다."))}
	}
	out := []string{g.Red(g.T(
		"data race: the race detector fails every test running when it sees one, so this test may only have been beside it. Fix the code the accesses point at:",
		"데이터 레이스: 레이스 탐지기는 레이스를 본 순간 돌던 테스트를 모두 실패로 표시하므로, 이 테스트는 옆에 있었을 뿐일 수 있습니다. 아래 접근이 가리키는 코드를 고치세요:"))}
	for i, r := range fresh {
		if i == maxReports {
			out = append(out, g.Dim(fmt.Sprintf(g.T("… and %d more race(s)", "… 레이스 %d개 더"), len(fresh)-i)))
			break
		}
		var parts []string
		for _, a := range r.Accesses {
			p := strings.ToLower(a.Kind) + g.T(" at ", " 위치 ") + g.rel(a.At)
			if a.Test != "" {
				p += fmt.Sprintf(g.T(" (a goroutine of %s)", " (%s의 고루틴)"), a.Test)
			}
			parts = append(parts, p)
		}
		out = append(out, "  "+strings.Join(parts, g.T(", racing with ", ", 경쟁 상대: ")))
	}
	return out
}

func countAt(reps []testrun.Report, at string) int {
	n := 0
	for _, r := range reps {
		if r.At == at {
			n++
		}
	}
	return n
}

// outside explains a package that failed outside its tests: goroutines
// left running (goleak), or a build error.
func (g *Grader) outside(r *Result, ip string) []string {
	lines := r.outsideFailure(ip)
	if len(lines) == 0 {
		return nil
	}
	if leaks := testrun.Leaks(lines); len(leaks) > 0 {
		out := []string{g.Red(g.T("goroutines were still running after the tests (goleak): every goroutine needs an end",
			"테스트가 끝난 뒤에도 고루틴이 남아 있습니다(goleak): 모든 고루틴에는 끝이 있어야 합니다"))}
		for _, l := range leaks[:min(len(leaks), 8)] {
			out = append(out, fmt.Sprintf("  %s (%s) %s %s", l.Function, l.State, g.T("blocked at", "멈춘 곳:"), g.rel(l.At)))
			if l.Test != "" {
				out = append(out, "    "+g.Dim(fmt.Sprintf(g.T("started during %s", "%s 도중 시작됨"), l.Test)))
			} else if l.CreatedBy != "" {
				out = append(out, "    "+g.Dim(g.T("created by ", "만든 곳: ")+l.CreatedBy))
			}
		}
		if len(leaks) > 8 {
			out = append(out, g.Dim(fmt.Sprintf(g.T("  … and %d more", "  … %d개 더"), len(leaks)-8)))
		}
		return out
	}
	out := []string{g.Red(g.T("the package failed outside the tests:", "테스트 밖에서 패키지가 실패했습니다:"))}
	for _, l := range Interesting(lines, 40) {
		out = append(out, "  "+l)
	}
	return out
}

// crashedTest returns the test whose crash ended the package's test binary, or "".
func crashedTest(run *testrun.Run, ip string) string {
	for _, r := range run.Tests {
		if r.Package == ip && !r.Passed() && r.Crashed() {
			return r.Test
		}
	}
	return ""
}

// rel shows a file:line path relative to the workspace when it is inside it.
func (g *Grader) rel(fileLine string) string {
	if r, ok := strings.CutPrefix(fileLine, filepath.ToSlash(g.Root)+"/"); ok {
		return r
	}
	return fileLine
}

// Markdown writes the scorecard as GitHub-flavoured Markdown, for a CI job
// summary ($GITHUB_STEP_SUMMARY) or a milestone tag's notes.
func (g *Grader) Markdown(w io.Writer, r *Result, title string) {
	fmt.Fprintf(w, "## %s\n\n", title)
	fmt.Fprintf(w, "| %s | %s | %s |\n|---|---|---|\n", g.T("exercise", "과제"), g.T("tier", "구분"), g.T("tests", "테스트"))
	for _, e := range r.Exercises {
		passed, ok := r.Passed(e)
		mark := "✅"
		if !ok {
			mark = "❌"
		}
		tier := g.T("core", "핵심")
		if !e.Core() {
			tier = g.T("stretch", "더 해보기")
		}
		fmt.Fprintf(w, "| %s `%s` | %s | %d/%d |\n", mark, e.ID, tier, passed, len(e.Tests))
	}
	plain := *g.UI
	plain.Color = false
	pg := &Grader{UI: &plain, Root: g.Root, RM: g.RM, Now: g.Now}
	for _, e := range r.Exercises {
		ip := ImportPath(e)
		if _, ok := r.Passed(e); ok {
			continue
		}
		fmt.Fprintf(w, "\n### %s\n\n", e.ID)
		for _, t := range e.Tests {
			tr := r.Run.Tests[testrun.Key(ip, t.Name)]
			if tr != nil && tr.Passed() {
				continue
			}
			fmt.Fprintf(w, "- ❌ `%s`", t.Name)
			if tr == nil {
				fmt.Fprintf(w, " — %s\n", g.T("did not run", "실행되지 않음"))
				continue
			}
			fmt.Fprintln(w)
			for _, l := range pg.explain(t, tr) {
				fmt.Fprintf(w, "  - %s\n", escapeMarkdown(l))
			}
		}
		for _, l := range pg.outside(r, ip) {
			fmt.Fprintf(w, "- %s\n", escapeMarkdown(strings.TrimSpace(l)))
		}
	}
	shown := "go test"
	if r.Race {
		shown += " -race"
	}
	fmt.Fprintf(w, "\n_%s, %.1fs_\n", shown, r.Took.Seconds())
}

// escapeMarkdown keeps test output from turning into Markdown markup.
func escapeMarkdown(s string) string {
	r := strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "'")
	return r.Replace(s)
}
