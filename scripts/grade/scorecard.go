package grade

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"dsweekends/scripts/roadmap"
	"dsweekends/scripts/testrun"
	"dsweekends/scripts/ui"
)

// lineWidth caps a scorecard line taken from a test's output.
const lineWidth = 160

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
	for _, e := range r.Exercises {
		ip := ImportPath(e)
		passed, ok := r.Passed(e)
		g.Printf("\n%s %s  %d/%d  %s\n", g.Mark(ok, true), g.Bold(e.ID), passed, len(e.Tests), g.TierLabel(e))
		crash := crashedTest(r.Run, ip)
		for _, t := range e.Tests {
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

// explain returns the lines shown under a failing test.
func (g *Grader) explain(t roadmap.GradedTest, tr *testrun.Result) []string {
	var out []string
	f := tr.Failure()
	if p := g.Tx(t.Text); p != "" {
		out = append(out, g.Bold(p))
	}
	if f.Panic != "" {
		out = append(out, g.Red(g.T("crashed:", "비정상 종료:"))+" "+ui.Clip(f.Panic, lineWidth))
		if f.At != "" {
			out = append(out, g.T("at:", "위치:")+" "+g.rel(f.At))
		}
		return out
	}
	if f.Message != "" {
		out = append(out, ui.Clip(f.Message, lineWidth))
	}
	switch {
	case f.Expected != "" || f.Actual != "":
		out = append(out, g.T("expected:", "기대값:")+" "+ui.Clip(f.Expected, lineWidth),
			g.T("actual:  ", "실제값:")+" "+ui.Clip(f.Actual, lineWidth))
	case f.Error != "" && f.Error != f.Message:
		out = append(out, g.Dim(ui.Clip(f.Error, lineWidth)))
	}
	return out
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
		for _, l := range leaks[:min(len(leaks), 5)] {
			out = append(out, fmt.Sprintf("  %s (%s) %s %s", l.Function, l.State, g.T("blocked at", "멈춘 곳:"), g.rel(l.At)))
		}
		return out
	}
	out := []string{g.Red(g.T("the package failed outside the tests:", "테스트 밖에서 패키지가 실패했습니다:"))}
	for _, l := range Interesting(lines, 12) {
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
